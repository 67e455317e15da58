"""Tornado, goal seek and comparison as a user sees them."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from explorer.analysis import diff_inputs, solve, tornado
from explorer.gui.analysis.compare import CompareView
from explorer.gui.analysis.goal_seek import GoalSeekDialog
from explorer.gui.analysis.tornado import TornadoView
from explorer.gui.document import Document
from explorer.gui.panels.fields import error_label
from explorer.gui.theme import DARK, LIGHT, apply_to_application
from explorer.gui.workspace import Workspace
from explorer.io.presets import load_preset
from explorer.model.paths import get_path
from explorer.model.ranges import base_of


@pytest.fixture
def meta():
    return load_preset("meta-2025-guidance")


def test_tornado_bars_match_the_analysis(qtbot, meta):
    view = TornadoView()
    qtbot.addWidget(view)
    view.set_scenario(meta, now=True)
    view.set_choice("facility_power_mw", 2026)
    expected = [s for s in tornado(meta, "facility_power_mw", 2026) if s.swing > 0][: len(view.bars())]
    assert len(view.bars()) == 15
    for (path, low, high), swing in zip(view.bars(), expected):
        assert path == swing.input
        assert low == pytest.approx(swing.low * 1e-3)  # MW → GW
        assert high == pytest.approx(swing.high * 1e-3)
    swings = [abs(h - lo) for _, lo, h in view.bars()]
    assert swings == sorted(swings, reverse=True)
    assert view.bars()[0][0] == "capex.ai_share"
    assert "2026" in view.heading.text() and "GW" in view.heading.text()


def test_clicking_a_tornado_bar_emits_its_input(qtbot, meta):
    view = TornadoView()
    qtbot.addWidget(view)
    view.resize(500, 520)
    view.show()
    qtbot.waitExposed(view)
    view.set_scenario(meta, now=True)
    view.set_choice("facility_power_mw", 2026)
    qtbot.wait(20)
    second = view.bars()[1][0]
    scene_pos = view.bar_centre(1)
    widget_pos = view.plot.mapFromScene(scene_pos)
    with qtbot.waitSignal(view.inputClicked, timeout=2000) as blocker:
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_pos)
    assert blocker.args == [second]


def test_tornado_click_in_the_window_selects_the_input(window, qtbot, monkeypatch):
    window.analysis.show_tornado()
    selected = []
    monkeypatch.setattr(window.inputs, "select_input", lambda path: selected.append(path) or True)
    window.analysis.tornado.inputClicked.emit("power.design_pue")
    assert selected == ["power.design_pue"]
    assert window.analysis.tornado_dock.isVisible()
    assert window.analysis.tornado.bars()


def test_goal_seek_applies_one_undoable_edit(qtbot, meta):
    document = Document(meta)
    dialog = GoalSeekDialog(document)
    qtbot.addWidget(dialog)
    dialog.set_goal("capex.by_year.2025", "gpus_installed", 2025, 1.3e6)
    solution = dialog.solve()
    expected = solve(meta, "capex.by_year.2025", "gpus_installed", 2025, 1.3e6)
    assert solution.reachable and solution.value == pytest.approx(expected.value)
    assert "$52." in dialog.answer.text() and "1.30 M GPUs" in dialog.answer.text()
    assert dialog.apply_button.isEnabled()

    dialog.apply_button.click()
    assert base_of(get_path(document.scenario, "capex.by_year.2025")) == pytest.approx(expected.value)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0).startswith("Goal seek: Total capex per year · 2025 = $52.")
    document.undo_stack.undo()
    assert document.scenario == meta


def test_goal_seek_says_when_the_target_is_unreachable(qtbot, meta):
    document = Document(meta)
    dialog = GoalSeekDialog(document)
    qtbot.addWidget(dialog)
    dialog.set_goal("power.design_pue", "facility_power_mw", 2026, 1e6)  # 1,000 GW
    solution = dialog.solve()
    assert not solution.reachable
    assert "Unreachable" in dialog.answer.text() and "1,000 GW" in dialog.answer.text()
    assert not dialog.apply_button.isEnabled()
    assert not dialog.apply()
    assert document.scenario is meta


def test_goal_seek_from_the_window_menu_edits_the_active_scenario(window, qtbot):
    dialog = window.analysis.show_goal_seek()
    assert dialog is not None and dialog.isVisible()
    dialog.set_goal("capex.by_year.2025", "gpus_installed", 2025, 1.3e6)
    dialog.solve()
    before = window.document.scenario
    dialog.apply_button.click()
    assert window.document.scenario != before
    window.undo_action.trigger()
    assert window.document.scenario == before


def test_comparison_lists_the_differing_inputs_and_the_waterfall_adds_up(qtbot):
    meta, microsoft = load_preset("meta-2025-guidance"), load_preset("microsoft-fy2025")
    workspace = Workspace()
    a = workspace.add(Document(meta))
    b = workspace.add(Document(microsoft))
    view = CompareView(workspace)
    qtbot.addWidget(view)
    view.set_pair(a.key, b.key)

    diffs = diff_inputs(meta, microsoft)
    table = view.inputs_table
    assert table.rowCount() == len(diffs) > 10
    assert view.inputs_title.text() == f"Inputs that differ ({len(diffs)})"
    paths = [table.item(r, 1).toolTip() for r in range(table.rowCount())]
    assert paths == [d.path for d in diffs]
    row = paths.index("capex.by_year.2025")
    assert table.item(row, 1).text() == "Total capex per year · 2025"
    assert table.item(row, 2).text().startswith("$62.5B") and table.item(row, 3).text() == "absent"  # by quarter

    outputs = view.outputs_table
    assert outputs.rowCount() > 0
    assert {outputs.item(r, 0).text() for r in range(outputs.rowCount())} >= {"GPUs installed (stock)"}

    bars = view.bars()
    assert bars[0][0] == "A" and bars[-1][0] == "B" and bars[-2][0] == "interaction"
    start, end = bars[0][2], bars[-1][2]
    steps = [top - bottom for _, bottom, top in bars[1:-1]]
    assert math.fsum(steps) == pytest.approx(end - start, abs=1e-12)
    assert start == pytest.approx(view.fall.start * 1e-6) and end == pytest.approx(view.fall.end * 1e-6)
    for (_, _, top), (_, bottom, _) in itertools.pairwise(bars[1:-1]):
        assert bottom == pytest.approx(top)  # each step starts where the last ended


def test_comparison_follows_edits_of_either_scenario(qtbot):
    workspace = Workspace()
    a = workspace.add(Document(load_preset("meta-2025-guidance")))
    b = workspace.add(Document(load_preset("meta-2025-guidance")))
    view = CompareView(workspace)
    qtbot.addWidget(view)
    view.set_pair(a.key, b.key)
    assert view.inputs_table.rowCount() == 0
    b.document.edit("power.design_pue", 1.3)
    qtbot.waitUntil(lambda: view.inputs_table.rowCount() == 1, timeout=3000)
    assert view.inputs_table.item(0, 1).text() == "Design PUE"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_goal_seek_says_why_it_cannot_solve_in_the_themes_red(qtbot, meta, theme):
    growth = next(c for c in meta.claims if c.measure == "growth")
    document = Document(meta)
    dialog = GoalSeekDialog(document)
    qtbot.addWidget(dialog)
    dialog.set_claim_goal(growth, 1.0)
    apply_to_application(theme)
    try:
        assert dialog.solve() is None
        said = dialog.answer.text()
        shown = error_label()  # the rule an input field refused, under the field
    finally:
        apply_to_application(LIGHT)
    assert f"<span style='color:{theme.invalid}'>" in said and "ratio of two years" in said
    assert shown.palette().color(QPalette.ColorRole.WindowText).name() == theme.invalid
    assert not dialog.apply_button.isEnabled()
