"""Procurement mix: spend shares as a table of years × generations, and the 'newest' candidates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...i18n import _
from ...model.fields import field_meta
from ...model.paths import get_path
from ...model.scenario import ProcurementMix
from ...presentation.units import EditUnit, parse_numbers
from ..document import Document
from ..qt import button_row, push_button, table_cell
from .whole_value import WholeValueEditor

PERCENT = EditUnit("%", mult=100, decimals=1)


class MixTable(WholeValueEditor):
    """``mix.shares_by_year``: a row per year, a column per generation bought, shares in %.
    An empty cell means the generation is not bought that year."""

    path = "mix.shares_by_year"

    def __init__(self, document: Document, parent: QWidget | None = None):
        meta = field_meta("shares_by_year", ProcurementMix.model_fields["shares_by_year"])
        super().__init__(document, f"{meta.title} (%)", meta.description, parent, spacing=4)
        self.years: list[int] = []
        self.generations: list[str] = []
        self.table = QTableWidget()
        self.table.setAccessibleName(_("Spend shares by year and generation"))
        self.table.setToolTip(meta.description)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(self._edited)
        self.box.addWidget(self.table)
        self.add_year = push_button(_("Add year"), _("Add a mix year"), self._add_year)
        self.remove_year = push_button(_("Remove year"), _("Remove the selected mix year"), self._remove_year)
        self.new_generation = QComboBox()
        self.new_generation.setAccessibleName(_("Generation to add to the mix"))
        self.add_generation = push_button(_("Add"), _("Add the generation to the selected year"), self._add_generation)
        buttons = button_row(self.add_year, self.remove_year, spacing=4)
        buttons.addWidget(self.new_generation)
        buttons.addWidget(self.add_generation)
        self.box.addLayout(buttons)
        self.finish(self.table)

    def show_scenario(self, scenario: Any) -> None:
        ids = [a.id for a in scenario.accelerators]
        if [self.new_generation.itemText(i) for i in range(self.new_generation.count())] != ids:
            self.new_generation.clear()
            self.new_generation.addItems(ids)
        table = get_path(scenario, self.path)
        if table == self._shown:
            return
        self._shown = table
        used = {g for shares in table.values() for g in shares}
        self.generations = [g for g in ids if g in used] + sorted(used - set(ids))
        self.years = list(table)
        t = self.table
        was = t.blockSignals(True)
        t.setRowCount(len(self.years))
        t.setColumnCount(len(self.generations))
        t.setHorizontalHeaderLabels(self.generations)
        t.setVerticalHeaderLabels([str(y) for y in self.years])
        for r, year in enumerate(self.years):
            for c, gen in enumerate(self.generations):
                share = table[year].get(gen)
                cell = table_cell(t, r, c)
                cell.setText("" if share is None else PERCENT.text(share))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setToolTip(
                    _("{generation} share of {year} IT spend (%); empty = not bought").format(generation=gen, year=year)
                )
        t.blockSignals(was)
        t.resizeRowsToContents()
        header = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
        rows = sum(t.rowHeight(r) for r in range(len(self.years))) or t.verticalHeader().defaultSectionSize()
        t.setFixedHeight(header + rows + t.horizontalScrollBar().sizeHint().height())
        self.remove_year.setEnabled(len(self.years) > 1)
        self.error.hide()

    def _table(self) -> dict[int, dict[str, float]]:
        return {year: dict(shares) for year, shares in (self._shown or {}).items()}

    def _edited(self, cell: QTableWidgetItem) -> None:
        year, gen = self.years[cell.row()], self.generations[cell.column()]
        table = self._table()
        text = cell.text().replace("%", "").strip()
        if not text:
            table[year].pop(gen, None)
        else:
            try:
                (share,) = parse_numbers(text)
            except ValueError:
                self.show_error(f"{self.path}.{year}", _("a share must be one number (%)"))
                return
            table[year][gen] = PERCENT.to_stored(share)
        self.document.edit(self.path, table, text=_("Set {year} {generation} share").format(year=year, generation=gen))

    def _add_year(self) -> None:
        table = self._table()
        last = max(table) if table else self.document.scenario.timeline.first_year - 1
        table[last + 1] = dict(table.get(last, {}))
        self.document.edit(self.path, table, text=_("Add mix year"))

    def _selected_year(self) -> int | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.years):
            return self.years[row]
        return self.years[-1] if self.years else None

    def _remove_year(self) -> None:
        year = self._selected_year()
        table = self._table()
        if year is not None and len(table) > 1:
            del table[year]
            self.document.edit(self.path, table, text=_("Remove mix year"))

    def _add_generation(self) -> None:
        year, gen = self._selected_year(), self.new_generation.currentText()
        if year is None or not gen:
            return
        table = self._table()
        table[year].setdefault(gen, 0.0)
        self.document.edit(self.path, table, text=_("Add {generation} to {year} mix").format(generation=gen, year=year))


class Candidates(WholeValueEditor):
    """``mix.candidates``: generations the 'newest' strategy may buy, ticked in catalog order."""

    path = "mix.candidates"

    def __init__(self, document: Document, parent: QWidget | None = None):
        meta = field_meta("candidates", ProcurementMix.model_fields["candidates"])
        super().__init__(document, meta.title, meta.description, parent)
        self.list = QListWidget()
        self.list.setAccessibleName(meta.title)
        self.list.setToolTip(meta.description)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setFixedHeight(64)
        self.list.itemChanged.connect(self._edited)
        self.box.addWidget(self.list)
        self.finish(self.list)

    def show_scenario(self, scenario: Any) -> None:
        key = (get_path(scenario, self.path), tuple(a.id for a in scenario.accelerators))
        if key == self._shown:
            return
        self._shown = key
        chosen, ids = key
        was = self.list.blockSignals(True)
        self.list.clear()
        for gen in list(ids) + [g for g in chosen if g not in ids]:
            item = QListWidgetItem(gen)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if gen in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(was)
        self.error.hide()

    def _edited(self, _item: QListWidgetItem) -> None:
        chosen = tuple(
            self.list.item(i).text()
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        )
        self.document.edit(self.path, chosen, text=_("Set mix candidates"))
