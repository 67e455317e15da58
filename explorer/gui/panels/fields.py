"""Editors bound to one dotted path of the scenario.

Each field reads its value from a new snapshot only when that value changed, writes it with the
editors' signals blocked (so nothing echoes back as an edit), and sends user edits to the Document.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from ...formatting import choice_text, translated
from ...i18n import _
from ...model.fields import FieldMeta
from ...model.paths import get_path
from ...model.sources import UNKNOWN_SOURCE, source_of
from ...presentation.editing import humanize
from ...presentation.units import EditUnit
from ..document import Document
from ..theme import invalid_colour

_UNSET = object()


def error_color() -> QColor:
    """The theme's red for a refused entry, on the background the application shows."""
    return QColor(invalid_colour())


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """A red border on a refused editor (a per-widget style: a panel-wide sheet slows every build)."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(f"border: 1px solid {error_color().name()}; border-radius: 3px;" if invalid else "")


def error_label() -> QLabel:
    """The rule a refused entry broke, in words, shown under the input."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, error_color())
    label.setPalette(palette)
    label.hide()
    return label


class InputField(QWidget):
    """Base of every bound editor: value sync, commit and the error shown under the field."""

    def __init__(
        self, document: Document, path: str, meta: FieldMeta, label: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.document, self.path, self.meta = document, path, meta
        self.unit: EditUnit | None = None
        self._shown: Any = _UNSET  # the model value the widgets show
        self._stale = False  # widgets hold a refused entry: the next snapshot restores them
        self._source = ""  # the source line the tooltips show
        self._tips: dict[QWidget, str] | None = None  # each widget's own tooltip, before the source
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.title = QLabel(label or meta.title)
        self.title.setToolTip(meta.description)
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.grid.addWidget(self.title, 0, 0)
        self.error = error_label()
        self.error.setAccessibleName(_("{title} error").format(title=self.title.text()))
        self.grid.addWidget(self.error, 9, 0, 1, 4)

    # --- to override
    def editors(self) -> list[QWidget]:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    # --- model -> widgets
    def show_scenario(self, scenario: Any) -> None:
        try:
            value = self._value(scenario)
        except KeyError:
            return  # the row this field edits is gone; its owner rebuilds the form
        self._show_source(scenario)
        if not self._stale and value == self._shown and type(value) is type(self._shown):
            return
        self._shown, self._stale = value, False
        self.clear_error()
        with self.blocked():
            self._show(value)

    def _value(self, scenario: Any) -> Any:
        return get_path(scenario, self.path)

    def _show_source(self, scenario: Any) -> None:
        """Every tooltip of the field ends with where its value comes from and how far to trust it."""
        if (
            not self.meta.numeric
            or not hasattr(scenario, "input_sources")
            or self.path.startswith(("claims.", "claim_tolerance"))
        ):
            return  # names, notes, choices and the claims checked against the model are not sourced inputs
        note = source_of(scenario, self.path)
        line = _("Source: {source}").format(source=note.label() if note is not None else UNKNOWN_SOURCE)
        if line == self._source:
            return
        self._source = line
        line = textwrap.fill(line, 100)  # wrapped only when it changed: wrapping costs more than the lookup
        if self._tips is None:
            self._tips = {w: w.toolTip() for w in (self.title, *self.editors())}
        for widget, tip in self._tips.items():
            widget.setToolTip(f"{tip}\n{line}" if tip else line)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        editors = self.editors()
        previous = [w.blockSignals(True) for w in editors]
        try:
            yield
        finally:
            for w, was in zip(editors, previous):
                w.blockSignals(was)

    # --- widgets -> model
    def commit(self, value: Any, merge_key: str | None = None) -> bool:
        self.clear_error()
        return self.document.edit(
            self.path, value, merge_key=merge_key, text=_("Set {field}").format(field=_(self.meta.title))
        )

    # --- errors
    def show_error(self, path: str, message: str) -> None:
        self.error.setText("⚠ " + humanize(message, self.path, self.unit))
        self.error.show()
        for w in self.editors():
            set_invalid(w, True)
        self._stale = True

    def clear_error(self) -> None:
        if self.error.isVisible() or self.error.text():
            self.error.clear()
            self.error.hide()
            for w in self.editors():
                set_invalid(w, False)

    def activate(self) -> None:
        """Nothing to build late: the field is complete when made."""

    def show_baseline(self, scenario: Any | None) -> None:
        """No slider to mark (number fields mark theirs)."""

    def focus_path(self, path: str) -> bool:
        visible = [w for w in self.editors() if w.isVisibleTo(self) and w.isEnabled()]
        target = (visible or self.editors())[0]
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_widget(self, path: str) -> QWidget:
        return self

    def widget_for(self, path: str) -> QWidget:
        """The field is the innermost widget bound to any path it holds."""
        return self


class TextField(InputField):
    """Free text: a line, or a paragraph for long fields; committed when editing finishes."""

    def __init__(
        self, document: Document, path: str, meta: FieldMeta, label: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(document, path, meta, label, parent)
        self.multiline = (meta.max_length or 0) > 1000
        self.edit: QLineEdit | _ParagraphEdit
        if self.multiline:
            paragraph = self.edit = _ParagraphEdit(self._finished)
            paragraph.setFixedHeight(paragraph.fontMetrics().lineSpacing() * 4 + 12)
            self.grid.addWidget(paragraph, 1, 0, 1, 4)
        else:
            line = self.edit = QLineEdit()
            if meta.max_length:
                line.setMaxLength(meta.max_length)
            if meta.kind == "month":
                line.setPlaceholderText(_("YYYY-MM"))
                line.setMaximumWidth(110)
            line.editingFinished.connect(self._finished)
            self.grid.addWidget(line, 0, 1, 1, 3)
        self.title.setBuddy(self.edit)
        self.edit.setAccessibleName(self.title.text())
        self.edit.setToolTip(meta.description)

    def editors(self) -> list[QWidget]:
        return [self.edit]

    def text(self) -> str:
        return self.edit.toPlainText() if isinstance(self.edit, _ParagraphEdit) else self.edit.text()

    def _value(self, scenario: Any) -> Any:
        """A name or description as the window shows it elsewhere: in the reader's language when the data
        carries a translation. What the user types replaces the text in every language (set_path drops the
        translations it makes stale), so the field never shows one name while the title shows another."""
        parent, _dot, key = self.path.rpartition(".")
        node = get_path(scenario, parent) if parent else scenario
        value = get_path(node, key)
        return translated(node, key) if getattr(node, "translations", None) and isinstance(value, str) else value

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.edit, _ParagraphEdit):
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)

    def _finished(self) -> None:
        if self.text() != self._shown:
            self.commit(self.text())


class _ParagraphEdit(QPlainTextEdit):
    """A paragraph editor that commits on focus out; Tab moves focus instead of inserting a tab."""

    def __init__(self, on_finished):
        super().__init__()
        self._on_finished = on_finished
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._on_finished()


class ChoiceField(InputField):
    """One of a fixed set of words (a Literal field)."""

    def __init__(
        self,
        document: Document,
        path: str,
        meta: FieldMeta,
        label: str | None = None,
        parent: QWidget | None = None,
        texts: dict[str, str] | None = None,
    ):
        super().__init__(document, path, meta, label, parent)
        self.combo = QComboBox()
        for choice in meta.choices:
            self.combo.addItem(_((texts or {})[choice]) if choice in (texts or {}) else choice_text(choice), choice)
        self.combo.setEnabled(len(meta.choices) > 1)
        self.combo.setAccessibleName(self.title.text())
        self.combo.setToolTip(meta.description)
        self.title.setBuddy(self.combo)
        self.combo.activated.connect(lambda i: self.commit(self.combo.itemData(i)))
        self.grid.addWidget(self.combo, 0, 1, 1, 3)

    def editors(self) -> list[QWidget]:
        return [self.combo]

    def _show(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))
