"""Facilities stage: where facility capacity comes from, what it costs, and the land it takes.

Two strategies answer the same questions: ``AutoBuild`` (every GPU bought brings the capacity it needs,
energized when it is installed) and ``Sites`` (capacity comes only from the sites listed, on their own
schedules). The orchestrator picks one and never asks which it has.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from ..model.base import month_number
from ..model.scenario import Scenario
from . import budget, compute, fleet, land, power
from .calendar import Grid
from .results import EngineWarning, SiteOutline, years_text
from .sampling import Sampler


class FacilityStrategy(ABC):
    """Capacity already energized at the start is common to both strategies: it is priced at the
    scenario's electricity price and takes land at the auto-build density."""

    def __init__(self, energized_start_mw: np.ndarray, price: np.ndarray, mw_per_acre: np.ndarray,
                 facility_w: np.ndarray):
        self.energized_start_mw = energized_start_mw  # (S,)  [MW]
        self.price = price  # (S,) scenario electricity price  [USD/MWh]
        self.mw_per_acre = mw_per_acre  # (S,) auto-build density  [MW/acre]
        self.facility_w = facility_w  # (S, G) facility power per GPU at peak  [W]

    outline: SiteOutline | None = None

    @property
    @abstractmethod
    def cost_per_gpu(self) -> np.ndarray:
        """Facility capex per GPU  [USD], (S, G): what a GPU's share of the building costs (for TCO)."""

    @abstractmethod
    def buy(self, ai_budget: np.ndarray, shares: np.ndarray, it_price: np.ndarray,
            grid: Grid) -> tuple[np.ndarray, list[EngineWarning]]:
        """GPUs bought  [GPUs/month] (S, T, G) with an AI budget  [USD/month] (S, T), spend shares (T, G)
        and IT prices  [USD] (S, T, G)."""

    @abstractmethod
    def spend(self, purchased: np.ndarray) -> np.ndarray:
        """Facility capex  [USD/month], (S, T)."""

    @abstractmethod
    def capacity(self, arrived: np.ndarray) -> np.ndarray:
        """Energized capacity  [MW], (S, T), given the GPUs ever installed (S, T, G)."""

    @abstractmethod
    def electricity_price(self, capacity: np.ndarray) -> np.ndarray:
        """Price of the energy the fleet draws  [USD/MWh], (S, T)."""

    @abstractmethod
    def land(self, capacity: np.ndarray) -> np.ndarray:
        """Campus land  [acres], (S, T)."""

    def land_before(self) -> np.ndarray:
        """Campus land just before the first month  [acres], (S,)."""
        return land.acres(self.energized_start_mw, self.mw_per_acre)


class AutoBuild(FacilityStrategy):
    """Every GPU bought carries the facility capacity it needs, at a cost per MW of facility power."""

    def __init__(self, cost_per_mw: np.ndarray, **common: np.ndarray):
        super().__init__(**common)
        self._cost_per_gpu = self.facility_w / 1e6 * cost_per_mw[:, None]

    @property
    def cost_per_gpu(self) -> np.ndarray:
        return self._cost_per_gpu

    def buy(self, ai_budget, shares, it_price, grid):
        return fleet.budget_purchases(ai_budget, shares, it_price + self._cost_per_gpu[:, None, :]), []

    def spend(self, purchased):
        return np.einsum("stg,sg->st", purchased, self._cost_per_gpu)

    def capacity(self, arrived):
        return self.energized_start_mw[:, None] + compute.fleet_total(arrived, self.facility_w) / 1e6

    def electricity_price(self, capacity):
        return np.broadcast_to(self.price[:, None], capacity.shape)

    def land(self, capacity):
        return land.acres(capacity, self.mw_per_acre[:, None])


class Sites(FacilityStrategy):
    """Capacity from explicit sites: each is built over its construction months (paid along an S-curve),
    then energizes linearly over its ramp."""

    def __init__(self, scenario: Scenario, draw: Sampler, grid: Grid, **common: np.ndarray):
        super().__init__(**common)
        sites = scenario.facilities.sites
        items = [(s.name, s) for s in sites]
        mw, cost = draw.each("facilities.sites", items, "capacity_mw"), draw.each("facilities.sites", items,
                                                                                  "cost_per_mw_usd")
        ramp, density = draw.each("facilities.sites", items, "ramp_months"), draw.each("facilities.sites", items,
                                                                                       "mw_per_acre")
        start = np.array([grid.index_of(month_number(s.construction_start)) for s in sites])
        first_power = start + np.array([s.construction_months for s in sites])
        price = np.stack([self.price if s.electricity_price_usd_per_mwh is None else
                          draw(f"facilities.sites.{s.name}.electricity_price_usd_per_mwh",
                               s.electricity_price_usd_per_mwh) for s in sites], axis=1)
        self._spend = budget.site_spend(mw, cost, budget.s_curve_weights(start, first_power - start, grid.size))
        self._energized, self._priced = power.site_capacity(mw, first_power, ramp, grid.size, price)
        mean_cost = (mw * cost).sum(1) / np.maximum(mw.sum(1), 1e-9)  # capacity-weighted, for TCO
        self._cost_per_gpu = self.facility_w / 1e6 * mean_cost[:, None]
        self._site_acres = np.einsum("sk,kt->st", mw / density,  # not @, as budget.site_spend
                                     np.arange(grid.size)[None, :] >= start[:, None])
        self.outline = SiteOutline([s.name for s in sites], mw, density, ramp, first_power, start)

    @property
    def cost_per_gpu(self) -> np.ndarray:
        return self._cost_per_gpu

    def buy(self, ai_budget, shares, it_price, grid):
        over = self._spend > ai_budget * (1 + 1e-9)
        warnings = []
        if over.any():
            years = np.unique(grid.year[over.any(axis=0)])
            warnings.append(EngineWarning(
                "facility_over_budget",
                f"Site construction costs more than the AI budget in {years_text(years)}: "
                "nothing is left for GPUs in those months.", tuple(int(y) for y in years)))
        return fleet.budget_purchases(np.maximum(ai_budget - self._spend, 0.0), shares, it_price), warnings

    def spend(self, purchased):
        return self._spend

    def capacity(self, arrived):
        return self.energized_start_mw[:, None] + self._energized

    def electricity_price(self, capacity):
        weighted = self.energized_start_mw[:, None] * self.price[:, None] + self._priced
        flat = np.broadcast_to(self.price[:, None], capacity.shape)
        return np.divide(weighted, capacity, out=flat.copy(), where=capacity > 0)

    def land(self, capacity):
        return self.energized_start_mw[:, None] / self.mw_per_acre[:, None] + self._site_acres


def facilities(scenario: Scenario, draw: Sampler, grid: Grid, facility_w: np.ndarray) -> FacilityStrategy:
    """The scenario's facility strategy. 'sites' mode without any site builds automatically."""
    fac = scenario.facilities
    common = dict(
        energized_start_mw=draw("starting_point.energized_mw", scenario.starting_point.energized_mw),
        price=draw("operations.electricity_price_usd_per_mwh", scenario.operations.electricity_price_usd_per_mwh),
        mw_per_acre=draw("facilities.mw_per_acre", fac.mw_per_acre), facility_w=facility_w)
    if fac.mode == "sites" and fac.sites:
        return Sites(scenario, draw, grid, **common)
    return AutoBuild(draw("facilities.cost_per_mw_usd", fac.cost_per_mw_usd), **common)

