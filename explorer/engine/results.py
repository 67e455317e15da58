"""Typed results: named monthly series with a leading sample axis, and their yearly aggregates."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..series import RATIOS, SERIES
from .calendar import Grid
from .land import manhattans
from .power import ramp_fraction

if TYPE_CHECKING:
    import pandas as pd

Basis = Literal["calendar", "fiscal"]
PERCENTILES = {"p10": 10.0, "p50": 50.0, "p90": 90.0}


@dataclass(frozen=True)
class EngineWarning:
    code: str  # 'facility_over_budget', 'gpus_stranded', 'generation_unavailable', ...
    message: str
    years: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.message


NOT_DEFINED = np.nan  # a ratio whose denominator is not a meaningful positive amount; shown as "–"


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator (S, T) where the denominator is a meaningful positive amount: above a
    billionth of its sample's largest value. Elsewhere the ratio is not defined (``NOT_DEFINED``, NaN):
    never a huge number from dividing by ~0, never a negative one from a negative change."""
    top, bottom = (f(denominator, axis=-1, keepdims=True, initial=0.0) for f in (np.max, np.min))
    scale = np.maximum(top, -bottom)  # the largest absolute value, without an array of them
    defined = denominator > np.maximum(1e-9 * scale, 1e-12)
    return np.divide(numerator, denominator, out=np.full_like(numerator, NOT_DEFINED), where=defined)


def distinct_years(years: np.ndarray | Sequence[int]) -> tuple[int, ...]:
    """The distinct years of some months, in order (a set, not np.unique: that loads numpy.ma)."""
    return tuple(sorted(set(np.asarray(years).tolist())))  # tolist: Python ints, without a loop over numpy scalars


def years_text(years: np.ndarray | Sequence[int]) -> str:
    """'2025, 2026' from the (possibly repeated) years of some months."""
    return ", ".join(map(str, distinct_years(years)))


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
        years = self.years.tolist()  # a handful of years: a list's search beats numpy's call overhead
        return years.index(year) if year in years else None

    def column_of(self, year: int) -> int:
        """The column of a year these aggregates are known to hold."""
        col = self.column(year)
        if col is None:
            raise KeyError(year)
        return col

    def percentile(self, name: str, q: float) -> np.ndarray:
        return sample_percentile(self.values[name], q)

    def percentiles(self) -> dict[str, dict[str, np.ndarray]]:
        return {
            key: {name: sample_percentile(v, q) for name, v in self.values.items()} for key, q in PERCENTILES.items()
        }


def sample_percentile(values: np.ndarray, q: float | Sequence[float]) -> np.ndarray:
    """Percentile over the sample axis; a ratio counts only the samples where it is defined, and stays
    not defined (NaN) where no sample defines it."""
    if not np.isnan(values).any():
        return np.percentile(values, q, axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: not defined in any sample
        return np.nanpercentile(values, q, axis=0)


@dataclass(frozen=True)
class SiteOutline:
    """The sampled inputs of explicit sites, enough to read one site's capacity and land at any month."""

    names: list[str]
    capacity_mw: np.ndarray  # (S, K) facility capacity at full build  [MW]
    mw_per_acre: np.ndarray  # (S, K)  [MW/acre]
    ramp_months: np.ndarray  # (S, K)
    first_power: np.ndarray  # (K,) grid index of first power
    construction_start: np.ndarray  # (K,) grid index; land counts from here

    def value(self, metric: str, site: str, month_index: int) -> np.ndarray:
        """(S,) facility_capacity_mw, land_acres or manhattans of one site at a grid month (may be -1)."""
        k = self.names.index(site)
        if metric == "facility_capacity_mw":
            return self.capacity_mw[:, k] * ramp_fraction(
                np.float64(month_index - self.first_power[k]), self.ramp_months[:, k]
            )
        acres = self.capacity_mw[:, k] / self.mw_per_acre[:, k] * (month_index >= self.construction_start[k])
        return acres if metric == "land_acres" else manhattans(acres)


def _periods(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(P,) each period's label, first and last month, and whether it has all 12 months, from the label
    of each month (T,), non-decreasing (years and fiscal years are): ``np.unique(labels,
    return_index=True, return_counts=True)`` without its sort. Read-only: the same grid's periods are
    shared."""
    return _periods_of(labels.dtype.str, labels.tobytes())


@functools.lru_cache(maxsize=64)
def _periods_of(dtype: str, data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``_periods`` of the labels held in ``data``: a grid's years are asked for by every aggregate."""
    labels = np.frombuffer(data, dtype=dtype)
    starts = np.flatnonzero(np.concatenate(([len(labels) > 0], labels[1:] != labels[:-1])))  # no months: none
    counts = np.diff(starts, append=len(labels))
    periods = labels[starts], starts, starts + counts - 1, counts == 12
    for array in periods:
        array.flags.writeable = False
    return periods


def _per_period(name: str, data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """(S, P) a flow summed over each period, or a stock at its end, from (S, T) monthly values and the
    first and last month (P,) of each period."""
    spec = SERIES.get(name)
    if spec is not None and spec.kind == "stock":
        return data[:, ends]
    return np.add.reduceat(data, starts, axis=1)


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
    sites: SiteOutline | None = None  # explicit sites, for claims about one campus

    def __getitem__(self, name: str) -> np.ndarray:
        return self.monthly[name]

    @classmethod
    def join(cls, parts: list[Results], seed: int) -> Results:
        """One Results holding the samples of every part (runs of one scenario), in order."""
        first = parts[0]

        def stack(name: str) -> dict[str, np.ndarray]:
            return {k: np.concatenate([getattr(p, name)[k] for p in parts]) for k in getattr(first, name)}

        def site_samples(name: str) -> np.ndarray:
            return np.concatenate([getattr(p.sites, name) for p in parts])

        sites = first.sites
        if sites is not None:
            sites = replace(
                sites,
                capacity_mw=site_samples("capacity_mw"),
                mw_per_acre=site_samples("mw_per_acre"),
                ramp_months=site_samples("ramp_months"),
            )
        return cls(
            first.scenario_name,
            first.grid,
            sum(p.samples for p in parts),
            seed,
            first.generations,
            first.generation_names,
            stack("monthly"),
            stack("by_generation"),
            stack("initial"),
            first.warnings,
            first.fiscal_year_start_month,
            sites,
        )

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

    def yearly(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(Y,) calendar years and (S, Y) values of one flow or stock, as ``calendar`` holds them, without
        aggregating the other series (a portfolio limit reads one)."""
        years, starts, ends, _complete = _periods(self.grid.year)
        return years, _per_period(name, self.monthly[name], starts, ends)

    def _aggregate(self, labels: np.ndarray, basis: Basis) -> Annual:
        years, starts, ends, complete = _periods(labels)
        values: dict[str, np.ndarray] = {}
        for name, data in self.monthly.items():
            spec = SERIES.get(name)
            if spec is None or spec.kind != "ratio":
                values[name] = _per_period(name, data, starts, ends)
        for name, (num, den) in RATIOS.items():
            if num not in values or den.split("@")[0] not in values:
                continue  # a run holding only some series (a portfolio claim's)
            numerator = values[num]
            denominator = self.added(values, den.split("@")[0]) if den.endswith("@added") else values[den]
            values[name] = ratio(numerator, denominator)
        return Annual(basis, years, values, complete)

    def over(self, start: int, end: int) -> tuple[Annual, int]:
        """Series aggregated over grid months start..end as a year is (flows summed, stocks at the end,
        ratios of the aggregates), and the column that holds them: periods of any length read alike."""
        labels = np.zeros(self.grid.size, dtype=int)
        labels[start : end + 1] = 1
        labels[end + 1 :] = 2
        span = self._aggregate(labels, "calendar")
        return span, span.column_of(1)

    def added(self, values: dict[str, np.ndarray], name: str) -> np.ndarray:
        """Change of a stock over each year: end of year minus end of the year before (S, Y)."""
        end = values[name]
        before = np.concatenate([self.initial[name][:, None], end[:, :-1]], axis=1)
        return end - before

    def to_arrays(
        self, which: Literal["monthly", "annual"] = "annual", basis: Basis = "calendar", sample: int | None = 0
    ) -> dict[str, np.ndarray]:
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

    def to_dataframe(self, which: Literal["monthly", "annual"] = "annual", basis: Basis = "calendar") -> pd.DataFrame:
        """A pandas DataFrame of the first sample (needs pandas, which is optional)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
        arrays = self.to_arrays(which, basis)
        index_name = "month" if which == "monthly" else "year"
        return pd.DataFrame(arrays).set_index(index_name)
