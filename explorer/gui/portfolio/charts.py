"""A portfolio chart: one series by member, as stacked areas (or lines), with the total that counts
overlaps once drawn over them, the part counted twice shaded between and, with uncertainty on, the
P10–P90 of the total as a hatched band.

Items are built once per set of members and mode; a recompute only sets their data."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from ...engine.results import Results
from ...formatting import series_heading, unit_text
from ...io.exports import central
from ...portfolio import PortfolioResults
from ...portfolio.bands import TotalBands
from ...series import SERIES
from ..plots.axes import ValueAxis, YearAxis
from ..plots.view_box import StickyViewBox
from ..theme import Theme

COUNTED_TWICE = QColor(128, 128, 128, 90)
BAND_ALPHA = 70
STALE_OPACITY = 0.35  # a band of an older snapshot, drawn faint while the new one is sampled


def member_colour(index: int, theme: Theme) -> str:
    return theme.series[index % len(theme.series)]


def annual_display(results: Results, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(years, values in the display unit) of one Results' calendar years."""
    annual = results.calendar
    return annual.years.astype(float), SERIES[name].display(central(annual.values[name]))


class StackedChart(pg.PlotWidget):
    """``name`` for every member of a portfolio: stacked areas or lines, the total over them. Member
    colours are keyed in the Members dock; the dashed line is the total with overlaps counted once."""

    def __init__(self, name: str, parent=None):
        # the dashboard's axes and view box: cached axis pictures, a value range that holds still on edits
        super().__init__(
            parent, viewBox=StickyViewBox(), axisItems={"bottom": YearAxis("bottom"), "left": ValueAxis("left")}
        )
        self.name = name
        self.setTitle(series_heading(name), size="9pt")
        self.setLabel("left", unit_text(SERIES[name].display_unit))
        self.showGrid(x=False, y=True, alpha=0.2)  # vertical grid lines cost a repaint more than they help
        self.setMenuEnabled(False)
        self.stacked = True
        self.members: dict[str, np.ndarray] = {}  # member id -> values drawn (display unit)
        self.total = np.zeros(0)
        self._layout: tuple | None = None  # what the items were built for
        self._tops: list[pg.PlotDataItem] = []  # each member's top edge (stacked) or its line
        self._floor: pg.PlotDataItem | None = None  # zero, under the first area
        self._twice: tuple[pg.PlotDataItem, pg.PlotDataItem] | None = None
        self._total_item: pg.PlotDataItem | None = None
        self.band: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # years, P10, P90 (display unit)
        self._band_stale = False
        self._band_items: tuple[pg.PlotDataItem, pg.PlotDataItem, pg.FillBetweenItem] | None = None
        self.year_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine))

    def show_results(self, out: PortfolioResults, colours: dict[str, str], theme: Theme, year: int) -> None:
        ids = tuple(line.id for line in out.members)
        layout = (ids, self.stacked, bool(out.overlaps), tuple(colours[i] for i in ids), theme.name)
        if layout != self._layout:
            self._build(ids, colours, theme, bool(out.overlaps))
            self._layout = layout
        self.members = {}
        top = None
        years, self.total = annual_display(out.total, self.name)
        if self._floor is not None:
            self._floor.setData(years, np.zeros_like(years))
        for line, item in zip(out.members, self._tops):
            _, values = annual_display(line.results, self.name)
            self.members[line.id] = values
            top = values if top is None or not self.stacked else top + values
            item.setData(years, top if self.stacked else values)
        if self._twice is not None and top is not None:
            self._twice[0].setData(years, self.total)
            self._twice[1].setData(years, top)
        if self._total_item is not None:
            self._total_item.setData(years, self.total)
        self.year_line.setPos(year)

    def _build(self, ids: tuple[str, ...], colours: dict[str, str], theme: Theme, overlaps: bool) -> None:
        self.clear()
        self.setBackground(theme.background)
        self._tops = []
        self._floor = pg.PlotDataItem(pen=pg.mkPen(None)) if self.stacked else None
        below = self._floor
        for member_id in ids:
            colour = QColor(colours[member_id])
            if self.stacked:
                upper = self.plot(pen=pg.mkPen(colour, width=1))
                fill = QColor(colour)
                fill.setAlpha(150)
                self.addItem(pg.FillBetweenItem(below, upper, brush=pg.mkBrush(fill)))
                self._tops.append(upper)
                below = upper
            else:
                line = self.plot(pen=pg.mkPen(colour, width=2))
                line.setZValue(1)
                self._tops.append(line)
        self._twice = None
        if self.stacked and overlaps:
            self._twice = (pg.PlotDataItem(pen=pg.mkPen(None)), pg.PlotDataItem(pen=pg.mkPen(None)))
            self.addItem(pg.FillBetweenItem(*self._twice, brush=pg.mkBrush(COUNTED_TWICE)))
        pen = QPen(QColor(theme.foreground))
        pen.setWidthF(2.0)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._total_item = self.plot(pen=pen)
        self._total_item.setZValue(2)
        band_colour = QColor(theme.foreground)
        edge = pg.mkPen(band_colour, width=1.2, style=Qt.PenStyle.DotLine)
        low, high = pg.PlotDataItem(pen=edge), pg.PlotDataItem(pen=edge)
        low.setZValue(1.5)
        high.setZValue(1.5)
        fill = pg.FillBetweenItem(low, high)
        band_colour.setAlpha(BAND_ALPHA)
        fill.setBrush(pg.mkBrush(band_colour, style=Qt.BrushStyle.BDiagPattern))
        fill.setZValue(1.5)
        for item in (low, high, fill):
            self.addItem(item)
        self._band_items = (low, high, fill)
        self._draw_band()
        self.addItem(self.year_line)

    def show_band(self, bands: TotalBands | None, stale: bool = False) -> None:
        """The P10–P90 of the total (None: no band), faint while ``stale``."""
        if bands is None:
            self.band = None
        else:
            spec = SERIES[self.name]
            values = bands.values[self.name]
            self.band = (bands.years.astype(float), spec.display(values[0]), spec.display(values[2]))
        self._band_stale = stale
        self._draw_band()

    def _draw_band(self) -> None:
        if self._band_items is None:
            return
        low, high, fill = self._band_items
        if self.band is not None:
            years, p10, p90 = self.band
            low.setData(years, p10)
            high.setData(years, p90)
            fill.setOpacity(STALE_OPACITY if self._band_stale else 1.0)
        for item in self._band_items:
            item.setVisible(self.band is not None)

    def band_data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(years, P10, P90) as drawn, or None when no band shows."""
        if self._band_items is None or not self._band_items[2].isVisible():
            return None
        low, high, _fill = self._band_items
        return np.asarray(low.xData), np.asarray(low.yData), np.asarray(high.yData)
