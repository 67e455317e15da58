"""The monthly time grid and its calendar and fiscal years."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Grid:
    months: np.ndarray  # (T,) month numbers, year*12 + month-1
    year: np.ndarray  # (T,) calendar year
    month_of_year: np.ndarray  # (T,) 0 = January
    fiscal_year: np.ndarray  # (T,) fiscal year label (FY2025 = July 2024 – June 2025 when it starts in July)
    hours: np.ndarray  # (T,) hours in each month  [h]

    @property
    def size(self) -> int:
        return len(self.months)

    def index_of(self, month_number: int) -> int:
        """Index of a month on the grid; may be negative or ≥ size when outside it."""
        return int(month_number - self.months[0])

    def calendar_years(self) -> np.ndarray:
        """(Y,) the calendar years the grid touches, ascending: ``np.unique(year)``."""
        return np.arange(self.year[0], self.year[-1] + 1)

    def labels(self) -> list[str]:
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in self.months]

    def decimal_years(self) -> np.ndarray:
        """Mid-month position in years, for plotting."""
        return self.months / 12.0 + 1.0 / 24.0


def monthly_change(values: np.ndarray, before: np.ndarray | float = 0.0) -> np.ndarray:
    """Change of each month (S, T) of ``values`` (S, T) from the month before, the first month's from
    ``before`` (S, 1) or a number: ``np.diff(values, axis=1, prepend=before)`` without the copy it makes."""
    change = np.empty_like(values)
    np.subtract(values[:, :1], before, out=change[:, :1])
    np.subtract(values[:, 1:], values[:, :-1], out=change[:, 1:])
    return change


DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@lru_cache(maxsize=64)
def make_grid(start_month: int, n_months: int, fiscal_year_start_month: int = 1) -> Grid:
    """The grid of ``n_months`` months from ``start_month``. Grids are shared between runs (a grid
    depends on these three numbers only), so their arrays are read-only."""
    months = start_month + np.arange(n_months)
    year = months // 12
    moy = months % 12
    fiscal = year + (moy >= fiscal_year_start_month - 1) if fiscal_year_start_month > 1 else year.copy()
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))  # the Gregorian calendar
    hours = (DAYS_IN_MONTH[moy] + (leap & (moy == 1))) * 24.0
    grid = Grid(months, year, moy, fiscal, hours)
    for values in (months, year, moy, fiscal, hours):
        values.flags.writeable = False
    return grid
