"""A sweep made concrete: resolved scenarios and portfolios, design points, chunks, and the function
that runs one chunk.

Rows run scenario by scenario (then portfolio by portfolio), point by point, sample by sample. A
chunk holds whole points of one of them. The Monte Carlo draws of a point come from its own seed,
spawned from one SeedSequence by (scenario, point), so every row is the same wherever its chunk ran
and however the sweep was chunked.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..analysis.inputs import InputInfo, input_info
from ..analysis.metrics import metric_values, period
from ..analysis.sensitivity import ranged_inputs
from ..cluster import keep_malloc_reuse
from ..engine import Results, simulate
from ..engine.results import Basis
from ..engine.sampling import draw
from ..i18n import _
from ..io.presets import preset_ids
from ..io.references import UnknownReference, load_reference, resolve_reference
from ..io.scenario_files import ScenarioFileError, scenario_document
from ..model.ranges import Range, Uncertain
from ..model.scenario import Scenario
from ..portfolio import ResolvedPortfolio, bundled_portfolio_ids, open_portfolio, portfolio_document, run_portfolio
from ..portfolio.inputs import PortfolioInput, overrides_of, pinned, portfolio_input, run_rows
from ..series import SERIES
from .spec import SweepFile, SweepFileError, SweptInput, sweep_document

DESIGN_STREAM = 2**32 - 1  # spawn key of the design's own stream, apart from every (scenario, point)


@dataclass(frozen=True)
class Chunk:
    id: int
    scenario: int  # index into Plan.subjects
    first_point: int
    points: int


def _point_seeds(sweep: SweepFile, chunk: Chunk) -> list[np.random.SeedSequence]:
    return [
        np.random.SeedSequence(sweep.seed, spawn_key=(chunk.scenario, chunk.first_point + i))
        for i in range(chunk.points)
    ]


@dataclass(frozen=True)
class ScenarioRun:
    """A scenario of the sweep: one vectorised engine run per chunk."""

    ref: str
    scenario: Scenario
    drawn: tuple[tuple[str, Range], ...] = ()  # ranged inputs drawn at each point (samples > 1)

    def input(self, item: SweptInput) -> tuple[str, InputInfo, Uncertain | None]:
        """(column name, bounds, what the scenario holds) of a swept input; KeyError / ValueError in words."""
        info = input_info(self.scenario, item.path)
        return info.path, info, info.value

    def years(self, basis: Basis) -> list[int]:
        return list(simulate(self.scenario).annual(basis).years)

    def document(self) -> dict[str, Any]:
        return scenario_document(self.scenario)

    def probe(self, rows: int) -> None:
        simulate(self.scenario, rows, seed=0)

    runs_per_row = 1  # engine runs

    def rows_at_once(self, points: int, samples: int) -> int:
        """Rows one engine call runs, in a chunk of ``points``."""
        return points * samples

    def run(self, plan: Plan, chunk: Chunk, design: dict[str, np.ndarray]) -> list[Results]:
        """Results of the chunk's rows, ``design`` {input: (rows,) values} pinned."""
        k = plan.samples
        overrides = dict(design)
        for path, _range in self.drawn:
            overrides[path] = np.empty(chunk.points * k)
        for i, seed in enumerate(_point_seeds(plan.sweep, chunk)):
            rng = np.random.default_rng(seed)
            for path, value in self.drawn:
                overrides[path][i * k : (i + 1) * k] = draw(value, k, rng)
        return [simulate(self.scenario, chunk.points * k, overrides=overrides)]


@dataclass(frozen=True)
class PortfolioRun:
    """A portfolio of the sweep: its total is the output. With one sample per point every point of a
    chunk runs at once (every other input at base); with more, each point is a Monte Carlo run of the
    portfolio from the point's own seed, the swept inputs pinned."""

    ref: str
    resolved: ResolvedPortfolio
    inputs: tuple[PortfolioInput, ...] = ()
    base: ResolvedPortfolio | None = field(default=None, compare=False)  # pinned: nothing drawn

    def input(self, item: SweptInput) -> tuple[str, InputInfo, Uncertain | None]:
        found = portfolio_input(self.resolved, item.path, item.member)
        if not found.targets:
            raise ValueError(
                _("no member of '{ref}' takes {path}: each sets its own").format(ref=self.ref, path=item.path)
            )
        return found.name, found.info, found.value

    def years(self, basis: Basis) -> list[int]:
        if basis != "calendar":
            raise ValueError("a portfolio adds its members up by calendar year: use basis 'calendar'")
        return list(run_portfolio(self.resolved).total.annual(basis).years)

    def document(self) -> dict[str, Any]:
        return {
            "portfolio": portfolio_document(self.resolved.portfolio),
            "members": {m: scenario_document(s) for m, s in self.resolved.scenarios.items()},
        }

    def probe(self, rows: int) -> None:
        run_portfolio(self.resolved, rows, seed=0)

    @property
    def runs_per_row(self) -> int:
        """Engine runs: one per member switched on."""
        return max(1, sum(m.enabled for m in self.resolved.portfolio.members))

    def rows_at_once(self, points: int, samples: int) -> int:
        return samples if samples > 1 else points  # with samples, one point at a time

    def run(self, plan: Plan, chunk: Chunk, design: dict[str, np.ndarray]) -> list[Results]:
        k = plan.samples
        inputs = list(self.inputs)
        if k == 1:
            return [
                run_rows(self.base or pinned(self.resolved), inputs, design).total
                if inputs
                else run_portfolio(self.resolved).total
            ]
        out = []
        for i, seed in enumerate(_point_seeds(plan.sweep, chunk)):
            at_point = {name: values[i * k : (i + 1) * k] for name, values in design.items()}
            portfolio_seed = int(seed.generate_state(1)[0])
            out.append(run_portfolio(self.resolved, k, portfolio_seed, overrides=overrides_of(inputs, at_point)).total)
        return out


Subject = ScenarioRun | PortfolioRun


@dataclass(frozen=True)
class Plan:
    sweep: SweepFile
    subjects: tuple[Subject, ...]  # the scenarios, then the portfolios
    inputs: tuple[str, ...]  # design inputs: engine paths (a member's own: 'member:path')
    units_of_inputs: tuple[str, ...]
    points: np.ndarray  # (P, J) design points  [each input's unit]
    chunks: tuple[Chunk, ...]

    @property
    def samples(self) -> int:
        return self.sweep.samples

    @property
    def rows(self) -> int:
        return len(self.subjects) * len(self.points) * self.samples

    @property
    def output_columns(self) -> list[tuple[str, str, int]]:
        """(column, metric, year) of every kept output."""
        return [(f"{m}_{period(y, self.sweep.basis)}", m, y) for m in self.sweep.outputs for y in self.sweep.years]

    @property
    def columns(self) -> list[str]:
        return ["scenario", "point", "sample", *self.inputs, *(c for c, _, _ in self.output_columns)]

    @property
    def units(self) -> dict[str, str]:
        out = dict(zip(self.inputs, self.units_of_inputs))
        out.update({c: SERIES[m].unit for c, m, _ in self.output_columns})
        return out

    @cached_property
    def digest(self) -> str:
        """Identifies what the sweep computes: a resumed sweep must have the same one."""
        doc = {
            "sweep": sweep_document(self.sweep),
            "scenarios": [s.document() for s in self.subjects],
            "version": __version__,
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def _problem(field: str, message: str) -> SweepFileError:
    return SweepFileError(None, _("cannot be run"), [_("{path}: {message}").format(path=field, message=message)])


def _bounds(k: int, item: SweptInput, values: dict[str, Uncertain | None]) -> tuple[float, float]:
    if item.low is not None and item.high is not None:
        return item.low, item.high
    spans = {(v.low, v.high) for v in values.values() if isinstance(v, Range) and not v.is_point}
    held = {(v.low, v.high) if isinstance(v, Range) else v for v in values.values()}
    if len(spans) != 1 or len(held) != 1 or None in values.values():
        raise _problem(
            f"inputs.{k}",
            _("{path} needs low and high: it is not one range in every scenario ({refs})").format(
                path=item.path, refs=", ".join(values)
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


def _unknown(exc: UnknownReference) -> str:
    said = str(exc).splitlines()[0].rstrip(".")
    return _("{reason} (a path is read next to the sweep file); presets: {presets}").format(
        reason=said, presets=", ".join(preset_ids())
    )


def _open_portfolio(ref: str, folder: Path) -> ResolvedPortfolio:
    """A bundled portfolio id or a portfolio file next to the sweep file; ValueError in words otherwise."""
    try:
        reference = resolve_reference(ref, folder)
    except UnknownReference:
        portfolios = ", ".join(bundled_portfolio_ids())
        raise ValueError(
            _(
                "'{ref}' is neither a portfolio file (next to the sweep file) nor a bundled portfolio; "
                "portfolios: {portfolios}"
            ).format(ref=ref, portfolios=portfolios)
        ) from None
    if reference.kind == "preset" or (reference.kind == "scenario_file" and Path(reference.text).is_file()):
        raise ValueError(_("'{ref}' is a scenario, not a portfolio: name it under 'scenarios'").format(ref=ref))
    return open_portfolio(reference.text)


def _subjects(sweep: SweepFile, folder: Path) -> list[Subject]:
    found: list[Subject] = []
    for k, ref in enumerate(sweep.scenarios):
        try:
            found.append(ScenarioRun(ref, load_reference(ref, folder)))
        except UnknownReference as exc:
            raise _problem(f"scenarios.{k}", _unknown(exc)) from None
        except ScenarioFileError as exc:
            raise _problem(f"scenarios.{k}", str(exc)) from None
    for k, ref in enumerate(sweep.portfolios):
        try:
            found.append(PortfolioRun(ref, _open_portfolio(ref, folder)))
        except (ValueError, ScenarioFileError) as exc:
            raise _problem(f"portfolios.{k}", str(exc)) from None
    return found


def plan_sweep(sweep: SweepFile, folder: str | Path = ".") -> Plan:
    """Resolve the scenarios and portfolios and check the sweep against them; SweepFileError names the field."""
    subjects = _subjects(sweep, Path(folder))
    if sweep.design.method != "grid" and not sweep.inputs:
        raise _problem(
            "inputs", _("a {method} design needs at least one input to vary").format(method=sweep.design.method)
        )
    names, units, bounds = [], [], []
    portfolio_inputs: dict[int, list[PortfolioInput]] = {}
    for k, item in enumerate(sweep.inputs):
        values = {}
        for s, subject in enumerate(subjects):
            try:
                name, info, values[subject.ref] = subject.input(item)
            except (KeyError, ValueError) as exc:
                words = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)  # no KeyError quotes
                raise _problem(
                    f"inputs.{k}.path", _("{reason} in '{ref}'").format(reason=words, ref=subject.ref)
                ) from None
            if not info.uncertain:
                raise _problem(
                    f"inputs.{k}.path",
                    _("{path} cannot vary per run (only inputs that accept a low/base/high range can be swept)").format(
                        path=item.path
                    ),
                )
            given = item.levels if item.levels is not None else (item.low, item.high)
            bad = [v for v in given if v is not None and not info.lower <= v <= info.upper]
            if bad:
                raise _problem(
                    f"inputs.{k}",
                    _("{value} is outside the bounds of {path}: {bounds}").format(
                        value=f"{bad[0]:g}", path=item.path, bounds=info.bounds_text()
                    ),
                )
            if isinstance(subject, PortfolioRun):
                portfolio_inputs.setdefault(s, []).append(portfolio_input(subject.resolved, item.path, item.member))
        names.append(name)
        units.append(info.unit)
        if item.levels is None:
            bounds.append(_bounds(k, item, values))
    for subject in subjects:
        try:
            years = subject.years(sweep.basis)
        except ValueError as exc:
            raise _problem("basis", f"{exc} ('{subject.ref}')") from None
        missing = [y for y in sweep.years if y not in years]
        if missing:
            raise _problem(
                "years",
                _("{year} is not simulated by '{ref}' (it covers {first}–{last})").format(
                    year=missing[0], ref=subject.ref, first=years[0], last=years[-1]
                ),
            )
    for s, subject in enumerate(subjects):
        if isinstance(subject, ScenarioRun) and sweep.samples > 1:
            drawn = tuple((p, r) for p, r in ranged_inputs(subject.scenario) if p not in names)
            subjects[s] = ScenarioRun(subject.ref, subject.scenario, drawn)
        elif isinstance(subject, PortfolioRun):
            found = tuple(portfolio_inputs.get(s, ()))
            subjects[s] = PortfolioRun(subject.ref, subject.resolved, found, pinned(subject.resolved))
    points = design_points(sweep, bounds)
    chunks = []
    for s, subject in enumerate(subjects):  # chunk_rows counts engine runs: a portfolio row is one per member
        per_chunk = max(1, sweep.chunk_rows // (sweep.samples * subject.runs_per_row))
        chunks += [(s, p0, min(per_chunk, len(points) - p0)) for p0 in range(0, len(points), per_chunk)]
    return Plan(
        sweep,
        tuple(subjects),
        tuple(names),
        tuple(units),
        points,
        tuple(Chunk(i, *c) for i, c in enumerate(chunks)),
    )


def run_chunk(plan: Plan, chunk_id: int) -> tuple[int, dict[str, np.ndarray]]:
    """(chunk id, {column: values}) for the chunk's rows: one vectorised run (a portfolio with samples:
    one per point)."""
    keep_malloc_reuse()  # see cluster.py
    chunk = plan.chunks[chunk_id]
    subject = plan.subjects[chunk.scenario]
    k = plan.samples
    rows = chunk.points * k
    design = plan.points[chunk.first_point : chunk.first_point + chunk.points]
    inputs = {name: np.repeat(design[:, j], k) for j, name in enumerate(plan.inputs)}
    results = subject.run(plan, chunk, inputs)
    columns = {
        "scenario": np.full(rows, subject.ref, dtype=object),
        "point": np.repeat(np.arange(chunk.first_point, chunk.first_point + chunk.points), k),
        "sample": np.tile(np.arange(k), chunk.points),
        **inputs,
    }
    for column, metric, year in plan.output_columns:
        columns[column] = np.concatenate([metric_values(r, metric, year, plan.sweep.basis) for r in results])
    return chunk_id, columns
