"""The low / base / high slider of a range editor: three handles on one groove, the span between the low
and the high filled, and the baseline mark. Drawn with the platform's slider style, so it reads like the
single-value sliders beside it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionSlider, QWidget

from .marked_slider import BaselineMark

PAGE = 10  # handle moves of Page Up / Page Down, in steps


class MarkedRangeSlider(BaselineMark, QWidget):
    """Positions (low, base, high) between ``minimum()`` and ``maximum()``, always in that order. Like a
    QSlider it says when a drag starts and ends (``sliderPressed``, ``sliderReleased``) and emits
    ``positionsChanged`` with the three positions whenever one moves (named apart from QSlider's single
    ``value``)."""

    positionsChanged = Signal(tuple)
    sliderPressed = Signal()
    sliderReleased = Signal()

    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Horizontal, parent: QWidget | None = None):
        super().__init__(parent)
        self._min, self._max = 0, 100
        self._values = [0, 50, 100]
        self._active = 1  # the handle the keyboard moves: the last one pressed
        self._down = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # --- the QSlider-like interface
    def minimum(self) -> int:
        return self._min

    def maximum(self) -> int:
        return self._max

    def setRange(self, low: int, high: int) -> None:
        self._min, self._max = low, max(low, high)
        self.setPositions(tuple(self._values))

    def positions(self) -> tuple[int, int, int]:
        low, base, high = self._values
        return low, base, high

    def setPositions(self, positions: Iterable[int]) -> None:
        clipped = sorted(min(self._max, max(self._min, int(p))) for p in positions)
        if clipped != self._values:
            self._values = clipped
            self.update()
            self.positionsChanged.emit(self.positions())

    def isSliderDown(self) -> bool:
        return self._down

    def setSliderDown(self, down: bool) -> None:
        if down != self._down:
            self._down = down
            (self.sliderPressed if down else self.sliderReleased).emit()

    # --- geometry
    def _option(self, position: int | None = None) -> QStyleOptionSlider:
        option = QStyleOptionSlider()
        option.initFrom(self)
        option.orientation = Qt.Orientation.Horizontal
        option.minimum, option.maximum = self._min, self._max
        option.sliderPosition = option.sliderValue = self._min if position is None else position
        option.subControls = QStyle.SubControl.SC_SliderGroove
        if position is not None:
            option.subControls = QStyle.SubControl.SC_SliderHandle
            if self._down:
                option.activeSubControls = QStyle.SubControl.SC_SliderHandle
                option.state |= QStyle.StateFlag.State_Sunken
        return option

    def _handle_rect(self, position: int) -> QRect:
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, self._option(position), QStyle.SubControl.SC_SliderHandle, self
        )

    def _position_at(self, x: float) -> int:
        handle = self.style().pixelMetric(QStyle.PixelMetric.PM_SliderLength, None, self)
        span = max(1, self.width() - handle)
        return QStyle.sliderValueFromPosition(self._min, self._max, round(x - handle / 2), span)

    def sizeHint(self) -> QSize:
        thickness = self.style().pixelMetric(QStyle.PixelMetric.PM_SliderThickness, self._option(), self)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_Slider, self._option(), QSize(84, thickness), self)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    # --- painting
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        style = self.style()
        style.drawComplexControl(QStyle.ComplexControl.CC_Slider, self._option(), painter, self)
        low, high = self._handle_rect(self._values[0]), self._handle_rect(self._values[2])
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, self._option(), QStyle.SubControl.SC_SliderGroove, self
        )
        span = QRect(low.center().x(), groove.center().y() - 2, high.center().x() - low.center().x(), 4)
        painter.fillRect(span, self.palette().color(QPalette.ColorRole.Highlight))
        for i, position in enumerate(self._values):
            if i != self._active:
                style.drawComplexControl(QStyle.ComplexControl.CC_Slider, self._option(position), painter, self)
        # the active handle last, on top when handles meet
        style.drawComplexControl(
            QStyle.ComplexControl.CC_Slider, self._option(self._values[self._active]), painter, self
        )
        painter.end()
        self._paint_mark()

    # --- mouse and keyboard
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        x = event.position().x()
        centres = [self._handle_rect(p).center().x() for p in self._values]
        nearest = min(range(3), key=lambda i: (abs(centres[i] - x), i != self._active))
        self._active = nearest
        self.setSliderDown(True)
        self._move_active(self._position_at(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._down:
            self._move_active(self._position_at(event.position().x()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._down:
            self.setSliderDown(False)
            self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Down: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: 1,
            Qt.Key.Key_PageDown: -PAGE,
            Qt.Key.Key_PageUp: PAGE,
        }
        key = Qt.Key(event.key())
        if key in steps:
            self._move_active(self._values[self._active] + steps[key])
        elif key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):  # choose the low, base or high handle
            self._active = int(key) - int(Qt.Key.Key_1)
            self.update()
        else:
            super().keyPressEvent(event)

    def _move_active(self, position: int) -> None:
        """Move the active handle, never past its neighbours."""
        i = self._active
        lower = self._values[i - 1] if i > 0 else self._min
        upper = self._values[i + 1] if i < 2 else self._max
        values = list(self._values)
        values[i] = min(upper, max(lower, position))
        self.setPositions(values)
