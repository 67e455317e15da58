"""Budget stage: yearly and quarterly capex plans to monthly spend."""

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


def quarterly_spend(
    monthly: np.ndarray, quarters: list[tuple[int, int, np.ndarray]], grid: Grid, profile: np.ndarray
) -> np.ndarray:
    """``monthly`` spend  [USD/month] (S, T) with each given quarter's months replaced by that quarter's
    amount  [USD] (S,), spread by the intra-year profile within the quarter (flat where it is all zero).

    ``quarters`` holds (calendar year, quarter index 0–3, amount).
    """
    out = monthly.copy()
    weights = {index: _quarter_weights(profile, index) for index in {index for _, index, _ in quarters}}
    for year, index, amount in quarters:
        first = grid.index_of(year * 12 + 3 * index)  # the quarter's first month; the grid's months are consecutive
        lo, hi = max(first, 0), min(first + 3, grid.size)  # its months on the grid
        if lo < hi:
            out[:, lo:hi] = amount[:, None] * weights[index][lo - first : hi - first]
    return out


def _quarter_weights(profile: np.ndarray, index: int) -> np.ndarray:
    """(3,) shares of quarter ``index`` (0–3) paid in each of its months: the intra-year profile's, flat
    where they are all zero."""
    weights = profile[3 * index : 3 * index + 3].astype(float)
    return weights / weights.sum() if weights.sum() > 0 else np.full(3, 1 / 3)
