"""``input_sources``: where each input comes from and how far to trust it, as an editable table."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from ...i18n import _
from ...model.paths import get_path
from ...model.sources import CONFIDENCE_HELP, CONFIDENCES, SourceNote
from ..document import Document
from ..qt import button_row, cell_text, push_button, set_header_tip, table_cell
from .record_table import ChoiceDelegate
from .whole_value import WholeValueEditor

_VISIBLE_ROWS = 8


class InputSources(WholeValueEditor):
    path = "input_sources"

    def __init__(self, document: Document, title: str, description: str, parent: QWidget | None = None):
        super().__init__(document, title, description, parent, spacing=4)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(title)
        self.table.setToolTip(description)
        self.table.setHorizontalHeaderLabels([_("Input"), _("Source"), _("Confidence")])
        set_header_tip(self.table, 2, CONFIDENCE_HELP)
        self.table.setItemDelegateForColumn(2, ChoiceDelegate(lambda: list(CONFIDENCES), self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.itemChanged.connect(self._edited)
        self.box.addWidget(self.table)
        self.add_button = push_button(_("Add"), _("Add an input source"), self._add)
        self.remove_button = push_button(_("Remove"), _("Remove the selected input source"), self._remove)
        self.box.addLayout(button_row(self.add_button, self.remove_button))
        self.finish(self.table)

    def show_scenario(self, scenario: Any) -> None:
        sources = get_path(scenario, self.path)
        if sources == self._shown:
            return
        self._shown = sources
        t = self.table
        was = t.blockSignals(True)
        t.setRowCount(len(sources))
        for r, (key, note) in enumerate(sources.items()):
            for c, value in enumerate((key, note.text, note.confidence)):
                cell = table_cell(t, r, c)
                cell.setText(value)
                cell.setToolTip(note.label() if c == 1 else value)
        t.blockSignals(was)
        t.resizeColumnToContents(0)
        t.resizeColumnToContents(2)
        t.setColumnWidth(0, min(t.columnWidth(0), 190))  # the source text gets the rest
        header = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
        rows = max(min(len(sources), _VISIBLE_ROWS), 1) * t.verticalHeader().defaultSectionSize()
        t.setFixedHeight(header + rows + t.horizontalScrollBar().sizeHint().height())
        self.remove_button.setEnabled(bool(sources))
        self.error.hide()

    def _rows(self) -> list[tuple[str, dict]]:
        return [
            (
                cell_text(self.table, r, 0).strip(),
                {"text": cell_text(self.table, r, 1), "confidence": cell_text(self.table, r, 2).strip()},
            )
            for r in range(self.table.rowCount())
        ]

    def _edited(self, _cell: QTableWidgetItem) -> None:
        rows = self._rows()
        keys = [k for k, _ in rows]
        if "" in keys or len(set(keys)) != len(keys):
            self.show_error(self.path, _("each input needs its own, non-empty path"))
            return
        self.document.edit(self.path, dict(rows), text=_("Set input sources"))

    def _add(self) -> None:
        sources = dict(self._shown or {})
        key, n = "input", 2
        while key in sources:
            key, n = f"input {n}", n + 1
        sources[key] = SourceNote()
        self.document.edit(self.path, sources, text=_("Add input source"))

    def _remove(self) -> None:
        row = self.table.currentRow()
        rows = self._rows()
        if 0 <= row < len(rows):
            del rows[row]
            self.document.edit(self.path, dict(rows), text=_("Remove input source"))
