"""The engine's warnings about the scenario being edited (over budget, stranded GPUs, …)."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from ..engine.results import Results
from ..i18n import _


class WarningsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Warnings from the model"))
        self.list.setWordWrap(True)
        layout.addWidget(self.list)
        self._shown: list[str] = []

    def show_results(self, results: Results) -> None:
        messages = [w.message for w in results.warnings]
        if messages == self._shown:
            return
        self._shown = messages
        self.list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for text in messages:
            self.list.addItem(QListWidgetItem(icon, text))
        if not messages:
            self.list.addItem(_("No warnings: the scenario is consistent with itself."))

    def messages(self) -> list[str]:
        return list(self._shown)
