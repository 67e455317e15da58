"""Six plots on one time axis: the active scenario in full, other scenarios as lines in their colour."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGridLayout, QWidget

from ...engine.results import Basis, Results
from ..theme import LIGHT, Theme
from .chart import Chart, Overlay
from .charts import CHARTS
from .view import ResultView

COLUMNS = 3


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
        layout = QGridLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        for i, cls in enumerate(CHARTS):
            chart = cls(theme, self)
            self.charts[chart.key] = chart
            layout.addWidget(chart, i // COLUMNS, i % COLUMNS)
            chart.scene().sigMouseMoved.connect(lambda pos, c=chart: self._mouse_moved(c, pos))
        first = next(iter(self.charts.values()))
        for chart in self.charts.values():
            if chart is not first:
                chart.plotItem.setXLink(first.plotItem)
            chart.apply_theme(theme)
        for r in range(layout.rowCount()):
            layout.setRowStretch(r, 1)
        for c in range(COLUMNS):
            layout.setColumnStretch(c, 1)

    def chart(self, key: str) -> Chart:
        return self.charts[key]

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

    def curve_count(self) -> int:
        return sum(len(c.items) + len(c.overlay_items) for c in self.charts.values())


pg.setConfigOptions(antialias=False, useNumba=False)
