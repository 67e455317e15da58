"""Value ranges that hold still while the data move a little, every point always on the plot, and
axes drawn from their cache exactly as pyqtgraph draws them."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QImage, QPainter


def _capex(window, qtbot, settle, value: float) -> None:
    window.document.edit("capex.by_year.2025", value)
    settle(qtbot, window)


def _y_range(window, key: str) -> list[float]:
    return list(window.dashboard.chart(key).plotItem.vb.viewRange()[1])


def _highest(window) -> float:
    """The highest point drawn against the capex plot's left axis: stacked bar tops, total capex,
    depreciation, and the baseline (the scenario before the edits)."""
    chart = window.dashboard.chart("capex")
    bars = chart.item_data("it")[1] + chart.item_data("facility")[1]
    lines = ["total", "depreciation", *chart.overlay_items]
    return max(float(bars.max()), *(float(chart.item_data(key)[1].max()) for key in lines))


def test_a_small_edit_keeps_the_value_range_and_every_point_stays_visible(window, qtbot, settle):
    _capex(window, qtbot, settle, 62.5e9)
    before = _y_range(window, "capex")
    _capex(window, qtbot, settle, 62.0e9)
    assert _y_range(window, "capex") == before  # the axis did not move
    low, high = before
    assert low < 0 < _highest(window) < high


def test_data_leaving_the_range_widen_it_with_headroom_and_a_large_drop_fits_again(window, qtbot, settle):
    _capex(window, qtbot, settle, 400e9)
    grown = _y_range(window, "capex")
    assert grown[1] > _highest(window) * 1.1  # room above the new tallest bar for the next edits
    _capex(window, qtbot, settle, 20e9)
    shrunk = _y_range(window, "capex")
    assert shrunk[1] < grown[1] / 2  # not left at the old scale
    assert _highest(window) < shrunk[1] < _highest(window) * 1.3


def test_cached_axes_paint_the_same_pixels_as_pyqtgraph(window):
    for chart in window.dashboard.charts.values():
        for name in ("left", "bottom"):
            axis = chart.plotItem.getAxis(name)
            rect = axis.boundingRect()
            images = []
            for paint in (pg.AxisItem.paint, type(axis).paint):
                axis.picture = None
                image = QImage(int(rect.width()) + 1, int(rect.height()) + 1, QImage.Format.Format_ARGB32_Premultiplied)
                image.fill(0)
                painter = QPainter(image)
                painter.translate(-rect.topLeft())
                paint(axis, painter, None, None)
                painter.end()
                images.append(image)
            assert images[0] == images[1], f"{chart.key} {name}"
            assert any(images[1].pixel(x, images[1].height() // 2) for x in range(images[1].width()))  # not blank


def _zero_y(vb) -> float:
    """Where the value 0 of a view box sits on the screen (scene y)."""
    return vb.mapViewToScene(pg.Point(0.0, 0.0)).y()


def test_left_and_right_axes_share_their_zero_when_both_start_at_zero(window, qtbot, settle):
    with_right = [chart for chart in window.dashboard.visible_charts().values() if chart.right_vb is not None]
    assert len(with_right) >= 2  # capex and fleet at least
    for value in (62.5e9, 250e9, 20e9):  # through re-ranges in both directions
        _capex(window, qtbot, settle, value)
        for chart in with_right:
            left, right = chart.plotItem.vb, chart.right_vb
            assert left.viewRange()[1][0] < 0 < left.viewRange()[1][1]
            assert right.viewRange()[1][0] < 0 < right.viewRange()[1][1]
            assert abs(_zero_y(left) - _zero_y(right)) < 1.0, chart.key  # within a pixel


def test_an_axis_whose_data_go_below_zero_keeps_its_own_range(qapp):
    from explorer.gui.plots.view_box import StickyViewBox

    box = StickyViewBox()
    box.anchor_zero = True
    box.resize(300, 200)
    box.addItem(pg.PlotDataItem([0, 1, 2], [-5.0, 3.0, 10.0]))
    box.settle()
    low, high = box.viewRange()[1]
    assert low < -5 and high > 10  # not lifted to just under zero
    box.reset_range()
    box.clear()
    box.addItem(pg.PlotDataItem([0, 1, 2], [40.0, 60.0, 100.0]))
    box.settle()
    low, high = box.viewRange()[1]
    assert -0.1 * high < low < 0 < 100 < high  # from just under zero
