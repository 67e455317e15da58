"""Results as the plots read them: x positions in decimal years and values in display units."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from ..engine.results import Basis, Results
from ..series import SERIES


class ResultView:
    """One Results object seen through a calendar or fiscal basis, first sample only."""

    def __init__(self, results: Results, basis: Basis = "calendar"):
        self.results = results
        self.basis: Basis = basis if results.fiscal_year_start_month > 1 else "calendar"
        self.annual = results.annual(self.basis)

    @cached_property
    def x_month(self) -> np.ndarray:
        """Mid-month positions."""
        return self.results.grid.decimal_years()

    @cached_property
    def year_start(self) -> np.ndarray:
        """Where each (calendar or fiscal) year of the annual aggregates begins, in decimal years."""
        years = self.annual.years.astype(float)
        if self.basis == "fiscal":
            return years - 1 + (self.results.fiscal_year_start_month - 1) / 12.0
        return years

    @cached_property
    def x_year(self) -> np.ndarray:
        return self.year_start + 0.5

    def month(self, name: str) -> np.ndarray:
        return self.results.monthly[name][0] * SERIES[name].display_scale

    def year(self, name: str) -> np.ndarray:
        return self.annual.values[name][0] * SERIES[name].display_scale

    def year_label(self, index: int) -> str:
        year = int(self.annual.years[index])
        return f"FY{year}" if self.basis == "fiscal" else str(year)

    def month_index(self, x: float) -> int | None:
        months = self.x_month
        i = int(np.floor((x - months[0]) * 12.0 + 0.5))
        return i if 0 <= i < len(months) else None

    def year_index(self, x: float) -> int | None:
        starts = self.year_start
        i = int(np.searchsorted(starts, x, side="right")) - 1
        return i if 0 <= i < len(starts) and x < starts[i] + 1.0 else None

    @property
    def span(self) -> tuple[float, float]:
        months = self.results.grid.months
        return months[0] / 12.0, (months[-1] + 1) / 12.0
