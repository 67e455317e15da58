"""Tornado: which ranged input moves an output most.

Each ranged input goes to its low and to its high with every other input at base. All 2K variants
and the base run share one engine call: variant k pins its input through ``simulate(overrides=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import simulate
from ..engine.results import Basis
from ..model.paths import uncertain_inputs
from ..model.ranges import Range
from ..model.scenario import Scenario
from .metrics import Measure, check_metric, metric_values

# Stated values of claims are ranges too, but they are what the model is checked against, not inputs.
NOT_INPUTS = ("claims.",)


@dataclass(frozen=True)
class Swing:
    input: str  # dotted path
    input_low: float
    input_base: float
    input_high: float
    low: float  # output with the input at its low  [metric's stored unit]
    base: float  # output with every input at base
    high: float  # output with the input at its high

    @property
    def swing(self) -> float:
        return abs(self.high - self.low)

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "low": self.low,
            "high": self.high,
            "swing": self.swing,
            "input_low": self.input_low,
            "input_base": self.input_base,
            "input_high": self.input_high,
            "base": self.base,
        }


def ranged_inputs(scenario: Scenario) -> list[tuple[str, Range]]:
    """Every model input given as a range (not a point)."""
    return [(path, r) for path, r in uncertain_inputs(scenario) if not path.startswith(NOT_INPUTS) and not r.is_point]


def tornado(
    scenario: Scenario, metric: str, year: int, basis: Basis = "calendar", measure: Measure = None
) -> list[Swing]:
    """Swings of ``metric`` in ``year`` per ranged input, largest first (ties keep scenario order)."""
    check_metric(metric, measure)
    inputs = ranged_inputs(scenario)
    samples = 1 + 2 * len(inputs)
    overrides = {}
    for k, (path, r) in enumerate(inputs):
        values = np.full(samples, r.base)
        values[1 + 2 * k], values[2 + 2 * k] = r.low, r.high
        overrides[path] = values
    out = metric_values(simulate(scenario, samples, overrides=overrides), metric, year, basis, measure)
    swings = [
        Swing(path, r.low, r.base, r.high, float(out[1 + 2 * k]), float(out[0]), float(out[2 + 2 * k]))
        for k, (path, r) in enumerate(inputs)
    ]
    return sorted(swings, key=lambda s: -s.swing)
