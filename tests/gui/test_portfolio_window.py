"""The portfolio window driven as a user drives it: members switched and weighted (undoable), lines
or stacked areas, key figures with shares on hover, the sites timeline, a member edited live."""

from __future__ import annotations

import datetime

import numpy as np
import pyqtgraph as pg
import pytest

from explorer.gui.main_window import portfolio_window
from explorer.gui.portfolio import PortfolioWindow


@pytest.fixture
def window(qtbot, data_dir):
    w = portfolio_window("big-tech-2025")
    qtbot.addWidget(w)
    w.show()
    return w


def total(window, name="capex_total_usd", year=2026):
    annual = window.document.results.total.calendar
    return annual.values[name][0, annual.column(year)]


def test_charts_stack_every_member_and_draw_the_total_with_overlaps_once(window):
    chart = window.charts["facility_capacity_mw"]
    assert set(chart.members) == {m.id for m in window.document.portfolio.members}
    stacked_top = sum(chart.members.values())
    # overlaps make the total lower than the stack, by exactly the overlap lines
    overlaps = sum(line.results.calendar["facility_capacity_mw"][0] for line in window.document.results.overlaps)
    np.testing.assert_allclose(chart.total, stacked_top - overlaps / 1e3)
    fills = [i for i in chart.getPlotItem().items if isinstance(i, pg.FillBetweenItem) and i.isVisible()]
    assert len(fills) == 8 + 1  # one area per member, one for what is counted twice


def test_switching_a_member_off_is_undoable(window, qtbot):
    before = total(window)
    xai = window.members.checks["xai"]
    xai.click()
    assert not xai.isChecked()
    assert total(window) < before
    assert window.windowTitle().startswith(window.document.portfolio.name + "*")
    assert "xai" not in window.charts["capex_total_usd"].members
    window.undo_action.trigger()
    assert total(window) == pytest.approx(before)
    assert xai.isChecked()
    window.redo_action.trigger()
    assert not xai.isChecked()


def test_a_weight_scales_the_member_and_merges_into_one_undo_step(window):
    before = total(window)
    meta_2026 = window.charts["capex_total_usd"].members["meta"][2] * 1e9
    spin = window.members.weights["meta"]
    spin.setValue(1.5)
    spin.setValue(2.0)
    assert total(window) == pytest.approx(before + meta_2026)
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert spin.value() == 1.0 and total(window) == pytest.approx(before)


def test_lines_instead_of_stacked_areas(window):
    window.lines_action.trigger()
    chart = window.charts["energy_twh"]
    assert not [i for i in chart.getPlotItem().items if isinstance(i, pg.FillBetweenItem) and i.isVisible()]
    curves = [i for i in chart.getPlotItem().items if isinstance(i, pg.PlotDataItem) and i.isVisible()]
    assert len(curves) == 8 + 1  # a line per member and the total


def test_key_figures_show_the_total_and_each_members_share_on_hover(window):
    from explorer.formatting import format_series_value

    window.year_box.setValue(2025)
    label = window.key_labels["capex_total_usd"]
    assert "2025" in label.text()
    assert format_series_value("capex_total_usd", total(window, year=2025)) in label.text()
    tip = label.toolTip()
    assert "Oracle FY2026" in tip and "%" in tip
    abilene = next(line for line in window.document.results.overlaps if line.id == "oracle-abilene")
    annual = abilene.results.calendar
    amount = format_series_value("capex_total_usd", -annual["capex_total_usd"][0, annual.column(2025)])
    assert f"Abilene (Oracle's site is Stargate's): {amount}" in tip and amount.startswith("-$")


def test_sites_timeline_rows_tooltips_and_marks(window):
    labels = [row.label() for row, _ in window.timeline.bars]
    assert "oracle · Abilene" in labels and "stargate · Abilene" in labels
    assert not any(label.startswith(("alphabet", "amazon")) for label in labels)  # auto-built: no campuses
    row, items = next((r, i) for r, i in window.timeline.bars if r.label() == "oracle · Abilene")
    tip = items[2].toolTip()
    assert "1.20 GW" in tip and "counted once" in tip and "Source: Abilene (Crusoe/Oracle" in tip
    assert row.shared_with == "stargate"
    big, small = (
        max(window.timeline.bars, key=lambda b: b[0].capacity_mw),
        min(window.timeline.bars, key=lambda b: b[0].capacity_mw),
    )
    assert big[1][2].rect().height() > small[1][2].rect().height()  # thickness follows MW
    window.year_box.setValue(2028)
    assert window.timeline.year_line.value() == 2028


def test_a_member_opened_in_the_editor_updates_the_portfolio_live(window, qtbot):
    before = total(window, year=2025)
    editor = window.open_member("meta")
    qtbot.addWidget(editor)
    scenario = editor.document.scenario
    assert scenario.capex.by_year[2025] == 72.22e9  # meta-2025-actual: the reported figure
    editor.document.edit("capex.by_year.2025", 82.22e9)
    assert total(window, year=2025) == pytest.approx(before + 10e9)
    editor.document.undo_stack.undo()
    assert total(window, year=2025) == pytest.approx(before)


def test_screenshot_opens_a_portfolio(tmp_path, data_dir):
    from explorer.gui.screenshot import screenshot

    out = tmp_path / "portfolio.png"
    assert screenshot(str(out), "big-tech-2025") == 0
    assert out.stat().st_size > 20_000


def test_saving_writes_the_switches_and_weights(window, tmp_path):
    from explorer.portfolio import load_portfolio

    window.members.checks["coreweave"].click()
    window.members.weights["oracle"].setValue(0.5)
    assert window.document.dirty
    path = window.document.save(tmp_path / "mine.gwx")
    assert not window.document.dirty and not window.windowTitle().startswith(window.document.portfolio.name + "*")
    saved = {m.id: m for m in load_portfolio(path).members}
    assert not saved["coreweave"].enabled and saved["oracle"].weight == 0.5


def test_the_scenario_window_opens_portfolios_and_a_sites_timeline_that_follows_edits(qtbot, data_dir, answers):
    from explorer.gui.main_window import MainWindow

    main = MainWindow(persistent=False)
    qtbot.addWidget(main)
    main.open_reference("stargate")
    sites = main.show_sites_timeline()
    assert [row.site.name for row, _ in sites.timeline.bars][:1] == ["Abilene"]
    main.document.edit("facilities.sites.Abilene.capacity_mw", 1500.0)
    abilene = next(row for row, _ in sites.timeline.bars if row.site.name == "Abilene")
    assert abilene.capacity_mw == 1500.0
    portfolio = main.open_portfolio("big-tech-2025")
    assert isinstance(portfolio, PortfolioWindow) and portfolio.isVisible()
    assert main.open_portfolio("no-such-portfolio") is None


def test_the_report_breaks_down_members_overlaps_limits_and_claims(window, tmp_path):
    import re

    out = window.document.results
    html_path = window.export_to(tmp_path / "report.html")
    text = html_path.read_text()
    # each breakdown table: members added, the overlaps that count the series once, the total
    tables = {
        title: body for title, body in re.findall(r"<p><b>([^<]+)</b>[^\n]*\n(<table>.*?</table>)", text, flags=re.S)
    }
    capex, capacity = tables["Total capex"], tables["Energized capacity"]
    assert "− CoreWeave capacity rented by Microsoft" not in capex  # the capex stays CoreWeave's
    assert "− CoreWeave capacity rented by Microsoft" in capacity
    assert "− Abilene (Oracle&#x27;s site is Stargate&#x27;s)" in capex
    total_2026 = format_value("capex_total_usd", out.total.calendar["capex_total_usd"][0, 2])
    assert "<b>= total</b>" in capex and total_2026 in capex
    # the overlaps with what they count once, the limits with shares and the years they are exceeded
    assert "rented" in text and "gpus, power, energy, land, emissions" in text
    energizable = next(use for use in out.limits if use.limit.id == "us-energizable").as_dict()
    year = energizable["years"][energizable["excess"].index(max(energizable["excess"]))]
    assert f"<td>{year}</td>" in text and "exceeded by" in text
    assert "Data centers worldwide use about 945 TWh" in text and " of 945 TWh" in text
    assert text.count("data:image/png;base64,") == len(window.charts)
    pdf = window.export_to(tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000


def format_value(name, value):
    from explorer.formatting import format_number
    from explorer.series import SERIES

    return format_number(SERIES[name].display(value))


def test_uncertainty_bands_of_the_totals_follow_an_edit(window, qtbot):
    chart = window.charts["capex_total_usd"]
    assert chart.band_data() is None
    window.bands.samples = 64
    window.uncertainty_action.trigger()
    qtbot.waitUntil(lambda: window.bands.bands is not None and not window.bands.busy, timeout=60_000)
    years, p10, p90 = chart.band_data()
    assert len(years) == 7 and np.all(p10 <= chart.total + 1e-9) and np.all(p90 >= p10) and np.any(p90 > p10)
    assert "64 runs" in window.band_state.text()
    window.members.weights["meta"].setValue(2.0)
    assert window.bands.stale  # the old band stays, faint, while the new snapshot is sampled
    qtbot.waitUntil(lambda: not window.bands.stale and not window.bands.busy, timeout=60_000)
    _years, p10_after, p90_after = chart.band_data()
    assert np.all(p10_after > p10) and np.all(p90_after > p90)  # twice Meta in every sample
    window.uncertainty_action.trigger()
    assert chart.band_data() is None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_window_fits_a_1280x720_screen_with_its_key_figures_in_one_row(qtbot, data_dir, qapp, language):
    from explorer.gui.app import use_language

    use_language(qapp, language)
    try:
        w = portfolio_window("big-tech-2025")
        qtbot.addWidget(w)
        w.resize(1280, 720)
        w.show()
        qtbot.waitExposed(w)
        w.wait_for_render(qapp)
        assert w.minimumSizeHint().width() <= 1280
        assert (w.width(), w.height()) == (1280, 720)
        labels = list(w.key_labels.values())
        for label in labels:  # a long caption wraps: nothing is cut
            assert label.heightForWidth(label.width()) <= label.height(), label.text()
        assert len({label.geometry().bottom() for label in labels}) == 1  # the figures stand on one line
    finally:
        use_language(qapp, "en")


def all_items(timeline) -> list:
    return [item for _row, items in timeline.bars for item in items]


@pytest.mark.parametrize(("today", "year"), [(datetime.date(2026, 12, 20), 2027), (datetime.date(2026, 1, 10), 2026)])
def test_the_today_and_year_marks_label_apart_above_the_sites(window, qtbot, qapp, today, year):
    from explorer.gui.portfolio.sites import rows_of
    from explorer.gui.theme import DARK

    window.tabs.setCurrentIndex(1)
    timeline = window.timeline
    rows = [row for row, _items in timeline.bars]
    scenarios = {row.member: row.scenario for row in rows}
    timeline.show_rows(rows_of(scenarios, window.colours(), {}), 2031.0, DARK, year, today=today)
    window.wait_for_render(qapp)
    today_box = timeline.today.label.sceneBoundingRect()
    year_box = timeline.year_line.label.sceneBoundingRect()
    assert not today_box.intersects(year_box), (today_box, year_box)
    assert today_box.width() > 0 and year_box.width() > 0
    drawn = [item.rect() if hasattr(item, "rect") else item.polygon().boundingRect() for item in all_items(timeline)]
    bars = [item.mapRectToScene(shape) for item, shape in zip(all_items(timeline), drawn, strict=True)]
    assert not any(box.intersects(bar) for box in (today_box, year_box) for bar in bars)
    assert timeline.today.pen.color().name() == DARK.bad  # the theme's red, not the light one's
    assert timeline.today.label.color.name() == DARK.bad


def test_a_dark_portfolio_window_is_dark_everywhere(tmp_path, data_dir, qapp):
    from PySide6.QtGui import QImage

    from explorer.gui.screenshot import screenshot
    from explorer.gui.theme import DARK, LIGHT, apply_to_application, palette_theme

    out = tmp_path / "dark.png"
    try:
        assert screenshot(str(out), "big-tech-2025", size=(1280, 720), theme="dark") == 0
        assert palette_theme() == DARK  # the members table and the limits, not only the plots
    finally:
        apply_to_application(LIGHT)
    image = QImage(str(out))
    assert image.width() == 1280
    assert image.pixelColor(image.width() // 2, image.height() - 5).lightness() < 80  # the limits pane
    assert image.pixelColor(100, 400).lightness() < 80  # the Members dock below its rows


def test_every_site_is_named_in_full_beside_its_row(window, qapp):
    from PySide6.QtGui import QFontMetrics

    window.tabs.setCurrentIndex(1)
    window.wait_for_render(qapp)
    axis = window.timeline.getAxis("left")
    labels = [row.label() for row, _items in window.timeline.bars]  # the names on the axis
    assert not any(label.endswith("…") for label in labels)
    assert "microsoft · Capacity added Jan – Jun 2025" in labels  # the year tells two rows apart
    widest = max(QFontMetrics(axis.font()).horizontalAdvance(label) for label in labels)
    assert axis.geometry().width() >= widest
