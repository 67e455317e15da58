"""Inputs panel, tables and sections: cells edit records in display units, rows are added,
duplicated and removed, the mode switch shows the purchase plan, select_input finds any input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from explorer.gui.panels.record_table import INVALID_TINT
from explorer.gui.theme import palette_theme
from explorer.model.paths import set_path
from explorer.model.ranges import Range


def edit_cell(table, row, column_name, text):
    col = table.column_of(column_name)
    table.table.item(row, col).setText(text)  # emits itemChanged, as the cell editor does
    return table.table.item(row, col)


def sites(panel):
    return panel.field_for("facilities.sites")


def test_site_cell_edit_number_and_range(panel, doc):
    table = sites(panel)
    assert table.table.horizontalHeaderItem(table.column_of("capacity_mw")).text() == "Capacity (MW)"
    edit_cell(table, 0, "capacity_mw", "1,500")
    assert doc.scenario.facilities.sites[0].capacity_mw == 1500.0
    edit_cell(table, 0, "capacity_mw", "800 – 1200")
    assert doc.scenario.facilities.sites[0].capacity_mw == Range(low=800, base=1000, high=1200, dist="uniform")
    assert table.table.item(0, table.column_of("capacity_mw")).text() == "800 – 1,000 – 1,200"
    edit_cell(table, 0, "cost_per_mw_it_usd", "12")  # $M/MW
    assert doc.scenario.facilities.sites[0].cost_per_mw_it_usd == 12e6


def test_site_cell_follows_undo(panel, doc):
    table = sites(panel)
    before = doc.scenario.facilities.sites[1].name
    edit_cell(table, 1, "name", "Renamed campus")
    assert doc.scenario.facilities.sites[1].name == "Renamed campus"
    doc.undo_stack.undo()
    assert table.table.item(1, table.column_of("name")).text() == before


def test_invalid_cell_is_refused_with_the_rule(panel, doc):
    table = sites(panel)
    before = doc.scenario
    edit_cell(table, 0, "capacity_mw", "lots")
    assert doc.scenario == before
    assert "must be a number" in table.error.text() and table.error.isVisibleTo(panel)
    edit_cell(table, 0, "construction_start", "2025-14")
    assert doc.scenario == before
    first = doc.scenario.facilities.sites[0].name
    assert f"{first} · Construction start: must be a month written YYYY-MM" in table.error.text()
    cell = table.table.item(0, table.column_of("construction_start"))
    marked = cell.background().color()
    assert (marked.name(), marked.alpha()) == (palette_theme().invalid, INVALID_TINT)  # the theme's red, tinted


def test_add_duplicate_remove_site(panel, doc):
    table = sites(panel)
    count = len(doc.scenario.facilities.sites)
    table.add_button.click()
    assert len(doc.scenario.facilities.sites) == count + 1
    added = doc.scenario.facilities.sites[-1]
    assert added.name == "Site 1" and added.capacity_mw == 1000.0
    assert table.table.rowCount() == count + 1

    table.select_row(1)
    name = doc.scenario.facilities.sites[1].name
    table.duplicate_button.click()
    copy = doc.scenario.facilities.sites[2]
    assert copy.name == f"{name} copy"
    assert copy.capacity_mw == doc.scenario.facilities.sites[1].capacity_mw
    assert table.table.currentRow() == 2

    table.remove_button.click()
    assert [s.name for s in doc.scenario.facilities.sites].count(f"{name} copy") == 0
    assert len(doc.scenario.facilities.sites) == count + 1


def test_site_detail_form_edits_the_selected_row(panel, doc):
    table = sites(panel)
    table.select_row(2)
    ramp = table.field_for("facilities.sites.2.ramp_months")
    assert ramp is not None and ramp.title.text() == "Energization ramp"
    construction = table.field_for("facilities.sites.2.construction_months")
    construction.spin.setValue(30)
    assert doc.scenario.facilities.sites[2].construction_months == 30
    assert table.table.item(2, table.column_of("construction_months")).text() == "30"


def test_mode_switch_shows_the_purchase_plan(panel, doc):
    mode = panel.field_for("mode")
    section = panel.sections["spending"]
    capex = panel.field_for("capex.by_year.2025")
    purchases = panel.field_for("purchases.purchases")
    assert section.text() == "Capex plan"
    assert not purchases.isVisibleTo(panel) and capex.isVisibleTo(panel.capex_box)
    mode.combo.setCurrentIndex(mode.combo.findData("plan"))
    mode.combo.activated.emit(mode.combo.currentIndex())
    assert doc.scenario.mode == "plan"
    assert section.text() == "Purchase plan"
    assert purchases.isVisibleTo(panel) and not panel.capex_box.isVisibleTo(panel)

    purchases.add_button.click()
    bought = doc.scenario.purchases.purchases
    assert len(bought) == 1 and bought[0].generation == doc.scenario.accelerators[0].id
    edit_cell(purchases, 0, "units", "250,000")
    assert doc.scenario.purchases.purchases[0].units == 250_000
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert section.text() == "Capex plan" and panel.capex_box.isVisibleTo(panel)


def test_capex_years_add_and_remove(panel, doc):
    years = panel.field_for("capex.by_year")
    last = max(doc.scenario.capex.by_year)
    years.add_button.click()
    assert max(doc.scenario.capex.by_year) == last + 1
    field = panel.field_for(f"capex.by_year.{last + 1}")
    assert field.title.text() == str(last + 1)
    years.remove_button.click()
    assert max(doc.scenario.capex.by_year) == last
    assert panel.field_for(f"capex.by_year.{last + 1}") is years


def test_monthly_profile_cell(panel, doc):
    profile = panel.field_for("capex.monthly_profile")
    profile.table.item(0, 11).setText("2")
    assert doc.scenario.capex.monthly_profile[11] == 2.0
    doc.replace(set_path(doc.scenario, "capex.monthly_profile", (1.0,) * 11 + (3.0,)))
    assert profile.table.item(0, 11).text() == "3"


def test_accelerator_cell_and_source_tooltip(panel, doc):
    table = panel.field_for("accelerators")
    row = [a.id for a in doc.scenario.accelerators].index("h100")
    tdp = table.table.item(row, table.column_of("tdp_w"))
    assert tdp.text() == "700"
    assert "Source:" in tdp.toolTip()
    edit_cell(table, row, "tdp_w", "750")
    assert doc.scenario.accelerator("h100").tdp_w == 750.0
    edit_cell(table, row, "bf16_flops", "1000")  # TFLOP/s
    assert doc.scenario.accelerator("h100").bf16_flops == 1e15


def test_removing_an_accelerator_in_use_is_refused(panel, doc):
    table = panel.field_for("accelerators")
    before = doc.scenario
    table.select_row([a.id for a in doc.scenario.accelerators].index("h100"))
    table.remove_button.click()
    assert doc.scenario == before
    assert "'h100' is not in the accelerator catalog" in table.error.text()


def test_add_accelerator_gets_a_fresh_id(panel, doc):
    table = panel.field_for("accelerators")
    count = len(doc.scenario.accelerators)
    table.add_button.click()
    assert len(doc.scenario.accelerators) == count + 1
    assert doc.scenario.accelerators[-1].id == "gpu-1"


def test_mix_table_both_ways(panel, doc):
    mix = panel.field_for("mix.shares_by_year")
    year = mix.years[0]
    gen = next(iter(doc.scenario.mix.shares_by_year[year]))
    row, col = mix.years.index(year), mix.generations.index(gen)
    mix.table.item(row, col).setText("50")
    assert doc.scenario.mix.shares_by_year[year][gen] == 0.5
    mix.table.item(row, col).setText("")
    assert gen not in doc.scenario.mix.shares_by_year[year]
    doc.undo_stack.undo()
    assert mix.table.item(row, col).text() == "50"
    count = len(doc.scenario.mix.shares_by_year)
    mix.add_year.click()
    assert len(doc.scenario.mix.shares_by_year) == count + 1


def test_candidates_both_ways(panel, doc):
    candidates = panel.field_for("mix.candidates")
    items = {candidates.list.item(i).text(): candidates.list.item(i) for i in range(candidates.list.count())}
    items["gb300"].setCheckState(Qt.CheckState.Unchecked)
    assert "gb300" not in doc.scenario.mix.candidates
    doc.undo_stack.undo()
    items = {candidates.list.item(i).text(): candidates.list.item(i) for i in range(candidates.list.count())}
    assert items["gb300"].checkState() == Qt.CheckState.Checked


def test_starting_fleet_cell_and_energized(panel, doc):
    fleet = panel.field_for("starting_point.fleet")
    edit_cell(fleet, 0, "count", "200000")
    assert doc.scenario.starting_point.fleet[0].count == 200_000
    edit_cell(fleet, 0, "generation", "nonesuch")
    assert "'nonesuch' is not in the accelerator catalog" in fleet.error.text()


def test_claims_stated_value_in_the_metric_display_unit(panel, doc):
    table = panel.field_for("claims")
    claims = doc.scenario.claims
    row = next(i for i, c in enumerate(claims) if c.metric == "gpus_installed" and c.measure == "end")
    edit_cell(table, row, "stated", "1.5")  # M GPUs
    assert doc.scenario.claims[row].stated == pytest.approx(1.5e6)
    assert table.table.item(row, table.column_of("stated")).text() == "1.5 M GPUs"
    count = len(doc.scenario.claims)
    table.add_button.click()
    assert len(doc.scenario.claims) == count + 1
    table.remove_button.click()
    assert len(doc.scenario.claims) == count


def test_sources_and_input_sources(panel, doc):
    sources = panel.field_for("sources")
    edit_cell(sources, 0, "publisher", "Meta Platforms")
    assert doc.scenario.sources[0].publisher == "Meta Platforms"
    edit_cell(sources, 0, "confidence", "reported")  # each source is graded in its own column
    assert doc.scenario.sources[0].confidence == "reported"
    inputs = panel.field_for("input_sources")
    key = inputs.table.item(0, 0).text()
    graded = doc.scenario.input_sources[key].confidence
    inputs.table.item(0, 1).setText("My own estimate")
    assert doc.scenario.input_sources[key].text == "My own estimate"
    assert doc.scenario.input_sources[key].confidence == graded  # a new text keeps its grade
    inputs.table.item(0, 2).setText("estimate")
    assert doc.scenario.input_sources[key].confidence == "estimate"
    assert inputs.table.item(0, 1).toolTip() == "My own estimate (analyst estimate)"
    inputs.table.item(0, 2).setText("sure")  # not a grade: refused with the rule, nothing changes
    assert doc.scenario.input_sources[key].confidence == "estimate"
    assert "stated" in inputs.error.text() and not inputs.error.isHidden()


def test_select_input_expands_and_focuses_a_named_row(panel, doc, qtbot):
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    section = panel.sections["facilities"]
    assert not section.isExpanded()
    assert panel.select_input("facilities.sites.Hyperion.ramp_months")
    assert section.isExpanded()
    table = sites(panel)
    row = [s.name for s in doc.scenario.facilities.sites].index("Hyperion")
    assert table.table.currentRow() == row
    field = table.field_for(f"facilities.sites.{row}.ramp_months")
    focused = panel.focusWidget()
    assert focused is not None and field.isAncestorOf(focused)

    assert panel.select_input("capex.by_year.2025")
    assert panel.sections["spending"].isExpanded()
    assert panel.field_for("capex.by_year.2025").isAncestorOf(panel.focusWidget())
    assert panel.select_input("accelerators.h100.tdp_w")
    assert not panel.select_input("power.no_such_input")


def test_every_control_has_an_accessible_name(panel):
    panel.expand_all()
    for f in ("power.design_pue", "capex.by_year.2025"):  # show range editors too
        panel.field_for(f)
    unnamed = []
    for w in panel.findChildren(QWidget):
        if not w.focusPolicy() & Qt.FocusPolicy.TabFocus or not w.isVisibleTo(panel):
            continue
        if w.parent() is not None and w.parent().inherits("QAbstractSpinBox"):
            continue  # the spin box's own line edit: the spin box carries the name
        if isinstance(w, QAbstractButton) and w.text():
            continue
        if not w.accessibleName():
            unnamed.append(f"{type(w).__name__} {w.objectName()}")
    assert unnamed == []


def test_tab_moves_through_a_range_in_reading_order(panel, doc, qtbot):
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.sections["power"].expand()
    pue = panel.field_for("power.design_pue")
    assert isinstance(doc.scenario.power.design_pue, Range)
    pue.toggle.setFocus()
    order = []
    assert panel.focusWidget() is pue.toggle
    for _ in range(4):
        qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
        focused = panel.focusWidget()
        if focused.parent().inherits("QAbstractSpinBox"):
            focused = focused.parent()
        order.append(focused.accessibleName())
    assert order[:4] == [
        "Design (peak) PUE low (×)",
        "Design (peak) PUE base (×)",
        "Design (peak) PUE high (×)",
        "Design (peak) PUE distribution",
    ]


def test_replacing_the_whole_scenario_rebuilds_rows_and_years(panel, doc):
    other = set_path(
        doc.scenario, "facilities.sites", [{"name": "Solo", "capacity_mw": 250.0, "construction_start": "2025-01"}]
    )
    other = set_path(other, "capex.by_year", {2026: 5e9, 2027: 7e9})
    other = set_path(other, "name", "Small build-out")
    doc.replace(other)
    assert panel.field_for("name").edit.text() == "Small build-out"
    table = sites(panel)
    assert table.table.rowCount() == 1
    assert table.table.item(0, table.column_of("name")).text() == "Solo"
    assert panel.sections["facilities"].text() == "Sites (1)"
    assert panel.field_for("capex.by_year.2027").spin.value() == pytest.approx(7.0)
    assert panel.field_for("capex.by_year.2024") is panel.field_for("capex.by_year")  # gone
    doc.undo_stack.undo()
    assert table.table.rowCount() == len(doc.scenario.facilities.sites)


def test_drag_in_a_row_form_is_one_step_and_keeps_the_form(panel, doc):
    table = sites(panel)
    table.select_row(0)
    field = table.field_for("facilities.sites.0.construction_months")
    steps = doc.undo_stack.count()
    field.slider.setSliderDown(True)
    for pos in (100, 200, 300):
        field.slider.setValue(pos)
    field.slider.setSliderDown(False)
    assert table.field_for("facilities.sites.0.construction_months") is field
    assert doc.scenario.facilities.sites[0].construction_months == 36  # 0..120 months
    assert table.table.item(0, table.column_of("construction_months")).text() == "36"
    assert doc.undo_stack.count() == steps + 1


def test_capex_by_quarter_rows_edit_the_plan_in_billions(panel, doc):
    table = panel.field_for("capex.quarters")
    assert table.table.rowCount() == 0
    table.add_button.click()
    assert [q.quarter for q in doc.scenario.capex.quarters] == ["2024-Q1"]
    edit_cell(table, 0, "quarter", "2025-Q3")
    edit_cell(table, 0, "capex_usd", "34.9")  # $B
    assert doc.scenario.capex.quarters[0].quarter == "2025-Q3"
    assert doc.scenario.capex.quarters[0].capex_usd == 34.9e9
    edit_cell(table, 0, "quarter", "2025-Q5")
    assert doc.scenario.capex.quarters[0].quarter == "2025-Q3"  # refused
    assert "Quarter" in table.error.text()


def test_power_policy_and_both_pues_are_in_the_power_form(panel, doc):
    assert panel.field_for("power.annual_pue") is not None
    policy = panel.field_for("power.allocation")
    assert policy.combo.currentText().startswith("Installed first")
    policy.combo.setCurrentIndex(policy.combo.findData("newest_first"))
    policy.combo.activated.emit(policy.combo.currentIndex())
    assert doc.scenario.power.allocation == "newest_first"
