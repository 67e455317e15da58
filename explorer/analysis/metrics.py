"""Reading one number per sample from results: a metric in a year, as claims read it."""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..engine.claims import claim_values
from ..engine.results import Basis, Results
from ..i18n import N_, _
from ..model.claims import Claim
from ..series import SERIES

# None: a stock at year end, a flow summed over the year, a ratio of the yearly totals.
Measure = Literal["added", "peak", "growth"] | None
MEASURES = ("added", "peak", "growth")


def check_metric(metric: str, measure: Measure = None) -> None:
    if metric not in SERIES:
        raise ValueError(_("unknown metric '{metric}'; choose one of: {0}").format(", ".join(SERIES), metric=metric))
    if measure is not None and measure not in MEASURES:
        raise ValueError(
            _("unknown measure '{measure}'; choose one of: {0}").format(", ".join(MEASURES), measure=measure)
        )
    if measure == "added" and SERIES[metric].kind != "stock":
        raise ValueError(
            _("'added' applies to stocks; {metric} is a {kind}").format(metric=metric, kind=_(SERIES[metric].kind))
        )


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
        reason = (
            _("{period} has no year before it; the scenario covers {first}–{last}")
            if measure == "growth"
            else _("{period} is not simulated; the scenario covers {first}–{last}")
        )
        raise ValueError(reason.format(period=period(year, basis), first=years[0], last=years[-1]))
    return np.asarray(values, dtype=float)


def describe(metric: str, year: int, basis: Basis = "calendar", measure: Measure = None) -> str:
    """'Facility power demand (facility, stock) at end of 2026'."""
    spec = SERIES[metric]
    how = {
        None: {"stock": N_("at end of {period}"), "flow": N_("in {period}"), "ratio": N_("in {period}")}[spec.kind],
        "added": N_("added in {period}"),
        "peak": N_("peak month of {period}"),
        "growth": N_("{period} ÷ year before"),
    }[measure]
    return _("{series} ({tag}) {when}").format(
        series=spec.label, tag=spec.tag(), when=_(how).format(period=period(year, basis))
    )
