"""A view box whose value range holds still while the data move a little.

Re-ranging on every edit moves the ticks, so every axis re-lays out its text and the plot paints
twice (pyqtgraph auto-ranges while painting). Here the value range changes only when the data leave
it or shrink well inside it, and then with some headroom on the side they grew, so a slider drag
mostly repaints curves alone. ``reset_range`` fits the data exactly again (a new scenario or basis).

A plot with a second value axis anchors both at zero (``anchor_zero``): data that never go below zero are
drawn from a floor the same share of the height under zero on either axis, so the two zeros line up and
bars or curves on the two scales start from one baseline.
"""

from __future__ import annotations

import pyqtgraph as pg

HEADROOM = 0.15  # of the data span, added on the side the data left the range
MIN_FILL = 0.65  # re-range when the data span falls below this share of the visible range
ZERO_MARGIN = 0.04  # with anchor_zero: the range reaches this share of its top below zero
ZERO_SLACK = 0.02  # data reaching less than this share of their span below zero start at zero


def _from_zero(high: float) -> tuple[float, float]:
    """From just under zero, the same share of the height on every anchored axis, so their zeros meet."""
    return -ZERO_MARGIN * high, high


class StickyViewBox(pg.ViewBox):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, enableMenu=False, **kwargs)
        self.state["enableMenu"] = True  # the context menu is built when first opened, not at start-up
        self._exact_next = True
        self.anchor_zero = False  # set on both boxes of a plot with a right axis

    def getMenu(self, ev):
        if self.menu is None and self.menuEnabled():
            self._applyMenuEnabled()
        return self.menu

    def getContextMenus(self, event):
        self.getMenu(event)
        return super().getContextMenus(event)

    def reset_range(self) -> None:
        """Fit the value range to the data at the next update, with no hysteresis."""
        self._exact_next = True
        self.queueUpdateAutoRange()

    def resizeEvent(self, event) -> None:
        self._exact_next = True  # the padding depends on the height: fit again
        super().resizeEvent(event)

    def settle(self) -> None:
        """Apply pending range and transform changes now, before painting, so a paint never causes
        another one."""
        self.prepareForPaint()

    def setRange(self, rect=None, xRange=None, yRange=None, padding=None, update=True, disableAutoRange=True):
        if yRange is not None and not disableAutoRange:  # pyqtgraph's auto-range, padded already
            anchored = self.anchor_zero and self._starts_at_zero(*yRange)
            yRange = self._sticky(*(_from_zero(yRange[1]) if anchored else yRange))
            if anchored:  # the top may have moved (or not): the floor follows it
                yRange = _from_zero(self.viewRange()[1][1] if yRange is None else yRange[1])
                if yRange == tuple(self.viewRange()[1]):
                    yRange = None
            if yRange is None and xRange is None and rect is None:
                return
        super().setRange(rect, xRange, yRange, padding, update, disableAutoRange)

    def _starts_at_zero(self, low: float, high: float) -> bool:
        """Whether the data of this padded range never go below zero (a marker's few pixels reach a hair
        below its value: that still starts at zero)."""
        pad = self.suggestPadding(1)
        span = (high - low) / (1 + 2 * pad)
        return high > 0 and low + pad * span >= -ZERO_SLACK * span

    def _sticky(self, low: float, high: float) -> tuple[float, float] | None:
        if self._exact_next:
            self._exact_next = False
            return low, high
        pad = self.suggestPadding(1)
        span = (high - low) / (1 + 2 * pad)
        data_low, data_high = low + pad * span, high - pad * span
        shown_low, shown_high = self.viewRange()[1]
        inside = shown_low <= data_low and data_high <= shown_high
        if inside and span >= MIN_FILL * (shown_high - shown_low):
            return None
        if not inside:
            low -= HEADROOM * span if data_low < shown_low else 0.0
            high += HEADROOM * span if data_high > shown_high else 0.0
        return low, high
