"""Tornado view: which ranged input moves a chosen output most, for a chosen year.

Each bar runs from the output with the input at its low to the output with it at its high, around
the base value, in the output's display unit; the largest swing is on top. Clicking a bar emits the
input's dotted path (the window then selects it in the inputs panel).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...analysis import Swing, tornado
from ...analysis.metrics import describe
from ...engine import simulate
from ...engine.results import Basis
from ...formatting import format_quantity, unit_text
from ...i18n import _, ngettext
from ...model.scenario import Scenario
from ...presentation.labels import input_label
from ...series import SERIES
from ..plots.axes import ValueAxis
from ..plots.chart import colour
from ..qt import idle_timer, set_item_enabled
from ..theme import LIGHT, Theme

MAX_BARS = 15
DEBOUNCE_MS = 150
BAR_HEIGHT = 0.7
MAX_LABEL_PX = 230
DEFAULT_METRIC = "facility_power_mw"


def metric_box(accessible: str, selected: str = DEFAULT_METRIC, kinds=("stock", "flow", "ratio")) -> QComboBox:
    box = QComboBox()
    for name, spec in SERIES.items():
        if spec.kind in kinds:
            box.addItem(f"{spec.label} ({spec.tag()}, {spec.display_unit})", name)
    box.setCurrentIndex(max(0, box.findData(selected)))
    box.setAccessibleName(accessible)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(18)  # long names are elided rather than widening the dock
    return box


def fill_years(box: QComboBox, years, basis: Basis, preferred: int | None) -> None:
    """Refill a year picker, keeping the chosen year when it is still there."""
    current = box.currentData() if box.count() else preferred
    labels = [(f"FY{y}" if basis == "fiscal" else str(y), int(y)) for y in years]
    if [(box.itemText(i), box.itemData(i)) for i in range(box.count())] == labels:
        return
    box.blockSignals(True)
    box.clear()
    for text, year in labels:
        box.addItem(text, year)
    index = box.findData(current)
    box.setCurrentIndex(index if index >= 0 else max(0, box.findData(preferred)))
    box.blockSignals(False)


class Bar(Protocol):
    """What a bar stands for: one input."""

    @property
    def input(self) -> str: ...


BarValues = tuple[str, *tuple[float, ...]]  # a bar's input path, then its values in display units


class TornadoView(QWidget):
    inputClicked = Signal(str)  # dotted path of the input whose bar was clicked

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_("Sensitivity (tornado)"))
        self.theme = theme
        self.scenario: Scenario | None = None
        self.swings: list[Swing] = []
        self.shown: Sequence[Bar] = []  # the bars, top first
        layout = self.box = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.output_box = metric_box(_("Output of the tornado"))
        self.year_box = QComboBox()
        self.year_box.setAccessibleName(_("Year of the tornado"))
        self.basis_box = QComboBox()
        self.basis_box.addItem(_("Calendar"), "calendar")
        self.basis_box.addItem(_("Fiscal"), "fiscal")
        self.basis_box.setAccessibleName(_("Calendar or fiscal year"))
        row.addWidget(self.output_box, 1)
        row.addWidget(self.year_box)
        row.addWidget(self.basis_box)
        layout.addLayout(row)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.plot = pg.PlotWidget(axisItems={"bottom": ValueAxis("bottom")})
        self.plot.setAccessibleName(_("Tornado chart: output with each input at its low and at its high"))
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        pi = self.plot.getPlotItem()
        self.tick_font = QFont(self.font().family(), 8)
        pi.getAxis("left").setStyle(tickFont=self.tick_font)
        self.low_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR_HEIGHT)
        self.high_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR_HEIGHT)
        self.base_line = pg.InfiniteLine(angle=90, movable=False)
        for item in (self.low_bars, self.high_bars, self.base_line):
            pi.addItem(item)
        layout.addWidget(self.plot, 1)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self._timer = idle_timer(self, DEBOUNCE_MS, self._years_changed)
        for box in (self.output_box, self.year_box):
            box.currentIndexChanged.connect(lambda _i: self.recompute())
        self.basis_box.currentIndexChanged.connect(lambda _i: self._years_changed())
        self.apply_theme(theme)

    # --- input
    def set_scenario(self, scenario: Scenario | None, now: bool = False) -> None:
        """A new snapshot; recomputed after a short pause so a drag costs one run."""
        self.scenario = scenario
        if now:
            self._years_changed()
        else:
            self._timer.start()

    def _years_changed(self) -> None:
        if self.scenario is not None:
            results = simulate(self.scenario)
            fiscal = results.fiscal_year_start_month > 1
            set_item_enabled(self.basis_box, 1, fiscal)
            if not fiscal and self.basis_box.currentIndex() == 1:
                self.basis_box.setCurrentIndex(0)
                return
            annual = results.annual(self.basis_value)
            complete = annual.years[annual.complete]
            preferred = 2026 if 2026 in annual.years else int(complete[0] if len(complete) else annual.years[0])
            fill_years(self.year_box, annual.years, self.basis_value, preferred)
        self.recompute()

    @property
    def basis_value(self) -> Basis:
        return self.basis_box.currentData()

    def set_choice(self, metric: str, year: int, basis: Basis = "calendar") -> None:
        self.basis_box.setCurrentIndex(self.basis_box.findData(basis))
        self.output_box.setCurrentIndex(self.output_box.findData(metric))
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.recompute()

    # --- output
    def recompute(self) -> None:
        self._timer.stop()
        if self.scenario is None:
            return
        if self.year_box.currentData() is None:
            self._years_changed()
            return
        self._compute(self.scenario, self.output_box.currentData(), self.year_box.currentData())

    def _compute(self, scenario: Scenario, metric: str, year: int) -> None:
        try:
            self.swings = tornado(scenario, metric, year, self.basis_value)
        except ValueError as exc:
            self.swings = []
            self.note.setText(str(exc))
        self._draw(metric, year)

    def _draw(self, metric: str, year: int) -> None:
        spec = SERIES[metric]
        scale = spec.display_scale
        moving = [s for s in self.swings if s.swing > 0]
        self.shown = shown = moving[:MAX_BARS]
        n = len(shown)
        ys = np.arange(n - 1, -1, -1, dtype=float)  # largest swing on top
        base = self.swings[0].base * scale if self.swings else 0.0
        low = np.array([s.low for s in shown]) * scale
        high = np.array([s.high for s in shown]) * scale
        self.low_bars.setOpts(x0=np.full(n, base), x1=low, y=ys, height=BAR_HEIGHT)
        self.high_bars.setOpts(x0=np.full(n, base), x1=high, y=ys, height=BAR_HEIGHT)
        self.base_line.setPos(base)
        self._label_bars(ys)
        self.plot.getPlotItem().setLabel("bottom", unit_text(spec.display_unit))
        pi = self.plot.getPlotItem()
        pi.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        if n:
            span = np.concatenate([low, high, [base]])
            pi.setXRange(span.min(), span.max(), padding=0.05)
        self.heading.setText(
            _(
                "<b>{what}</b>: base {base}. Each ranged input {low_mark} at its low and {high_mark} at its high, "
                "the others at base."
            ).format(
                what=describe(metric, year, self.basis_value),
                base=format_quantity(base, spec.display_unit),
                low_mark=f"<span style='color:{self.theme.series[0]}'>■</span>",
                high_mark=f"<span style='color:{self.theme.series[1]}'>■</span>",
            )
        )
        still = len(self.swings) - len(moving)
        notes = []
        if not self.swings:
            notes.append(_("No ranged inputs: give an input a low and a high to see its swing."))
        if len(moving) > n:
            hidden = len(moving) - n
            notes.append(
                ngettext("{n} smaller swing not shown.", "{n} smaller swings not shown.", hidden).format(n=hidden)
            )
        if still:
            notes.append(
                ngettext(
                    "{n} ranged input does not move this output.", "{n} ranged inputs do not move this output.", still
                ).format(n=still)
            )
        if n:
            notes.append(_("Click a bar to select its input."))
        self.note.setText(" ".join(notes))

    def _label_bars(self, ys: np.ndarray) -> None:
        """Each shown bar's input name on the left axis, elided to fit."""
        metrics = QFontMetrics(self.tick_font)
        elide = Qt.TextElideMode.ElideRight
        scenario = self.scenario
        labels = [
            (float(y), metrics.elidedText(input_label(scenario, s.input, short=True), elide, MAX_LABEL_PX))
            for y, s in zip(ys, self.shown)
            if scenario is not None
        ]
        axis = self.plot.getPlotItem().getAxis("left")
        axis.setTicks([labels, []])
        axis.setWidth(max((metrics.horizontalAdvance(t) for _, t in labels), default=40) + 16)

    def bars(self) -> list[BarValues]:
        """(input path, output at low, output at high) of each bar, top first, in display units."""
        x_low, x_high = self.low_bars.opts["x1"], self.high_bars.opts["x1"]
        return [(s.input, float(lo), float(hi)) for s, lo, hi in zip(self.shown, x_low, x_high)]

    def bar_centre(self, index: int):
        """Scene position of the middle of bar ``index`` (top bar is 0), for clicks."""
        ends = self.bars()[index][1:]  # low and high, or a share drawn from 0
        y = len(self.shown) - 1 - index
        return self.plot.getPlotItem().vb.mapViewToScene(pg.Point(sum(ends) / 2, y))

    def _clicked(self, event) -> None:
        vb = self.plot.getPlotItem().vb
        pos, rect = event.scenePos(), vb.sceneBoundingRect()
        if not rect.top() <= pos.y() <= rect.bottom() or pos.x() > rect.right():
            return  # clicks on a bar or on an input's name to the left of it count
        y = vb.mapSceneToView(pos).y()
        row = round(y)
        index = len(self.shown) - 1 - row
        if 0 <= index < len(self.shown) and abs(y - row) <= BAR_HEIGHT / 2:
            self.inputClicked.emit(self.shown[index].input)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plot.setBackground(theme.background)
        pi = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = pi.getAxis(name)
            axis.setPen(pg.mkPen(colour(theme.muted)))
            axis.setTextPen(pg.mkPen(colour(theme.foreground)))
        pi.getAxis("bottom").setGrid(int(theme.grid_alpha * 255))
        self.low_bars.setOpts(brush=pg.mkBrush(colour(theme.series[0], 210)), pen=pg.mkPen(None))
        self.high_bars.setOpts(brush=pg.mkBrush(colour(theme.series[1], 210)), pen=pg.mkPen(None))
        self.base_line.setPen(pg.mkPen(colour(theme.foreground), width=1.5))
