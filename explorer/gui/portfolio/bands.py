"""Uncertainty in the portfolio window: the P10–P90 of the totals, sampled off the paint path.

While it is on, every new snapshot of the portfolio (an edit, a member switched, a member's scenario
edited in its window) starts a batch in the worker process the scenario window samples in; a pool
thread waits for it, so the window's interpreter stays free to repaint. A newer snapshot makes the
result of an older batch be dropped.
"""

from __future__ import annotations

import logging
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ...portfolio import ResolvedPortfolio
from ...portfolio.bands import TotalBands, total_bands
from ...presentation.sampling import process_failed, warm_up, worker_pool

log = logging.getLogger(__name__)

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 1
THROTTLE_MS = 30  # a burst of edits starts at most one batch per interval, always on the newest snapshot


class _Signals(QObject):
    finished = Signal(int, object)  # generation, TotalBands or None when the run failed


class _Batch(QRunnable):
    def __init__(
        self, generation: int, newest, resolved: ResolvedPortfolio, names: tuple[str, ...], samples: int, seed: int
    ):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it until finished is handled
        self.generation, self.newest = generation, newest
        self.resolved, self.names, self.samples, self.seed = resolved, names, samples, seed
        self.signals = _Signals()

    def run(self) -> None:
        args = (self.resolved, self.names, self.samples, self.seed)
        bands: TotalBands | None = None
        if self.newest() != self.generation:  # a newer snapshot came while this one waited its turn
            self.signals.finished.emit(self.generation, None)
            return
        try:
            pool = worker_pool()
            try:
                bands = total_bands(*args) if pool is None else pool.submit(total_bands, *args).result()
            except BrokenProcessPool:  # the worker process died: sample here from now on
                process_failed()
                bands = total_bands(*args)
        except Exception:  # a draw the engine refuses must not take the window down: no band
            log.exception("Portfolio bands of '%s' failed; the charts show no band", self.resolved.portfolio.name)
            bands = None
        self.signals.finished.emit(self.generation, bands)


class PortfolioBands(QObject):
    """Samples the totals of ``names`` for the newest snapshot while enabled; ``ready`` brings them."""

    ready = Signal(object)  # TotalBands of the snapshot in ``shown_for``
    busyChanged = Signal(bool)

    def __init__(self, current, names: tuple[str, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.current = current  # () -> the ResolvedPortfolio on screen
        self.names = names
        self.enabled = False
        self.samples = DEFAULT_SAMPLES
        self.seed = DEFAULT_SEED
        self.bands: TotalBands | None = None
        self.shown_for: ResolvedPortfolio | None = None  # the snapshot the bands were drawn from
        self.generation = 0
        self._batches: dict[int, _Batch] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self.start_batch)

    @property
    def busy(self) -> bool:
        return self.generation in self._batches

    @property
    def stale(self) -> bool:
        """The bands drawn are of an older snapshot than the one on screen."""
        return self.shown_for is not self.current()

    def set_enabled(self, on: bool) -> None:
        """On: sample the snapshot on screen now and after every change. Off: no bands."""
        if on != self.enabled:
            self.enabled = on
            if on:
                warm_up()
            else:
                self.bands = self.shown_for = None
            self.start_batch()

    def changed(self) -> None:
        """A new snapshot is on screen."""
        if self.enabled and not self._throttle.isActive():
            self._throttle.start()

    def start_batch(self) -> None:
        """Drop the running batch's result and, when enabled, sample the newest snapshot."""
        self._throttle.stop()
        was_busy, self.generation = self.busy, self.generation + 1
        if self.enabled:
            newest = self.current()
            batch = _Batch(self.generation, lambda: self.generation, newest, self.names, self.samples, self.seed)
            batch.signals.finished.connect(self._finished)
            self._batches[self.generation] = batch
            self._pool.start(batch)
        if self.busy != was_busy:
            self.busyChanged.emit(self.busy)

    def _finished(self, generation: int, bands: TotalBands | None) -> None:
        batch = self._batches.pop(generation, None)
        if generation != self.generation or batch is None:
            return  # a newer snapshot has its own batch
        self.busyChanged.emit(False)
        if bands is not None:
            self.bands, self.shown_for = bands, batch.resolved
            self.ready.emit(bands)

    def shutdown(self) -> None:
        """The window closes: whatever runs is dropped once it returns."""
        self.generation += 1
        self._throttle.stop()
        self._pool.waitForDone(60_000)
