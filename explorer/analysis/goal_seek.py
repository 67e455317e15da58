"""Goal seek: the value of one input that makes an output reach a target in a year.

Candidates are evaluated many at a time on the sample axis (64 per engine call), inside the input's
declared bounds: first up to its slider end (``softMaximum``), then up to its hard maximum. The grid
cell where the output crosses the target is refined with a new grid until the output is within a
relative 1e-4 of the target. Inputs that cannot be a range (whole numbers such as construction months)
run one scenario per candidate instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import ValidationError

from ..engine import simulate
from ..engine.results import Basis
from ..formatting import format_number, format_series_value
from ..i18n import N_, _, in_language
from ..model.paths import set_path
from ..model.ranges import Range
from ..model.scenario import Scenario
from .inputs import InputInfo, input_info
from .metrics import Measure, check_metric, describe, metric_values

GRID = 64
MAX_ROUNDS = 12
RELATIVE_TOLERANCE = 1e-4


@dataclass(frozen=True)
class Solution:
    input: str
    metric: str
    year: int
    target: float
    reachable: bool
    value: float | None  # the input's solved value  [input unit]
    achieved: float | None  # the output at that value  [metric's stored unit]
    iterations: int  # engine calls
    why: str = ""  # why there is no value, when unreachable: a key of WHY
    achievable: tuple[float, float] | None = None  # lowest and highest output seen within the bounds
    bounds: tuple[float, float] | None = None
    basis: Basis = "calendar"
    measure: Measure = None
    info: InputInfo | None = field(default=None, repr=False, compare=False)

    @property
    def reason(self) -> str:
        """Why there is no value, in the reader's language ('' when the target is reached)."""
        if not self.why or self.info is None:
            return ""

        def value(v: float | None) -> str:
            return format_series_value(self.metric, v)

        low, high = self.achievable or (None, None)
        return _(WHY[self.why]).format(
            what=describe(self.metric, self.year, self.basis, self.measure),
            input=_("{title} ({path})").format(title=_(self.info.title), path=self.info.path),
            bounds=self.info.bounds_text(),
            target=value(self.target),
            low=value(low),
            high=value(high),
            near=format_number(self.value, 6),
            closest=value(self.achieved),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "metric": self.metric,
            "year": self.year,
            "target": self.target,
            "reachable": self.reachable,
            "value": self.value,
            "achieved": self.achieved,
            "iterations": self.iterations,
            "reason": self.english_reason,
            "achievable": list(self.achievable) if self.achievable else None,
            "bounds": list(self.bounds) if self.bounds else None,
        }

    @property
    def english_reason(self) -> str:
        """The reason as files carry it: the same whatever language the reader chose."""
        with in_language("en"):
            return self.reason


# Why a target is not reached, by key; placeholders: what (the output and year), input (its title and
# path), bounds, target, low and high (the output's extremes within the bounds), near, closest.
WHY = {
    "not computable": N_("{what} cannot be computed for any value of {input} within {bounds}"),
    "constant": N_("{what} does not depend on {input}: it stays at {low}"),
    "out of reach": N_(
        "no value of {input} within its bounds {bounds} gives {target}: {what} ranges from {low} to {high}"
    ),
    "jumps": N_("{what} jumps past {target} near {input} = {near}: the closest it gets is {closest}"),
}


def _evaluator(
    scenario: Scenario, info: InputInfo, metric: str, year: int, basis: Basis, measure: Measure
) -> Callable[[np.ndarray], np.ndarray]:
    def batched(xs: np.ndarray) -> np.ndarray:
        results = simulate(scenario, len(xs), overrides={info.path: xs})
        return metric_values(results, metric, year, basis, measure)

    def one_by_one(xs: np.ndarray) -> np.ndarray:
        out = np.full(len(xs), np.nan)
        for i, x in enumerate(xs):
            try:
                variant = set_path(scenario, info.path, int(x) if info.integer else float(x))
                out[i] = metric_values(simulate(variant), metric, year, basis, measure)[0]
            except (ValidationError, ValueError):
                pass  # e.g. a shorter timeline no longer holds the year: not a candidate
        return out

    return batched if info.uncertain else one_by_one


def _grid(a: float, b: float, integer: bool) -> np.ndarray:
    xs = np.linspace(a, b, GRID)
    return np.unique(np.rint(xs)) if integer else xs


def _crossing(xs: np.ndarray, gap: np.ndarray, near: float) -> int | None:
    """Index i where the output passes the target between xs[i] and xs[i+1] (closest to ``near``)."""
    ok = ~np.isnan(gap)
    hits = [i for i in range(len(xs) - 1) if ok[i] and ok[i + 1] and (gap[i] == 0 or gap[i] * gap[i + 1] < 0)]
    if ok[-1] and gap[-1] == 0:
        hits.append(len(xs) - 2)
    if not hits:
        return None
    return min(hits, key=lambda i: abs(0.5 * (xs[i] + xs[i + 1]) - near))


def solve(
    scenario: Scenario,
    input_path: str,
    metric: str,
    year: int,
    target: float,
    basis: Basis = "calendar",
    measure: Measure = None,
) -> Solution:
    """The value of ``input_path`` at which ``metric`` in ``year`` equals ``target`` (deterministic run)."""
    check_metric(metric, measure)
    info = input_info(scenario, input_path)
    metric_values(simulate(scenario), metric, year, basis, measure)  # a year off the timeline fails here
    run = _evaluator(scenario, info, metric, year, basis, measure)
    lo, hi = info.lower, info.upper
    soft = info.soft_maximum if info.soft_maximum is not None and lo < info.soft_maximum < hi else None
    spans = [(lo, soft), (soft, hi)] if soft is not None else [(lo, hi)]
    tol = RELATIVE_TOLERANCE * abs(target)
    seen: list[float] = []
    calls = 0
    found = None
    for a, b in spans:
        xs = _grid(a, b, info.integer)
        ys = run(xs)
        calls += 1
        seen += [float(y) for y in ys if not np.isnan(y)]
        if tol == 0 and seen:
            tol = RELATIVE_TOLERANCE * max(abs(min(seen)), abs(max(seen)))
        i = _crossing(xs, ys - target, info.base)
        if i is not None:
            found = (xs, ys, i)
            break
    achievable = (min(seen), max(seen)) if seen else None

    def solution(value: float | None, achieved: float | None, why: str = "") -> Solution:
        return Solution(
            info.path, metric, year, target, not why, value, achieved, calls, why, achievable, (lo, hi), basis,
            measure, info,
        )  # fmt: skip

    if found is None:
        if not seen:
            return solution(None, None, "not computable")
        if achievable is not None and achievable[0] == achievable[1]:
            return solution(None, None, "constant")
        return solution(None, None, "out of reach")

    xs, ys, i = found
    for _round in range(MAX_ROUNDS):
        best = int(np.nanargmin(np.abs(ys - target)))
        if abs(ys[best] - target) <= tol:
            return solution(float(xs[best]), float(ys[best]))
        a, b = xs[i], xs[i + 1]
        if (info.integer and b - a <= 1) or b - a <= 1e-12 * max(abs(a), abs(b), 1.0):
            break
        xs = _grid(a, b, info.integer)
        ys = run(xs)
        calls += 1
        i = _crossing(xs, ys - target, info.base)
        if i is None:  # only when the output is not continuous inside the cell
            break
    best = int(np.nanargmin(np.abs(ys - target)))
    return solution(float(xs[best]), float(ys[best]), "jumps")


def apply_value(scenario: Scenario, input_path: str, value: float) -> Scenario:
    """The scenario with the input set to ``value``.

    A range keeps its shape: its base moves to ``value`` and low and high shift by the same amount,
    clipped to the input's bounds so the order low ≤ base ≤ high always holds.
    """
    info = input_info(scenario, input_path)
    current = info.value
    if info.integer:
        return set_path(scenario, info.path, round(value))
    if not isinstance(current, Range):
        return set_path(scenario, info.path, float(value))
    shift = value - current.base
    low = min(max(current.low + shift, info.lower), value)
    high = max(min(current.high + shift, info.upper), value)
    return set_path(scenario, info.path, Range(low=low, base=value, high=high, dist=current.dist))
