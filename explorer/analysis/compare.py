"""Comparing two scenarios: the inputs that differ, chosen outputs side by side, and a waterfall that
attributes the difference in one output to groups of inputs.

Waterfall: each group of inputs (a scenario section such as "capex plan" or "power chain") is swapped
from A's to B's. With ``method="one_at_a_time"`` (default) each step swaps one group into A alone,
so a step does not depend on the order; what the steps do not explain together is the interaction.
With ``method="sequential"`` the swaps accumulate in the stated order and the interaction is only
rounding, but the steps then depend on the order. Either way start + Σ steps + interaction = end.
When a group cannot be swapped alone (B's mix names a generation missing from A's catalog) it is
swapped together with the next group in the order, and the step is labelled with both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..engine import simulate
from ..engine.results import Basis
from ..i18n import N_, _, ngettext
from ..model.fields import row_key
from ..model.ranges import Range
from ..model.scenario import Scenario
from .metrics import Measure, check_metric, metric_values

# Words about the scenario, not numbers the model uses: never part of a comparison.
NOTES = frozenset(
    {
        "name",
        "organisation",
        "description",
        "sources",
        "input_sources",
        "quote",
        "location",
        "vendor",
        "claims",
        "claim_tolerance",
        "text",
        "translations",
    }
)

# Waterfall groups in their default order: (label, top-level scenario fields). The English label is the
# group's name in --order and in JSON; people read it through group_text.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("timeline"), ("timeline",)),
    (N_("capex plan"), ("capex",)),
    (N_("purchase plan"), ("mode", "purchases")),
    (N_("procurement mix"), ("mix",)),
    (N_("accelerators"), ("accelerators",)),
    (N_("starting point"), ("starting_point",)),
    (N_("power chain"), ("power",)),
    (N_("facilities"), ("facilities",)),
    (N_("operations"), ("operations",)),
)
DEFAULT_METRICS = (
    "capex_total_usd",
    "gpus_installed",
    "h100e_installed",
    "facility_power_mw",
    "energy_twh",
    "electricity_cost_usd",
)


@dataclass(frozen=True)
class InputDiff:
    path: str
    a_value: Any  # a number, a Range, a tuple, or a whole item (dict) present on one side only; None if absent
    b_value: Any

    @property
    def group(self) -> str:
        return group_of(self.path)


def group_text(label: str) -> str:
    """A group's label, or a step's ('capex plan + power chain'), in the reader's language."""
    return " + ".join(_(part) for part in label.split(" + "))


def group_of(path: str) -> str:
    top = path.split(".")[0]
    return next(label for label, fields in GROUPS if top in fields)


def _plain(value: Any) -> Any:
    """A whole item (a site, a cohort) as a dict; numbers and ranges stay as they are."""
    return value.model_dump(mode="json") if isinstance(value, BaseModel) and not isinstance(value, Range) else value


def _keyed(items: Sequence[Any]) -> dict[str, Any]:
    return {row_key(item, i): item for i, item in enumerate(items)}


def _join(prefix: str, key: Any) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def _diff(a: Any, b: Any, prefix: str, out: list[InputDiff]) -> None:
    if isinstance(a, BaseModel) and not isinstance(a, Range) and type(a) is type(b):
        for name in type(a).model_fields:
            if name not in NOTES:
                _diff(getattr(a, name), getattr(b, name), _join(prefix, name), out)
        return
    items = (
        isinstance(a, tuple) and isinstance(b, tuple) and all(isinstance(x, BaseModel) for x in (*a, *b)) and (a or b)
    )
    if items:
        a, b = _keyed(a), _keyed(b)
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            path = _join(prefix, key)
            if key not in a or key not in b:
                out.append(InputDiff(path, _plain(a.get(key)), _plain(b.get(key))))
            else:
                _diff(a[key], b[key], path, out)
        return
    if a != b:
        out.append(InputDiff(prefix, a, b))


def diff_inputs(a: Scenario, b: Scenario) -> list[InputDiff]:
    """Every model input that differs, by dotted path, in scenario order (names and sources excluded)."""
    out: list[InputDiff] = []
    _diff(a, b, "", out)
    return out


def common_years(a: Scenario, b: Scenario, basis: Basis = "calendar") -> list[int]:
    years = [set(simulate(s).annual(basis).years.tolist()) for s in (a, b)]
    return sorted(years[0] & years[1])


@dataclass(frozen=True)
class OutputRow:
    metric: str
    year: int
    a: float  # [metric's stored unit]
    b: float

    @property
    def diff(self) -> float:
        return self.b - self.a

    @property
    def diff_pct(self) -> float | None:
        return None if self.a == 0 else (self.b - self.a) / abs(self.a) * 100.0


def outputs_table(
    a: Scenario,
    b: Scenario,
    metrics: Sequence[str] = DEFAULT_METRICS,
    years: Sequence[int] | None = None,
    basis: Basis = "calendar",
) -> list[OutputRow]:
    """Chosen outputs of both scenarios (base runs) for years both cover; rows by metric, then year."""
    for metric in metrics:
        check_metric(metric)
    results = [simulate(a), simulate(b)]
    shared = sorted(set(results[0].annual(basis).years.tolist()) & set(results[1].annual(basis).years.tolist()))
    chosen = shared if years is None else [y for y in years if y in shared]
    if not chosen:
        wanted = ", ".join(str(y) for y in years or [])
        raise ValueError(
            _("the scenarios share no year among {years}; both cover {span}").format(
                years=wanted or "–", span=f"{shared[0]}–{shared[-1]}" if shared else _("no year at all")
            )
        )
    return [
        OutputRow(m, y, *(float(metric_values(r, m, y, basis)[0]) for r in results)) for m in metrics for y in chosen
    ]


@dataclass(frozen=True)
class Waterfall:
    metric: str
    year: int
    basis: Basis
    measure: Measure
    method: str
    start: float  # A's value  [metric's stored unit]
    steps: list[tuple[str, float]]  # (group label, change)
    interaction: float
    end: float  # B's value

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "year": self.year,
            "basis": self.basis,
            "measure": self.measure,
            "method": self.method,
            "start": self.start,
            "steps": [{"group": g, "delta": d} for g, d in self.steps],
            "interaction": self.interaction,
            "end": self.end,
        }


def waterfall(
    a: Scenario,
    b: Scenario,
    metric: str,
    year: int,
    order: Sequence[str] | None = None,
    basis: Basis = "calendar",
    measure: Measure = None,
    method: Literal["one_at_a_time", "sequential"] = "one_at_a_time",
) -> Waterfall:
    """How ``metric`` in ``year`` gets from A's value to B's, group of inputs by group."""
    check_metric(metric, measure)
    fields = dict(GROUPS)
    order = list(order) if order is not None else [label for label, _fields in GROUPS]
    unknown = [g for g in order if g not in fields]
    if unknown:
        raise ValueError(
            ngettext(
                "unknown group {0}; choose from: {1}", "unknown groups {0}; choose from: {1}", len(unknown)
            ).format(", ".join(unknown), ", ".join(fields))
        )
    differing = {d.group for d in diff_inputs(a, b)}
    missing = sorted(differing - set(order))
    if missing:
        raise ValueError(_("the order leaves out groups that differ: {0}").format(", ".join(missing)))
    groups = [g for g in order if g in differing]

    def value(scenario: Scenario) -> float:
        return float(metric_values(simulate(scenario), metric, year, basis, measure)[0])

    start, end = value(a), value(b)
    b_data = b.model_dump(mode="python")
    current = a.model_dump(mode="python")
    current_value = start
    steps: list[tuple[str, float]] = []
    i = 0
    while i < len(groups):
        base = a.model_dump(mode="python") if method == "one_at_a_time" else current
        base_value = start if method == "one_at_a_time" else current_value
        taken: list[str] = []
        while True:
            taken.append(groups[i])
            i += 1
            trial = dict(base)
            for label in taken:
                trial.update({f: b_data[f] for f in fields[label]})
            try:
                variant = Scenario.model_validate(trial)
                break
            except ValidationError:
                if i == len(groups):
                    raise
        swapped = value(variant)
        steps.append((" + ".join(taken), swapped - base_value))
        current, current_value = trial, swapped
    interaction = end - start - math.fsum(d for _, d in steps)
    return Waterfall(metric, year, basis, measure, method, start, steps, interaction, end)
