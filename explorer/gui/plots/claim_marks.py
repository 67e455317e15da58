"""Claims drawn on the plot of their metric: the stated value as a marker, a stated range as a bracket,
at the claim's period, coloured by its verdict. Hovering a mark shows the claim; a selected claim's mark
is drawn larger.

Labels never overlap: claims on the same year or on neighbouring years (Meta's guidance and the analysts'
expectation for 2025) would print over each other, so each plot's labels are laid out on screen after
every change of its range or size; a label moved off its mark is tied to it by a thin leader line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from ...formatting import claim_model_text, claim_stated_text, claim_text, verdict_text
from ...presentation.view import ResultView
from ...series import SERIES
from ..theme import Theme
from .chart import Chart, colour

MARK_SIZE = 11
SELECTED_SIZE = 17
LABEL_LIFT = 1.2  # a label sits this share of its height above the top of its mark
LABEL_GAP = 2.0  # px between two labels moved apart
MAX_STEPS = 8  # a label moves at most this many label heights away from its mark


@dataclass
class ClaimMark:
    """The items of one claim on one plot."""

    check: Any  # a ClaimCheck, read generically (claim, stated, verdict)
    chart: Chart
    x: float
    low: float
    base: float
    high: float
    right: bool
    marker: pg.ScatterPlotItem
    bracket: pg.ErrorBarItem
    label: pg.TextItem
    leader: pg.PlotCurveItem  # from the mark to its label, when the label had to move
    tip: str = ""  # shown on hover; follows the newest check
    look: tuple = ()  # the style last applied
    anchor_x: float = 0.1  # share of the label's width left of its mark (it runs into the plot)

    @property
    def claim_id(self) -> str:
        return self.check.claim.id

    def items(self) -> tuple:
        return self.marker, self.bracket, self.label, self.leader

    def view_box(self) -> pg.ViewBox:
        return self.chart.right_vb if self.right else self.chart.plotItem.vb


def chart_for(charts: dict[str, Chart], metric: str) -> tuple[Chart, bool] | None:
    """The shown plot that draws ``metric`` and whether on its right axis."""
    for chart in sorted(charts.values(), key=lambda c: c.isHidden()):
        if metric in chart.series:
            return chart, False
        if metric in chart.right_series:
            return chart, True
    return None


def drawable(metric: str, measure: str) -> bool:
    """A claim reads as a point on its series' plot: a flow's yearly total, a stock's level (not a
    change, a growth ratio or one campus)."""
    kind = SERIES[metric].kind
    return measure in (("end", "peak") if kind == "stock" else ("total",))


def claim_x(view: ResultView, chart: Chart, year: int) -> float | None:
    """Where the claim's period sits on the time axis: mid-year for yearly bars, year end for stocks."""
    years = list(int(y) for y in view.annual.years)
    if year not in years:
        return None
    i = years.index(year)
    return float(view.x_year[i]) if chart.overlay_annual else float(view.year_start[i] + 1.0)


def claim_tip(check: Any) -> str:
    claim = check.claim
    lines = [
        claim_text(claim),
        f"{claim.period} · stated {claim_stated_text(check)} · model {claim_model_text(check)}",
        verdict_text(check),
    ]
    reason = getattr(check, "reason", "")
    if reason:
        lines.append(reason)
    if claim.source:
        lines.append(f"Source: {claim.source}")
    return "\n".join(lines)


class ClaimMarks:
    """Every drawable claim of the active scenario on the dashboard's plots."""

    def __init__(self, charts: dict[str, Chart], theme: Theme):
        self.charts = charts
        self.theme = theme
        self.marks: list[ClaimMark] = []
        self.enabled = True
        self.selected: str | None = None
        self.checks: list = []
        self._watched: set[Chart] = set()  # plots whose scale changes re-arrange their labels

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        for mark in self.marks:
            for item in mark.items():
                item.setVisible(on)
            mark.look = ()  # the label's visibility is part of the look: restyle
        self._style()

    def show_checks(self, checks: list) -> None:
        """Redraw for new claim checks (the plots' views must already show the results checked). Marks
        that stay where they were are only restyled: this runs on every edit."""
        self.checks = list(checks)
        places = [self._place(check) for check in checks]
        if [(m.claim_id, m.chart, m.x, m.low, m.base, m.high, m.right) for m in self.marks] == [
            (c.claim.id, *place) for c, place in zip(checks, places) if place is not None
        ]:
            by_id = {c.claim.id: c for c in checks}
            for mark in self.marks:
                mark.check = by_id[mark.claim_id]
                mark.tip = claim_tip(mark.check)
            self._style()
            return
        self._clear()
        for check, place in zip(checks, places):
            if place is not None:
                self.marks.append(self._mark(check, *place))
        self.set_enabled(self.enabled)
        self._style()

    def select(self, claim_id: str | None) -> None:
        """Draw this claim's mark larger (the claims table's selection)."""
        self.selected = claim_id
        self._style()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._style()

    def mark(self, claim_id: str) -> ClaimMark | None:
        return next((m for m in self.marks if m.claim_id == claim_id), None)

    # ---------------------------------------------------------------- inside
    def _clear(self) -> None:
        for mark in self.marks:
            target = mark.chart.draw_target(mark.right)
            for item in mark.items():
                target.removeItem(item)
        self.marks.clear()

    def _place(self, check: Any) -> tuple | None:
        """(chart, x, low, base, high, right) where the claim is drawn, or None when it is not a point."""
        claim = check.claim
        period = claim.period_parts
        if claim.site or period.span or period.by or not drawable(claim.metric, claim.measure):
            return None  # one campus, several years, or not a level of the series: not one point
        found = chart_for(self.charts, claim.metric)
        if found is None:
            return None
        chart, right = found
        view = chart.view
        if view is None or (claim.fiscal != (view.basis == "fiscal")):
            return None
        x = claim_x(view, chart, claim.year)
        if x is None or (right and chart.right_vb is None):
            return None
        scale = SERIES[claim.metric].display_scale
        low, base, high = (float(v) * scale for v in check.stated)
        if chart.log_y:
            low, base, high = (float(np.log10(max(v, 1e-12))) for v in (low, base, high))
        return chart, x, low, base, high, right

    def _mark(self, check: Any, chart: Chart, x: float, low: float, base: float, high: float, right: bool) -> ClaimMark:
        mark = ClaimMark(check, chart, x, low, base, high, right, None, None, None, None, claim_tip(check))
        marker = pg.ScatterPlotItem(
            x=[x], y=[base], symbol="d", size=MARK_SIZE, hoverable=True, tip=lambda *_a: mark.tip, data=[check.claim.id]
        )
        bracket = pg.ErrorBarItem(
            x=np.array([x]), y=np.array([(low + high) / 2]), height=np.array([high - low]), beam=0.25
        )
        early = chart.view is not None and x < sum(chart.view.span) / 2
        mark.anchor_x = 0.1 if early else 0.9  # the label runs into the plot, not past its edge
        label = pg.TextItem(claim_stated_text(check), anchor=(mark.anchor_x, LABEL_LIFT))
        label.setFont(QFont(chart.font().family(), 7))
        label.setPos(x, high)
        leader = pg.PlotCurveItem()
        leader.hide()
        target = chart.draw_target(right)
        for z, item in zip((62, 61, 63, 60), (marker, bracket, label, leader)):
            item.setZValue(z)
            target.addItem(item, ignoreBounds=True)  # a claim never rescales the plot
        bracket.setVisible(high > low)
        mark.marker, mark.bracket, mark.label, mark.leader = marker, bracket, label, leader
        if chart not in self._watched:  # lay the labels out again whenever the plot's scale changes
            self._watched.add(chart)
            for box in chart.view_boxes():
                box.sigTransformChanged.connect(lambda *_a, c=chart: self.arrange(c))
        return mark

    # ---------------------------------------------------------------- labels apart
    def arrange(self, chart: Chart | None = None) -> None:
        """Move labels that would overlap apart, on screen: each keeps its place when it can, else it
        moves up (or down) by whole label heights to the nearest free place, tied to its mark by a leader."""
        for plot in [chart] if chart is not None else {m.chart for m in self.marks}:
            marks = [m for m in self.marks if m.chart is plot and m.label.isVisible()]
            for mark in self.marks:
                if mark.chart is plot and not mark.label.isVisible():
                    mark.leader.hide()
            placed: list[QRectF] = []
            # the highest marks first: they keep their place, the ones below give way
            for mark in sorted(marks, key=lambda m: self._anchor_point(m).y()):
                steps = self._free_steps(mark, placed)
                anchor = pg.Point(mark.anchor_x, LABEL_LIFT + steps * (1.0 + LABEL_GAP / self._size(mark)[1]))
                if anchor != mark.label.anchor:
                    mark.label.setAnchor(anchor)
                placed.append(self._label_rect(mark, steps))
                self._lead(mark, steps)

    @staticmethod
    def _size(mark: ClaimMark) -> tuple[float, float]:
        rect = mark.label.textItem.boundingRect()
        return rect.width(), max(rect.height(), 1.0)

    @staticmethod
    def _anchor_point(mark: ClaimMark):
        return mark.view_box().mapViewToScene(pg.Point(mark.x, mark.high))

    def _label_rect(self, mark: ClaimMark, steps: int) -> QRectF:
        """Where the label would be (scene px) moved ``steps`` label heights up (down when negative)."""
        width, height = self._size(mark)
        point = self._anchor_point(mark)
        top = point.y() - LABEL_LIFT * height - steps * (height + LABEL_GAP)
        return QRectF(point.x() - mark.anchor_x * width, top, width, height)

    def _free_steps(self, mark: ClaimMark, placed: list[QRectF]) -> int:
        """The smallest move that overlaps no placed label and stays in the plot: up first (a label over the
        bars below its mark reads worse), then down."""
        inside = mark.view_box().sceneBoundingRect()
        for steps in (0, *range(1, MAX_STEPS + 1), *range(-1, -MAX_STEPS - 1, -1)):
            rect = self._label_rect(mark, steps)
            if steps and not (inside.top() <= rect.top() and rect.bottom() <= inside.bottom()):
                continue
            if not any(rect.intersects(other) for other in placed):
                return steps
        return 0

    def _lead(self, mark: ClaimMark, steps: int) -> None:
        """A thin line from the mark to its moved label."""
        if steps == 0:
            mark.leader.hide()
            return
        box = mark.view_box()
        rect = self._label_rect(mark, steps)
        end_y = rect.bottom() if steps > 0 else rect.top()
        end = box.mapSceneToView(pg.Point(self._anchor_point(mark).x(), end_y))
        start_y = mark.high if steps > 0 else mark.low
        mark.leader.setData([mark.x, mark.x], [start_y, end.y()])
        mark.leader.show()

    def _style(self) -> None:
        """Colour by verdict, larger when selected; only marks whose look changed are touched (pyqtgraph
        redraws a scatter item on every style call, and this runs on every edit)."""
        changed = False
        for mark in self.marks:
            verdict = mark.check.verdict
            tone = (
                self.theme.good
                if verdict == "consistent"
                else self.theme.bad
                if verdict == "inconsistent"
                else self.theme.muted
            )
            selected = mark.claim_id == self.selected
            label_shown = self.enabled and (selected or self.selected is None)
            look = (tone, selected, label_shown, self.theme.foreground, self.theme.background)
            if look == mark.look:
                continue
            changed = True
            mark.look = look
            mark.marker.setSize(SELECTED_SIZE if selected else MARK_SIZE)
            mark.marker.setBrush(pg.mkBrush(colour(tone)))
            mark.marker.setPen(pg.mkPen(colour(self.theme.foreground), width=2 if selected else 1))
            mark.bracket.setOpts(pen=pg.mkPen(colour(tone), width=3 if selected else 2))
            mark.label.setColor(colour(tone))
            mark.label.fill = pg.mkBrush(colour(self.theme.background, 200))  # reads over bars and lines
            mark.label.setVisible(label_shown)
            mark.leader.setPen(pg.mkPen(colour(tone, 160), width=1))
        if changed:  # labels shown or hidden; moves of the scale re-arrange through sigTransformChanged
            self.arrange()
