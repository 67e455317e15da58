"""Monte Carlo in the window: sampled runs in a worker process while the deterministic view stays live.

Every new snapshot of the edited scenario starts a new batch; a generation counter makes an older
batch stop at its next chunk and its results are dropped. A pool thread hands the chunks to the
worker process and waits, so the window's interpreter is never busy with sampling.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ...model.scenario import Scenario
from ..document import Document
from ..qt import idle_timer

if TYPE_CHECKING:  # the sampling machinery (worker processes) loads when uncertainty is first turned on
    from ...presentation.sampling import Bands

log = logging.getLogger(__name__)

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 1
THROTTLE_MS = 30  # a drag starts at most one batch per interval, always on the newest snapshot


class _Signals(QObject):
    progress = Signal(int, int)  # generation, samples done
    finished = Signal(int, object)  # generation, Bands or None when cancelled


class _Batch(QRunnable):
    def __init__(self, generation: int, scenario: Scenario, samples: int, seed: int, current):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it until finished is handled
        self.generation, self.scenario, self.samples, self.seed = generation, scenario, samples, seed
        self.current = current
        self.signals = _Signals()

    def run(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        from ...engine.memory import max_samples
        from ...presentation.sampling import process_failed, sample_bands, worker_pool

        alive = lambda: self.current() == self.generation
        progress = lambda done: self.signals.progress.emit(self.generation, done)
        try:
            pool = worker_pool()
            # the run must fit in memory: the same limit as the command line's --samples
            limit = max_samples(self.scenario) if pool is None else pool.submit(max_samples, self.scenario).result()
            self.samples = min(self.samples, limit)
            if pool is None:
                bands = sample_bands(self.scenario, self.samples, self.seed, alive, progress)
            else:
                try:
                    bands = self._in_process(pool, alive, progress)
                except BrokenProcessPool:  # the worker process died: sample here from now on
                    process_failed()
                    bands = sample_bands(self.scenario, self.samples, self.seed, alive, progress)
        except Exception:  # an invalid draw must not take the window down: the band just stays off
            log.exception("Monte Carlo bands of '%s' failed; the plots show no band", self.scenario.name)
            bands = None
        self.signals.finished.emit(self.generation, bands)

    def _in_process(self, pool, alive, progress) -> Bands | None:
        from ...presentation.sampling import chunk_sizes, finish_batch, run_chunk

        done = 0
        for k, size in enumerate(chunk_sizes(self.samples)):
            if not alive():
                return None
            pool.submit(run_chunk, self.generation, k, self.scenario, size, self.seed).result()
            done += size
            progress(done)
        bands = pool.submit(finish_batch, self.generation, self.scenario, self.seed).result()
        bands.scenario = self.scenario  # the snapshot itself, not its copy from the other process
        return bands


class UncertaintyController(QObject):
    """Follows a document; while enabled, every new snapshot gets a sampled batch on a worker thread."""

    bandsReady = Signal(object)  # Bands of the document's current scenario
    progressed = Signal(int, int)  # samples done, samples in the batch
    busyChanged = Signal(bool)
    enabledChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = False
        self.samples = DEFAULT_SAMPLES
        self.seed = DEFAULT_SEED
        self.document: Document | None = None
        self.bands: Bands | None = None
        self.generation = 0
        self.discarded = 0  # batches dropped because a newer snapshot came
        self._batches: dict[int, _Batch] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one batch at a time: a stale one stops at its next chunk
        self._throttle = idle_timer(self, THROTTLE_MS, self.start_batch)

    # --- settings
    def follow(self, document: Document | None) -> None:
        if self.document is not None:
            self.document.scenarioChanged.disconnect(self._changed)
        self.document = document
        self.bands = None
        if document is not None:
            document.scenarioChanged.connect(self._changed)
        self.start_batch()

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        if on:
            from ...presentation.sampling import warm_up

            warm_up()
        else:
            self.bands = None
        self.enabledChanged.emit(on)
        self.start_batch()

    def set_samples(self, samples: int) -> None:
        if samples != self.samples:
            self.samples = int(samples)
            self.start_batch()

    def set_seed(self, seed: int) -> None:
        if seed != self.seed:
            self.seed = int(seed)
            self.start_batch()

    # --- batches
    @property
    def busy(self) -> bool:
        return bool(self._batches) and max(self._batches) == self.generation

    def current_for(self, scenario: Scenario) -> bool:
        """The bands shown belong to this snapshot."""
        return self.bands is not None and self.bands.scenario is scenario

    def _changed(self, _scenario=None) -> None:
        if self.enabled and not self._throttle.isActive():
            self._throttle.start()

    def start_batch(self) -> None:
        """Cancel any running batch and, when enabled, sample the document's newest snapshot."""
        self._throttle.stop()
        was_busy = self.busy
        self.generation += 1
        if not self.enabled or self.document is None:
            if was_busy:
                self.busyChanged.emit(False)
            return
        batch = _Batch(self.generation, self.document.scenario, self.samples, self.seed, lambda: self.generation)
        batch.signals.progress.connect(self._progress)
        batch.signals.finished.connect(self._finished)
        self._batches[self.generation] = batch
        self._pool.start(batch)
        self.progressed.emit(0, self.samples)
        if not was_busy:
            self.busyChanged.emit(True)

    def _progress(self, generation: int, done: int) -> None:
        batch = self._batches.get(generation)
        if generation == self.generation and batch is not None:
            self.progressed.emit(done, batch.samples)  # fewer than asked when memory caps the batch

    def _finished(self, generation: int, bands: Bands | None) -> None:
        self._batches.pop(generation, None)
        if generation != self.generation:
            self.discarded += 1
            return
        if bands is None:  # the engine refused a draw: no band for this snapshot
            self.busyChanged.emit(False)
            return
        self.bands = bands
        self.busyChanged.emit(False)
        self.bandsReady.emit(bands)

    def wait(self, ms: int = 30_000) -> bool:
        """Block until no batch runs (closing the window, tests)."""
        return self._pool.waitForDone(ms)

    def shutdown(self) -> None:
        self.generation += 1
        self._throttle.stop()
        self.wait()
