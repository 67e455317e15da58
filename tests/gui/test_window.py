"""The explorer window end to end: edit → plots and key figures, undo, files, overlays, claims."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog

from explorer import simulate
from explorer.gui.claims_panel import COLUMNS
from explorer.gui.document import Document
from explorer.io.scenario_files import load_scenario
from explorer.model.paths import get_path, set_path
from explorer.model.ranges import base_of


def capex_bars(window) -> dict[float, float]:
    """{bar centre: IT + facility height} of the capex plot, in $B."""
    chart = window.dashboard.chart("capex")
    x, it = chart.item_data("it")
    _, facility = chart.item_data("facility")
    return dict(zip(x.round(3), it + facility))


def all_plot_data(window) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for key, chart in window.dashboard.charts.items():
        for item_key in chart.items:
            if item_key != "gap":
                out[f"{key}/{item_key}"] = chart.item_data(item_key)
    return out


def test_title_names_the_scenario_and_marks_unsaved_changes(window, qtbot):
    assert window.windowTitle() == "Meta 2025 guidance (January 2025) — Gigawatt Explorer"
    window.document.edit("power.design_pue", 1.25)
    assert window.windowTitle() == "Meta 2025 guidance (January 2025)* — Gigawatt Explorer"


def test_capex_edit_moves_the_capex_plot_and_the_kpi_by_the_right_amount(window, qtbot, settle):
    doc = window.document
    before_total = base_of(get_path(doc.scenario, "capex.by_year.2025"))
    ai_share = base_of(doc.scenario.capex.ai_share)
    before = capex_bars(window)
    window.kpis.set_year(2025)
    assert window.kpis.text_of("capex_total_usd") == f"${before_total / 1e9:.1f}B"

    assert doc.edit("capex.by_year.2025", 70e9)
    settle(qtbot, window)

    after = capex_bars(window)
    assert after[2025.5] - before[2025.5] == pytest.approx((70e9 - before_total) * ai_share / 1e9, rel=1e-9)
    assert after[2024.5] == pytest.approx(before[2024.5])
    assert window.kpis.text_of("capex_total_usd") == "$70.0B"
    assert "ms" in window.recompute_label.text()


def test_undo_restores_exactly_the_previous_plots_and_redo_reapplies(window, qtbot, settle):
    doc = window.document
    before = all_plot_data(window)
    doc.edit("capex.by_year.2025", 90e9)
    doc.edit("power.design_pue", 1.6)
    settle(qtbot, window)
    changed = all_plot_data(window)
    assert not np.array_equal(changed["power/demand"][1], before["power/demand"][1])

    window.undo_action.trigger()
    window.undo_action.trigger()
    settle(qtbot, window)
    after = all_plot_data(window)
    assert after.keys() == before.keys()
    for key in before:
        np.testing.assert_array_equal(after[key][0], before[key][0], err_msg=key)
        np.testing.assert_array_equal(after[key][1], before[key][1], err_msg=key)
    assert not doc.dirty

    window.redo_action.trigger()
    settle(qtbot, window)
    assert doc.scenario.capex.by_year[2025] == 90e9


def test_plot_items_are_updated_in_place_not_recreated(window, qtbot, settle):
    chart = window.dashboard.chart("power")
    demand = chart.items["demand"]
    window.document.edit("power.design_pue", 1.7)
    settle(qtbot, window)
    assert chart.items["demand"] is demand


def test_a_burst_of_edits_is_computed_once_and_shows_the_last_one(window, qtbot, settle):
    runs = []
    window.recomputer.computed.connect(lambda results, ms: runs.append(results))
    for value in (61e9, 63e9, 66e9, 71e9):
        window.document.edit("capex.by_year.2025", value, merge_key="drag")
    settle(qtbot, window)
    assert len(runs) == 1
    assert window.kpis.text_of("capex_total_usd") == "$71.0B"
    assert window.document.undo_stack.count() == 1  # a drag is one undo step


def test_an_invalid_edit_leaves_the_scenario_unchanged_and_says_why(window, qtbot):
    doc = window.document
    scenario = doc.scenario
    before = capex_bars(window)
    assert not doc.edit("capex.by_year.2025", -5.0)
    assert doc.scenario is scenario
    message = window.statusBar().currentMessage()
    assert "capex.by_year.2025" in message and "Not applied" in message
    assert capex_bars(window) == before


def test_save_then_reopen_gives_an_equal_scenario(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "meta-edited.gwx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.document.edit("power.design_pue", 1.3)
    assert window.save()
    assert window.windowTitle().startswith("Meta 2025 guidance (January 2025) —")
    assert load_scenario(target) == window.document.scenario

    entry = window.open_path(target)  # already open: shown again, not duplicated
    assert entry is window.workspace.active and len(window.workspace.entries) == 1
    fresh = Document.open(target)
    assert fresh.scenario == window.document.scenario


def test_a_bad_file_is_reported_and_left_untouched(window, qtbot, tmp_path, answers):
    _, asked = answers
    bad = tmp_path / "broken.gwx"
    bad.write_text("{ not json", encoding="utf-8")
    assert window.open_path(bad) is None
    assert "not valid JSON" in asked[-1]
    assert bad.read_text(encoding="utf-8") == "{ not json"
    assert len(window.workspace.entries) == 1


def test_closing_a_changed_scenario_asks_first(window, qtbot, answers):
    from PySide6.QtWidgets import QMessageBox

    replies, asked = answers
    window.document.edit("power.design_pue", 1.3)
    replies.append(QMessageBox.StandardButton.Cancel)
    assert not window.close_scenario(window.workspace.active)
    assert "unsaved changes" in asked[-1]
    assert len(window.workspace.entries) == 1


def test_overlaying_a_second_scenario_draws_it_on_every_plot(window, qtbot, settle):
    other = set_path(window.document.scenario, "capex.by_year.2025", 90e9).model_copy(update={"name": "Meta high"})
    first = window.workspace.active
    second = window.add_document(Document(other))
    settle(qtbot, window)
    window.workspace.set_active(first)
    settle(qtbot, window)
    window.workspace.set_overlay(second, True)

    expected = simulate(other)
    for chart in window.dashboard.charts.values():
        assert second.key in chart.overlay_items, chart.key
        assert first.key not in chart.overlay_items
    _x, y = window.dashboard.chart("capex").item_data(second.key)
    np.testing.assert_allclose(y, expected.calendar["capex_ai_usd"][0] / 1e9)
    _x, y = window.dashboard.chart("power").item_data(second.key)
    np.testing.assert_allclose(y, expected.monthly["facility_power_mw"][0] / 1e3)
    assert "Meta high" in window.dashboard.key_strip.texts()  # named once, above every plot
    # the overlaid scenario differs where it should: more 2025 capex than the active one
    assert y[-1] >= window.dashboard.chart("power").item_data("demand")[1][-1]

    window.workspace.set_overlay(second, False)
    assert all(second.key not in c.overlay_items for c in window.dashboard.charts.values())


def test_the_claims_panel_shows_verdicts_and_follows_the_tolerance(window, qtbot, settle):
    verdicts = window.claims.verdicts()
    assert len(verdicts) == len(window.document.scenario.claims)
    assert "✓ consistent" in verdicts and "✗ inconsistent" in verdicts
    inconsistent = verdicts.count("✗ inconsistent")

    window.claims.tolerance.setValue(100.0)
    settle(qtbot, window)
    assert window.document.scenario.claim_tolerance == pytest.approx(1.0)
    assert window.claims.verdicts().count("✗ inconsistent") < inconsistent
    window.undo_action.trigger()
    settle(qtbot, window)
    assert window.claims.tolerance.value() == pytest.approx(10.0)


def test_the_claims_panel_gives_each_verdict_its_reason(window, qtbot):
    claims = window.document.scenario.claims
    row = next(i for i, c in enumerate(claims) if c.id == "meta-gpus-2025")  # "more than 1.3M GPUs"
    table = window.claims.table
    assert table.item(row, COLUMNS.index("Stated")).text() == "at least 1.30 M GPUs"
    model = table.item(row, COLUMNS.index("Model")).text()
    assert window.claims.reasons()[row].startswith(f"{model} is ")
    assert window.claims.reasons()[row].endswith("% above 'at least 1.30 M GPUs'")
    assert window.claims.verdicts()[row] == "✓ consistent"  # 1.43M is more than 1.3M
    assert table.item(row, COLUMNS.index("Reason")).toolTip() == window.claims.reasons()[row]  # whole when cut


def test_claims_that_restate_an_input_are_marked_after_a_pause(window, qtbot, settle, make_scenario):
    panel = window.claims
    qtbot.waitUntil(lambda: panel.restated.get(window.document.scenario) is not None, timeout=5000)
    row = [c.id for c in window.document.scenario.claims].index("meta-capex-2025")
    assert panel.verdicts()[row] == "restates input Total capex per year · 2025"  # the input by its title
    assert panel.checks[row].restates == "capex.by_year.2025"
    assert panel.reasons()[row].startswith("the input played back; $62.5B is inside")
    assert "restate an input" in panel.summary.text()
    # an edit shows at once with the last finding, and is looked at again after the pause
    window.document.edit("capex.by_year.2025", 70e9)
    settle(qtbot, window)
    assert panel.verdicts()[row] == "restates input Total capex per year · 2025"
    qtbot.waitUntil(lambda: panel.restated.get(window.document.scenario) is not None, timeout=5000)
    # another scenario starts from no finding of its own, never from this one's
    window.add_document(
        Document(
            make_scenario(
                claims=[{"id": "meta-capex-2025", "metric": "capex_total_usd", "period": "2026", "stated": 1e9}]
            )
        )
    )
    settle(qtbot, window)
    assert panel.checks[0].verdict == "inconsistent"
    qtbot.waitUntil(lambda: panel.restated.get(window.document.scenario) is not None, timeout=5000)
    assert panel.checks[0].verdict == "inconsistent"  # 2026 follows growth after 2025: two inputs


def test_input_tooltips_say_where_a_value_comes_from_and_how_sure_it_is(window):
    from explorer.gui.panels.fields import InputField

    paths = (
        "starting_point.energized_mw",
        "power.design_pue",
        "power.load_factor",
        "operations.discount_rate",
        "claim_tolerance",
    )
    fields = {path: window.inputs.field_for(path) for path in paths}
    assert all(isinstance(f, InputField) for f in fields.values())  # rows of closed sections are made on demand
    assert "(analyst estimate)" in fields["starting_point.energized_mw"].title.toolTip()
    assert "(assumption)" in fields["power.design_pue"].title.toolTip()
    assert fields["power.design_pue"].title.toolTip().startswith(fields["power.design_pue"].meta.description)
    assert "(assumption)" in fields["power.load_factor"].title.toolTip()
    assert fields["operations.discount_rate"].title.toolTip().endswith("Source: unknown (no source given)")
    assert "Source" not in fields["claim_tolerance"].title.toolTip()  # a setting, not a sourced value


def test_warnings_panel_lists_the_engine_warnings(window):
    assert window.warnings.messages() == [w.message for w in window.results.warnings]


def test_crosshair_reads_out_every_series_with_units(window):
    window.dashboard.show_crosshair(2025.45)
    capex = window.dashboard.chart("capex").readout.textItem.toPlainText()
    assert capex.startswith("2025") and "(IT, flow)" in capex and "$" in capex
    power = window.dashboard.chart("power").readout.textItem.toPlainText()
    assert "2025-06" in power and "GW (facility, stock)" in power
    window.dashboard.hide_crosshair()
    assert not window.dashboard.chart("power").readout.isVisible()


def test_fiscal_years_move_the_yearly_bars(window, qtbot, make_scenario, settle):
    scenario = make_scenario({"timeline.fiscal_year_start_month": 7, "timeline.start": "2024-07"})
    window.add_document(Document(scenario))
    settle(qtbot, window)
    x_calendar, _ = window.dashboard.chart("capex").item_data("it")
    window.kpis.set_basis("fiscal")
    x_fiscal, _ = window.dashboard.chart("capex").item_data("it")
    assert x_calendar[0] == 2024.5 and x_fiscal[0] == 2025.0  # FY2025 = July 2024 – June 2025
    assert window.kpis.year_box.currentText().startswith("FY")


def test_theme_switch_restyles_without_touching_data(window):
    chart = window.dashboard.chart("capex")
    item = chart.items["it"]
    data = chart.item_data("it")
    window.set_theme("dark")
    assert chart.backgroundBrush().color().name() == "#1e1f22"
    assert chart.items["it"] is item
    np.testing.assert_array_equal(chart.item_data("it")[1], data[1])
    window.set_theme("light")


def test_window_controls_carry_accessible_names(window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox

    mine = [window.kpis, window.claims, window.warnings, window.scenarios]
    for panel in mine:
        for kind in (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractItemView):
            for widget in panel.findChildren(kind):
                if widget.parent() is not None and widget.isVisible() and widget.focusPolicy():
                    assert widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text()), widget
    for chart in window.dashboard.charts.values():
        assert chart.accessibleName().endswith("plot")


def test_switching_the_edited_scenario_rebuilds_each_plot_item_once(window, qtbot, settle, make_scenario):
    first = window.workspace.active
    window.add_document(Document(make_scenario()))
    settle(qtbot, window)
    window.workspace.set_active(first)
    settle(qtbot, window)
    plot = window.dashboard.chart("power").plotItem
    fills = [
        item
        for item in plot.items
        if isinstance(item, type(window.dashboard.chart("power").items["gap"])) and item.isVisible()
    ]
    assert fills == [window.dashboard.chart("power").items["gap"]]
    curves = [item for item in plot.items if item in window.dashboard.chart("power").items.values()]
    assert len(curves) == len(window.dashboard.chart("power").items)


def test_fleet_plot_draws_h100e_on_its_own_right_axis(window):
    chart = window.dashboard.chart("fleet")
    h100e = chart.items["h100e"]
    assert h100e.getViewBox() is chart.right_vb  # not squeezing the GPU areas on the left axis
    assert chart.plotItem.getAxis("right").labelText == "M H100e"
    _, y = chart.item_data("h100e")
    expected = window.results.monthly["h100e_installed"][0] * 1e-6
    np.testing.assert_allclose(y, expected)


def test_site_claims_show_in_the_claims_panel_with_their_site(window):
    claims = window.document.scenario.claims
    row = next(i for i, c in enumerate(claims) if c.id == "meta-campus-area")
    table = window.claims.table
    assert table.item(row, COLUMNS.index("Stated")).text() == "between 0.100–1.00 Manhattans"  # the unit once
    assert "of Hyperion" in table.item(row, 0).toolTip()
    assert table.item(row, COLUMNS.index("Verdict")).text() == "✓ consistent"
    assert table.item(row, COLUMNS.index("Metric")).text() == "Manhattans (facility, stock) of Hyperion"


def test_a_claim_on_a_ratio_that_is_not_defined_is_shown_unjudged_with_its_reason(window, qtbot, settle, make_scenario):
    scenario = make_scenario(
        {"capex.by_year": {"2025": 12e9, "2026": 0.0}, "capex.growth_after": 0.0},
        claims=[
            {"id": "per-gpu-2026", "metric": "capex_per_gpu_usd", "period": "2026", "stated": 50e3},
            {"id": "per-gpu-2025", "metric": "capex_per_gpu_usd", "period": "2025", "stated": 50e3},
        ],
    )
    window.add_document(Document(scenario))
    settle(qtbot, window)
    panel = window.claims
    assert panel.verdicts()[0] == "not defined"
    assert panel.reasons()[0] == "AI capex per GPU bought is not defined in 2026: no GPUs were bought"
    assert panel.table.item(0, COLUMNS.index("Model")).text() == "–"
    assert panel.table.item(0, COLUMNS.index("Verdict")).foreground().color().name() == panel.theme.muted.lower()
    assert panel.verdicts()[1] in ("✓ consistent", "✗ inconsistent")  # 2025 has GPUs bought: judged
    assert panel.summary.text().endswith(" of 1 judged claims consistent · 1 not defined")


def test_narrow_plots_show_their_short_titles(window, qtbot):
    chart = window.dashboard.chart("capex")
    chart.resize(700, chart.height())
    assert chart.plotItem.titleLabel.text == chart.title  # room for the full title
    chart.resize(220, chart.height())
    assert chart.plotItem.titleLabel.text == chart.short_title
    chart.resize(900, chart.height())
    assert chart.plotItem.titleLabel.text == chart.title
