"""The shared frame of editors that change one input as a whole (a table or a list of choices)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...presentation.editing import humanize
from ..document import Document
from .fields import error_label


class WholeValueEditor(QWidget):
    """A heading, the editing widget and, under it, the rule a refused entry broke.

    Subclasses set ``path``, add their widgets to ``self.box`` between the heading and ``finish``,
    and implement ``show_scenario(scenario)``; ``_shown`` holds the value on screen so updates skip work.
    """

    path = ""

    def __init__(
        self, document: Document, title: str, description: str, parent: QWidget | None = None, spacing: int = 2
    ):
        super().__init__(parent)
        self.document = document
        self._shown: Any = None
        self.editor: QWidget = self
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        heading = QLabel(title)
        heading.setToolTip(description)
        self.box.addWidget(heading)
        self.error = error_label()

    def finish(self, editor: QWidget) -> None:
        """Name the widget that takes focus and put the error line last."""
        self.editor = editor
        self.box.addWidget(self.error)

    def show_scenario(self, scenario: Any) -> None:
        """Draw this editor's value in ``scenario``."""
        raise NotImplementedError

    def show_error(self, path: str, message: str) -> None:
        self.error.setText("⚠ " + humanize(message, self.path))
        self.error.show()
        self._shown = None  # the next update redraws the model's value

    def clear_error(self) -> None:
        self.error.hide()

    def focus_path(self, path: str) -> bool:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_widget(self, path: str) -> QWidget:
        return self

    def widget_for(self, path: str) -> QWidget:
        return self

    def activate(self) -> None:
        """Nothing to build late: the editor is complete when made."""

    def show_baseline(self, scenario: Any | None) -> None:
        """No slider to mark."""
