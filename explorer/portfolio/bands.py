"""P10–P90 of a portfolio's totals: every member sampled with the shared draws, the totals summed sample by
sample, and the percentiles taken afterwards (never a sum of the members' percentiles)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.memory import bytes_per_sample, max_samples
from .compute import run_portfolio
from .files import ResolvedPortfolio

QUANTILES = (10.0, 50.0, 90.0)


@dataclass(frozen=True)
class TotalBands:
    """Annual P10, P50 and P90 of the totals of one portfolio snapshot."""

    years: np.ndarray  # (Y,) calendar years
    values: dict[str, np.ndarray]  # series name -> (3, Y) P10, P50, P90 [stored units]
    samples: int  # what was drawn: fewer than asked when memory caps the run
    seed: int


def fitting_samples(resolved: ResolvedPortfolio, samples: int) -> int:
    """``samples``, or fewer when every member's run at once would not fit in memory."""
    members = [resolved.scenarios[m.id] for m in resolved.portfolio.members if m.enabled]
    if not members:
        return samples
    per_sample = sum(bytes_per_sample(scenario) for scenario in members)
    return max(2, min(samples, max_samples(members[0], per_sample)))


def total_bands(resolved: ResolvedPortfolio, names: tuple[str, ...], samples: int, seed: int) -> TotalBands:
    """The percentiles of ``names``' annual totals over ``samples`` shared-draw runs."""
    samples = fitting_samples(resolved, samples)
    annual = run_portfolio(resolved, samples, seed).total.calendar
    values = {name: np.percentile(annual.values[name], QUANTILES, axis=0) for name in names}
    return TotalBands(annual.years, values, samples, seed)
