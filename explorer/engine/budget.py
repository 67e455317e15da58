"""Budget stage: yearly capex plans to monthly spend, and the facility spend that sites commit."""

from __future__ import annotations

import numpy as np

from .calendar import Grid


def annual_capex(by_year: dict[int, np.ndarray], growth: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Total capex per calendar year  [USD], shape (S, Y).

    Years after the last given year grow at ``growth`` [1/yr] per year; years before the first given
    year take the first given value; gaps take the latest earlier given value.
    """
    given = sorted(by_year)
    samples = len(growth)
    out = np.empty((samples, len(years)))
    for j, year in enumerate(years):
        if year in by_year:
            out[:, j] = by_year[year]
        elif year < given[0]:
            out[:, j] = by_year[given[0]]
        else:
            last = max(y for y in given if y < year)
            if last == given[-1]:
                out[:, j] = by_year[last] * (1.0 + growth) ** (year - last)
            else:
                out[:, j] = by_year[last]
    return out


def monthly_spend(annual: np.ndarray, years: np.ndarray, grid: Grid, profile: np.ndarray) -> np.ndarray:
    """Spread each year's amount over its months by the intra-year profile  [USD/month], (S, T).

    A year only partly inside the timeline spends only its months' share.
    """
    weights = profile[grid.month_of_year] / profile.sum()
    column = np.searchsorted(years, grid.year)
    return annual[:, column] * weights


def s_curve_weights(start_index: np.ndarray, duration: np.ndarray, n_months: int) -> np.ndarray:
    """Share of a site's construction cost spent in each month, an S-curve over its build  (K, T)."""
    t = np.arange(n_months)[None, :] - start_index[:, None]
    d = np.maximum(duration, 1)[:, None].astype(float)

    def smooth(x: np.ndarray) -> np.ndarray:
        x = np.clip(x, 0.0, 1.0)
        return x * x * (3.0 - 2.0 * x)

    return smooth((t + 1) / d) - smooth(t / d)


def site_spend(capacity_mw: np.ndarray, cost_per_mw: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Facility capex committed by sites  [USD/month], (S, T) from (S, K) and (K, T)."""
    # not @: for this small product BLAS threads cost more CPU time than they save
    return np.einsum("sk,kt->st", capacity_mw * cost_per_mw, weights)
