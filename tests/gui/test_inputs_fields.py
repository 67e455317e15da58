"""Inputs panel, form fields: widget edits reach the scenario in stored units, scenario changes reach
the widgets, ranges, refused edits and slider drags as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from explorer.io.presets import load_preset
from explorer.model.paths import get_path, set_path
from explorer.model.ranges import Range


def field(panel, path):
    widget = panel.field_for(path)
    assert widget is not None and widget.path == path, path
    return widget


def type_into(qtbot, spin, text):
    spin.setFocus()
    spin.selectAll()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


# path, value stored in the model, what the spin box shows (display units)
NUMBERS = [
    ("capex.by_year.2024", 70e9, 70.0),  # $B
    ("capex.growth_after", 0.25, 25.0),  # %/yr
    ("capex.ai_share", 0.85, 85.0),  # %
    ("timeline.years", 8, 8),
    ("timeline.fiscal_year_start_month", 7, 7),
    ("starting_point.energized_mw", 1200.0, 1200.0),
    ("power.server_multiplier", 1.6, 1.6),
    ("power.design_pue", 1.25, 1.25),
    ("power.deployment_lag_months", 6.0, 6.0),
    ("facilities.cost_per_mw_it_usd", 12e6, 12.0),  # $M/MW
    ("facilities.mw_per_acre", 2.0, 2.0),
    ("operations.electricity_price_usd_per_mwh", 95.0, 95.0),
    ("operations.discount_rate", 0.1, 10.0),
    ("operations.it_life_years", 6.0, 6.0),
    ("claim_tolerance", 0.2, 20.0),
]


def as_single(doc, path):
    """Make the input a single value (the preset may hold a range) so the single spin box shows."""
    value = get_path(doc.scenario, path)
    if isinstance(value, Range):
        doc.edit(path, value.base)


@pytest.mark.parametrize("path,stored,shown", NUMBERS)
def test_spin_box_edit_reaches_the_scenario_in_stored_units(panel, doc, path, stored, shown):
    as_single(doc, path)
    f = field(panel, path)
    f.spin.setValue(shown)
    assert get_path(doc.scenario, path) == pytest.approx(stored)


@pytest.mark.parametrize("path,stored,shown", NUMBERS)
def test_scenario_change_reaches_the_widget(panel, doc, path, stored, shown):
    as_single(doc, path)
    before = get_path(doc.scenario, path)
    doc.replace(set_path(doc.scenario, path, stored))
    f = field(panel, path)
    assert f.spin.value() == pytest.approx(shown)
    doc.undo_stack.undo()
    assert f.spin.value() == pytest.approx(f.unit.to_display(before), abs=10**-f.unit.decimals)


def test_typing_70_in_the_billions_field_stores_70e9(panel, doc, qtbot):
    as_single(doc, "capex.by_year.2024")
    f = field(panel, "capex.by_year.2024")
    assert f.spin.suffix().strip() == "$B"
    panel.show()
    type_into(qtbot, f.spin, "70")
    assert doc.scenario.capex.by_year[2024] == 70e9


def test_text_and_choice_fields_both_ways(panel, doc):
    name = field(panel, "name")
    name.edit.setText("Meta what-if")
    name.edit.editingFinished.emit()
    assert doc.scenario.name == "Meta what-if"
    doc.undo_stack.undo()
    assert name.edit.text() == load_preset("meta-2025-guidance").name

    strategy = field(panel, "mix.strategy")
    strategy.combo.setCurrentIndex(strategy.combo.findData("newest"))
    strategy.combo.activated.emit(strategy.combo.currentIndex())
    assert doc.scenario.mix.strategy == "newest"
    doc.replace(set_path(doc.scenario, "mix.strategy", "shares"))
    assert strategy.combo.currentData() == "shares"


def test_range_edit_low_base_high_and_distribution(panel, doc):
    f = field(panel, "power.server_multiplier")
    assert not isinstance(doc.scenario.power.server_multiplier, Range)
    f.toggle.setChecked(True)
    value = doc.scenario.power.server_multiplier
    assert isinstance(value, Range) and value.base == pytest.approx(1.53)
    assert value.low < value.base < value.high
    assert f.parts["low"].isVisibleTo(panel) and not f.spin.isVisibleTo(panel)

    f.parts["low"].setValue(1.3)
    f.parts["high"].setValue(1.9)
    f.dist.setCurrentIndex(f.dist.findData("pert"))
    f.dist.activated.emit(f.dist.currentIndex())
    assert doc.scenario.power.server_multiplier == Range(low=1.3, base=1.53, high=1.9, dist="pert")

    f.toggle.setChecked(False)
    assert doc.scenario.power.server_multiplier == pytest.approx(1.53)


def test_range_shown_from_the_model(panel, doc):
    doc.edit("power.design_pue", {"low": 1.1, "base": 1.2, "high": 1.5, "dist": "uniform"})
    f = field(panel, "power.design_pue")
    assert f.toggle.isChecked()
    assert [f.parts[p].value() for p in ("low", "base", "high")] == pytest.approx([1.1, 1.2, 1.5])
    assert f.dist.currentData() == "uniform" and f.dist.currentText() == "Uniform"
    positions = f.rslider.positions()
    assert positions[0] < positions[1] < positions[2]


def test_a_bound_typed_past_another_widens_the_range_and_says_so(panel, doc):
    doc.edit("capex.by_year.2025", {"low": 60e9, "base": 62.5e9, "high": 65e9, "dist": "uniform"})
    f = field(panel, "capex.by_year.2025")
    captions = [w.text() for w in f.range_row.findChildren(QLabel) if w.objectName() == "rangeCaption"]
    assert captions == ["low", "base", "high"]
    f.parts["base"].setValue(70)  # $B, above the high of 65: the high follows instead of a refusal
    value = doc.scenario.capex.by_year[2025]
    assert (value.low, value.base, value.high) == (60e9, 70e9, 70e9)
    assert not f.error.isVisibleTo(panel)
    assert f.range_note.isVisibleTo(panel) and "high moved to 70" in f.range_note.text()
    f.parts["low"].setValue(75)  # above base and high: both move up to it
    value = doc.scenario.capex.by_year[2025]
    assert (value.low, value.base, value.high) == (75e9, 75e9, 75e9)
    assert "base moved to 75" in f.range_note.text() and "high moved to 75" in f.range_note.text()
    f.parts["high"].setValue(80)  # widening on its own moves nothing else: the note goes
    assert doc.scenario.capex.by_year[2025].high == 80e9 and not f.range_note.isVisibleTo(panel)


def test_out_of_bounds_entry_is_refused(panel, doc):
    f = field(panel, "facilities.mw_per_acre")  # must be > 0
    before = doc.scenario
    f.spin.setValue(0.0)
    assert doc.scenario == before
    assert "must be > 0" in f.error.text()
    start = field(panel, "timeline.start")
    start.edit.setText("2024-13")
    start.edit.editingFinished.emit()
    assert doc.scenario == before
    assert "YYYY-MM" in start.error.text()


def drag(slider, positions):
    slider.setSliderDown(True)  # emits sliderPressed, as a mouse press does
    for pos in positions:
        slider.setValue(pos)
    slider.setSliderDown(False)


def test_slider_drag_of_several_steps_is_one_undo_step(panel, doc):
    as_single(doc, "capex.by_year.2024")
    f = field(panel, "capex.by_year.2024")
    before, steps = doc.scenario, doc.undo_stack.count()
    drag(f.slider, [300, 320, 340, 360])  # 0..200 $B over 1000 steps
    assert doc.scenario.capex.by_year[2024] == pytest.approx(72e9)
    assert f.spin.value() == pytest.approx(72.0)
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert doc.scenario == before
    assert f.spin.value() == pytest.approx(before.capex.by_year[2024] / 1e9)

    drag(f.slider, [100, 110])  # a second drag is its own step
    assert doc.undo_stack.count() == steps + 1  # the undone step was replaced
    doc.undo_stack.undo()
    assert doc.scenario == before


def test_range_slider_drag_is_one_undo_step_and_keeps_untouched_ends(panel, doc):
    doc.edit("power.load_factor", {"low": 0.5, "base": 0.7, "high": 0.8, "dist": "triangular"})
    f = field(panel, "power.load_factor")
    steps = doc.undo_stack.count()
    low, base, high = f.rslider.positions()
    f.rslider.setSliderDown(True)
    for delta in (10, 20, 30):
        f.rslider.setPositions((low, base, high + delta))
    f.rslider.setSliderDown(False)
    value = doc.scenario.power.load_factor
    assert value.low == 0.5 and value.base == 0.7  # exact, not re-read from slider positions
    assert value.high == pytest.approx(0.83)
    assert doc.undo_stack.count() == steps + 1


def test_optional_site_price_uses_the_scenario_price_until_set(panel, doc):
    table = field(panel, "facilities.sites")
    table.select_row(0)
    f = table.field_for("facilities.sites.0.electricity_price_usd_per_mwh")
    assert doc.scenario.facilities.sites[0].electricity_price_usd_per_mwh is None
    assert not f.spin.isEnabled() and not f.own.isChecked()
    f.own.setChecked(True)
    price = doc.scenario.facilities.sites[0].electricity_price_usd_per_mwh
    assert price == doc.scenario.operations.electricity_price_usd_per_mwh
    f.own.setChecked(False)
    assert doc.scenario.facilities.sites[0].electricity_price_usd_per_mwh is None


def test_unchanged_fields_are_not_rewritten(panel, doc):
    """A refused entry stays visible while other inputs are edited through its own path only."""
    f = field(panel, "power.server_multiplier")
    other = field(panel, "power.it_multiplier")
    other.spin.lineEdit().setText("typing…")  # what a user is in the middle of typing
    f.spin.setValue(1.7)
    assert other.spin.lineEdit().text() == "typing…"
