"""A time axis labelled in whole years, and value axes that keep our display units."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPaintEngine, QPainter, QPixmap

from ...formatting import localize_number


class CachedAxis(pg.AxisItem):
    """An axis drawn from a pixmap while its ticks, labels and size stay the same.

    pyqtgraph replays the axis (tick text and grid) from a QPicture on every paint, and replaying is
    slow; a new edit repaints the plot but rarely changes its axes. When the ticks do change, the
    pixmap is drawn afresh with the grid lines as one-pixel rectangles: Qt draws translucent aliased
    lines about twenty times slower than it fills the same pixels. Vector output (SVG) and scaled
    renderings still draw pyqtgraph's picture.
    """

    def __init__(self, *args, **kwargs):
        self._pixmap: QPixmap | None = None
        self._pixmap_key: tuple | None = None
        super().__init__(*args, **kwargs)

    @property
    def picture(self):
        return self._picture

    @picture.setter
    def picture(self, value) -> None:  # pyqtgraph sets None whenever the axis must be redrawn
        self._picture = value
        if value is None:
            self._pixmap = None

    def paint(self, p, opt, widget):
        transform = p.deviceTransform()
        ratio = p.device().devicePixelRatioF()
        if (
            p.paintEngine().type() != QPaintEngine.Raster
            or transform.isScaling()
            or transform.isRotating()
            or ratio != 1.0
        ):
            super().paint(p, opt, widget)
            return
        rect = self.boundingRect()
        key = (rect.x(), rect.y(), rect.width(), rect.height())
        if self._pixmap is None or key != self._pixmap_key:
            pixmap = QPixmap(max(1, math.ceil(rect.width())), max(1, math.ceil(rect.height())))
            pixmap.fill(Qt.transparent)
            painter = QPainter(pixmap)
            painter.translate(-rect.topLeft())
            if self.style["tickFont"]:
                painter.setFont(self.style["tickFont"])
            specs = self.generateDrawSpecs(painter)
            if specs is not None:
                self._draw(painter, *specs)
            painter.end()
            self._pixmap, self._pixmap_key = pixmap, key
        p.drawPixmap(rect.topLeft(), self._pixmap)

    def _draw(self, p: QPainter, axis_spec, tick_specs, text_specs) -> None:
        """pyqtgraph's drawPicture, with straight hairlines filled as the pixels Qt would draw."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        hairlines = []
        dx, dy = p.transform().dx(), p.transform().dy()  # the pixmap's painter only translates
        for pen, p1, p2 in [axis_spec, *tick_specs]:
            pixels = _hairline_pixels(pen, p1.x() + dx, p1.y() + dy, p2.x() + dx, p2.y() + dy)
            if pixels is None:
                p.setPen(pen)
                p.drawLine(p1, p2)
            else:
                hairlines.append((pixels, pen.color()))
        p.save()
        p.resetTransform()
        for pixels, color in hairlines:
            p.fillRect(pixels, color)
        p.restore()
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        p.setClipRect(self.boundingRect().toAlignedRect())
        for rect, flags, text in text_specs:
            p.drawText(rect, int(flags), text)


def _hairline_pixels(pen, x1: float, y1: float, x2: float, y2: float) -> QRect | None:
    """The device pixels of a horizontal or vertical one-pixel solid line without antialiasing
    (Qt fills the pixel each end point falls in and those between); None for any other line."""
    if not (pen.isCosmetic() and pen.widthF() <= 1 and pen.style() == Qt.PenStyle.SolidLine):
        return None
    left, right = sorted((math.floor(x1), math.floor(x2)))
    top, bottom = sorted((math.floor(y1), math.floor(y2)))
    if left != right and top != bottom:
        return None
    return QRect(left, top, right - left + 1, bottom - top + 1)


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

    def tickValues(self, minVal, maxVal, size):
        span = max(maxVal - minVal, 1e-9)
        step = 1
        while size / span * step < (44 if self.prefix else 36):  # keep labels apart
            step *= 2 if step < 4 else 2.5
        step = float(math.ceil(step))
        offset = self.centre0 % 1.0
        first = math.ceil((minVal - offset) / step) * step + offset
        return [(step, list(np.arange(first, maxVal + 1e-9, step)))]

    def tickStrings(self, values, scale, spacing):
        return [f"{self.prefix}{round(v - self.centre0) + self.label0}" for v in values]


class ValueAxis(CachedAxis):
    """A value axis whose unit is in the label; no automatic k/M/G prefixes (units are already human)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):
        """Tick numbers in the reader's decimal mark ('0,8' in French)."""
        return [localize_number(text) for text in super().tickStrings(values, scale, spacing)]


class LogValueAxis(ValueAxis):
    """On a log axis, label only the decades, in plain numbers (100, 1,000, 10,000)."""

    def logTickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            if abs(v - round(v)) > 1e-6:
                out.append("")
                continue
            number = 10.0 ** round(v)
            out.append(localize_number(f"{number:,.0f}" if number >= 1 else f"{number:g}"))
        return out
