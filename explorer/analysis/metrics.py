"""Reading one number per sample from results: a metric in a year, as claims read it."""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..engine.claims import claim_values
from ..engine.results import Basis, Results
from ..model.claims import Claim
from ..series import SERIES

# None: a stock at year end, a flow summed over the year, a ratio of the yearly totals.
Measure = Literal["added", "peak", "growth"] | None
MEASURES = ("added", "peak", "growth")


def check_metric(metric: str, measure: Measure = None) -> None:
    if metric not in SERIES:
        raise ValueError(f"unknown metric '{metric}'; choose one of: {', '.join(SERIES)}")
    if measure is not None and measure not in MEASURES:
        raise ValueError(f"unknown measure '{measure}'; choose one of: {', '.join(MEASURES)}")
    if measure == "added" and SERIES[metric].kind != "stock":
        raise ValueError(f"'added' applies to stocks; {metric} is a {SERIES[metric].kind}")


def period(year: int, basis: Basis) -> str:
    return f"FY{year}" if basis == "fiscal" else str(year)


def metric_values(
    results: Results, metric: str, year: int, basis: Basis = "calendar", measure: Measure = None
) -> np.ndarray:
    """(S,) the metric in ``year`` for every sample  [the metric's stored unit]."""
    check_metric(metric, measure)
    query = Claim(id="query", metric=metric, period=period(year, basis), measure=measure or "total", stated=0.0)
    values = claim_values(query, results)
    if values is None:
        years = results.annual(basis).years
        reason = "has no year before it" if measure == "growth" else "is not simulated"
        raise ValueError(f"{period(year, basis)} {reason}; the scenario covers {years[0]}–{years[-1]}")
    return np.asarray(values, dtype=float)


def describe(metric: str, year: int, basis: Basis = "calendar", measure: Measure = None) -> str:
    """'Facility power demand (facility, stock) at end of 2026'."""
    spec = SERIES[metric]
    when = period(year, basis)
    how = {
        None: {"stock": f"at end of {when}", "flow": f"in {when}", "ratio": f"in {when}"}[spec.kind],
        "added": f"added in {when}",
        "peak": f"peak month of {when}",
        "growth": f"{when} ÷ year before",
    }[measure]
    return f"{spec.label} ({spec.tag()}) {how}"
