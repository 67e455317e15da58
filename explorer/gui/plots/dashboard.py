"""Plots on one time axis: the active scenario in full, other scenarios as lines in their colour."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...engine.results import Basis, Results
from ...formatting import series_heading
from ...i18n import N_, _
from ...presentation.view import ResultView
from ...series import SERIES
from ..qt import layout_widgets
from ..theme import LIGHT, Theme
from .chart import Chart, Overlay, baseline_pen, overlay_pen
from .charts import CHARTS, DEFAULT_LAYOUT, QUICK_SERIES, make_chart
from .claim_marks import ClaimMarks
from .key_strip import KeyEntry, KeyStrip

COLUMNS = 3
# Narrower than this a chart's plotting area drops under ~200 px: the grid takes fewer columns (and
# scrolls rather than squeezing the plots when the height is short: each chart keeps a minimum height).
CHART_MIN_WIDTH = 320
BASELINE = "baseline"
BASELINE_LABEL = N_("Before your edits")


class Dashboard(QWidget):
    """Six panels by default; any panel can show any series of the output contract (its menu), a few
    more are one click away, and a double-click enlarges one panel."""

    chartAdded = Signal(object)  # a Chart built after start-up (a picked series)
    layoutChanged = Signal()  # panels, extras or the enlarged panel changed

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_("Dashboard"))
        self.theme = theme
        self.basis: Basis = "calendar"
        self.results: Results | None = None
        self.view: ResultView | None = None
        self._structure: tuple | None = None
        self._overlays: list[Overlay] = []
        self._overlay_args: list[tuple[str, str, str, Results]] = []
        self.charts: dict[str, Chart] = {}
        self.panels: list[str] = list(DEFAULT_LAYOUT)  # what each of the six panels shows
        self.extras: list[str] = []  # quick series shown after the six
        self.enlarged: str | None = None
        self.baseline: Results | None = None  # the scenario before the edits, drawn faint on every plot
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        top = QHBoxLayout()
        top.setContentsMargins(6, 0, 0, 0)
        top.setSpacing(4)
        more = QLabel(_("Also show:"))
        more.setStyleSheet("font-size: 8pt")
        top.addWidget(more)
        self.quick_buttons: dict[str, QToolButton] = {}
        for name in QUICK_SERIES:
            button = QToolButton()
            button.setText(SERIES[name].label)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setStyleSheet("font-size: 8pt")
            button.setToolTip(
                _("{series} as one more plot. Right-click any plot to show another series in it.").format(
                    series=series_heading(name)
                )
            )
            button.toggled.connect(lambda on, n=name: self.show_extra(f"series:{n}", on))
            self.quick_buttons[name] = button
            top.addWidget(button)
        self.key_strip = KeyStrip(self)
        top.addSpacing(12)
        top.addWidget(self.key_strip)
        top.addStretch(1)
        outer.addLayout(top)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(2, 2, 2, 2)
        self.grid.setHorizontalSpacing(14)  # a right axis's title stays clear of the next plot's left axis
        self.grid.setVerticalSpacing(4)
        self.scroll_area.setWidget(self.grid_host)
        outer.addWidget(self.scroll_area, 1)
        self.columns = 0
        self._first: Chart | None = None
        for key in DEFAULT_LAYOUT:
            self._add_chart(key, announce=False)
        self.key_strip.set_foreground(theme.foreground)
        self.claim_marks = ClaimMarks(self.charts, theme)
        self.reflow()

    def _add_chart(self, key: str, announce: bool = True) -> Chart:
        chart = make_chart(key, self.theme, self.grid_host)
        chart.setMinimumWidth(CHART_MIN_WIDTH - 40)
        self.charts[key] = chart
        chart.scene().sigMouseMoved.connect(lambda pos, c=chart: self._mouse_moved(c, pos))
        chart.menuRequested.connect(lambda pos, k=key: self.chart_menu(k).popup(pos))
        chart.doubleClicked.connect(lambda k=key: self.enlarge(None if self.enlarged == k else k))
        if self._first is None:
            self._first = chart
        else:
            chart.plotItem.setXLink(self._first.plotItem)
        chart.apply_theme(self.theme)
        chart.hide()
        if self.view is not None:
            chart.build(self.view)
            chart.set_overlays(self._overlays)
        if announce:
            self.chartAdded.emit(chart)
        return chart

    # --- which panels show what
    def shown_keys(self) -> list[str]:
        if self.enlarged is not None:
            return [self.enlarged]
        return list(dict.fromkeys(self.panels + self.extras))

    def set_panel(self, index: int, key: str) -> None:
        """Show ``key`` (a chart key or 'series:<name>') in panel ``index``."""
        if key not in self.charts:
            self._add_chart(key)
        self.panels[index] = key
        self.enlarged = None
        self.reflow()
        self.layoutChanged.emit()

    def show_extra(self, key: str, on: bool = True) -> None:
        if key not in self.charts:
            self._add_chart(key)
        if on and key not in self.extras:
            self.extras.append(key)
        elif not on and key in self.extras:
            self.extras.remove(key)
        name = key.removeprefix("series:")
        if name in self.quick_buttons and self.quick_buttons[name].isChecked() != on:
            self.quick_buttons[name].setChecked(on)
        self.reflow()
        self.layoutChanged.emit()

    def enlarge(self, key: str | None) -> None:
        """One panel alone (None: all of them again)."""
        self.enlarged = key if key in self.charts else None
        self.reflow()
        self.layoutChanged.emit()

    def reset_layout(self) -> None:
        self.panels = list(DEFAULT_LAYOUT)
        for key in list(self.extras):
            self.show_extra(key, False)
        self.enlarge(None)

    def layout_state(self) -> dict:
        return {"panels": list(self.panels), "extras": list(self.extras)}

    def restore_layout(self, state: dict) -> None:
        """Panels and extras as saved; unknown series (an older or newer contract) are skipped."""
        for index, key in enumerate(list(state.get("panels", []))[: len(self.panels)]):
            if _known(key):
                self.set_panel(index, key)
        for key in state.get("extras", []):
            if _known(key):
                self.show_extra(key, True)

    def chart_menu(self, key: str) -> QMenu:
        """Right-click on a panel: show another series in it, enlarge it, or go back to the default."""
        menu = QMenu(self)
        index = self.panels.index(key) if key in self.panels else None
        if index is not None:
            pick = menu.addMenu(_("Show in this panel"))
            builtin = pick.addMenu(_("Default charts"))
            for default in DEFAULT_LAYOUT:
                action = builtin.addAction(make_title(default))
                action.triggered.connect(lambda _unused=False, k=default: self.set_panel(index, k))
            for kind, heading in (
                ("stock", N_("Stocks (in service)")),
                ("flow", N_("Flows (added, spent)")),
                ("ratio", N_("Ratios")),
            ):
                group = pick.addMenu(_(heading))
                for name, spec in SERIES.items():
                    if spec.kind == kind:
                        action = group.addAction(f"{spec.label} — {spec.display_unit} ({spec.tag()})")
                        action.setToolTip(spec.description)
                        action.triggered.connect(lambda _unused=False, n=name: self.set_panel(index, f"series:{n}"))
        elif key in self.extras:
            menu.addAction(_("Remove this panel")).triggered.connect(lambda: self.show_extra(key, False))
        menu.addAction(_("Show all panels") if self.enlarged else _("Enlarge (double-click)")).triggered.connect(
            lambda: self.enlarge(None if self.enlarged else key)
        )
        menu.addAction(_("Default charts")).triggered.connect(self.reset_layout)
        return menu

    def reflow(self) -> None:
        """The shown panels in as many columns as the width gives room for (at most three)."""
        keys = self.shown_keys()
        shown = [self.charts[k] for k in keys]
        width = self.scroll_area.viewport().width() if self.isVisible() else self.width()
        columns = max(1, min(COLUMNS, width // CHART_MIN_WIDTH, len(shown)))
        placed = layout_widgets(self.grid)
        if columns == self.columns and placed == shown:
            return
        self.columns = columns
        for chart in placed:
            self.grid.removeWidget(chart)
        for key, chart in self.charts.items():
            if key not in keys:
                chart.hide()
        for i, chart in enumerate(shown):
            self.grid.addWidget(chart, i // columns, i % columns)
            if chart.isHidden():
                if self.view is not None and chart.stale:
                    chart.build(self.view)  # it missed edits while hidden
                    chart.set_overlays(self._overlays)
                chart.show()
        rows = (len(shown) + columns - 1) // columns
        for r in range(max(rows, self.grid.rowCount())):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(COLUMNS):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.reflow()

    def chart(self, key: str) -> Chart:
        return self.charts[key]

    def visible_charts(self) -> dict[str, Chart]:
        return {key: chart for key, chart in self.charts.items() if not chart.isHidden()}

    # --- data
    def show_results(self, results: Results) -> None:
        """The active scenario's new results: data updates in place unless its structure changed;
        hidden panels catch up when shown."""
        self.results = results
        self.view = ResultView(results, self.basis)
        structure = (tuple(results.generations), self.view.basis, results.grid.size, int(results.grid.months[0]))
        rebuild = structure != self._structure
        self._structure = structure
        for chart in self.charts.values():
            if chart.isHidden() and chart.view is not None:
                chart.stale = True
            elif rebuild or chart.view is None:
                chart.build(self.view)
                chart.stale = False
            else:
                chart.show_view(self.view)
        if rebuild:
            self._fit_time_axis()

    def set_baseline(self, results: Results | None) -> None:
        """The active scenario as opened or last saved (None: not drawn)."""
        self.baseline = results
        self.set_overlays(self._overlay_args)

    def set_overlays(self, overlays: list[tuple[str, str, str, Results]]) -> None:
        """(key, name, colour, results) for every scenario drawn beside the active one."""
        self._overlay_args = list(overlays)
        self._overlays = [
            Overlay(key, name, colour, ResultView(res, self.basis)) for key, name, colour, res in overlays
        ]
        if self.baseline is not None:
            self._overlays.insert(
                0,
                Overlay(
                    BASELINE, _(BASELINE_LABEL), self.theme.muted, ResultView(self.baseline, self.basis), faint=True
                ),
            )
        for chart in self.charts.values():
            chart.set_overlays(self._overlays)
        for key in [k for k in self.key_strip.entries if k.startswith("overlay:")]:
            self.key_strip.set_entry(key, None)
        for item in self._overlays:
            pen = baseline_pen(item.colour) if item.faint else overlay_pen(item.colour)
            tip = (
                _("The scenario as opened or last saved (View > Baseline)")
                if item.faint
                else _("{name}: drawn on every plot").format(name=item.name)
            )
            self.key_strip.set_entry(f"overlay:{item.key}", KeyEntry(item.name, pen=pen, tip=tip))
        self._fit_time_axis()

    def rebuild_items(self) -> None:
        """Build the plot items again on the next results (another scenario, other bar positions)."""
        self._structure = None

    def set_basis(self, basis: Basis) -> None:
        if basis == self.basis:
            return
        self.basis = basis
        self.set_overlays(self._overlay_args)
        if self.results is not None:
            self.rebuild_items()  # bar positions move
            self.show_results(self.results)

    def _fit_time_axis(self) -> None:
        views = ([self.view] if self.view else []) + [o.view for o in self._overlays if o.view is not None]
        if not views or self._first is None:
            return
        start = min(v.span[0] for v in views)
        end = max(v.span[1] for v in views)
        self._first.plotItem.vb.setXRange(start, end, padding=0.01)

    # --- look
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for chart in self.charts.values():
            chart.apply_theme(theme)
        self.key_strip.set_foreground(theme.foreground)
        self.claim_marks.apply_theme(theme)
        if self.baseline is not None:
            self.set_overlays(self._overlay_args)  # the baseline takes the theme's pale colour

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

    def leaveEvent(self, event) -> None:
        self.hide_crosshair()
        super().leaveEvent(event)


pg.setConfigOptions(antialias=False, useNumba=False)


def _known(key: str) -> bool:
    return key in DEFAULT_LAYOUT or (key.startswith("series:") and key.removeprefix("series:") in SERIES)


def make_title(key: str) -> str:
    return next(c.title for c in CHARTS if c.key == key)
