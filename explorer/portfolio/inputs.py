"""A portfolio's inputs as one list: what a sweep varies and what Sobol indices are taken over.

An input is either
- shared, named by its path: an accelerator-catalog path or an operations price or intensity
  (``run_portfolio`` draws these from one stream for every member that has them), or
  ``shared.<name>``, one of the portfolio's own shared inputs (it reaches the members that do not
  set their own); or
- one member's own input, named ``member:path``.

Values reach the members through ``run_portfolio(overrides=…)``. Rows run with every other input at
base (``pinned``): overlap shares and world limits included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..analysis.inputs import InputInfo, input_info
from ..analysis.metrics import Measure, metric_values
from ..analysis.sensitivity import ranged_inputs
from ..model.ranges import Range, Uncertain, base_of
from .compute import SHARED_PREFIXES, PortfolioResults, member_overrides, run_portfolio
from .files import ResolvedPortfolio

if TYPE_CHECKING:
    from ..analysis.sobol import SobolResult
    from ..model.scenario import Scenario

MEMBER_MARK = ":"  # 'meta:power.design_pue': member meta's own design PUE
SHARED = "shared."
CHUNK_ROWS = 1024  # Sobol rows per task: each is a run of every member


@dataclass(frozen=True)
class PortfolioInput:
    name: str
    info: InputInfo  # title, unit and bounds (of the portfolio's field, or the first member's)
    targets: tuple[tuple[str, str, Uncertain], ...]  # (member id, engine path, what that member draws it from)

    @property
    def value(self) -> Uncertain | None:
        """What every member draws it from, or None when they differ."""
        values = [v for _, _, v in self.targets]
        return values[0] if values and all(v == values[0] for v in values) else None

    @property
    def ranged(self) -> bool:
        return any(isinstance(v, Range) and not v.is_point for _, _, v in self.targets)


def member_input_name(member: str, path: str) -> str:
    return f"{member}{MEMBER_MARK}{path}"


def _enabled(resolved: ResolvedPortfolio) -> dict[str, Scenario]:
    return {m.id: resolved.scenarios[m.id] for m in resolved.portfolio.members if m.enabled}


def portfolio_input(resolved: ResolvedPortfolio, path: str, member: str | None = None) -> PortfolioInput:
    """The input at ``path`` — of ``member``, or shared; KeyError or ValueError in words."""
    on = _enabled(resolved)
    if member is not None:
        if member not in on:
            known = ", ".join(on) or "none"
            raise KeyError(f"'{member}' is not a member switched on in '{resolved.portfolio.name}' (members: {known})")
        info = input_info(on[member], path)
        return PortfolioInput(member_input_name(member, info.path), info, ((member, info.path, info.value),))
    if path.startswith(SHARED):
        info = input_info(resolved.portfolio, path)
        name = path.removeprefix(SHARED)
        shared = resolved.portfolio.shared
        takers = [m for m, s in on.items() if f"operations.{name}" in member_overrides(shared, s, m, 1, 0)]
        return PortfolioInput(info.path, info, tuple((m, f"operations.{name}", info.value) for m in takers))
    if not path.startswith(SHARED_PREFIXES):
        raise ValueError(
            f"'{path}' is a member's own input: name the member, or vary a shared input "
            f"({', '.join(p.rstrip('.') for p in SHARED_PREFIXES)} or shared.…)"
        )
    found = []
    for m, scenario in on.items():
        try:
            found.append((m, input_info(scenario, path)))
        except KeyError:
            continue  # a member without this accelerator in its catalog
    if not found:
        raise KeyError(f"no member of '{resolved.portfolio.name}' has '{path}'")
    return PortfolioInput(found[0][1].path, found[0][1], tuple((m, i.path, i.value) for m, i in found))


def portfolio_ranged_inputs(resolved: ResolvedPortfolio) -> list[PortfolioInput]:
    """Every input of the members switched on that is a range: shared ones once, then each member's own."""
    shared: dict[str, PortfolioInput] = {}
    own: list[PortfolioInput] = []
    for name, value in resolved.portfolio.shared:
        if isinstance(value, Range) and not value.is_point:
            found = portfolio_input(resolved, SHARED + name)
            if found.targets:
                shared[found.name] = found
    for m, scenario in _enabled(resolved).items():
        for path, _ in ranged_inputs(scenario):
            if not path.startswith(SHARED_PREFIXES):
                own.append(portfolio_input(resolved, path, m))
            elif path not in shared:
                shared[path] = portfolio_input(resolved, path)
    return [*shared.values(), *own]


def _at_base(value: Any) -> Any:
    return base_of(value) if isinstance(value, Range) else value


def pinned(resolved: ResolvedPortfolio) -> ResolvedPortfolio:
    """The portfolio with its shared inputs, overlap shares and world limits at base: nothing left to draw
    but the members' inputs, which ``base_overrides`` pins."""
    p = resolved.portfolio
    shared = p.shared.model_copy(update={name: _at_base(v) for name, v in p.shared})
    overlaps = tuple(o.model_copy(update={"share": _at_base(o.share)}) for o in p.overlaps)
    limits = tuple(w.model_copy(update={"by_year": {y: _at_base(v) for y, v in w.by_year.items()}}) for w in p.limits)
    portfolio = p.model_copy(update={"shared": shared, "overlaps": overlaps, "limits": limits})
    return ResolvedPortfolio(portfolio, resolved.scenarios, resolved.folder)


def overrides_of(inputs: list[PortfolioInput], values: Mapping[str, np.ndarray]) -> dict[str, dict[str, np.ndarray]]:
    """{member: {path: values}} for ``run_portfolio`` from {input name: (rows,) values}."""
    out: dict[str, dict[str, np.ndarray]] = {}
    for item in inputs:
        for member, path, _ in item.targets:
            out.setdefault(member, {})[path] = values[item.name]
    return out


def run_rows(
    resolved: ResolvedPortfolio, inputs: list[PortfolioInput], values: Mapping[str, np.ndarray]
) -> PortfolioResults:
    """One run of the portfolio per row of ``values`` ({input name: (rows,) values}), every other input at
    base; ``resolved`` must be ``pinned``."""
    return _run_pinned(resolved, len(next(iter(values.values()))), overrides_of(inputs, values))


def _run_pinned(resolved: ResolvedPortfolio, rows: int, given: dict[str, dict[str, np.ndarray]]) -> PortfolioResults:
    """``rows`` runs with the members' ranged inputs at base except those ``given``."""
    out = {m: {p: np.full(rows, r.base) for p, r in ranged_inputs(s)} for m, s in _enabled(resolved).items()}
    for member, values in given.items():
        out[member].update(values)
    return run_portfolio(resolved, rows, overrides=out)


def portfolio_model(
    resolved: ResolvedPortfolio, metric: str, year: int, measure: Measure = None
) -> Callable[[Mapping[str, np.ndarray]], np.ndarray]:
    """The portfolio total's ``metric`` in ``year`` as a function of its ranged inputs, each given as a
    probability in [0, 1] that every member holding it turns into a value through its own range (for
    Sobol indices: a shared input moves all its members together, as when the portfolio draws it)."""
    from ..analysis.sobol import quantile

    inputs = {i.name: i for i in portfolio_ranged_inputs(resolved)}
    base = pinned(resolved)

    def model(columns: Mapping[str, np.ndarray]) -> np.ndarray:
        given: dict[str, dict[str, np.ndarray]] = {}
        for name, u in columns.items():
            for member, path, value in inputs[name].targets:
                if isinstance(value, Range):
                    given.setdefault(member, {})[path] = quantile(value, u)
        results = _run_pinned(base, len(next(iter(columns.values()))), given)
        return metric_values(results.total, metric, year, "calendar", measure)

    return model


def input_label(resolved: ResolvedPortfolio, name: str) -> str:
    """An input as people read it: 'meta: Design PUE', a catalog title, or the portfolio's own field."""
    from ..formatting import input_title

    member, mark, path = name.partition(MEMBER_MARK)
    if mark:
        return f"{member}: {input_title(resolved.scenarios[member], path)}"
    if name.startswith(SHARED):
        return input_info(resolved.portfolio, name).title
    return input_title(resolved.scenarios[portfolio_input(resolved, name).targets[0][0]], name)


def portfolio_sobol(
    resolved: ResolvedPortfolio,
    metric: str,
    year: int,
    samples: int = 1024,
    seed: int = 0,
    measure: Measure = None,
    chunk_rows: int = CHUNK_ROWS,
    workers: int | None = None,
    scheduler: str | None = None,
) -> SobolResult:
    """Sobol indices of the portfolio total's ``metric`` in calendar ``year`` over every ranged input of
    the members switched on (``portfolio_ranged_inputs``); see ``analysis.sobol.sobol_indices``."""
    from ..analysis.metrics import check_metric
    from ..analysis.sobol import sobol_indices

    check_metric(metric, measure)
    metric_values(run_portfolio(resolved).total, metric, year, "calendar", measure)  # a year off the timeline
    probability = Range(low=0.0, base=0.5, high=1.0, dist="uniform")  # the model turns it into each member's value
    return sobol_indices(
        [(i.name, probability) for i in portfolio_ranged_inputs(resolved)],
        portfolio_model(resolved, metric, year, measure),
        samples,
        seed,
        chunk_rows,
        workers,
        scheduler,
    )
