"""Six plots on one time axis: the active scenario in full, other scenarios as lines in their colour."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from ...engine.results import Basis, Results
from ..theme import LIGHT, Theme
from .chart import Chart, Overlay, overlay_pen
from .claim_marks import ClaimMarks
from .charts import CHARTS
from .key_strip import KeyEntry, KeyStrip
from .view import ResultView

COLUMNS = 3
# Narrower than this a chart's plotting area drops under ~200 px: the grid takes fewer columns (and
# scrolls rather than squeezing the plots when the height is short: each chart keeps a minimum height).
CHART_MIN_WIDTH = 320


class Dashboard(QWidget):
    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Dashboard")
        self.theme = theme
        self.basis: Basis = "calendar"
        self.results: Results | None = None
        self.view: ResultView | None = None
        self._structure: tuple | None = None
        self._overlays: list[tuple[str, str, str, Results]] = []
        self.charts: dict[str, Chart] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.key_strip = KeyStrip(self)
        outer.addWidget(self.key_strip)
        self.scroll = QScrollArea(self)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(2, 2, 2, 2)
        self.grid.setHorizontalSpacing(14)  # a right axis's title stays clear of the next plot's left axis
        self.grid.setVerticalSpacing(4)
        self.scroll.setWidget(self.grid_host)
        outer.addWidget(self.scroll, 1)
        self.columns = 0
        for cls in CHARTS:
            chart = cls(theme, self.grid_host)
            chart.setMinimumWidth(CHART_MIN_WIDTH - 40)
            self.charts[chart.key] = chart
            chart.scene().sigMouseMoved.connect(lambda pos, c=chart: self._mouse_moved(c, pos))
        first = next(iter(self.charts.values()))
        for chart in self.charts.values():
            if chart is not first:
                chart.plotItem.setXLink(first.plotItem)
            chart.apply_theme(theme)
        self.key_strip.set_foreground(theme.foreground)
        self.claim_marks = ClaimMarks(self.charts, theme)
        self.reflow()

    def reflow(self) -> None:
        """As many columns as the width gives every plot room for (at most three)."""
        shown = list(self.visible_charts().values()) or list(self.charts.values())
        width = self.scroll.viewport().width() if self.isVisible() else self.width()
        columns = max(1, min(COLUMNS, width // CHART_MIN_WIDTH, len(shown)))
        if columns == self.columns and all(self.grid.indexOf(c) >= 0 for c in shown):
            return
        self.columns = columns
        for chart in self.charts.values():
            self.grid.removeWidget(chart)
        for i, chart in enumerate(shown):
            self.grid.addWidget(chart, i // columns, i % columns)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 1 if r < (len(shown) + columns - 1) // columns else 0)
        for c in range(COLUMNS):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.reflow()

    def chart(self, key: str) -> Chart:
        return self.charts[key]

    def visible_charts(self) -> dict[str, Chart]:
        return {key: chart for key, chart in self.charts.items() if not chart.isHidden()}

    # --- data
    def show_results(self, results: Results) -> None:
        """The active scenario's new results: data updates in place unless its structure changed."""
        self.results = results
        self.view = ResultView(results, self.basis)
        structure = (tuple(results.generations), self.view.basis, results.grid.size, int(results.grid.months[0]))
        if structure != self._structure:
            self._structure = structure
            for chart in self.charts.values():
                chart.build(self.view)
            self._fit_time_axis()
        else:
            for chart in self.charts.values():
                chart.update(self.view)

    def set_overlays(self, overlays: list[tuple[str, str, str, Results]]) -> None:
        """(key, name, colour, results) for every scenario drawn beside the active one."""
        self._overlays = list(overlays)
        items = [Overlay(key, name, colour, ResultView(res, self.basis)) for key, name, colour, res in overlays]
        for chart in self.charts.values():
            chart.set_overlays(items)
        for key in [k for k in self.key_strip.entries if k.startswith("overlay:")]:
            self.key_strip.set_entry(key, None)
        for item in items:
            self.key_strip.set_entry(f"overlay:{item.key}", KeyEntry(
                item.name, pen=overlay_pen(item.colour), tip=f"{item.name}: drawn on every plot"))
        self._fit_time_axis()

    def set_basis(self, basis: Basis) -> None:
        if basis == self.basis:
            return
        self.basis = basis
        self.set_overlays(self._overlays)
        if self.results is not None:
            self._structure = None  # bar positions move: rebuild
            self.show_results(self.results)

    def _fit_time_axis(self) -> None:
        views = ([self.view] if self.view else []) + [ResultView(r, self.basis) for *_, r in self._overlays]
        if not views:
            return
        start = min(v.span[0] for v in views)
        end = max(v.span[1] for v in views)
        first = next(iter(self.charts.values()))
        first.plotItem.vb.setXRange(start, end, padding=0.01)

    # --- look
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for chart in self.charts.values():
            chart.apply_theme(theme)
        self.key_strip.set_foreground(theme.foreground)
        self.claim_marks.apply_theme(theme)

    # --- crosshair: one x across every plot
    def _mouse_moved(self, source: Chart, pos) -> None:
        vb = source.plotItem.vb
        if not vb.sceneBoundingRect().contains(pos):
            for chart in self.charts.values():
                chart.hide_crosshair()
            return
        x = vb.mapSceneToView(pos).x()
        self.show_crosshair(x)

    def show_crosshair(self, x: float) -> None:
        for chart in self.charts.values():
            chart.show_crosshair(x)

    def hide_crosshair(self) -> None:
        for chart in self.charts.values():
            chart.hide_crosshair()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.hide_crosshair()
        super().leaveEvent(event)



pg.setConfigOptions(antialias=False, useNumba=False)
