"""The open scenario: its current snapshot, undo history, file path and saved state.

Every change goes through ``edit`` or ``replace``, which push an undo command; the command applies
the snapshot and emits ``scenarioChanged`` — the single place a recompute is triggered from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..formatting import translated
from ..i18n import _
from ..io.scenario_files import load_scenario, save_scenario
from ..model.errors import describe
from ..model.paths import set_path
from ..model.scenario import Scenario


class SnapshotCommand(QUndoCommand):
    """One undoable step from one immutable snapshot of a document to the next; steps that share a merge
    key (a slider drag, typing in one box) merge into one."""

    MERGE_ID = 0x6757

    def __init__(self, document: Any, before: Any, after: Any, text: str, merge_key: str | None = None):
        super().__init__(text)
        self.document, self.before, self.after, self.merge_key = document, before, after, merge_key

    def redo(self) -> None:
        self.document._apply(self.after)

    def undo(self) -> None:
        self.document._apply(self.before)

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, type(self)) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True


class Document(QObject):
    scenarioChanged = Signal(object)  # the new Scenario snapshot
    editRejected = Signal(str, str)  # field path, rule in words
    dirtyChanged = Signal(bool)
    pathChanged = Signal(str)

    def __init__(self, scenario: Scenario, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.scenario = scenario
        self.saved: Scenario | None = scenario
        self.path = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self._dirty = False

    # --- editing
    def edit(self, path: str, value: Any, merge_key: str | None = None, text: str | None = None) -> bool:
        """Set one input. Invalid values are refused with a message; the scenario stays as it was."""
        try:
            after = set_path(self.scenario, path, value)
        except ValidationError as exc:
            self.editRejected.emit(path, "; ".join(describe(exc)))
            return False
        except KeyError as exc:
            self.editRejected.emit(path, str(exc.args[0]))
            return False
        return self.replace(after, text or _("Set {field}").format(field=path), merge_key)

    def replace(self, scenario: Scenario, text: str = "", merge_key: str | None = None) -> bool:
        text = text or _("Edit scenario")
        if scenario == self.scenario:
            return False
        self.undo_stack.push(SnapshotCommand(self, self.scenario, scenario, text, merge_key))
        return True

    def _apply(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.scenarioChanged.emit(scenario)
        self._update_dirty()

    # --- files
    @property
    def dirty(self) -> bool:
        return self.scenario != self.saved

    def _update_dirty(self) -> None:
        if self.dirty != self._dirty:
            self._dirty = self.dirty
            self.dirtyChanged.emit(self._dirty)

    def save(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError(_("no file name: use Save As"))
        save_scenario(self.scenario, target)
        self.saved = self.scenario
        if target != self.path:
            self.path = target
            self.pathChanged.emit(str(target))
        self._update_dirty()
        return target

    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> Document:
        return cls(load_scenario(path), path, parent)

    def revert(self) -> None:
        """Back to the saved version, as one undoable step."""
        if self.saved is not None:
            self.replace(self.saved, "Revert")

    def reload(self, scenario: Scenario) -> None:
        """The file's content read again from disk: one undoable step, and saved as it now is."""
        self.replace(scenario, "Reload from disk")
        self.saved = scenario
        self._update_dirty()

    def mark_unsaved(self) -> None:
        """Work recovered after a crash that was never saved counts as unsaved until it is."""
        self.saved = None
        self._update_dirty()

    @property
    def title(self) -> str:
        return translated(self.scenario, "name")
