"""Facilities stage: where facility capacity comes from, what it costs, and the land it takes.

Two strategies answer the same questions: ``AutoBuild`` (every GPU bought brings the capacity it needs,
energized when it is installed) and ``Sites`` (capacity comes only from the sites listed, on their own
schedules). The orchestrator picks one and never asks which it has.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from ..model.base import month_number
from ..model.scenario import Scenario, Site
from . import compute, fleet, land, reuse
from .calendar import Grid, monthly_change
from .results import SiteOutline
from .sampling import Sampler
from .schedule import SiteSchedule


class FacilityStrategy(ABC):
    """What both strategies share: capacity already energized at the start (priced and emitting at the
    scenario's rates, valued at the auto-build cost, taking land at the auto-build density) and the
    power one GPU needs."""

    outline: SiteOutline | None = None

    def __init__(
        self,
        energized_start_mw: np.ndarray,
        price: np.ndarray,
        carbon: np.ndarray,
        mw_per_acre: np.ndarray,
        cost_per_mw_it: np.ndarray,
        it_w: np.ndarray,
        design_pue: np.ndarray,
        n_months: int,
    ):
        self.energized_start_mw = energized_start_mw  # (S,)  [MW]
        self.price = price  # (S,) scenario electricity price  [USD/MWh]
        self.carbon = carbon  # (S,) scenario grid carbon intensity  [kgCO2/MWh]
        self.mw_per_acre = mw_per_acre  # (S,) auto-build density  [MW/acre]
        self.cost_per_mw_it = cost_per_mw_it  # (S,) auto-build cost per MW of critical IT  [USD/MW]
        self.it_w = it_w  # (S, G) all-in IT power per GPU  [W]
        self.design_pue = design_pue  # (S,)  [W/W]
        self.facility_w = it_w * design_pue[:, None]  # (S, G) facility power per GPU at peak  [W]
        self.n_months = n_months

    @property
    @abstractmethod
    def cost_per_gpu(self) -> np.ndarray:
        """Facility capex per GPU  [USD], (S, G): a GPU's share of the building it needs (for TCO)."""

    @abstractmethod
    def buy(self, ai_budget: np.ndarray, shares: np.ndarray, it_price: np.ndarray) -> np.ndarray:
        """GPUs bought  [GPUs/month] (S, T, G) with an AI budget  [USD/month] (S, T), spend shares (T, G)
        and IT prices  [USD] (S, T, G)."""

    @abstractmethod
    def spend(self, purchased: np.ndarray) -> np.ndarray:
        """Facility capex committed  [USD/month], (S, T)."""

    @abstractmethod
    def capacity(self, installed: np.ndarray) -> np.ndarray:
        """Energized capacity  [MW], (S, T), given the GPUs bought in the scenario and installed (S, T, G)."""

    @abstractmethod
    def entering_service(self, installed: np.ndarray) -> np.ndarray:
        """Cost of facility assets entering service in each month of the grid  [USD/month], (S, T)."""

    @abstractmethod
    def book_at_start(self) -> np.ndarray:
        """Cost of the facility assets in service just before the first month  [USD], (S,)."""

    @abstractmethod
    def lease_cost(self) -> np.ndarray:
        """Rent of leased capacity energized  [USD/month], (S, T)."""

    @abstractmethod
    def weighted(self, per_site: str, capacity: np.ndarray) -> np.ndarray:
        """'price' [USD/MWh] or 'carbon' [kgCO2/MWh] of the energy drawn, weighted by capacity, (S, T); (S, 1),
        broadcasting to it, when every MW draws at the scenario's rate."""

    @abstractmethod
    def land(self, capacity: np.ndarray) -> np.ndarray:
        """Campus land  [acres], (S, T)."""

    def land_before(self) -> np.ndarray:
        """Campus land just before the first month  [acres], (S,)."""
        return land.acres(self.energized_start_mw, self.mw_per_acre)

    def _start_value(self) -> np.ndarray:
        return self.energized_start_mw / self.design_pue * self.cost_per_mw_it


class AutoBuild(FacilityStrategy):
    """Every GPU bought brings the facility capacity it needs beyond what is free, at a cost per MW of
    critical IT, energized when the GPU is installed. Capacity stays built when its GPUs retire and
    later GPUs reuse it (``reuse``); capacity energized at the start stays with the starting fleet."""

    def __init__(self, life_months: np.ndarray, **common: Any):
        super().__init__(**common)
        self.life_months = life_months  # (S, G) useful life of the GPUs, whole months
        self._cost_per_gpu = self.it_w / 1e6 * self.cost_per_mw_it[:, None]

    @property
    def cost_per_gpu(self) -> np.ndarray:
        return self._cost_per_gpu

    def buy(self, ai_budget: np.ndarray, shares: np.ndarray, it_price: np.ndarray) -> np.ndarray:
        cost_per_w = self.cost_per_mw_it / 1e6 / self.design_pue
        return reuse.budget_purchases(
            ai_budget, shares, it_price, self._cost_per_gpu, self.facility_w, cost_per_w, self.life_months
        )

    def spend(self, purchased: np.ndarray) -> np.ndarray:
        return reuse.build_spend(purchased, self._cost_per_gpu, self.life_months)

    def capacity(self, installed: np.ndarray) -> np.ndarray:
        return self.energized_start_mw[:, None] + reuse.built(compute.fleet_total(installed, self.facility_w)) / 1e6

    def entering_service(self, installed: np.ndarray) -> np.ndarray:
        return monthly_change(reuse.built(compute.fleet_total(installed, self._cost_per_gpu)))

    def book_at_start(self) -> np.ndarray:
        return self._start_value()

    def lease_cost(self) -> np.ndarray:
        return np.zeros((len(self.energized_start_mw), self.n_months))

    def weighted(self, per_site: str, capacity: np.ndarray) -> np.ndarray:
        return getattr(self, per_site)[:, None]

    def land(self, capacity: np.ndarray) -> np.ndarray:
        return land.acres(capacity, self.mw_per_acre[:, None])


class Sites(FacilityStrategy):
    """Capacity from explicit sites, each on its own schedule (``SiteSchedule``); owned sites are paid
    phase by phase, leased ones pay rent per MW of IT energized."""

    def __init__(self, scenario: Scenario, draw: Sampler, grid: Grid, **common: Any):
        super().__init__(**common)
        sites = scenario.facilities.sites
        mw, ramp, density, cost_per_mw_it = draw.fields(
            "facilities.sites", sites, ("capacity_mw", "ramp_months", "mw_per_acre", "cost_per_mw_it_usd")
        )
        it_mw = mw / self.design_pue[:, None]  # critical IT load the capacity serves at peak
        leased = np.array([s.lease_usd_per_mw_it_year is not None for s in sites])
        start = np.array([month_number(s.construction_start) for s in sites]) - grid.months[0]  # grid indices
        build = np.array([s.construction_months for s in sites])
        first_power = start + build
        self.schedule = SiteSchedule(first_power, build, ramp, grid.size)
        self._owned_cost = it_mw * cost_per_mw_it * ~leased  # [USD]
        self._paid = self.schedule.total(self._owned_cost, "paid")
        rent = self._per_site(draw, sites, "lease_usd_per_mw_it_year", 0.0)
        self._rent = None if rent is None else it_mw * rent / 12.0  # [USD/month]
        self._mw = mw
        self._rates = {
            "price": self._per_site(draw, sites, "electricity_price_usd_per_mwh", self.price),
            "carbon": self._per_site(draw, sites, "carbon_intensity_kg_per_mwh", self.carbon),
        }
        mean_cost = self._owned_cost.sum(1) / np.maximum(it_mw.sum(1), 1e-9)  # per MW of IT, for TCO
        self._cost_per_gpu = self.it_w / 1e6 * mean_cost[:, None]
        self._site_acres = np.einsum(
            "sk,kt->st",
            mw / density,  # not @: BLAS threads cost more than they save
            np.arange(grid.size)[None, :] >= start[:, None],
        )
        self.outline = SiteOutline([s.name for s in sites], mw, density, ramp, first_power, start)

    @staticmethod
    def _per_site(draw: Sampler, sites: tuple[Site, ...], name: str, default: np.ndarray | float) -> np.ndarray | None:
        """(S, K) a per-site input that may be left empty, then ``default`` (S,) or a constant; None when
        no site sets it."""
        given = [k for k, site in enumerate(sites) if getattr(site, name) is not None]
        if not given:
            return None
        values = np.empty((draw.samples, len(sites)))
        values[:] = np.reshape(default, (-1, 1))
        values[:, given] = draw.each("facilities.sites", sites, name, given)
        return values

    @property
    def cost_per_gpu(self) -> np.ndarray:
        return self._cost_per_gpu

    def buy(self, ai_budget: np.ndarray, shares: np.ndarray, it_price: np.ndarray) -> np.ndarray:
        # sites are paid first; GPUs get what is left
        return fleet.budget_purchases(np.maximum(ai_budget - self._paid, 0.0), shares, it_price)

    def spend(self, purchased: np.ndarray) -> np.ndarray:
        return self._paid

    def capacity(self, installed: np.ndarray) -> np.ndarray:
        return self.energized_start_mw[:, None] + self.schedule.total(self._mw, "energized")

    def entering_service(self, installed: np.ndarray) -> np.ndarray:
        return self.schedule.total(self._owned_cost, "entering")

    def book_at_start(self) -> np.ndarray:
        return self._start_value() + self.schedule.at_start(self._owned_cost)

    def lease_cost(self) -> np.ndarray:
        if self._rent is None:
            return np.zeros((len(self.energized_start_mw), self.n_months))
        return self.schedule.total(self._rent, "energized")

    def weighted(self, per_site: str, capacity: np.ndarray) -> np.ndarray:
        rates = self._rates[per_site]
        at_start = getattr(self, per_site)[:, None]
        if rates is None:  # every MW draws at the scenario's rate
            return at_start
        total = self.energized_start_mw[:, None] * at_start + self.schedule.total(self._mw * rates, "energized")
        flat = np.broadcast_to(at_start, capacity.shape)
        return np.divide(total, capacity, out=flat.copy(), where=capacity > 0)

    def land(self, capacity: np.ndarray) -> np.ndarray:
        return self.energized_start_mw[:, None] / self.mw_per_acre[:, None] + self._site_acres


def facilities(
    scenario: Scenario, draw: Sampler, grid: Grid, it_w: np.ndarray, design_pue: np.ndarray, life_months: np.ndarray
) -> FacilityStrategy:
    """The scenario's facility strategy. 'sites' mode without any site builds automatically; GPUs
    retire after ``life_months`` (S, G)."""
    fac, ops = scenario.facilities, scenario.operations
    common = dict(
        energized_start_mw=draw("starting_point.energized_mw", scenario.starting_point.energized_mw),
        price=draw("operations.electricity_price_usd_per_mwh", ops.electricity_price_usd_per_mwh),
        carbon=draw("operations.carbon_intensity_kg_per_mwh", ops.carbon_intensity_kg_per_mwh),
        mw_per_acre=draw("facilities.mw_per_acre", fac.mw_per_acre),
        cost_per_mw_it=draw("facilities.cost_per_mw_it_usd", fac.cost_per_mw_it_usd),
        it_w=it_w,
        design_pue=design_pue,
        n_months=grid.size,
    )
    if fac.mode == "sites" and fac.sites:
        return Sites(scenario, draw, grid, **common)
    return AutoBuild(life_months, **common)
