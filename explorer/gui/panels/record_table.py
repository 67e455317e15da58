"""A tuple of records (sites, accelerators, claims, …) as an editable table: edit a cell, add,
duplicate, remove; the selected row also gets a full generated form (sliders, ranges) below."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...formatting import choice_text, choice_value
from ...i18n import _
from ...model.fields import FieldMeta, section_fields
from ...model.paths import get_path
from ...model.ranges import Range
from ...model.sources import UNKNOWN_SOURCE
from ...presentation.editing import humanize
from ...presentation.units import EditUnit, edit_unit, parse_numbers
from ..document import Document
from ..qt import button_row, push_button, set_header_tip, table_cell
from .fields import InputField, error_color, error_label
from .form import Form

UnitFor = Callable[[FieldMeta, Any], "EditUnit | None"]
INVALID_TINT = 60  # alpha of the theme's red behind a refused cell: its text stays readable
_VISIBLE_ROWS = 8


def number_text(value: Any, unit: EditUnit, with_suffix: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, Range):
        text = " – ".join(unit.text(getattr(value, p)) for p in ("low", "base", "high"))
    else:
        text = unit.text(float(value))
    return f"{text} {unit.shown}" if with_suffix and unit.suffix else text


def parse_cell(text: str, meta: FieldMeta, unit: EditUnit, previous: Any) -> Any:
    """Cell text -> stored value: '60 – 65' is a uniform range, three numbers a low/base/high."""
    if meta.kind == "choice":
        return choice_value(text, meta.choices)
    if not meta.numeric:
        return text
    text = text.replace(unit.shown, "").replace(unit.suffix, "").strip() if unit.suffix else text.strip()
    if not text and meta.optional:
        return None
    numbers = [unit.to_stored(x) for x in parse_numbers(text)]
    if meta.kind == "int":
        if len(numbers) != 1:
            raise ValueError(_("must be a whole number"))
        return round(numbers[0])
    if len(numbers) == 1:
        return numbers[0]
    if meta.kind != "uncertain":
        raise ValueError(_("must be a single number"))
    if len(numbers) == 2:
        low, high = numbers
        return {"low": low, "base": (low + high) / 2, "high": high, "dist": "uniform"}
    dist = previous.dist if isinstance(previous, Range) else "triangular"
    return {"low": numbers[0], "base": numbers[1], "high": numbers[2], "dist": dist}


def _source_line(item: Any, name: str) -> str:
    """'Source: … (analyst estimate)' for an item that carries sources; 'Source: unknown' when it has none."""
    sources = getattr(item, "sources", None)
    if not isinstance(sources, dict):
        return ""
    note = sources.get(name)
    return _("Source: {source}").format(source=note.label() if note is not None else UNKNOWN_SOURCE)


def _choice_texts(choices: Sequence[str]) -> list[str]:
    return [choice_text(c) for c in choices]


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of allowed words (generation ids, metrics, measures) for one column."""

    def __init__(self, options: Callable[[], list[str]], parent: QWidget):
        super().__init__(parent)
        self.options = options

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItems(self.options())
        combo.setAccessibleName(_("choice"))
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class FillingTable(QTableWidget):
    """Columns sized to their contents; the last one widens to fill spare room, never below its own."""

    _last_width = 0

    def fit_columns(self) -> None:
        self.resizeColumnsToContents()
        for col in range(self.columnCount()):  # long texts (quotes, claims) stay readable, not endless
            self.setColumnWidth(col, min(self.columnWidth(col), 260))
        self._last_width = self.columnWidth(self.columnCount() - 1) if self.columnCount() else 0
        self._fill_width()

    def _fill_width(self) -> None:
        last = self.columnCount() - 1
        if last < 0:
            return
        spare = self.viewport().width() - sum(self.columnWidth(c) for c in range(last))
        self.setColumnWidth(last, max(self._last_width, spare))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fill_width()


class RecordTable(QWidget):
    def __init__(
        self,
        document: Document,
        path: str,
        model: type,
        noun: str,
        new_item: Callable[[Any], dict],
        columns: tuple[str, ...] | None = None,
        unit_for: UnitFor | None = None,
        choices: dict[str, Callable[[], list[str]]] | None = None,
        detail: bool = True,
        heading: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.document, self.path, self.model, self.noun = document, path, model, noun
        self.new_item, self.unit_for, self.detail_enabled = new_item, unit_for, detail
        metas = [m for m in section_fields(model) if m.kind != "other"]
        self.columns = [m for m in metas if columns is None or m.name in columns]
        self._items: tuple | None = None
        self._stale = False  # cells hold a refused entry: the next snapshot restores them
        self._cell_path = ""  # the cell being committed: its refusal is shown under the table
        self._detail: Form | None = None
        self._detail_row: tuple = ()
        self._active = False  # the detail form is built once the table is first shown

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        if heading:
            layout.addWidget(QLabel(heading))
        self.table = FillingTable(0, len(self.columns))
        self.table.setAccessibleName(_("{noun} table").format(noun=_(noun)).capitalize())
        self.table.setHorizontalHeaderLabels([self._header(m) for m in self.columns])
        for col, meta in enumerate(self.columns):
            set_header_tip(self.table, col, meta.description)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for name, options in (choices or {}).items():
            column = self.column_of(name)
            if column is not None:
                self.table.setItemDelegateForColumn(column, ChoiceDelegate(options, self.table))
        for col, meta in enumerate(self.columns):
            if meta.kind == "choice" and (choices is None or meta.name not in choices):
                self.table.setItemDelegateForColumn(
                    col, ChoiceDelegate(functools.partial(_choice_texts, meta.choices), self.table)
                )
        self.table.itemChanged.connect(self._cell_edited)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        layout.addWidget(self.table)

        said = _(noun)  # the noun is marked for the catalogue where the table is made
        self.add_button = self._button(_("Add"), _("Add a row: {noun}").format(noun=said), self._add)
        self.duplicate_button = self._button(
            _("Duplicate"), _("Duplicate the selected row: {noun}").format(noun=said), self._duplicate
        )
        self.remove_button = self._button(
            _("Remove"), _("Remove the selected row: {noun}").format(noun=said), self._remove
        )
        layout.addLayout(button_row(self.add_button, self.duplicate_button, self.remove_button, spacing=4))
        self.error = error_label()
        layout.addWidget(self.error)
        self.detail_box = QGroupBox()
        self.detail_layout = QVBoxLayout(self.detail_box)
        self.detail_box.hide()
        layout.addWidget(self.detail_box)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        return push_button(text, name, slot, tip=name)  # the name says what it does: it is the tip too

    def _header(self, meta: FieldMeta) -> str:
        if self.unit_for is None and meta.numeric:
            unit = edit_unit(meta.unit, meta.maximum)
            if unit.suffix and unit.suffix != meta.title:
                return f"{meta.title} ({unit.shown})"
        return meta.title

    def column_of(self, name: str) -> int | None:
        return next((i for i, m in enumerate(self.columns) if m.name == name), None)

    def _unit(self, meta: FieldMeta, item: Any) -> EditUnit:
        unit = self.unit_for(meta, item) if self.unit_for else None
        return unit or edit_unit(meta.unit, meta.maximum)

    # --- model -> widgets
    @property
    def items(self) -> tuple:
        return self._items or ()

    def show_scenario(self, scenario: Any) -> None:
        items = get_path(scenario, self.path)
        if self._stale or items != self._items:
            self._items, self._stale = items, False
            self._fill(items)
        if self._detail is not None:
            for field in self._detail.fields:
                field.show_scenario(scenario)

    def _fill(self, items: tuple) -> None:
        table = self.table
        was = table.blockSignals(True)
        try:
            row = table.currentRow()
            table.setRowCount(len(items))
            for r, item in enumerate(items):
                for c, meta in enumerate(self.columns):
                    self._set_cell(r, c, item, meta)
            row = min(max(row, 0), len(items) - 1)
            if items:
                table.setCurrentCell(row, max(table.currentColumn(), 0))
        finally:
            table.blockSignals(was)
        self.error.hide()
        self.error.clear()
        table.fit_columns()
        header = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        rows = sum(table.rowHeight(r) for r in range(min(len(items), _VISIBLE_ROWS)))
        bar = table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(header + max(rows, table.verticalHeader().defaultSectionSize()) + bar)
        self.duplicate_button.setEnabled(bool(items))
        self.remove_button.setEnabled(bool(items))
        self._show_detail(table.currentRow())

    def _set_cell(self, r: int, c: int, item: Any, meta: FieldMeta) -> None:
        value = getattr(item, meta.name)
        if meta.numeric:
            text = number_text(value, self._unit(meta, item), with_suffix=self.unit_for is not None)
        elif meta.kind == "choice" and value is not None:
            text = choice_text(value)
        else:
            text = "" if value is None else str(value)
        cell = table_cell(self.table, r, c)
        if cell.text() != text:
            cell.setText(text)
        if meta.numeric:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cell.setToolTip("\n".join(t for t in (meta.description, _source_line(item, meta.name)) if t))
        cell.setBackground(QBrush())

    def _detail_key(self, row: int) -> tuple:
        if not 0 <= row < len(self.items):
            return (row,)
        item = self.items[row]
        return (row, *(self._unit(m, item) for m in self.columns if m.numeric))

    def _show_detail(self, row: int) -> None:
        """The form of the selected row; rebuilt only when the row (or its units) change, so a
        slider drag inside it keeps its widgets."""
        key = self._detail_key(row)
        if not (self.detail_enabled and self._active) or key == self._detail_row:
            return
        if self._detail is not None:
            self._detail.setParent(None)
            self._detail.deleteLater()
            self._detail = None
        self._detail_row = key
        self.detail_box.setVisible(0 <= row < len(self.items))
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        self._detail = Form(
            self.document,
            self.model,
            f"{self.path}.{row}",
            units=lambda meta: self.unit_for(meta, item) if self.unit_for else None,
        )
        self._detail.setObjectName("recordDetail")
        self.detail_box.setTitle(_("Selected {noun}: {label}").format(noun=_(self.noun), label=self._row_label(row)))
        self.detail_layout.addWidget(self._detail)
        self._detail.show()  # now, not on the next event loop pass: select_input focuses into it
        for field in self._detail.fields:
            field.show_scenario(self.document.scenario)

    # --- widgets -> model
    def _cell_edited(self, cell: QTableWidgetItem) -> None:
        row, meta = cell.row(), self.columns[cell.column()]
        item = self.items[row]
        self._cell_path = path = f"{self.path}.{row}.{meta.name}"
        try:
            value = parse_cell(cell.text(), meta, self._unit(meta, item), getattr(item, meta.name))
            said = _("Set {noun} · {field}").format(noun=_(self.noun), field=_(meta.title))
            edited = self.document.edit(path, value, text=said)
            if not edited and value == getattr(item, meta.name):
                self._fill(self.items)  # unchanged: restore the canonical text
        except ValueError as exc:
            self.show_error(path, str(exc))
        finally:
            self._cell_path = ""

    def _dumped(self) -> list[dict]:
        return [item.model_dump(mode="python") for item in self.items]

    def _add(self) -> None:
        self.document.edit(
            self.path,
            [*self._dumped(), self.new_item(self.document.scenario)],
            text=_("Add {noun}").format(noun=_(self.noun)),
        )

    def _duplicate(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return
        items = self._dumped()
        copy = dict(items[row])
        for key in ("name", "id"):
            if key in copy:
                sep = " " if key == "name" else "-"
                copy[key] = _unique(f"{copy[key]}{sep}copy", {i.get(key) for i in items}, sep)
        self.document.edit(
            self.path,
            [*items[: row + 1], copy, *items[row + 1 :]],
            text=_("Duplicate {noun}").format(noun=_(self.noun)),
        )
        self.select_row(row + 1)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return
        items = self._dumped()
        del items[row]
        self.document.edit(self.path, items, text=_("Remove {noun}").format(noun=_(self.noun)))

    # --- errors and navigation
    def field_for(self, path: str) -> InputField | None:
        fields = self._detail.fields if self._detail is not None else []
        return next((f for f in fields if path == f.path or path.startswith(f.path + ".")), None)

    def show_error(self, path: str, message: str) -> None:
        parts = path[len(self.path) + 1 :].split(".")
        column = self.column_of(parts[1]) if len(parts) >= 2 else None
        if column is not None and parts[0].isdigit():
            cell = self.table.item(int(parts[0]), column)
            if cell is not None:
                was = self.table.blockSignals(True)
                tint = error_color()
                tint.setAlpha(INVALID_TINT)
                cell.setBackground(QBrush(tint))
                self.table.blockSignals(was)
        self._stale = True
        field = self.field_for(path)
        if field is not None and path != self._cell_path:
            field.show_error(path, message)
            return
        self.error.setText("⚠ " + self._where(humanize(message, self.path)))
        self.error.show()

    def _row_label(self, row: int) -> str:
        item = self.items[row] if 0 <= row < len(self.items) else None
        return next(
            (str(v) for v in (getattr(item, k, None) for k in ("name", "id", "generation")) if v),
            _("row {number}").format(number=row + 1),
        )

    def _where(self, text: str) -> str:
        """'2.capacity_mw: …' -> 'Hyperion · Capacity: …'."""

        def name(m: re.Match) -> str:
            title = next((c.title for c in self.columns if c.name == m.group(2)), m.group(2))
            return f"{self._row_label(int(m.group(1)))} · {title}{m.group(3)}:"

        return re.sub(r"^(\d+)\.(\w+)([^:]*):", name, text, flags=re.M)

    def clear_error(self) -> None:
        self.error.hide()

    def activate(self) -> None:
        """Build the selected row's form: called when the section opens, so startup stays quick."""
        self._active = True
        self._show_detail(self.table.currentRow())

    def show_baseline(self, scenario: Any | None) -> None:
        """Rows have no sliders to mark."""

    def select_row(self, row: int) -> None:
        self._active = True
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, max(self.table.currentColumn(), 0))
            self._show_detail(row)

    def focus_path(self, path: str) -> bool:
        parts = path[len(self.path) + 1 :].split(".") if path.startswith(self.path + ".") else []
        if not parts or not parts[0].isdigit():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        row = int(parts[0])
        self.select_row(row)
        field = self.field_for(path)
        if field is not None:
            return field.focus_path(path)
        col = self.column_of(parts[1]) if len(parts) > 1 else None
        self.table.setCurrentCell(row, col or 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_widget(self, path: str) -> QWidget:
        field = self.field_for(path)
        return field if field is not None else self.table

    def widget_for(self, path: str) -> QWidget:
        """The field of the selected row that holds ``path``, else the whole table."""
        return self.field_for(path) or self


def _unique(candidate: str, taken: set, sep: str) -> str:
    out, n = candidate, 2
    while out in taken:
        out, n = f"{candidate}{sep}{n}", n + 1
    return out
