"""Typed results: named monthly series with a leading sample axis, and their yearly aggregates."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from ..series import RATIOS, SERIES
from .calendar import Grid

Basis = Literal["calendar", "fiscal"]
PERCENTILES = {"p10": 10.0, "p50": 50.0, "p90": 90.0}


@dataclass(frozen=True)
class EngineWarning:
    code: str  # 'facility_over_budget', 'gpus_stranded', 'generation_unavailable', ...
    message: str
    years: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.message


@dataclass
class Annual:
    """Series aggregated per calendar or fiscal year: flows summed, stocks at year end."""

    basis: Basis
    years: np.ndarray  # (Y,)
    values: dict[str, np.ndarray]  # name -> (S, Y)
    complete: np.ndarray  # (Y,) bool: all 12 months of the year are on the grid

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]

    def column(self, year: int) -> int | None:
        hits = np.nonzero(self.years == year)[0]
        return int(hits[0]) if len(hits) else None

    def percentile(self, name: str, q: float) -> np.ndarray:
        return np.percentile(self.values[name], q, axis=0)

    def percentiles(self) -> dict[str, dict[str, np.ndarray]]:
        return {key: {name: np.percentile(v, q, axis=0) for name, v in self.values.items()}
                for key, q in PERCENTILES.items()}


@dataclass
class Results:
    scenario_name: str
    grid: Grid
    samples: int
    seed: int
    generations: list[str]  # ids, oldest first
    generation_names: list[str]
    monthly: dict[str, np.ndarray]  # name -> (S, T), units per SERIES
    by_generation: dict[str, np.ndarray]  # 'gpus_installed', 'gpus_powered', 'gpus_purchased' -> (S, T, G)
    initial: dict[str, np.ndarray]  # stocks just before the first month, name -> (S,)
    warnings: list[EngineWarning] = field(default_factory=list)
    fiscal_year_start_month: int = 1

    def __getitem__(self, name: str) -> np.ndarray:
        return self.monthly[name]

    @property
    def names(self) -> list[str]:
        return [n for n in SERIES if n in self.monthly]

    def base(self, name: str) -> np.ndarray:
        """(T,) the first sample: the deterministic run when samples == 1."""
        return self.monthly[name][0]

    @cached_property
    def calendar(self) -> Annual:
        return self._aggregate(self.grid.year, "calendar")

    @cached_property
    def fiscal(self) -> Annual:
        return self._aggregate(self.grid.fiscal_year, "fiscal")

    def annual(self, basis: Basis = "calendar") -> Annual:
        return self.fiscal if basis == "fiscal" else self.calendar

    def _aggregate(self, labels: np.ndarray, basis: Basis) -> Annual:
        years, starts, counts = np.unique(labels, return_index=True, return_counts=True)
        ends = starts + counts - 1
        values: dict[str, np.ndarray] = {}
        for name, data in self.monthly.items():
            spec = SERIES.get(name)
            if spec is not None and spec.kind == "ratio":
                continue
            if spec is not None and spec.kind == "stock":
                values[name] = data[:, ends]
            else:
                values[name] = np.add.reduceat(data, starts, axis=1)
        for name, (num, den) in RATIOS.items():
            numerator = values[num]
            denominator = self.added(values, den.split("@")[0]) if den.endswith("@added") else values[den]
            values[name] = np.divide(numerator, denominator, out=np.zeros_like(numerator),
                                     where=np.abs(denominator) > 1e-12)
        return Annual(basis, years, values, counts == 12)

    def added(self, values: dict[str, np.ndarray], name: str) -> np.ndarray:
        """Change of a stock over each year: end of year minus end of the year before (S, Y)."""
        end = values[name]
        before = np.concatenate([self.initial[name][:, None], end[:, :-1]], axis=1)
        return end - before

    def to_arrays(self, which: Literal["monthly", "annual"] = "annual", basis: Basis = "calendar",
                  sample: int | None = 0) -> dict[str, np.ndarray]:
        """Plain arrays for notebooks: {'month' or 'year': ..., series: (T,) or (S, T)}."""
        if which == "monthly":
            out = {"month": np.array(self.grid.labels())}
            source = self.monthly
        else:
            annual = self.annual(basis)
            out = {"year": annual.years}
            source = annual.values
        for name in self.names:
            data = source[name]
            out[name] = data if sample is None else data[sample]
        return out

    def to_dataframe(self, which: Literal["monthly", "annual"] = "annual", basis: Basis = "calendar"):
        """A pandas DataFrame of the first sample (needs pandas, which is optional)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
        arrays = self.to_arrays(which, basis)
        index_name = "month" if which == "monthly" else "year"
        return pd.DataFrame(arrays).set_index(index_name)
