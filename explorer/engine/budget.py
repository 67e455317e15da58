"""Budget stage: yearly and quarterly capex plans to monthly spend."""

from __future__ import annotations

import bisect

import numpy as np

from .calendar import Grid


def annual_capex(by_year: dict[int, np.ndarray], growth: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Total capex per calendar year  [USD], shape (S, Y).

    Years after the last given year grow at ``growth`` [1/yr] per year; years before the first given
    year take the first given value; gaps take the latest earlier given value.
    """
    given = sorted(by_year)
    last, rate = given[-1], 1.0 + growth
    columns = [
        by_year[last] * rate ** (year - last)
        if year > last
        else by_year[given[max(bisect.bisect_right(given, year) - 1, 0)]]  # its own, the latest before, or the first
        for year in years.tolist()
    ]
    return np.array(columns).T


def monthly_spend(annual: np.ndarray, years: np.ndarray, grid: Grid, profile: np.ndarray) -> np.ndarray:
    """Spread each year's amount over its months by the intra-year profile  [USD/month], (S, T).

    A year only partly inside the timeline spends only its months' share.
    """
    weights = profile[grid.month_of_year] / profile.sum()
    column = np.searchsorted(years, grid.year)
    return annual[:, column] * weights


def quarterly_spend(
    monthly: np.ndarray, quarters: list[tuple[int, int, np.ndarray]], grid: Grid, profile: np.ndarray
) -> np.ndarray:
    """``monthly`` spend  [USD/month] (S, T) with each given quarter's months replaced by that quarter's
    amount  [USD] (S,), spread by the intra-year profile within the quarter (flat where it is all zero).

    ``quarters`` holds (calendar year, quarter index 0–3, amount).
    """
    out = monthly.copy()
    if not quarters:
        return out
    by_quarter = profile.reshape(4, 3)
    total = by_quarter.sum(axis=1, keepdims=True)
    weights = np.divide(by_quarter, total, out=np.full((4, 3), 1 / 3), where=total > 0)  # flat where all zero
    for year, index, amount in quarters:
        first = grid.index_of(year * 12 + 3 * index)  # the quarter's first month; the grid's months are consecutive
        lo, hi = max(first, 0), min(first + 3, grid.size)  # its months on the grid
        if lo < hi:
            out[:, lo:hi] = amount[:, None] * weights[index, lo - first : hi - first]
    return out
