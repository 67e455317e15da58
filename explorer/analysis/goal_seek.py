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
from ..engine.claims import claim_values
from ..engine.results import Basis, Results
from ..formatting import format_number, format_series_value
from ..i18n import N_, _, in_language
from ..model.claims import MEASURE_TEXT, Claim
from ..model.paths import set_path
from ..model.ranges import Range
from ..model.scenario import Scenario
from ..series import SERIES
from .inputs import InputInfo, input_info
from .metrics import Measure, check_metric, describe, metric_values
from .restated import nudged_run

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
    info: InputInfo | None = field(default=None, repr=False, compare=False)
    what: Callable[[], str] | None = field(default=None, repr=False, compare=False)  # the output, in words

    @property
    def reason(self) -> str:
        """Why there is no value, in the reader's language ('' when the target is reached)."""
        if not self.why or self.info is None or self.what is None:
            return ""

        def value(v: float | None) -> str:
            return format_series_value(self.metric, v)

        low, high = self.achievable or (None, None)
        return _(WHY[self.why]).format(
            what=self.what(),
            input=_("{title} ({path})").format(title=_(self.info.title), path=self.info.path),
            bounds=self.info.bounds_text(),
            target=value(self.target),
            low=value(low),
            high=value(high),
            near=format_number(self.value, 6),
            closest=value(self.achieved),
        )

    @property
    def english_reason(self) -> str:
        """The reason as files carry it: the same whatever language the reader chose."""
        with in_language("en"):
            return self.reason

    @property
    def found(self) -> tuple[float, float] | None:
        """The input's value and the output it gives, when the target is reachable."""
        if not self.reachable or self.value is None or self.achieved is None:
            return None
        return self.value, self.achieved

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

Reader = Callable[[Results], np.ndarray]  # (S,) the output to reach, from a run of S samples


def _evaluator(scenario: Scenario, info: InputInfo, read: Reader) -> Callable[[np.ndarray], np.ndarray]:
    def batched(xs: np.ndarray) -> np.ndarray:
        results = simulate(scenario, len(xs), overrides={info.path: xs})
        return read(results)

    def one_by_one(xs: np.ndarray) -> np.ndarray:
        out = np.full(len(xs), np.nan)
        for i, x in enumerate(xs):
            try:
                variant = set_path(scenario, info.path, int(x) if info.integer else float(x))
                out[i] = read(simulate(variant))[0]
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
    metric_values(simulate(scenario), metric, year, basis, measure)  # a year off the timeline fails here

    def read(results: Results) -> np.ndarray:
        return metric_values(results, metric, year, basis, measure)

    return _solve(scenario, input_path, read, lambda: describe(metric, year, basis, measure), metric, year, target)


def claim_goal_text(claim: Claim) -> str:
    """What a claim reads from the model, in words: 'Total capex (flow), total, over 2025-2028'."""
    spec = SERIES[claim.metric]
    parts = claim.period_parts
    when = (claim.period if parts.by else _("over {period}") if parts.span else _("in {period}")).format(
        period=claim.period
    )
    site = _(" of {site}").format(site=claim.site) if claim.site else ""
    natural = "end" if spec.kind == "stock" else "total"  # said by the tag already
    how = "" if claim.measure == natural else f", {_(MEASURE_TEXT[claim.measure])}"
    return f"{spec.label} ({spec.tag()}){site}{how}, {when}"


def claim_goal_refusal(claim: Claim) -> str:
    """Why goal seek cannot aim at this claim ('' when it can)."""
    if claim.measure == "growth":
        return _(
            "This claim states a ratio of two years (growth), not a value of the series, and goal seek aims "
            "at a value: aim at the year's own value instead (Analysis → Goal seek)."
        )
    return ""


def claim_levers(scenario: Scenario, claim: Claim) -> list[str]:
    """The inputs that move the claim's value, the strongest first (by elasticity: the claim's relative
    change over the input's), from one run that nudges every input in its own sample."""
    if claim_goal_refusal(claim):
        return []
    inputs, results = nudged_run(scenario)
    values = claim_values(claim, results)
    if not inputs or values is None or not np.isfinite(values[0]) or values[0] == 0:
        return []
    moved = np.abs(values[1:] / values[0] - 1.0)
    steps = np.array([abs(nudged / base - 1.0) if base else 1.0 for _path, base, nudged in inputs])
    strength = np.where(np.isfinite(moved), moved / np.maximum(steps, 1e-12), 0.0)
    order = np.argsort(-strength, kind="stable")
    return [inputs[i][0] for i in order if strength[i] > 1e-9]


def solve_claim(scenario: Scenario, input_path: str, claim: Claim, target: float) -> Solution:
    """The value of ``input_path`` at which the model reads ``target`` for the claim as the claim is read:
    its fiscal or calendar year, a span of years, 'by' a year, or one campus."""
    refusal = claim_goal_refusal(claim)
    if refusal:
        raise ValueError(refusal)

    def read(results: Results) -> np.ndarray:
        values = claim_values(claim, results)
        if values is None:
            return np.full(results.samples, np.nan)
        return np.asarray(values, dtype=float)

    if np.isnan(read(simulate(scenario))).all():
        raise ValueError(_("{period} is not simulated by this scenario").format(period=claim.period))
    return _solve(scenario, input_path, read, lambda: claim_goal_text(claim), claim.metric, claim.year, target)


def _solve(
    scenario: Scenario, input_path: str, read: Reader, what: Callable[[], str], metric: str, year: int, target: float
) -> Solution:
    """``what``: the output in words, said in the language of whoever reads the reason."""
    info = input_info(scenario, input_path)
    run = _evaluator(scenario, info, read)
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
            info.path, metric, year, target, not why, value, achieved, calls, why, achievable, (lo, hi), info, what
        )

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
