"""The monthly time grid and its calendar and fiscal years."""

from __future__ import annotations

from dataclasses import dataclass

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

    def labels(self) -> list[str]:
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in self.months]

    def decimal_years(self) -> np.ndarray:
        """Mid-month position in years, for plotting."""
        return self.months / 12.0 + 1.0 / 24.0


def make_grid(start_month: int, n_months: int, fiscal_year_start_month: int = 1) -> Grid:
    months = start_month + np.arange(n_months)
    year = months // 12
    moy = months % 12
    fiscal = year + (moy >= fiscal_year_start_month - 1) if fiscal_year_start_month > 1 else year.copy()
    first = np.array([f"{m // 12:04d}-{m % 12 + 1:02d}" for m in (months[0], months[-1] + 1)], dtype="datetime64[M]")
    edges = np.arange(first[0], first[1] + 1, dtype="datetime64[M]").astype("datetime64[D]")
    hours = np.diff(edges).astype(float) * 24.0
    return Grid(months, year, moy, fiscal, hours)
