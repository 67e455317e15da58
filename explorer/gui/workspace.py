"""The scenarios open in the window: one is edited, others may be overlaid on the plots."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from ..engine import simulate
from ..engine.results import Results
from ..formatting import translated
from ..model.scenario import Scenario
from .document import Document

_keys = itertools.count(1)


@dataclass(eq=False)
class Entry:
    document: Document
    colour_index: int
    key: str = field(default_factory=lambda: f"s{next(_keys)}")
    overlay: bool = False
    _results: Results | None = None
    _results_for: Scenario | None = None

    @property
    def name(self) -> str:
        return translated(self.document.scenario, "name")

    def results(self) -> Results:
        """Results of the current snapshot, computed once per snapshot."""
        scenario = self.document.scenario
        if self._results is None or self._results_for is not scenario:
            self._results, self._results_for = simulate(scenario), scenario
        return self._results

    def remember(self, results: Results, scenario: Scenario) -> None:
        self._results, self._results_for = results, scenario


class Workspace(QObject):
    entriesChanged = Signal()  # added, removed, renamed, saved state changed
    activeChanged = Signal(object)  # Entry or None
    overlaysChanged = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.active: Entry | None = None
        self._colours = itertools.count()

    def add(self, document: Document, activate: bool = True) -> Entry:
        document.setParent(self)
        entry = Entry(document, next(self._colours))
        self.entries.append(entry)
        document.dirtyChanged.connect(lambda _dirty: self.entriesChanged.emit())
        document.pathChanged.connect(lambda _path: self.entriesChanged.emit())
        document.scenarioChanged.connect(lambda _s, e=entry: self._renamed(e))
        self.entriesChanged.emit()
        if activate or self.active is None:
            self.set_active(entry)
        return entry

    def _renamed(self, entry: Entry) -> None:
        self.entriesChanged.emit()

    def remove(self, entry: Entry) -> None:
        was_overlay = entry.overlay and entry is not self.active
        self.entries.remove(entry)
        if entry is self.active:
            self.active = None
            self.set_active(self.entries[-1] if self.entries else None)
        elif was_overlay:
            self.overlaysChanged.emit()
        self.entriesChanged.emit()
        entry.document.deleteLater()

    def set_active(self, entry: Entry | None) -> None:
        if entry is self.active:
            return
        previous = self.active
        self.active = entry
        self.activeChanged.emit(entry)
        if (previous is not None and previous.overlay) or (entry is not None and entry.overlay):
            self.overlaysChanged.emit()
        self.entriesChanged.emit()

    def set_overlay(self, entry: Entry, on: bool) -> None:
        if entry.overlay == on:
            return
        entry.overlay = on
        if entry is not self.active:
            self.overlaysChanged.emit()
        self.entriesChanged.emit()

    def overlays(self) -> list[Entry]:
        return [e for e in self.entries if e.overlay and e is not self.active]

    def find_path(self, path) -> Entry | None:
        from pathlib import Path

        target = Path(path).resolve()
        return next((e for e in self.entries if e.document.path and e.document.path.resolve() == target), None)

    def dirty_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.document.dirty]
