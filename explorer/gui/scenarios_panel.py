"""The Scenarios dock: every open scenario, the one being edited, and ticks to overlay the others."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ..i18n import _
from .theme import LIGHT, Theme, scenario_colour
from .workspace import Entry, Workspace


def swatch(hex_colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(hex_colour))
    return QIcon(pixmap)


class ScenariosPanel(QWidget):
    closeRequested = Signal(object)  # Entry

    def __init__(self, workspace: Workspace, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.theme = theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Open scenarios: tick to overlay, activate to edit"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setToolTip(
            _("Tick a scenario to draw it on every plot in its colour; double-click (or Enter) to edit it")
        )
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(_("Edi&t"))  # Alt+E opens the Edit menu
        self.edit_button.setAccessibleName(_("Edit the selected scenario"))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close the selected scenario"))
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list.itemChanged.connect(self._ticked)
        self.list.itemActivated.connect(lambda item: self._activate(item))
        self.edit_button.clicked.connect(lambda: self._activate(self.list.currentItem()))
        self.close_button.clicked.connect(self._close)
        workspace.entriesChanged.connect(self.refresh)
        self.refresh()

    def colour_of(self, entry: Entry) -> str:
        return scenario_colour(entry.colour_index, self.theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.refresh()

    def refresh(self) -> None:
        self.list.blockSignals(True)
        current = self.list.currentRow()
        self.list.clear()
        for entry in self.workspace.entries:
            active = entry is self.workspace.active
            text = entry.name + (" *" if entry.document.dirty else "") + (_("  (editing)") if active else "")
            item = QListWidgetItem(swatch(self.colour_of(entry)), text)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if active:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(_("Being edited: always drawn in full"))
            else:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setCheckState(Qt.CheckState.Checked if entry.overlay else Qt.CheckState.Unchecked)
                item.setToolTip(str(entry.document.path or _("not saved yet")))
            item.setFlags(flags)
            self.list.addItem(item)
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        self.list.blockSignals(False)

    def _entry(self, item: QListWidgetItem | None) -> Entry | None:
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next((e for e in self.workspace.entries if e.key == key), None)

    def _ticked(self, item: QListWidgetItem) -> None:
        entry = self._entry(item)
        if entry is not None and entry is not self.workspace.active:
            self.workspace.set_overlay(entry, item.checkState() == Qt.CheckState.Checked)

    def _activate(self, item: QListWidgetItem | None) -> None:
        entry = self._entry(item)
        if entry is not None:
            self.workspace.set_active(entry)

    def _close(self) -> None:
        entry = self._entry(self.list.currentItem())
        if entry is not None:
            self.closeRequested.emit(entry)
