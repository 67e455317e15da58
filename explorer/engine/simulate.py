"""The orchestrator: scenario in, Results out. Each stage lives in its own module:

inputs (scenario → sampled arrays) → purchases (budget or plan) → fleet (cohorts) → facilities
(auto-build or sites: capacity, spend, land) → power → money. Every array has a leading sample axis S.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..model.base import month_text
from ..model.scenario import Scenario
from . import compute, fleet, inputs, land, money, power, purchases
from .calendar import Grid, make_grid
from .facilities import FacilityStrategy, facilities
from .inputs import Generations, active_generations
from .results import EngineWarning, Results, ratio, years_text
from .sampling import Sampler

__all__ = ["active_generations", "simulate"]


def simulate(scenario: Scenario, samples: int = 1, seed: int | None = 0,
             overrides: Mapping[str, np.ndarray] | None = None) -> Results:
    """Run the model. ``samples`` = 1 is the deterministic run on base values; more draws every range.

    ``overrides`` {dotted input path: (samples,) values} pins those inputs per sample and keeps every
    other input at base: many variants of one scenario in a single vectorised run.
    Every array in the result has a leading sample axis.
    """
    draw = Sampler(samples, seed, overrides)
    grid = make_grid(scenario.start_month, scenario.timeline.months, scenario.timeline.fiscal_year_start_month)
    gens, chain = inputs.generations(scenario, draw), inputs.power_inputs(scenario, draw)
    facility_w = power.facility_w_per_gpu(gens.tdp_w, chain.server_multiplier, chain.it_multiplier, chain.pue)
    it_price = fleet.unit_prices(gens.it_capex_usd, gens.price_decline, gens.available, grid.months)  # (S, T, G)
    site = facilities(scenario, draw, grid, facility_w)

    ai_share = draw("capex.ai_share", scenario.capex.ai_share)
    if scenario.mode == "budget":
        purchased, total, warnings = purchases.budget_mode(scenario, draw, grid, gens, it_price, site, ai_share)
    else:
        purchased, warnings = purchases.plan_mode(scenario, draw, grid, gens)
    capex_it = np.einsum("stg,stg->st", purchased, it_price)
    capex_facility = site.spend(purchased)
    capex_ai = capex_it + capex_facility
    if scenario.mode == "plan":
        # a vanishing AI share would make the implied total overflow: treat it as "AI capex only"
        total = np.divide(capex_ai, ai_share[:, None], out=capex_ai.copy(), where=ai_share[:, None] > 1e-9)

    arrived = fleet.arrived_cohorts(purchased, chain.lag_months)
    capacity = site.capacity(arrived)  # before ``arrived`` turns into the installed fleet in place
    installed = fleet.remove_retired(arrived, gens.life_months)
    start_counts = inputs.add_starting_fleet(scenario, draw, gens, installed)
    state = _power(installed, capacity, gens, facility_w, chain)
    before = _power(start_counts[:, None, :], site.energized_start_mw[:, None], gens, facility_w, chain)
    powered_g = state.pop("powered_g")
    before.pop("powered_g")
    energy = power.energy_twh(state["facility_power_served_mw"], chain.load_factor, grid.hours)

    monthly = {"capex_total_usd": total, "capex_ai_usd": capex_ai, "capex_it_usd": capex_it,
               "capex_facility_usd": capex_facility, "gpus_purchased": purchased.sum(2), **state,
               "facility_added_mw": np.diff(capacity, axis=1, prepend=site.energized_start_mw[:, None]),
               "energy_twh": energy}
    monthly.update(_money(monthly, inputs.operations(scenario, draw), grid, site, powered_g, it_price,
                          chain.load_factor))
    acres, acres_before = site.land(capacity), site.land_before()
    monthly.update(land_acres=acres, manhattans=land.manhattans(acres))
    monthly.update(_unit_metrics(monthly, before))
    initial = {name: v[:, 0] for name, v in before.items()}
    initial.update(land_acres=acres_before, manhattans=land.manhattans(acres_before),
                   facility_added_mw=0 * acres_before)
    warnings += _stranded_warning(state["gpus_stranded"], state["gpus_installed"], grid)
    return Results(
        scenario_name=scenario.name, grid=grid, samples=samples, seed=draw.seed, generations=gens.ids,
        generation_names=gens.names, monthly=_ordered(monthly),
        by_generation={"gpus_purchased": purchased, "gpus_installed": installed, "gpus_powered": powered_g},
        initial=initial, warnings=warnings, fiscal_year_start_month=scenario.timeline.fiscal_year_start_month,
        sites=site.outline)


def _power(installed: np.ndarray, capacity: np.ndarray, gens: Generations, facility_w: np.ndarray,
           chain: inputs.PowerInputs) -> dict[str, np.ndarray]:
    """Power and compute of an installed fleet (S, T, G) against capacity  [MW] (S, T)."""
    state = power.fleet_state(installed, capacity, gens.tdp_w, facility_w, chain.server_multiplier,
                              chain.it_multiplier, chain.pue)
    state["h100e_installed"] = compute.fleet_total(state["powered_g"], gens.h100e)
    state["peak_bf16_flops"] = compute.fleet_total(state["powered_g"], gens.bf16_flops)
    return state


def _money(monthly: dict[str, np.ndarray], ops: inputs.OperationsInputs, grid: Grid, site: FacilityStrategy,
           powered_g: np.ndarray, it_price: np.ndarray, load_factor: np.ndarray) -> dict[str, np.ndarray]:
    """Electricity, emissions, depreciation, opex and the cost of owning the powered fleet  [USD], (S, T)."""
    energy, served = monthly["energy_twh"], monthly["facility_power_served_mw"]
    price = site.electricity_price(monthly["facility_capacity_mw"])
    electricity = money.electricity_cost(energy, price)
    tco_cost = money.tco_cost(
        np.einsum("stg,stg->st", powered_g, it_price), compute.fleet_total(powered_g, site.cost_per_gpu),
        served, load_factor, price, grid.hours,
        money.capital_recovery_monthly(ops.discount_rate, np.rint(ops.it_life_months)),
        money.capital_recovery_monthly(ops.discount_rate, np.rint(ops.facility_life_months)), ops.other_opex_share)
    gpu_hours = monthly["gpus_powered"] * grid.hours[None, :]
    return {
        "electricity_cost_usd": electricity,
        "emissions_tco2": money.emissions(energy, ops.carbon_kg_per_mwh),
        "depreciation_usd": money.straight_line_depreciation(monthly["capex_it_usd"], ops.it_life_months)
        + money.straight_line_depreciation(monthly["capex_facility_usd"], ops.facility_life_months),
        "opex_usd": electricity + money.other_opex(monthly["capex_ai_usd"], ops.other_opex_share),
        "tco_per_gpu_hour_usd": ratio(tco_cost, gpu_hours),
        "_tco_cost_usd": tco_cost,
        "_gpu_hours": gpu_hours,
    }


def _unit_metrics(monthly: dict[str, np.ndarray], before: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Headline ratios of each month: AI capex per GPU bought and per MW of demand added, GPUs per MW."""
    demand_added = np.diff(monthly["facility_power_mw"], axis=1, prepend=before["facility_power_mw"])
    return {
        "capex_per_gpu_usd": ratio(monthly["capex_ai_usd"], monthly["gpus_purchased"]),
        "capex_per_facility_mw_usd": ratio(monthly["capex_ai_usd"], demand_added),
        "gpus_per_mw": ratio(monthly["gpus_installed"], monthly["facility_power_mw"]),
    }


_ORDER = ["capex_total_usd", "capex_ai_usd", "capex_it_usd", "capex_facility_usd", "gpus_purchased",
          "gpus_installed", "gpus_powered", "gpus_stranded", "h100e_installed", "peak_bf16_flops"]


def _ordered(monthly: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The series in a stable order: the contract's leading series first, then as computed."""
    return {**{name: monthly[name] for name in _ORDER}, **monthly}


def _medians_above(values: np.ndarray, floor: float) -> np.ndarray:
    """Median over the samples of each month, (T,): exact where it is above ``floor``; other months
    may read ``floor`` instead.

    A median above the floor needs at least half the samples above it, so only those months are sorted.
    """
    if len(values) == 1:
        return values[0]
    medians = np.full(values.shape[1], floor)
    candidates = np.count_nonzero(values > floor, axis=0) >= values.shape[0] // 2
    if candidates.any():
        medians[candidates] = np.median(values[:, candidates], axis=0)
    return medians


def _stranded_warning(stranded: np.ndarray, installed: np.ndarray, grid: Grid) -> list[EngineWarning]:
    """A warning when the typical run strands more than 1% of installed GPUs in some month."""
    hit = _medians_above(ratio(stranded, installed), 0.01) > 0.01
    if not hit.any():
        return []
    typical = _medians_above(stranded, 0.0)
    worst = int(np.argmax(typical))
    return [EngineWarning(
        "gpus_stranded",
        f"GPUs stranded for lack of facility power in {years_text(grid.year[hit])}: up to "
        f"{typical[worst] / 1e3:,.0f}k in {month_text(int(grid.months[worst]))}.",
        tuple(int(y) for y in np.unique(grid.year[hit])))]
