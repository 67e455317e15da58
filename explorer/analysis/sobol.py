"""Sobol first- and total-order indices with confidence intervals, through SALib.

Saltelli's scheme on a scrambled Sobol sequence: N base points give N·(D + 2) model runs for D
inputs. The unit-cube points are mapped through each input's own distribution (uniform, triangular
or PERT between its low and high), the model is evaluated in chunks of rows, and SALib estimates the
indices with bootstrap confidence intervals.

``sobol_indices`` takes any vectorised model {name: (n,) values} → (n,) outputs; ``sobol`` plugs in
the engine for one scenario (``explorer.portfolio.inputs.portfolio_sobol`` plugs in a portfolio's total). The chunks run
here, or on a Dask cluster with ``workers`` / ``scheduler``; the indices are the same either way.
Needs the optional 'scale' extra (SALib; dask for clusters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..cluster import connect, disconnect, keep_malloc_reuse, run_here, run_tasks
from ..engine import simulate
from ..engine.results import Basis
from ..i18n import _
from ..model.ranges import Range
from ..model.scenario import Scenario
from ..scale import require
from .metrics import Measure, check_metric, metric_values
from .sensitivity import ranged_inputs

CHUNK_ROWS = 8192  # engine runs per call: bounds memory whatever N is
CONFIDENCE = 0.95
RESAMPLES = 200

Model = Callable[[Mapping[str, np.ndarray]], np.ndarray]


@dataclass(frozen=True)
class SobolIndex:
    input: str
    first: float  # S1: share of the output variance this input explains alone
    first_conf: float  # half-width of the confidence interval of S1
    total: float  # ST: share explained by this input with all its interactions
    total_conf: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "first": self.first,
            "first_conf": self.first_conf,
            "total": self.total,
            "total_conf": self.total_conf,
        }


@dataclass(frozen=True)
class SobolResult:
    indices: list[SobolIndex]  # largest total first
    base_samples: int  # N
    runs: int  # model evaluations, N·(D + 2)
    output_variance: float
    confidence: float = CONFIDENCE


def quantile(value: Range, u: np.ndarray) -> np.ndarray:
    """Values of ``value``'s distribution at probabilities ``u`` (inverse CDF), as the engine draws them."""
    low, base, high = value.low, value.base, value.high
    width = high - low
    if width == 0:
        return np.full(len(u), base)
    if value.dist == "uniform":
        return low + u * width
    if value.dist == "triangular":
        c = (base - low) / width  # the mode's place in the range
        left = low + np.sqrt(u * width * (base - low))
        right = high - np.sqrt((1 - u) * width * (high - base))
        return np.where(u < c, left, right)
    from scipy.special import betaincinv  # PERT: the beta distribution the engine draws

    return low + width * np.asarray(betaincinv(1.0 + 4.0 * (base - low) / width, 1.0 + 4.0 * (high - base) / width, u))


def _evaluate_chunk(model: Model, chunk: tuple[int, Mapping[str, np.ndarray]]) -> tuple[int, np.ndarray]:
    keep_malloc_reuse()  # see cluster.py
    start, columns = chunk
    return start, np.asarray(model(columns), dtype=float)


def evaluate(
    model: Model, columns: Mapping[str, np.ndarray], chunk_rows: int = CHUNK_ROWS, client: Any = None
) -> np.ndarray:
    """The model on every row of ``columns``, ``chunk_rows`` rows at a time, here or on ``client``'s cluster."""
    rows = len(next(iter(columns.values())))
    chunks = [(a, {k: v[a : a + chunk_rows] for k, v in columns.items()}) for a in range(0, rows, chunk_rows)]
    done: Iterator[tuple[int, np.ndarray]]
    if client is None:
        done = run_here(_evaluate_chunk, model, chunks)
    else:
        done = run_tasks(client, _evaluate_chunk, model, chunks, "sobol")
    out = np.empty(rows)
    for start, values in done:
        out[start : start + len(values)] = values
    return out


def sobol_indices(
    inputs: Sequence[tuple[str, Range]],
    model: Model,
    samples: int = 1024,
    seed: int = 0,
    chunk_rows: int = CHUNK_ROWS,
    workers: int | None = None,
    scheduler: str | None = None,
) -> SobolResult:
    """First and total Sobol indices of ``model`` over ``inputs`` from ``samples`` base points (a power of 2).

    ``workers`` runs the model on a local Dask cluster of that many processes, ``scheduler``
    ('tcp://host:8786') on a running one; the model must then be picklable.
    """
    require("Sobol indices", "SALib", "scipy")
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    if len(inputs) < 2:
        raise ValueError(_("Sobol indices need at least two ranged inputs"))
    if samples < 2 or samples & (samples - 1):
        raise ValueError(
            _("samples must be a power of two (e.g. 512, 1024, 4096), not {samples}").format(samples=samples)
        )
    names = [path for path, _ in inputs]
    problem = {"num_vars": len(inputs), "names": names, "bounds": [[0.0, 1.0]] * len(inputs)}
    unit = sample.sample(problem, samples, calc_second_order=False, scramble=True, seed=seed)
    columns = {path: quantile(r, unit[:, j]) for j, (path, r) in enumerate(inputs)}
    client = connect(workers, scheduler) if workers or scheduler else None
    try:
        y = evaluate(model, columns, chunk_rows, client)
    finally:
        if client is not None:
            disconnect(client)
    if not np.all(np.isfinite(y)):
        raise ValueError(_("the output is not a finite number for some samples"))
    bootstrap_seed = int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1  # SALib ignores a seed of 0
    found = analyze.analyze(
        problem, y, calc_second_order=False, num_resamples=RESAMPLES, conf_level=CONFIDENCE, seed=bootstrap_seed
    )
    indices = [
        SobolIndex(p, *(float(found[k][j]) for k in ("S1", "S1_conf", "ST", "ST_conf"))) for j, p in enumerate(names)
    ]
    return SobolResult(sorted(indices, key=lambda i: -i.total), samples, len(y), float(np.var(y)))


def engine_model(
    scenario: Scenario, metric: str, year: int, basis: Basis = "calendar", measure: Measure = None
) -> Model:
    """The scenario's ``metric`` in ``year`` as a function of its ranged inputs, one engine run per row."""

    def model(values: Mapping[str, np.ndarray]) -> np.ndarray:
        n = len(next(iter(values.values())))
        return metric_values(simulate(scenario, n, overrides=values), metric, year, basis, measure)

    return model


def sobol(
    scenario: Scenario,
    metric: str,
    year: int,
    samples: int = 1024,
    seed: int = 0,
    basis: Basis = "calendar",
    measure: Measure = None,
    chunk_rows: int = CHUNK_ROWS,
    workers: int | None = None,
    scheduler: str | None = None,
) -> SobolResult:
    """Sobol indices of ``metric`` in ``year`` over every ranged input of ``scenario`` (see ``sobol_indices``)."""
    check_metric(metric, measure)
    metric_values(simulate(scenario), metric, year, basis, measure)  # a year off the timeline fails here
    return sobol_indices(
        ranged_inputs(scenario),
        engine_model(scenario, metric, year, basis, measure),
        samples,
        seed,
        chunk_rows,
        workers,
        scheduler,
    )
