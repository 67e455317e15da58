"""Charts to choose (any series in any panel, a few one click away, double-click to enlarge, kept in the
settings) and claims drawn on the plot of their metric."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from explorer.engine import simulate
from explorer.model.ranges import base_of
from explorer.series import SERIES


def test_any_series_can_be_shown_in_a_panel_with_its_unit_and_measure(window, qtbot):
    dashboard = window.dashboard
    menu = dashboard.chart_menu("land")
    pick = next(a.menu() for a in menu.actions() if a.text() == "Show in this panel")
    listed = [a.text() for group in pick.actions() if group.menu() for a in group.menu().actions()]
    assert "Emissions — MtCO2 (facility, flow)" in listed
    assert sum(" — " in text for text in listed) == len(SERIES)  # every series of the output contract
    dashboard.set_panel(5, "series:emissions_tco2")
    chart = dashboard.chart("series:emissions_tco2")
    assert chart.isVisible() and not dashboard.chart("land").isVisible()
    assert chart.plotItem.titleLabel.text.startswith("Emissions")
    _, heights = chart.item_data("value")
    expected = window.results.annual("calendar").values["emissions_tco2"][0] * 1e-6
    np.testing.assert_allclose(heights, expected)
    window.document.edit("power.annual_pue", 1.5)  # a picked panel follows edits like the others
    qtbot.waitUntil(lambda: window.recomputer.computed_for is window.document.scenario)
    expected = simulate(window.document.scenario).annual("calendar").values["emissions_tco2"][0] * 1e-6
    np.testing.assert_allclose(chart.item_data("value")[1], expected)


def test_emissions_opex_and_tco_are_one_click_away(window, qtbot):
    dashboard = window.dashboard
    assert len(dashboard.visible_charts()) == 6
    qtbot.mouseClick(dashboard.quick_buttons["tco_per_gpu_hour_usd"], Qt.MouseButton.LeftButton)
    shown = dashboard.visible_charts()
    assert len(shown) == 7 and "series:tco_per_gpu_hour_usd" in shown
    dashboard.quick_buttons["tco_per_gpu_hour_usd"].click()
    assert len(dashboard.visible_charts()) == 6


def test_double_click_enlarges_a_panel_and_again_brings_the_others_back(window, qtbot):
    dashboard = window.dashboard
    power = dashboard.chart("power")
    small = power.plotItem.vb.sceneBoundingRect().width()
    power.doubleClicked.emit()
    qtbot.waitUntil(lambda: power.plotItem.vb.sceneBoundingRect().width() > 2 * small)
    assert list(dashboard.visible_charts()) == ["power"]
    power.doubleClicked.emit()
    assert len(dashboard.visible_charts()) == 6


def test_the_chosen_charts_are_kept_in_the_settings(window, qtbot):
    from explorer.gui.main_window import MainWindow

    window.dashboard.set_panel(1, "series:opex_usd")
    window.dashboard.show_extra("series:emissions_tco2")
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.dashboard.panels[1] == "series:opex_usd"
    assert again.dashboard.extras == ["series:emissions_tco2"]
    assert again.dashboard.quick_buttons["emissions_tco2"].isChecked()


def test_claims_are_drawn_on_the_plot_of_their_metric_at_their_period(window, qtbot):
    window.claims.find_restated()  # as after a pause in editing, so the verdict does not depend on timing
    marks = window.dashboard.claim_marks
    capex = marks.mark("meta-capex-2025")
    assert capex is not None and capex.chart.key == "capex"
    view = capex.chart.view
    assert capex.x == pytest.approx(view.x_year[list(view.annual.years).index(2025)])
    assert (capex.low, capex.base, capex.high) == pytest.approx((60.0, 62.5, 65.0))  # $B, the stated range
    assert capex.bracket.isVisible() and capex.label.toPlainText() == "between $60.0–65.0B"
    tip = capex.marker.opts["tip"]()
    assert "Meta will spend" in tip and "restates input" in tip  # the 2025 capex is an input of this preset
    gpus = marks.mark("meta-gpus-2025")
    assert gpus.chart.key == "fleet" and gpus.base == pytest.approx(1.3)
    # a change, a growth ratio or one campus is not a point on these plots
    for claim_id in ("meta-capex-growth", "meta-online-2025-demand", "meta-campus"):
        assert marks.mark(claim_id) is None


def test_selecting_a_claim_row_highlights_its_mark_and_the_view_menu_hides_them(window):
    marks = window.dashboard.claim_marks
    row = next(i for i, c in enumerate(window.claims.checks) if c.claim.id == "meta-gpus-2025")
    window.claims.table.selectRow(row)
    mark = marks.mark("meta-gpus-2025")
    assert mark.marker.opts["size"] > marks.mark("meta-capex-2025").marker.opts["size"]
    window.claims_on_charts_action.trigger()
    assert not mark.marker.isVisible()
    window.claims_on_charts_action.trigger()
    assert mark.marker.isVisible()


def test_a_scenario_whose_claims_are_fiscal_opens_on_fiscal_years(window, qtbot, settle):
    window.open_reference("microsoft-fy2025")
    settle(qtbot, window)
    assert window.kpis.basis == "fiscal"
    assert window.kpis.year_box.currentText().startswith("FY")


def test_the_land_view_draws_campuses_to_scale_for_the_year_shown(window, qtbot, tmp_path):
    from explorer.gui import exporting
    from explorer.gui.land_view import AUTO_BUILD

    window.show_land()
    window.kpis.set_year(2025)
    land = window.land
    total = window.results.annual("calendar").values["land_acres"][0, 1]
    assert land.total_acres == pytest.approx(total)
    assert sum(f.acres for f in land.footprints) == pytest.approx(total)
    assert "Hyperion" in [f.name for f in land.footprints] and AUTO_BUILD in [f.name for f in land.footprints]
    assert "acres" in land.heading.text() and "km²" in land.heading.text() and "Manhattans" in land.heading.text()
    window.kpis.set_year(2030)  # it follows the chosen year
    assert land.total_acres == pytest.approx(window.results.annual("calendar").values["land_acres"][0, -1])
    assert land.total_acres > total
    out = exporting.save_widget_image(land, tmp_path / "land.png")
    assert out.stat().st_size > 5000


def test_a_faint_baseline_shows_the_scenario_before_the_edits_until_saved(window, qtbot, settle, tmp_path):
    dashboard = window.dashboard
    assert "baseline" not in dashboard.chart("capex").overlay_items  # nothing edited yet
    before = simulate(window.document.scenario)
    window.document.edit("capex.by_year.2025", 80e9)
    settle(qtbot, window)
    _x, y = dashboard.chart("capex").item_data("baseline")
    np.testing.assert_allclose(y, before.calendar["capex_ai_usd"][0] / 1e9)  # the plot's series, as opened
    assert "Before your edits" in dashboard.key_strip.texts()
    window.baseline_action.trigger()  # View > Baseline off
    assert "baseline" not in dashboard.chart("capex").overlay_items
    window.baseline_action.trigger()
    assert "baseline" in dashboard.chart("power").overlay_items
    window.document.save(tmp_path / "saved.gwx")  # saved: the edits are the baseline now
    assert "baseline" not in dashboard.chart("capex").overlay_items


def test_a_claim_shows_in_full_with_its_metric_and_opens_goal_seek_towards_it(window, qtbot):
    from explorer.gui.claims_panel import COLUMN

    table = window.claims.table
    row = next(i for i, c in enumerate(window.claims.checks) if c.claim.id == "meta-gpus-2025")
    assert table.item(row, COLUMN["Claim"]).text() == window.claims.checks[row].claim.text  # whole, wrapped
    assert table.item(row, COLUMN["Metric"]).text() == "GPUs installed (stock)"
    details = window.show_claim(row)
    assert "Source:" in details.text.text() and "1.30 M GPUs" in details.text.text()
    assert details.seek_button.isEnabled()
    details.seek_button.click()
    seek = window.analysis.goal_seek
    assert seek is not None and seek.output_metric == "gpus_installed" and seek.year == 2025
    assert seek.target.value() == pytest.approx(1.3)  # M GPUs: the stated value
    growth = next(i for i, c in enumerate(window.claims.checks) if c.claim.measure == "growth")
    assert not window.show_claim(growth).seek_button.isEnabled()


def test_hover_readouts_stay_inside_the_chart_and_clear_of_the_data_under_the_cursor(window):
    power = window.dashboard.chart("power")
    window.dashboard.show_crosshair(2030.5)  # late: demand is high, near the top right
    readout = power.readout.mapRectToItem(power.ci, power.readout.boundingRect())
    plot = power.plotItem.vb.mapRectToItem(power.ci, power.plotItem.vb.boundingRect())
    cursor = power.ci.mapFromScene(power.plotItem.vb.mapViewToScene(QPointF(2030.5, 0))).x()
    assert readout.right() < cursor  # on the side away from the crosshair
    assert readout.bottom() == pytest.approx(plot.bottom() - 2, abs=1)  # below the high line
    assert power.ci.boundingRect().contains(readout)  # never cut at the chart's edge
    window.dashboard.show_crosshair(2024.2)  # early: values low, the readout goes to the top right
    readout = power.readout.mapRectToItem(power.ci, power.readout.boundingRect())
    cursor = power.ci.mapFromScene(power.plotItem.vb.mapViewToScene(QPointF(2024.2, 0))).x()
    assert readout.top() == pytest.approx(plot.top() + 2, abs=1) and readout.left() > cursor


def test_sliders_mark_the_value_before_the_edits(window, qtbot, settle):
    field = window.inputs.field_for("power.annual_pue")
    assert field.slider.mark is None  # nothing edited: nothing to mark
    before = base_of(window.document.scenario.power.annual_pue)
    window.document.edit("power.annual_pue", 1.5)
    settle(qtbot, window)
    assert field.slider.mark == field._slider_pos(field._display(before))
    assert field.slider.value() != field.slider.mark
    window.baseline_action.trigger()
    assert field.slider.mark is None


def test_selecting_a_claim_whose_series_has_no_plot_opens_one(window):
    row = next(i for i, c in enumerate(window.claims.checks) if c.claim.id == "meta-gpus-bought-2024")
    assert "series:gpus_purchased" not in window.dashboard.visible_charts()
    window.claims.table.selectRow(row)
    assert "series:gpus_purchased" in window.dashboard.visible_charts()
    mark = window.dashboard.claim_marks.mark("meta-gpus-bought-2024")
    assert mark is not None and mark.chart.key == "series:gpus_purchased" and mark.base == pytest.approx(0.397)


@pytest.mark.parametrize("preset", ["meta-2025-guidance", "meta-2025-consensus", "meta-2025-actual"])
def test_claim_labels_on_a_plot_never_overlap(qtbot, data_dir, answers, preset):
    from explorer.gui.main_window import MainWindow

    window = MainWindow(persistent=False)
    qtbot.addWidget(window)
    window.open_reference(preset)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.wait_for_render(QApplication.instance())
    marks = window.dashboard.claim_marks.marks
    for chart in {mark.chart for mark in marks}:
        labels = [m.label.sceneBoundingRect() for m in marks if m.chart is chart and m.label.isVisible()]
        for i, a in enumerate(labels):
            assert not any(a.intersects(b) for b in labels[i + 1 :]), chart.key
    moved = [m for m in marks if m.leader.isVisible()]
    for mark in moved:  # a moved label is tied to its mark by a vertical line from the mark's top
        xs, ys = mark.leader.getData()
        assert list(xs) == [mark.x, mark.x] and ys[0] in (mark.high, mark.low)
