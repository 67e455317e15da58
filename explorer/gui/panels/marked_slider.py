"""Sliders with a mark at the baseline (the value as opened or last saved), so an edit shows how far it
moved from where it started."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import QSlider, QStyle

from ...i18n import _

# The mixin paints on a slider: typed as one, a plain class at run time (the concrete sliders bring QSlider).
if TYPE_CHECKING:
    _Slider = QSlider
else:
    _Slider = object


class BaselineMark(_Slider):
    """Paints a small triangle under the groove at ``mark`` (a slider position), if any."""

    mark: int | None = None

    def set_mark(self, position: int | None) -> None:
        if position != self.mark:
            self.mark = position
            self.setToolTip(
                self.toolTip().split("\n▲")[0]
                + ("" if position is None else _("\n▲ marks the value before your edits"))
            )
            self.repaint()

    def _paint_mark(self) -> None:
        if self.mark is None:
            return
        handle = self.style().pixelMetric(QStyle.PixelMetric.PM_SliderLength, None, self)
        span = max(1, self.width() - handle)
        x = handle / 2 + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), self.mark, span)
        y = self.height() - 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawPolygon(QPolygonF([QPointF(x, y - 5), QPointF(x - 4, y), QPointF(x + 4, y)]))
        painter.end()


class MarkedSlider(BaselineMark, QSlider):
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self._paint_mark()
