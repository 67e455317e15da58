"""Live recompute: the document's scenarioChanged is the only trigger.

A short single-shot timer on the GUI thread coalesces a burst of edits (a slider drag) into one run;
the run always reads the document's newest snapshot, so the last edit is never shown stale. The
deterministic engine takes a few milliseconds, so it runs on the GUI thread.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from ..engine import simulate
from ..engine.results import Results
from ..model.scenario import Scenario
from .document import Document
from .qt import idle_timer
from .safety import guarded

DEBOUNCE_MS = 3


class Recomputer(QObject):
    computed = Signal(object, float)  # Results, milliseconds spent in the engine

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.document: Document | None = None
        self.results: Results | None = None
        self.computed_for: Scenario | None = None
        self.last_ms = 0.0
        self._timer = idle_timer(self, DEBOUNCE_MS, self.run_now)

    def follow(self, document: Document | None) -> None:
        """Recompute for this document from now on (the scenario being edited)."""
        if self.document is not None:
            self.document.scenarioChanged.disconnect(self.schedule)
        self.document = document
        self.computed_for = None
        if document is not None:
            document.scenarioChanged.connect(self.schedule)

    def schedule(self, *_args) -> None:
        self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    @guarded
    def run_now(self) -> None:
        self._timer.stop()
        if self.document is None:
            return
        scenario = self.document.scenario
        if scenario is self.computed_for:
            return
        started = time.perf_counter()
        results = simulate(scenario)  # a failure is reported by @guarded; the window stays up
        self.last_ms = (time.perf_counter() - started) * 1000.0
        self.results, self.computed_for = results, scenario
        self.computed.emit(results, self.last_ms)
