"""``input_sources``: where each input comes from, as an editable two-column table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...model.paths import get_path
from ..document import Document
from .fields import error_label, humanize

_VISIBLE_ROWS = 8


class InputSources(QWidget):
    path = "input_sources"

    def __init__(self, document: Document, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._shown: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        heading = QLabel(title)
        heading.setToolTip(description)
        layout.addWidget(heading)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(title)
        self.table.setToolTip(description)
        self.table.setHorizontalHeaderLabels(["Input", "Source"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add an input source")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected input source")
        self.remove_button.clicked.connect(self._remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = error_label()
        layout.addWidget(self.error)

    def update(self, scenario: Any) -> None:
        sources = get_path(scenario, self.path)
        if sources == self._shown:
            return
        self._shown = sources
        t = self.table
        was = t.blockSignals(True)
        t.setRowCount(len(sources))
        for r, (key, text) in enumerate(sources.items()):
            for c, value in enumerate((key, text)):
                cell = t.item(r, c) or QTableWidgetItem()
                cell.setText(value)
                cell.setToolTip(value)
                t.setItem(r, c, cell)
        t.blockSignals(was)
        t.resizeColumnToContents(0)
        t.setColumnWidth(0, min(t.columnWidth(0), 190))  # the source text gets the rest
        header = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
        rows = max(min(len(sources), _VISIBLE_ROWS), 1) * t.verticalHeader().defaultSectionSize()
        t.setFixedHeight(header + rows + t.horizontalScrollBar().sizeHint().height())
        self.remove_button.setEnabled(bool(sources))
        self.error.hide()

    def _rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text().strip(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]

    def _edited(self, _cell: QTableWidgetItem) -> None:
        rows = self._rows()
        keys = [k for k, _ in rows]
        if "" in keys or len(set(keys)) != len(keys):
            self.show_error(self.path, "each input needs its own, non-empty path")
            return
        self.document.edit(self.path, dict(rows), text="Set input sources")

    def _add(self) -> None:
        sources = dict(self._shown or {})
        key, n = "input", 2
        while key in sources:
            key, n = f"input {n}", n + 1
        sources[key] = ""
        self.document.edit(self.path, sources, text="Add input source")

    def _remove(self) -> None:
        row = self.table.currentRow()
        rows = self._rows()
        if 0 <= row < len(rows):
            del rows[row]
            self.document.edit(self.path, dict(rows), text="Remove input source")

    def show_error(self, path: str, message: str) -> None:
        self.error.setText("⚠ " + humanize(message, self.path))
        self.error.show()
        self._shown = None

    def clear_error(self) -> None:
        self.error.hide()

    def focus_path(self, path: str) -> bool:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_widget(self, path: str) -> QWidget:
        return self
