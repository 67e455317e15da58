"""The common part of every dashboard plot: axes, legend, crosshair, readout, overlays and theme.

Items are created once by ``build`` and refreshed by ``update`` with ``setData``/``setOpts``; colours
are applied separately by ``apply_theme``. Only a new scenario or a new set of overlays rebuilds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QSizePolicy

from ...formatting import format_quantity
from ...i18n import _
from ...presentation.view import ResultView
from ...series import SERIES
from ..theme import LIGHT, Theme
from .axes import LogValueAxis, ValueAxis, YearAxis
from .view_box import StickyViewBox

BAR_WIDTH = 0.8  # of a year


@dataclass
class Overlay:
    key: str  # stable id of the scenario in the workspace
    name: str
    colour: str
    view: ResultView | None = None
    faint: bool = False  # the baseline: a thin pale line under everything, not another scenario


class SwatchSample(pg.ItemSample):
    """A legend swatch for fills that pyqtgraph's ItemSample cannot draw (FillBetweenItem)."""

    def __init__(self, item, brush: QBrush):
        super().__init__(item)
        self.brush = brush

    def paint(self, p, *args):
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.brush)
        p.drawRect(QRectF(2, 2, 16, 16))


def short_name(name: str, limit: int = 24) -> str:
    """Scenario names in legends and readouts: long ones are cut so the plot keeps its room."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def colour(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c


AXIS_WIDTH = 52  # px, value axes of every plot alike
MIN_PLOT_HEIGHT = 125  # px of plotting area a chart keeps
CHROME_HEIGHT = 80  # title, time axis and margins
LEGEND_ROW = 17


class Chart(pg.GraphicsLayoutWidget):
    """A plot with its legend underneath, so the legend never hides data."""

    menuRequested = Signal(object)  # global position of a right click: the dashboard offers its chart menu
    doubleClicked = Signal()

    key = ""
    title = ""
    short_title = ""  # shown when the plot is too narrow for the title
    y_unit = ""
    overlay_series = ""  # the series drawn for other scenarios
    overlay_annual = False
    readout_rows: tuple[tuple[str, str], ...] = ()  # (label, series) read out at the crosshair
    log_y = False
    series: tuple[str, ...] = ()  # output series read on the left axis (claims about them are drawn here)
    right_series: tuple[str, ...] = ()  # ... and on the right axis
    right_colour_index: int | None = None  # theme series colour of what the right axis measures
    right_label = ""

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.view: ResultView | None = None
        self.overlays: list[Overlay] = []
        self.overlay_items: dict[str, pg.PlotDataItem] = {}
        self.items: dict[str, pg.GraphicsObject] = {}
        self.samples: dict[str, SwatchSample] = {}  # legend swatches drawn by us, restyled with their item
        self.right_vb: pg.ViewBox | None = None
        self.stale = False  # hidden while the results moved on: rebuilt when shown again
        # more readout lines from outside the plot (e.g. its uncertainty band): x → lines
        self.readout_extras: list[Callable[[float], list[str]]] = []
        self.ci.setContentsMargins(2, 2, 2, 2)
        self.ci.setSpacing(0)
        axes = {
            "bottom": YearAxis("bottom"),
            "left": (LogValueAxis if self.log_y else ValueAxis)("left"),
            "right": ValueAxis("right"),
        }
        pi = self.plotItem = self.addPlot(row=0, col=0, axisItems=axes, viewBox=StickyViewBox())
        # Every plot keeps the same axis widths, blank on the right when it has no second axis: linked
        # plots line their time axes up by screen position, so equal widths keep the years aligned.
        pi.showAxis("right")
        pi.getAxis("right").setStyle(showValues=False)
        pi.getAxis("right").setWidth(AXIS_WIDTH)
        # chart classes name their title and unit in English (N_); people read them in their language
        self.title, self.short_title, self.y_unit = _(self.title), _(self.short_title), _(self.y_unit)
        pi.setTitle(self.title, size="9pt")
        pi.setLabel("left", self.y_unit)
        pi.setLogMode(False, self.log_y)
        pi.hideButtons()
        pi.setMenuEnabled(False)  # the dashboard's chart menu replaces pyqtgraph's
        pi.vb.setMouseEnabled(x=True, y=False)
        pi.getAxis("left").setWidth(AXIS_WIDTH)
        self.legend = pg.LegendItem(labelTextSize="7pt", colCount=self.legend_columns(), verSpacing=-8, horSpacing=10)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addItem(self.legend, row=1, col=0)
        self.crosshair = pg.InfiniteLine(angle=90, movable=False)
        self.crosshair.hide()
        pi.addItem(self.crosshair, ignoreBounds=True)
        self.readout = pg.TextItem(anchor=(1, 0))
        self.readout.setFont(QFont(self.font().family(), 7))
        self.readout.setParentItem(self.ci)  # not the view box: that would clip it at the plot's edge
        self.readout.setZValue(1000)
        self.readout.hide()
        self.setAccessibleName(_("{title} plot").format(title=self.title))
        self.setMinimumSize(220, 160)

    def legend_columns(self) -> int:
        return 3

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refit()

    def contextMenuEvent(self, event) -> None:
        self.menuRequested.emit(event.globalPos())
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:
        self.doubleClicked.emit()
        event.accept()

    def fit_legend(self) -> None:
        """As many legend columns as the width allows (columns are as wide as their widest entry)."""
        entries = self.legend.items if hasattr(self, "legend") else []
        if not entries:
            return
        widths = [sample.boundingRect().width() + label.itemRect().width() + 14 for sample, label in entries]
        available = self.width() - 12
        columns = 1
        for n in range(len(widths), 1, -1):
            if sum(max(widths[j::n]) for j in range(n)) <= available:
                columns = n
                break
        self.legend.setColumnCount(columns)
        # a legend wider than the plot would push the plot's right edge out of sight: check as laid out
        while columns > 1 and self.legend.minimumWidth() > available:
            columns -= 1
            self.legend.setColumnCount(columns)

    def resizeEvent(self, event) -> None:
        # legend and title first: the layout cannot be set narrower than they are
        if hasattr(self, "legend"):  # not while pyqtgraph builds the view
            self.refit()
        super().resizeEvent(event)

    def refit(self) -> None:
        """After the legend's entries changed: its columns, then the layout, to the widget's size
        (on screen only: a hidden chart refits when shown)."""
        if not self.isVisible():
            return
        self.fit_legend()
        self.fit_title()
        legend_rows = -(-len(self.legend.items) // max(1, self.legend.columnCount))
        # room for the plot and its whole legend: the dashboard scrolls rather than squeezing either
        self.legend.setMinimumHeight(LEGEND_ROW * legend_rows)
        height = MIN_PLOT_HEIGHT + CHROME_HEIGHT + LEGEND_ROW * legend_rows
        if height != self.minimumHeight():  # not from inside a resize: the view would keep its old viewport
            QTimer.singleShot(0, lambda: self.setMinimumHeight(height))
        self.ci.setGeometry(QRectF(0, 0, self.width(), self.height()))  # a narrower legend frees the layout

    def shown_title(self) -> str:
        """The full title, or the short one when the plot is too narrow for it (e.g. a dock opened)."""
        font = QFont()
        font.setPointSizeF(9)
        pi = self.plotItem  # the title spans the space between the value axes
        axes = sum(pi.getAxis(side).width() for side in ("left", "right") if pi.getAxis(side).isVisible())
        fits = QFontMetrics(font).horizontalAdvance(self.title) <= self.width() - axes - 16
        return self.title if fits or not self.short_title else self.short_title

    def fit_title(self) -> None:
        if not hasattr(self, "plotItem"):  # resized while being built
            return
        text = self.shown_title()
        if text != self.plotItem.titleLabel.text:
            self.plotItem.setTitle(text, size="9pt", color=self.theme.foreground)

    # --- structure
    def build(self, view: ResultView) -> None:
        """Create the items of the active scenario (called when the scenario's structure changes)."""
        for item in list(self.items.values()):
            self._remove(item)
        self.items.clear()
        self.samples.clear()
        self.legend.clear()
        self.view = view
        self.create_items(view)
        if self.overlay_annual:
            self.plotItem.getAxis("bottom").label_bars(
                float(view.x_year[0]), int(view.annual.years[0]), "FY" if view.basis == "fiscal" else ""
            )
        for vb in self.view_boxes():
            vb.reset_range()
        self.show_view(view)
        self.style_items(self.theme)  # axes and legend keep the theme they have
        self.style_overlays()
        self.refit()

    def create_items(self, view: ResultView) -> None:
        raise NotImplementedError

    def show_view(self, view: ResultView) -> None:
        """New data for the existing items."""
        self.view = view
        self.update_items(view)
        self.settle()

    def view_boxes(self) -> list[StickyViewBox]:
        return [self.plotItem.vb] + ([self.right_vb] if self.right_vb is not None else [])

    def settle(self) -> None:
        """Re-range now rather than while painting, which would paint the plot a second time."""
        for vb in self.view_boxes():
            vb.settle()

    def update_items(self, view: ResultView) -> None:
        raise NotImplementedError

    def set_data(self, key: str, x: np.ndarray, y: np.ndarray) -> bool:
        """New data for a curve; the same data leave it alone, so an edit repaints only what moved."""
        item = self.items[key]
        if _same(item.xData, x) and _same(item.yData, y):
            return False
        item.setData(x, y)
        return True

    def set_bars(self, key: str, **data: np.ndarray) -> None:
        """New x, height (and y0) for bars; as set_data, unchanged bars are left alone."""
        item = self.items[key]
        if all(_same(item.opts.get(name), value) for name, value in data.items()):
            return
        item.setOpts(width=BAR_WIDTH, **data)

    def _remove(self, item) -> None:
        if self.right_vb is not None and item.getViewBox() is self.right_vb:
            self.right_vb.removeItem(item)
        else:  # every kind, fills included (FillBetweenItem is not a GraphicsObject)
            self.plotItem.removeItem(item)

    def add(self, key: str, item, legend: str | None = None, right: bool = False, sample=None):
        self.items[key] = item
        if isinstance(item, pg.PlotDataItem):
            fixed_range(item)
        if right:
            self.right_axis().addItem(item)
        else:
            self.plotItem.addItem(item)
        if isinstance(sample, SwatchSample):
            self.samples[key] = sample
        if legend:
            self.legend.addItem(sample or item, _(legend))
        return item

    def right_axis(self, label: str | None = None) -> pg.ViewBox:
        """A second value axis on the right, sharing the time axis."""
        if self.right_vb is None:
            pi = self.plotItem
            vb = StickyViewBox()
            vb.setMouseEnabled(x=True, y=False)
            pi.getAxis("right").setStyle(showValues=True)
            pi.scene().addItem(vb)
            pi.getAxis("right").linkToView(vb)
            vb.setXLink(pi.vb)
            pi.vb.sigResized.connect(lambda: vb.setGeometry(pi.vb.sceneBoundingRect()))
            pi.vb.anchor_zero = vb.anchor_zero = True  # the two zeros line up
            self.right_vb = vb
        if label:
            self.right_label = _(label)
            self._label_right_axis()
        return self.right_vb

    def _label_right_axis(self) -> None:
        """The right axis's title in the colour of the series it measures, so it reads as that
        series' axis and not the next plot's."""
        if self.right_label:
            index = self.right_colour_index
            tint = self.theme.foreground if index is None else self.theme.series[index % len(self.theme.series)]
            self.plotItem.setLabel("right", self.right_label, color=tint)

    # --- other scenarios
    def set_overlays(self, overlays: list[Overlay]) -> None:
        for item in self.overlay_items.values():
            self.plotItem.removeItem(item)
        self.overlay_items.clear()
        self.overlays = list(overlays)
        for ov in self.overlays:
            symbol = "o" if self.overlay_annual else None
            item = fixed_range(pg.PlotDataItem(symbol=symbol, symbolSize=5))
            item.setZValue(50)
            self.overlay_items[ov.key] = item
            self.plotItem.addItem(item)  # named once, in the dashboard's shared key
            self.update_overlay(ov)
        self.style_overlays()
        self.refit()
        self.settle()

    def update_overlay(self, overlay: Overlay) -> None:
        item = self.overlay_items.get(overlay.key)
        if item is None or overlay.view is None:
            return
        v = overlay.view
        x, y = (
            (v.x_year, v.year(self.overlay_series))
            if self.overlay_annual
            else (v.x_month, self.positive(v.month(self.overlay_series)))
        )
        if not (_same(item.xData, x) and _same(item.yData, y)):
            item.setData(x, y)
        overlay_index = next(i for i, o in enumerate(self.overlays) if o.key == overlay.key)
        self.overlays[overlay_index] = overlay

    def positive(self, y: np.ndarray) -> np.ndarray:
        """Log plots cannot show zero: leave a gap instead."""
        return np.where(y > 0, y, np.nan) if self.log_y else y

    # --- theme
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        fg = QColor(theme.foreground)
        for name in ("left", "bottom", "right"):
            axis = self.plotItem.getAxis(name)
            blank = name == "right" and self.right_vb is None
            axis.setPen(pg.mkPen(None) if blank else pg.mkPen(colour(theme.muted)))
            axis.setTextPen(pg.mkPen(fg))
            axis.setGrid(int(theme.grid_alpha * 255) if name != "right" else False)
        self.plotItem.setTitle(self.shown_title(), size="9pt", color=theme.foreground)
        self._label_right_axis()
        self.legend.setLabelTextColor(fg)
        for _sample, label in self.legend.items:  # labels drawn before keep their colour until set again
            label.setText(label.text, color=fg)
        self.crosshair.setPen(pg.mkPen(colour(theme.muted), width=1, style=Qt.PenStyle.DashLine))
        self.readout.fill = pg.mkBrush(QColor(theme.readout_fill))
        self.readout.border = pg.mkPen(colour(theme.muted))
        self.readout.setColor(fg)
        if self.items:
            self.style_items(theme)
        self.style_overlays()

    def style_items(self, theme: Theme) -> None:
        raise NotImplementedError

    def style_overlays(self) -> None:
        for ov in self.overlays:
            item = self.overlay_items.get(ov.key)
            if item is not None and ov.faint:
                item.setPen(baseline_pen(ov.colour))
                item.setSymbol(None)
                item.setZValue(-50)
            elif item is not None:
                c = colour(ov.colour)
                item.setPen(overlay_pen(ov.colour))
                item.setSymbolBrush(pg.mkBrush(c))
                item.setSymbolPen(pg.mkPen(c))

    def draw_target(self, right: bool) -> pg.ViewBox:
        """Where an item goes: the right axis's view box, or the plot itself (which draws on the left)."""
        if not right:
            return self.plotItem
        if self.right_vb is None:
            raise ValueError(f"the {self.key} plot has no right axis")
        return self.right_vb

    def pen(self, index: int, width: float = 2, style=Qt.PenStyle.SolidLine) -> QPen:
        return pg.mkPen(colour(self.theme.series[index % len(self.theme.series)]), width=width, style=style)

    def brush(self, index: int, alpha: int = 255) -> QBrush:
        return pg.mkBrush(colour(self.theme.series[index % len(self.theme.series)], alpha))

    # --- crosshair
    def show_crosshair(self, x: float) -> None:
        view = self.view
        if view is None:
            return
        self.crosshair.setPos(x)
        self.crosshair.show()
        lines = self.readout_lines(view, x)
        if lines:
            for extra in self.readout_extras:
                lines += extra(x)
        if not lines:
            self.readout.hide()
            return
        self.readout.setText("\n".join(lines))
        room = self.width() - 8  # wrap rather than run past the chart's edge
        self.readout.setTextWidth(-1)
        if self.readout.boundingRect().width() > room:
            self.readout.setTextWidth(room)
        # stay clear of the cursor and of the data: the readout takes the half of the plot away from
        # the crosshair, and the top or bottom away from the plotted value there
        vb = self.plotItem.vb
        rect = vb.mapRectToItem(self.ci, vb.boundingRect())
        (x0, x1), (y0, y1) = vb.viewRange()
        left_half = x < (x0 + x1) / 2
        value = self._value_at(view, x)
        low_data = value is not None and y1 > y0 and (value - y0) / (y1 - y0) < 0.5
        width = self.readout.boundingRect().width()
        if width > rect.width() - 4:  # wider than the plot: start at its left edge, over the right axis
            anchor_x, pos_x = 0, rect.left() + 2
        else:
            anchor_x, pos_x = (1, rect.right() - 2) if left_half else (0, rect.left() + 2)
        anchor_y, pos_y = (0, rect.top() + 2) if low_data else (1, rect.bottom() - 2)
        self.readout.setAnchor((anchor_x, anchor_y))
        self.readout.setPos(pos_x, pos_y)
        self.readout.show()

    def _value_at(self, view: ResultView, x: float) -> float | None:
        """The plot's main series at ``x`` as drawn (None outside the data)."""
        i = view.year_index(x) if self.overlay_annual else view.month_index(x)
        if i is None:
            return None
        values = view.year(self.overlay_series) if self.overlay_annual else view.month(self.overlay_series)
        value = float(values[i])
        return float(np.log10(value)) if self.log_y and value > 0 else value

    def hide_crosshair(self) -> None:
        self.crosshair.hide()
        self.readout.hide()

    def readout_lines(self, view: ResultView, x: float) -> list[str]:
        """The crosshair's readout: the chart's series at ``x``, what the chart adds, the other scenarios."""
        return (
            line_readout(view, x, self.readout_rows, annual=self.overlay_annual)
            + self.more_readout(view, x)
            + self.overlay_lines(x)
        )

    def more_readout(self, view: ResultView, x: float) -> list[str]:
        """Lines a chart adds under its series' values."""
        return []

    def overlay_lines(self, x: float) -> list[str]:
        spec = SERIES[self.overlay_series]
        out = []
        for ov in self.overlays:
            v = ov.view
            if v is None:
                continue
            i = v.year_index(x) if self.overlay_annual else v.month_index(x)
            if i is not None:
                value = v.year(self.overlay_series)[i] if self.overlay_annual else v.month(self.overlay_series)[i]
                out.append(f"{short_name(ov.name)}: {format_quantity(value, spec.display_unit)}")
        return out

    # --- for exports and tests
    def item_data(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of one item as drawn; bars give their tops when stacked."""
        item = self.items.get(key) or self.overlay_items[key]
        if isinstance(item, pg.BarGraphItem):
            return np.asarray(item.opts["x"], float), np.asarray(item.opts["height"], float)
        return np.asarray(item.xData, float), np.asarray(item.yData, float)  # as given, even on log axes


def overlay_pen(hex_colour: str) -> QPen:
    """Other scenarios: a dashed line in the scenario's colour (the median is solid and thin)."""
    return pg.mkPen(colour(hex_colour), width=2, style=Qt.PenStyle.DashLine)


def baseline_pen(hex_colour: str) -> QPen:
    """The scenario before the edits (as opened or last saved): faint, so the edited one stands out."""
    return pg.mkPen(colour(hex_colour, 150), width=3)


def fixed_range(item: pg.PlotDataItem) -> pg.PlotDataItem:
    """The value range always holds every point, so pyqtgraph need not re-trace the curve against
    it (its guard for far-off values) each time the range changes."""
    item.setDynamicRangeLimit(None)
    return item


def _same(old, new: np.ndarray) -> bool:
    return isinstance(old, np.ndarray) and old.shape == np.shape(new) and np.array_equal(old, new, equal_nan=True)


def line_readout(view: ResultView, x: float, rows: Sequence[tuple[str, str]], annual: bool = False) -> list[str]:
    """'2025-06' then 'Label: value unit (layer, stock)' for each (label, series) row."""
    i = view.year_index(x) if annual else view.month_index(x)
    if i is None:
        return []
    head = view.year_label(i) if annual else view.results.grid.labels()[i]
    out = [head]
    for label, name in rows:
        spec = SERIES[name]
        value = view.year(name)[i] if annual else view.month(name)[i]
        out.append(f"{_(label)}: {format_quantity(value, spec.display_unit)} ({spec.tag()})")
    return out
