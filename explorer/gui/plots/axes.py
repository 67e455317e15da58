"""A time axis labelled in whole years, and value axes that keep our display units."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEngine, QPixmap


class CachedAxis(pg.AxisItem):
    """An axis drawn from a pixmap while its ticks, labels and size stay the same.

    pyqtgraph replays the axis (tick text and grid) from a QPicture on every paint, and replaying
    text is slow; a new edit repaints the plot but rarely changes its axes. Vector output (SVG) and
    scaled renderings still draw the picture itself.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pixmap: QPixmap | None = None
        self._pixmap_key: tuple | None = None

    def paint(self, p, opt, widget):
        transform = p.deviceTransform()
        if p.paintEngine().type() != QPaintEngine.Raster or transform.isScaling() or transform.isRotating():
            super().paint(p, opt, widget)
            return
        rect = self.boundingRect()
        ratio = p.device().devicePixelRatioF()
        key = (rect.x(), rect.y(), rect.width(), rect.height(), ratio)
        if self.picture is None or self._pixmap is None or key != self._pixmap_key:
            pixmap = QPixmap(max(1, math.ceil(rect.width() * ratio)), max(1, math.ceil(rect.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.transparent)
            painter = QPainter(pixmap)
            painter.translate(-rect.topLeft())
            super().paint(painter, opt, widget)  # (re)builds self.picture and plays it once
            painter.end()
            self._pixmap, self._pixmap_key = pixmap, key
        p.drawPixmap(rect.topLeft(), self._pixmap)


class YearAxis(CachedAxis):
    """Decimal years on the data, '2025' on the axis, never fractional labels.

    Monthly plots tick at the start of each year. Plots of yearly bars tick at the bars' centres and
    label them with their (calendar or fiscal) year, so a bar is never read as the next year.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)
        self.centre0, self.label0, self.prefix = 0.0, 0, ""

    def label_bars(self, first_centre: float, first_year: int, prefix: str = "") -> None:
        self.centre0, self.label0, self.prefix = first_centre, first_year, prefix
        self.picture = None
        self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph's name
        span = max(maxVal - minVal, 1e-9)
        step = 1
        while size / span * step < (44 if self.prefix else 36):  # keep labels apart
            step *= 2 if step < 4 else 2.5
        step = float(math.ceil(step))
        offset = self.centre0 % 1.0
        first = math.ceil((minVal - offset) / step) * step + offset
        return [(step, list(np.arange(first, maxVal + 1e-9, step)))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [f"{self.prefix}{int(round(v - self.centre0)) + self.label0}" for v in values]


class ValueAxis(CachedAxis):
    """A value axis whose unit is in the label; no automatic k/M/G prefixes (units are already human)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)


class LogValueAxis(ValueAxis):
    """On a log axis, label only the decades, in plain numbers (100, 1,000, 10,000)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802
        out = []
        for v in values:
            if abs(v - round(v)) > 1e-6:
                out.append("")
                continue
            number = 10.0 ** round(v)
            out.append(f"{number:,.0f}" if number >= 1 else f"{number:g}")
        return out
