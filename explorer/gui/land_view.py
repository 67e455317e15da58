"""Land to scale: the scenario's campus land beside (and over) an outline of Manhattan, for the year the
key figures show — the article's "a 2 GW campus covers a large part of Manhattan", drawn."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QGraphicsRectItem, QLabel, QVBoxLayout, QWidget

from ..engine.land import MANHATTAN_ACRES
from ..engine.results import Basis, Results
from ..formatting import KM2_PER_ACRE, format_land_area, format_number
from ..i18n import N_, _
from ..land_scale import Footprint, footprints, manhattan_outline_km
from .plots.chart import colour
from .theme import LIGHT, Theme

AUTO_BUILD = "Other campuses (auto-build)"  # the auto-built rest's key; people read it translated
N_("Other campuses (auto-build)")


def campus_acres(results: Results, year: int, basis: Basis) -> tuple[dict[str, float], float]:
    """Land of each explicit campus and of the auto-built rest at the end of ``year``, and the total."""
    annual = results.annual(basis)
    col = annual.column(year)
    if col is None:
        return {}, 0.0
    total = float(annual.values["land_acres"][0, col])
    labels = results.grid.fiscal_year if basis == "fiscal" else results.grid.year
    month = int(np.nonzero(labels == year)[0][-1])
    by_name: dict[str, float] = {}
    if results.sites is not None:
        for name in results.sites.names:
            by_name[name] = float(results.sites.value("land_acres", name, month)[0])
    rest = total - sum(by_name.values())
    if rest > 1e-6 * max(total, 1.0):
        by_name[AUTO_BUILD] = rest
    return by_name, total


class LandView(QWidget):
    """Footprints to scale: Manhattan's outline, the total land as one square over it, each campus
    beside it; acres and km² written next to each."""

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.setAccessibleName(_("Land to scale"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.plot = pg.PlotWidget()
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabel("bottom", "km")
        self.plot.setLabel("left", "km")
        layout.addWidget(self.plot, 1)
        self.outline = manhattan_outline_km()
        self.island = QGraphicsPolygonItem(QPolygonF([QPointF(float(x), float(y)) for x, y in self.outline]))
        self.plot.addItem(self.island)
        self.items: list = []
        self.footprints: list[Footprint] = []
        self.total_acres = 0.0
        self.apply_theme(theme)

    def show_year(self, results: Results | None, year: int | None, basis: Basis) -> None:
        for item in self.items:
            self.plot.removeItem(item)
        self.items.clear()
        if results is None or year is None:
            self.heading.setText("")
            return
        by_name, total = campus_acres(results, year, basis)
        self.total_acres = total
        when = f"FY{year}" if basis == "fiscal" else str(year)
        share = total / MANHATTAN_ACRES
        self.heading.setText(
            _(
                "<b>Campus land at the end of {when}: {area}</b> = {share} Manhattans (facility, stock). "
                "Manhattan: {manhattan}; outline approximate."
            ).format(
                when=when,
                area=format_land_area(total),
                share=format_number(share),
                manhattan=format_land_area(MANHATTAN_ACRES),
            )
        )
        right = float(self.outline[:, 0].max()) + 1.0
        self.footprints = footprints(by_name, left=right)
        fg, muted = colour(self.theme.foreground), colour(self.theme.muted)
        if total > 0:  # the whole scenario's land as one square over Midtown
            side = float(np.sqrt(total * KM2_PER_ACRE))
            cx, cy = self.outline.mean(axis=0)
            self._square(cx - side / 2, cy - side / 2, side, self.theme.series[3], dashed=True)
            self._text(_("All campuses") + f"\n{format_land_area(total)}", cx, cy, fg, anchor=(0.5, 0.5))
        for i, foot in enumerate(self.footprints):
            self._square(foot.x, foot.y, foot.side, self.theme.series[i % len(self.theme.series)])
            self._text(
                f"{_(foot.name) if foot.name == AUTO_BUILD else foot.name}\n{format_land_area(foot.acres)}",
                foot.x + foot.side + 0.3,
                foot.y + foot.side / 2,
                muted if foot.name == AUTO_BUILD else fg,
                anchor=(0, 0.5),
            )
        width = right + max([f.side for f in self.footprints], default=0.0) + 9.0
        self.plot.setXRange(-0.5, width, padding=0)
        self.plot.setYRange(-0.5, float(self.outline[:, 1].max()) + 0.5, padding=0)

    def _square(self, x: float, y: float, side: float, hex_colour: str, dashed: bool = False) -> None:
        item = QGraphicsRectItem(QRectF(x, y, side, side))
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        item.setPen(pg.mkPen(colour(hex_colour), width=2, style=style))
        item.setBrush(pg.mkBrush(colour(hex_colour, 40 if dashed else 90)))
        self.plot.addItem(item)
        self.items.append(item)

    def _text(self, text: str, x: float, y: float, colour_, anchor) -> None:
        item = pg.TextItem(text, color=colour_, anchor=anchor)
        item.setFont(QFont(self.font().family(), 8))
        item.setPos(x, y)
        self.plot.addItem(item)
        self.items.append(item)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plot.setBackground(theme.background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(colour(theme.muted)))
            axis.setTextPen(pg.mkPen(colour(theme.foreground)))
        self.island.setPen(pg.mkPen(colour(theme.foreground), width=1.5))
        self.island.setBrush(pg.mkBrush(colour(theme.muted, 50)))
