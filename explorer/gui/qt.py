"""Qt calls that may hand back None (a cell without an item, a widget without a layout, no application
yet), checked in one place so the window's code can rely on what it gets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def idle_timer(parent: QObject, ms: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that calls ``slot`` ``ms`` after its last start: work waits for a pause."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def push_button(text: str, name: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    """A button with its name for screen readers, calling ``slot`` when clicked."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def button_row(*widgets: QWidget, spacing: int | None = None) -> QHBoxLayout:
    """Buttons side by side from the left."""
    row = QHBoxLayout()
    if spacing is not None:
        row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def table_cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell, created on first use. (Setting an item a table already holds is refused
    by Qt with a warning, so an existing one is only ever updated.)"""
    cell = table.item(row, column)
    if cell is None:
        cell = QTableWidgetItem()
        table.setItem(row, column, cell)
    return cell


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of a cell; an empty cell (no item yet) reads as ''."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


def set_header_tip(table: QTableWidget, column: int, tip: str) -> None:
    """A tooltip on a column's header (the headers come from setHorizontalHeaderLabels)."""
    item = table.horizontalHeaderItem(column)
    if item is not None:
        item.setToolTip(tip)


def set_item_enabled(combo: QComboBox, index: int, enabled: bool) -> None:
    """Grey out (or not) one entry of a combo box, whose entries are Qt's standard items."""
    model = combo.model()
    item = model.item(index) if isinstance(model, QStandardItemModel) else None
    if item is not None:
        item.setEnabled(enabled)


def layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets a layout holds, in order (spacers and nested layouts left out)."""
    items = (layout.itemAt(i) for i in range(layout.count()))
    return [w for w in (item.widget() for item in items if item is not None) if w is not None]


def layout_of(widget: QWidget) -> QLayout:
    """The layout of a widget that was given one."""
    layout = widget.layout()
    if layout is None:
        raise RuntimeError(f"{type(widget).__name__} has no layout")
    return layout


def application() -> QApplication:
    """The running application (the window and its views exist only inside one)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication is running")
    return app
