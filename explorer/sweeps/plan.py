"""A sweep made concrete: resolved scenarios, design points, chunks, and the function that runs one chunk.

Rows run scenario by scenario, point by point, sample by sample. A chunk holds whole points of one
scenario. The Monte Carlo draws of a point come from its own seed, spawned from one SeedSequence by
(scenario, point), so every row is the same wherever its chunk ran and however the sweep was chunked.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .. import __version__
from ..analysis.inputs import input_info
from ..analysis.metrics import metric_values, period
from ..analysis.sensitivity import ranged_inputs
from ..cluster import restore_malloc_reuse
from ..engine import simulate
from ..engine.sampling import draw
from ..formatting import choice_text, localize_number
from ..i18n import _
from ..io.presets import preset_ids
from ..io.references import UnknownReference, load_reference
from ..io.scenario_files import ScenarioFileError, scenario_document
from ..model.ranges import Range
from ..model.scenario import Scenario
from ..series import SERIES
from .spec import SweepFile, SweepFileError, SweptInput, sweep_document

DESIGN_STREAM = 2**32 - 1  # spawn key of the design's own stream, apart from every (scenario, point)


@dataclass(frozen=True)
class Chunk:
    id: int
    scenario: int  # index into Plan.scenarios
    first_point: int
    points: int


@dataclass(frozen=True)
class Plan:
    sweep: SweepFile
    scenario_refs: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    inputs: tuple[str, ...]  # design inputs, engine paths
    points: np.ndarray  # (P, J) design points  [each input's unit]
    drawn: tuple[tuple[tuple[str, Range], ...], ...]  # per scenario: ranged inputs drawn at each point
    chunks: tuple[Chunk, ...]

    @property
    def samples(self) -> int:
        return self.sweep.samples

    @property
    def rows(self) -> int:
        return len(self.scenarios) * len(self.points) * self.samples

    @property
    def output_columns(self) -> list[tuple[str, str, int]]:
        """(column, metric, year) of every kept output."""
        return [(f"{m}_{period(y, self.sweep.basis)}", m, y) for m in self.sweep.outputs for y in self.sweep.years]

    @property
    def columns(self) -> list[str]:
        return ["scenario", "point", "sample", *self.inputs, *(c for c, _, _ in self.output_columns)]

    @property
    def units(self) -> dict[str, str]:
        out = {path: input_info(self.scenarios[0], path).unit for path in self.inputs}
        out.update({c: SERIES[m].unit for c, m, _ in self.output_columns})
        return out

    @cached_property
    def digest(self) -> str:
        """Identifies what the sweep computes: a resumed sweep must have the same one."""
        doc = {
            "sweep": sweep_document(self.sweep),
            "scenarios": [scenario_document(s) for s in self.scenarios],
            "version": __version__,
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def _problem(field: str, message: str) -> SweepFileError:
    return SweepFileError(None, _("cannot be run"), [_("{path}: {message}").format(path=field, message=message)])


def _bounds(
    k: int, path: str, item: SweptInput, scenarios: Sequence[Scenario], refs: Sequence[str]
) -> tuple[float, float]:
    if item.low is not None and item.high is not None:
        return item.low, item.high
    ranges = {ref: input_info(s, path).value for s, ref in zip(scenarios, refs)}
    spans = {(v.low, v.high) for v in ranges.values() if isinstance(v, Range) and not v.is_point}
    if len(spans) != 1 or len(spans) != len({(v.low, v.high) if isinstance(v, Range) else v for v in ranges.values()}):
        raise _problem(
            f"inputs.{k}",
            _("{path} needs low and high: it is not one range in every scenario ({scenarios})").format(
                path=path, scenarios=", ".join(refs)
            ),
        )
    return spans.pop()


def design_points(sweep: SweepFile, bounds: list[tuple[float, float]]) -> np.ndarray:
    """(P, J) the design's points."""
    if sweep.design.method == "grid":
        return np.array(list(itertools.product(*(i.levels or () for i in sweep.inputs))), dtype=float).reshape(
            -1, len(sweep.inputs)
        )
    from ..scale import require

    require(f"A {sweep.design.method} design", "scipy")
    from scipy.stats import qmc

    rng = np.random.default_rng(np.random.SeedSequence(sweep.seed, spawn_key=(DESIGN_STREAM,)))
    d = len(sweep.inputs)
    engine = qmc.LatinHypercube(d, seed=rng) if sweep.design.method == "lhs" else qmc.Sobol(d, seed=rng)
    unit = engine.random(sweep.design.points)
    low, high = np.array(bounds).T
    return low + unit * (high - low)


def plan_sweep(sweep: SweepFile, folder: str | Path = ".") -> Plan:
    """Resolve the scenarios and check the sweep against them; SweepFileError names the field."""
    scenarios = []
    for k, ref in enumerate(sweep.scenarios):
        try:
            scenarios.append(load_reference(ref, Path(folder)))
        except UnknownReference as exc:
            said = str(exc).splitlines()[0].rstrip(".")
            presets = ", ".join(preset_ids())
            raise _problem(
                f"scenarios.{k}", f"{said} (a path is read next to the sweep file); presets: {presets}"
            ) from None
        except ScenarioFileError as exc:
            raise _problem(f"scenarios.{k}", str(exc)) from None
    if sweep.design.method != "grid" and not sweep.inputs:
        raise _problem(
            "inputs",
            _("a {method} design needs at least one input to vary").format(method=choice_text(sweep.design.method)),
        )
    paths, bounds = [], []
    for k, item in enumerate(sweep.inputs):
        for scenario, ref in zip(scenarios, sweep.scenarios):
            try:
                info = input_info(scenario, item.path)
            except (KeyError, ValueError) as exc:
                problem = _("{problem} in '{scenario}'").format(problem=str(exc).strip(chr(39) + chr(34)), scenario=ref)
                raise _problem(f"inputs.{k}.path", problem) from None
            if not info.uncertain:
                raise _problem(
                    f"inputs.{k}.path",
                    _("{path} cannot vary per run (only inputs that accept a low/base/high range can be swept)").format(
                        path=item.path
                    ),
                )
            values = item.levels if item.levels is not None else (item.low, item.high)
            bad = [v for v in values if v is not None and not info.lower <= v <= info.upper]
            if bad:
                raise _problem(
                    f"inputs.{k}",
                    _("{value} is outside {path}'s bounds {bounds}").format(
                        value=localize_number(f"{bad[0]:g}"), path=item.path, bounds=info.bounds_text()
                    ),
                )
        paths.append(info.path)
        if item.levels is None:
            bounds.append(_bounds(k, info.path, item, scenarios, sweep.scenarios))
    for scenario, ref in zip(scenarios, sweep.scenarios):
        years = simulate(scenario).annual(sweep.basis).years
        missing = [y for y in sweep.years if y not in years]
        if missing:
            raise _problem(
                "years",
                _("{year} is not simulated by '{scenario}' (it covers {first}–{last})").format(
                    year=missing[0], scenario=ref, first=years[0], last=years[-1]
                ),
            )
    points = design_points(sweep, bounds)
    drawn = tuple(
        tuple((p, r) for p, r in ranged_inputs(s) if p not in paths) if sweep.samples > 1 else () for s in scenarios
    )
    per_chunk = max(1, sweep.chunk_rows // sweep.samples)
    chunks = [
        (s, p0, min(per_chunk, len(points) - p0))
        for s in range(len(scenarios))
        for p0 in range(0, len(points), per_chunk)
    ]
    return Plan(
        sweep,
        sweep.scenarios,
        tuple(scenarios),
        tuple(paths),
        points,
        drawn,
        tuple(Chunk(i, *c) for i, c in enumerate(chunks)),
    )


def run_chunk(plan: Plan, chunk_id: int) -> tuple[int, dict[str, np.ndarray]]:
    """(chunk id, {column: values}) for the chunk's rows: one vectorised engine run."""
    restore_malloc_reuse()  # in a Dask worker: see cluster.py
    chunk = plan.chunks[chunk_id]
    k = plan.samples
    rows = chunk.points * k
    point = np.repeat(np.arange(chunk.first_point, chunk.first_point + chunk.points), k)
    design = plan.points[chunk.first_point : chunk.first_point + chunk.points]
    overrides = {path: np.repeat(design[:, j], k) for j, path in enumerate(plan.inputs)}
    drawn = plan.drawn[chunk.scenario]
    for path, _range in drawn:
        overrides[path] = np.empty(rows)
    for i in range(chunk.points):
        seed = np.random.SeedSequence(plan.sweep.seed, spawn_key=(chunk.scenario, chunk.first_point + i))
        rng = np.random.default_rng(seed)
        for path, value in drawn:
            overrides[path][i * k : (i + 1) * k] = draw(value, k, rng)
    results = simulate(plan.scenarios[chunk.scenario], rows, overrides=overrides)
    columns = {
        "scenario": np.full(rows, plan.scenario_refs[chunk.scenario], dtype=object),
        "point": point,
        "sample": np.tile(np.arange(k), chunk.points),
    }
    columns.update({path: overrides[path] for path in plan.inputs})
    for column, metric, year in plan.output_columns:
        columns[column] = metric_values(results, metric, year, plan.sweep.basis)
    return chunk_id, columns
