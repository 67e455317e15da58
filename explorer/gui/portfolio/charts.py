"""A portfolio chart: one series by member, as stacked areas (or lines), with the total that counts
overlaps once drawn over them and the part counted twice shaded between."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from ...formatting import series_heading
from ...io.exports import central
from ...portfolio import PortfolioResults
from ...series import SERIES
from ..theme import Theme


def member_colour(index: int, theme: Theme) -> str:
    return theme.series[index % len(theme.series)]


def annual_display(results, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(years, values in the display unit) of one Results' calendar years."""
    annual = results.calendar
    return annual.years.astype(float), SERIES[name].display(central(annual.values[name]))


class StackedChart(pg.PlotWidget):
    """``name`` for every member of a portfolio: stacked areas or lines, the total over them. Member
    colours are keyed in the Members dock; the dashed line is the total with overlaps counted once."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        spec = SERIES[name]
        self.setTitle(series_heading(name), size="9pt")
        self.setLabel("left", spec.display_unit)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setMenuEnabled(False)
        self.stacked = True
        self.members: dict[str, np.ndarray] = {}  # member id -> values drawn (display unit)
        self.total = np.zeros(0)
        self.year_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888888", style=Qt.DashLine))

    def show_results(self, out: PortfolioResults, colours: dict[str, str], theme: Theme, year: int) -> None:
        self.clear()
        self.setBackground(theme.background)
        self.members = {}
        top = None
        years = None
        for line in out.members:
            years, values = annual_display(line.results, self.name)
            self.members[line.id] = values
            colour = QColor(colours[line.id])
            if self.stacked:
                base = np.zeros_like(values) if top is None else top
                top = base + values
                lower = pg.PlotDataItem(years, base, pen=pg.mkPen(None))
                upper = pg.PlotDataItem(years, top, pen=pg.mkPen(colour, width=1))
                fill = QColor(colour)
                fill.setAlpha(150)
                area = pg.FillBetweenItem(lower, upper, brush=pg.mkBrush(fill))
                self.addItem(lower)
                self.addItem(upper)
                self.addItem(area)
            else:
                self.plot(years, values, pen=pg.mkPen(colour, width=2)).setZValue(1)
        years, self.total = annual_display(out.total, self.name)
        if self.stacked and top is not None and out.overlaps:
            counted_twice = pg.FillBetweenItem(pg.PlotDataItem(years, self.total), pg.PlotDataItem(years, top),
                                               brush=pg.mkBrush(QColor(128, 128, 128, 90)))
            self.addItem(counted_twice)
        pen = QPen(QColor(theme.foreground))
        pen.setWidthF(2.0)
        pen.setStyle(Qt.DashLine)
        pen.setCosmetic(True)
        self.plot(years, self.total, pen=pen).setZValue(2)
        self.year_line.setPos(year)
        self.addItem(self.year_line)
