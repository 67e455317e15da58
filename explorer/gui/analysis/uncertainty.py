"""Monte Carlo in the window: sampled runs on a worker thread while the deterministic view stays live.

Every new snapshot of the edited scenario starts a new batch; a generation counter makes an older
batch stop at its next chunk and its results are dropped. A batch runs in chunks (for progress),
each seeded from (seed, chunk), so the same scenario, sample count and seed always give the same
bands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ...engine import simulate
from ...engine.results import Basis, Results
from ...model.scenario import Scenario
from ...series import SERIES
from ..document import Document

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 1
CHUNKS = 4
THROTTLE_MS = 30  # a drag starts at most one batch per interval, always on the newest snapshot
QUANTILES = (10.0, 50.0, 90.0)


@dataclass
class Bands:
    """P10 / P50 / P90 of every series of one scenario, monthly and per year  [stored units]."""

    scenario: Scenario
    results: Results  # every sample, for claims and key figures
    monthly: dict[str, np.ndarray]  # name -> (3, T)
    annual: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # basis -> name -> (3, Y)

    @property
    def samples(self) -> int:
        return self.results.samples

    def month(self, name: str) -> np.ndarray:
        """(3, T) P10, P50, P90 in display units."""
        return self.monthly[name] * SERIES[name].display_scale

    def year(self, name: str, basis: Basis = "calendar") -> np.ndarray:
        """(3, Y) P10, P50, P90 in display units."""
        return self.annual[self.basis(basis)][name] * SERIES[name].display_scale

    def basis(self, basis: Basis) -> Basis:
        return basis if basis in self.annual else "calendar"

    def years(self, basis: Basis = "calendar") -> np.ndarray:
        return self.results.annual(self.basis(basis)).years


def chunk_seed(seed: int, chunk: int) -> int:
    return int(np.random.SeedSequence([seed, chunk]).generate_state(1)[0])


def chunk_sizes(samples: int, chunks: int = CHUNKS) -> list[int]:
    chunks = max(1, min(chunks, samples // 2))  # every chunk draws at least two samples
    return [len(part) for part in np.array_split(np.arange(samples), chunks)]


def join(parts: list[Results], seed: int) -> Results:
    """One Results holding the samples of every chunk, in chunk order."""
    first = parts[0]
    stack = lambda name: {k: np.concatenate([getattr(p, name)[k] for p in parts]) for k in getattr(first, name)}  # noqa: E731
    return Results(first.scenario_name, first.grid, sum(p.samples for p in parts), seed, first.generations,
                   first.generation_names, stack("monthly"), stack("by_generation"), stack("initial"),
                   first.warnings, first.fiscal_year_start_month)


def sample_bands(scenario: Scenario, samples: int, seed: int, keep_going=lambda: True,
                 progress=lambda done: None) -> Bands | None:
    """The bands of ``scenario``; None when ``keep_going`` turns false between chunks."""
    parts = []
    done = 0
    for k, size in enumerate(chunk_sizes(samples)):
        if not keep_going():
            return None
        parts.append(simulate(scenario, samples=size, seed=chunk_seed(seed, k)))
        done += size
        progress(done)
    results = join(parts, seed)
    monthly = {name: np.percentile(results.monthly[name], QUANTILES, axis=0) for name in results.names}
    bases: tuple[Basis, ...] = ("calendar", "fiscal") if results.fiscal_year_start_month > 1 else ("calendar",)
    annual = {b: {name: np.percentile(v, QUANTILES, axis=0) for name, v in results.annual(b).values.items()}
              for b in bases}
    return Bands(scenario, results, monthly, annual)


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
        alive = lambda: self.current() == self.generation  # noqa: E731
        try:
            bands = sample_bands(self.scenario, self.samples, self.seed, alive,
                                 lambda done: self.signals.progress.emit(self.generation, done))
        except Exception:  # an invalid draw must not take the window down: the band just stays off
            bands = None
        self.signals.finished.emit(self.generation, bands)


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
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self.start_batch)

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
        if not on:
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
        if generation == self.generation:
            self.progressed.emit(done, self.samples)

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
