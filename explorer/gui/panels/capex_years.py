"""Capex per calendar year (one slider each, years added or removed) and the intra-year profile."""

from __future__ import annotations

import calendar
import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _
from ...model.fields import field_meta
from ...model.paths import get_path
from ...model.scenario import CapexPlan
from ...presentation.editing import humanize
from ...presentation.units import parse_numbers
from ..document import Document
from ..qt import button_row, push_button, set_header_tip, table_cell
from .fields import InputField, error_label
from .number_field import NumberField
from .whole_value import WholeValueEditor


class CapexYears(QWidget):
    """``capex.by_year``: every year gets the field's bounds, unit and slider."""

    path = "capex.by_year"

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.meta = dataclasses.replace(field_meta("by_year", CapexPlan.model_fields["by_year"]), kind="uncertain")
        self.fields: dict[int, NumberField] = {}
        self.baseline: Any | None = None  # the scenario before the edits, marked on the sliders
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.heading = QLabel(self.meta.title)
        self.heading.setToolTip(self.meta.description)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        layout.addLayout(self.rows)
        self.add_button = push_button(
            _("Add year"),
            _("Add a capex year"),
            self._add,
            _("Add the year after the last one, at the same capex"),
        )
        self.remove_button = push_button(_("Remove last year"), _("Remove the last capex year"), self._remove)
        layout.addLayout(button_row(self.add_button, self.remove_button))
        self.error = error_label()
        layout.addWidget(self.error)

    def show_scenario(self, scenario: Any) -> None:
        table = get_path(scenario, self.path)
        if tuple(table) != tuple(self.fields):
            self._rebuild(tuple(table))
        for field in self.fields.values():
            field.show_scenario(scenario)
        self.remove_button.setEnabled(len(table) > 1)

    def activate(self) -> None:
        """Nothing to build late: every year's field is made with the panel."""

    def show_baseline(self, scenario: Any | None) -> None:
        """Mark each year's slider at its value before the edits."""
        self.baseline = scenario
        for field in self.fields.values():
            field.show_baseline(scenario)

    def _rebuild(self, years: tuple[int, ...]) -> None:
        for field in self.fields.values():
            field.setParent(None)
            field.deleteLater()
        self.fields = {}
        for year in years:
            meta = dataclasses.replace(self.meta, title=f"{self.meta.title} {year}")
            field = NumberField(self.document, f"{self.path}.{year}", meta, label=str(year))
            self.rows.addWidget(field)
            self.fields[year] = field
            field.show_baseline(self.baseline)
        self.error.hide()

    def _add(self) -> None:
        table = dict(self.document.scenario.capex.by_year)
        last = max(table) if table else self.document.scenario.timeline.first_year
        table[last + 1] = table.get(last, 0.0)
        self.document.edit(self.path, table, text=_("Add capex year"))

    def _remove(self) -> None:
        table = dict(self.document.scenario.capex.by_year)
        if len(table) > 1:
            del table[max(table)]
            self.document.edit(self.path, table, text=_("Remove capex year"))

    def field_for(self, path: str) -> InputField | None:
        return next((f for f in self.fields.values() if path == f.path or path.startswith(f.path + ".")), None)

    def show_error(self, path: str, message: str) -> None:
        field = self.field_for(path)
        if field is not None:
            field.show_error(path, message)
        else:
            self.error.setText("⚠ " + humanize(message, self.path))
            self.error.show()

    def clear_error(self) -> None:
        self.error.hide()

    def focus_path(self, path: str) -> bool:
        field = self.field_for(path)
        return field.focus_path(path) if field is not None else False

    def focus_widget(self, path: str) -> QWidget:
        return self.widget_for(path)

    def widget_for(self, path: str) -> QWidget:
        return self.field_for(path) or self


class MonthlyProfile(WholeValueEditor):
    """``capex.monthly_profile``: twelve relative weights, January first."""

    path = "capex.monthly_profile"

    def __init__(self, document: Document, parent: QWidget | None = None):
        meta = field_meta("monthly_profile", CapexPlan.model_fields["monthly_profile"])
        super().__init__(document, meta.title, meta.description, parent)
        self.table = QTableWidget(1, 12)
        self.table.setAccessibleName(meta.title)
        self.table.setToolTip(meta.description)
        self.table.setHorizontalHeaderLabels([calendar.month_abbr[m][:1] for m in range(1, 13)])
        for m in range(12):
            set_header_tip(self.table, m, calendar.month_name[m + 1])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(20)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + self.table.verticalHeader().defaultSectionSize() + 4
        )
        self.table.itemChanged.connect(self._edited)
        self.box.addWidget(self.table)
        self.finish(self.table)

    def show_scenario(self, scenario: Any) -> None:
        profile = get_path(scenario, self.path)
        if profile == self._shown:
            return
        self._shown = profile
        was = self.table.blockSignals(True)
        for m, weight in enumerate(profile):
            cell = table_cell(self.table, 0, m)
            cell.setText(f"{weight:g}")
            cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.blockSignals(was)
        self.error.hide()

    def _edited(self, cell: QTableWidgetItem) -> None:
        profile = list(self._shown or (1.0,) * 12)
        try:
            (profile[cell.column()],) = parse_numbers(cell.text())
        except ValueError:
            self.show_error(self.path, _("each month's weight must be one number"))
            return
        self.document.edit(self.path, tuple(profile), text=_("Set intra-year profile"))
