"""Sampled runs of one scenario and their P10 / P50 / P90 bands. No Qt: the batch runs in a worker
process so the window's own interpreter stays free for the deterministic view.

A batch runs in chunks (for progress and cancellation), each seeded from (seed, chunk), so the same
scenario, sample count and seed always give the same bands.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..engine import simulate
from ..engine.results import Basis, Results, sample_percentile
from ..model.scenario import Scenario
from ..series import SERIES

CHUNKS = 4
QUANTILES = (10.0, 50.0, 90.0)


@dataclass
class Bands:
    """P10 / P50 / P90 of every series of one scenario, monthly and per year  [stored units]."""

    scenario: Scenario
    results: Results  # every sample, for claims and key figures
    monthly: dict[str, np.ndarray]  # name -> (3, T)
    annual: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # basis -> name -> (3, Y)
    _inputs: dict[str, np.ndarray] | None = field(default=None, repr=False, compare=False)

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

    def inputs(self) -> dict[str, np.ndarray]:
        """{path: (samples,)} the value each sample drew for every ranged input, as ``sample_bands`` drew them."""
        if self._inputs is None:
            from ..analysis.variance import drawn_inputs  # the analysis package loads when a view asks

            parts = [
                drawn_inputs(self.scenario, size, chunk_seed(self.results.seed, k))
                for k, size in enumerate(chunk_sizes(self.samples))
            ]
            self._inputs = {path: np.concatenate([p[path] for p in parts]) for path in parts[0]}
        return self._inputs


def chunk_seed(seed: int, chunk: int) -> int:
    return int(np.random.SeedSequence([seed, chunk]).generate_state(1)[0])


def chunk_sizes(samples: int, chunks: int = CHUNKS) -> list[int]:
    chunks = max(1, min(chunks, samples // 2))  # every chunk draws at least two samples
    return [len(part) for part in np.array_split(np.arange(samples), chunks)]


def sample_bands(
    scenario: Scenario,
    samples: int,
    seed: int,
    keep_going: Callable[[], bool] = lambda: True,
    progress: Callable[[int], None] = lambda done: None,
) -> Bands | None:
    """The bands of ``scenario`` computed here; None when ``keep_going`` turns false between chunks."""
    parts = []
    done = 0
    for k, size in enumerate(chunk_sizes(samples)):
        if not keep_going():
            return None
        parts.append(simulate(scenario, samples=size, seed=chunk_seed(seed, k)))
        done += size
        progress(done)
    return summarise(scenario, Results.join(parts, seed))


def summarise(scenario: Scenario, results: Results) -> Bands:
    """Percentiles of every series; the yearly aggregates are computed here, once."""
    monthly = {name: sample_percentile(results.monthly[name], QUANTILES) for name in results.names}
    bases: tuple[Basis, ...] = ("calendar", "fiscal") if results.fiscal_year_start_month > 1 else ("calendar",)
    annual: dict[str, dict[str, np.ndarray]] = {
        b: {name: sample_percentile(v, QUANTILES) for name, v in results.annual(b).values.items()} for b in bases
    }
    results.by_generation = {}  # not read from sampled runs; keeps the hand-over small
    return Bands(scenario, results, monthly, annual)


# --- the worker process: one batch at a time, its chunks kept until the batch is summarised
_parts: dict[int, list[Results]] = {}


def run_chunk(batch: int, chunk: int, scenario: Scenario, samples: int, seed: int) -> None:
    if batch not in _parts:
        _parts.clear()  # a newer batch: the older one was cancelled
        _parts[batch] = []
    _parts[batch].append(simulate(scenario, samples=samples, seed=chunk_seed(seed, chunk)))


def finish_batch(batch: int, scenario: Scenario, seed: int) -> Bands:
    parts = _parts.pop(batch)
    return summarise(scenario, Results.join(parts, seed))


_pool: ProcessPoolExecutor | None = None
_processes_work = True


def process_failed() -> None:
    """Stop using worker processes (e.g. one could not start): batches run on the calling thread."""
    global _processes_work, _pool
    _processes_work, _pool = False, None


def worker_pool() -> ProcessPoolExecutor | None:
    """The shared worker process (started once); None where processes cannot be started (a frozen
    app), and batches then run on the calling thread."""
    global _pool
    if getattr(sys, "frozen", False) or not _processes_work:
        return None
    if _pool is None:
        _pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_background)
    return _pool


def _background() -> None:
    """Sampling yields the processor to the window when both want it."""
    if hasattr(os, "nice"):
        os.nice(10)


def warm_up() -> None:
    """Start the worker process ahead of the first batch (imports take a second)."""
    pool = worker_pool()
    if pool is not None:
        pool.submit(chunk_sizes, 2)
