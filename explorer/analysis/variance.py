"""Contribution to variance: how much of an output's spread across Monte Carlo samples each ranged
input explains, as @RISK and Crystal Ball report it.

Each input's Spearman rank correlation with the output is squared and the squares are scaled to sum
to 100 %; the sign of the correlation is kept, so a negative share means "more of this input, less
of the output". Rank based, so any monotonic effect counts, linear or not. Pure numpy: no extra needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import simulate
from ..engine.results import Basis
from ..engine.sampling import Sampler
from ..i18n import _
from ..model.scenario import Scenario
from .metrics import Measure, check_metric, metric_values
from .sensitivity import ranged_inputs


@dataclass(frozen=True)
class Contribution:
    input: str  # dotted path
    rank_correlation: float  # Spearman's rho with the output, -1 … 1
    share: float  # signed share of the explained variance; Σ |share| = 1 over the inputs

    def as_dict(self) -> dict[str, Any]:
        return {"input": self.input, "rank_correlation": self.rank_correlation, "share": self.share}


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 0 … n-1 along the last axis, ties sharing their mean rank."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]  # first of each run of equal values
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.r_[first[1:], len(values)] - 1
    out = np.empty(len(values))
    out[order] = ((first + last) / 2.0)[group]
    return out


def rank_correlations(inputs: Mapping[str, np.ndarray], output: np.ndarray) -> dict[str, float]:
    """Spearman's rho of every input with the output (0 where either does not vary)."""
    y = ranks(output)
    y -= y.mean()
    y_norm = np.sqrt(y @ y)
    out = {}
    for path, values in inputs.items():
        x = ranks(values)
        x -= x.mean()
        den = np.sqrt(x @ x) * y_norm
        out[path] = float(x @ y / den) if den > 0 else 0.0
    return out


def contribution_to_variance(inputs: Mapping[str, np.ndarray], output: np.ndarray) -> list[Contribution]:
    """Each input's signed share of the output's variance, largest first (ties keep input order).

    ``inputs`` {path: (S,) the values each sample drew}; ``output`` (S,) the output of those samples.
    Every share is 0 when the output does not vary.
    """
    rho = rank_correlations(inputs, output)
    total = sum(r * r for r in rho.values())
    shares = [Contribution(p, r, float(np.sign(r) * r * r / total) if total > 0 else 0.0) for p, r in rho.items()]
    return sorted(shares, key=lambda c: -abs(c.share))


def drawn_inputs(scenario: Scenario, samples: int, seed: int) -> dict[str, np.ndarray]:
    """{path: (samples,)} the values ``simulate(scenario, samples, seed)`` draws for every ranged input."""
    draw = Sampler(samples, seed)
    return {path: draw(path, r) for path, r in ranged_inputs(scenario)}


def variance_contributions(
    scenario: Scenario,
    metric: str,
    year: int,
    samples: int = 1000,
    seed: int = 0,
    basis: Basis = "calendar",
    measure: Measure = None,
) -> list[Contribution]:
    """Contribution to variance of ``metric`` in ``year`` over a Monte Carlo run of ``samples`` draws."""
    check_metric(metric, measure)
    if samples < 3:
        raise ValueError(_("contribution to variance needs at least 3 samples"))
    output = metric_values(simulate(scenario, samples, seed), metric, year, basis, measure)
    return contribution_to_variance(drawn_inputs(scenario, samples, seed), output)
