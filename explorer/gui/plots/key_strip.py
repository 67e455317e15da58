"""One key for what every plot shares (other scenarios, the P10–P90 band, the median), shown once above
the plots instead of in each plot's legend, so legends never crush the plots they explain."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...i18n import _
from ..theme import LIGHT

SWATCH = (22, 12)


@dataclass(frozen=True)
class KeyEntry:
    label: str
    pen: QPen | None = None  # a line
    brush: QBrush | None = None  # a filled box
    tip: str = ""


def swatch(entry: KeyEntry, ratio: float = 1.0) -> QPixmap:
    width, height = SWATCH
    pixmap = QPixmap(int(width * ratio), int(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if entry.brush is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(entry.brush)
        painter.drawRect(QRectF(1, 1, width - 2, height - 2))
    if entry.pen is not None:
        pen = QPen(entry.pen)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLine(1, height // 2, width - 1, height // 2)
    painter.end()
    return pixmap


class KeyStrip(QWidget):
    """A row of swatches with labels; hidden while it has nothing to say."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_("Key shared by every plot"))
        self.entries: dict[str, KeyEntry] = {}
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 0, 8, 0)
        self.row.setSpacing(14)
        self.row.addStretch(1)
        self.labels: dict[str, tuple[QLabel, QLabel]] = {}
        self.foreground = QColor(LIGHT.foreground)  # until the window applies its theme
        self.hide()

    def set_entry(self, key: str, entry: KeyEntry | None) -> None:
        """Add, change (``entry``) or remove (None) one entry; entries keep the order they came in."""
        if self.entries.get(key) == entry:
            return  # nothing to redraw (this is called on every edit)
        if entry is None:
            self.entries.pop(key, None)
        else:
            self.entries[key] = entry
        self._rebuild()

    def set_foreground(self, colour: str) -> None:
        self.foreground = QColor(colour)
        self._rebuild()

    def texts(self) -> list[str]:
        return [entry.label for entry in self.entries.values()]

    def _rebuild(self) -> None:
        for pair in self.labels.values():
            for label in pair:
                self.row.removeWidget(label)
                label.deleteLater()
        self.labels.clear()
        ratio = self.devicePixelRatioF() or 1.0
        for i, (key, entry) in enumerate(self.entries.items()):
            mark = QLabel()
            mark.setPixmap(swatch(entry, ratio))
            text = QLabel(entry.label)
            text.setStyleSheet(f"color: {self.foreground.name()}; font-size: 8pt")
            for label in (mark, text):
                label.setToolTip(entry.tip or entry.label)
            self.row.insertWidget(2 * i, mark)
            self.row.insertWidget(2 * i + 1, text)
            self.labels[key] = (mark, text)
        self.setVisible(bool(self.entries))
