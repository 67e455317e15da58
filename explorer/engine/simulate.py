"""The orchestrator: scenario in, Results out. Each stage lives in its own module."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..model.base import month_number, month_text
from ..model.scenario import Scenario
from . import budget, compute, fleet, land, money, power
from .calendar import make_grid
from .layout import generation_major
from .results import EngineWarning, Results, SiteOutline
from .sampling import Sampler


def active_generations(scenario: Scenario) -> list[str]:
    """Generations the scenario can hold, oldest first (catalog order breaks ties)."""
    used: set[str] = {c.generation for c in scenario.starting_point.fleet}
    if scenario.mode == "plan":
        used |= {p.generation for p in scenario.purchases.purchases}
    elif scenario.mix.strategy == "newest":
        used |= set(scenario.mix.candidates)
    else:
        used |= {g for shares in scenario.mix.shares_by_year.values() for g, s in shares.items() if s > 0}
    order = {a.id: (month_number(a.available_from), i) for i, a in enumerate(scenario.accelerators)}
    return sorted(used, key=order.__getitem__)


def _years_text(years: np.ndarray) -> str:
    years = sorted({int(y) for y in years})
    return ", ".join(map(str, years))


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


def simulate(scenario: Scenario, samples: int = 1, seed: int | None = 0,
             overrides: Mapping[str, np.ndarray] | None = None) -> Results:
    """Run the model. ``samples`` = 1 is the deterministic run on base values; more draws every range.

    ``overrides`` {dotted input path: (samples,) values} pins those inputs per sample and keeps every
    other input at base: many variants of one scenario in a single vectorised run.
    Every array in the result has a leading sample axis.
    """
    draw = Sampler(samples, seed, overrides)
    S = samples
    grid = make_grid(scenario.start_month, scenario.timeline.months, scenario.timeline.fiscal_year_start_month)
    T = grid.size
    warnings: list[EngineWarning] = []

    # --- catalog: per-generation inputs, (S, G)
    gens = active_generations(scenario)
    G = len(gens)
    acc = [scenario.accelerator(g) for g in gens]
    available = np.array([month_number(a.available_from) for a in acc], dtype=int)

    def per_gen(name: str) -> np.ndarray:
        if not acc:
            return np.zeros((S, 0))
        return np.stack([draw(f"accelerators.{a.id}.{name}", getattr(a, name)) for a in acc], axis=1)

    it_capex, decline = per_gen("it_capex_per_gpu_usd"), per_gen("price_decline_per_year")
    tdp, bf16, h100e = per_gen("tdp_w"), per_gen("bf16_flops"), per_gen("h100e")
    life_months = np.maximum(np.rint(per_gen("useful_life_years") * 12.0), 1).astype(int)

    pc = scenario.power
    server_mult = draw("power.server_multiplier", pc.server_multiplier)
    it_mult = draw("power.it_multiplier", pc.it_multiplier)
    pue = draw("power.pue", pc.pue)
    load_factor = draw("power.load_factor", pc.load_factor)
    lag = np.rint(draw("power.deployment_lag_months", pc.deployment_lag_months)).astype(int)
    fac_w = power.facility_w_per_gpu(tdp, server_mult, it_mult, pue)  # (S, G)
    it_price = fleet.unit_prices(it_capex, decline, available, grid.months)  # (S, T, G)

    # --- facilities
    fac = scenario.facilities
    sites = fac.sites if fac.mode == "sites" else ()

    def per_site(name: str) -> np.ndarray:
        if not sites:
            return np.zeros((S, 0))
        return np.stack([draw(f"facilities.sites.{s.name}.{name}", getattr(s, name)) for s in sites], axis=1)

    energized_start = draw("starting_point.energized_mw", scenario.starting_point.energized_mw)
    price0 = draw("operations.electricity_price_usd_per_mwh", scenario.operations.electricity_price_usd_per_mwh)
    auto_cost_per_mw = draw("facilities.cost_per_mw_usd", fac.cost_per_mw_usd)
    auto_mw_per_acre = draw("facilities.mw_per_acre", fac.mw_per_acre)
    if sites:
        site_mw, site_cost, site_ramp = per_site("capacity_mw"), per_site("cost_per_mw_usd"), per_site("ramp_months")
        site_density = per_site("mw_per_acre")
        start_idx = np.array([grid.index_of(month_number(s.construction_start)) for s in sites])
        build = np.array([s.construction_months for s in sites])
        site_spend = budget.site_spend(site_mw, site_cost, budget.s_curve_weights(start_idx, build, T))
        site_price = np.stack([
            draw(f"facilities.sites.{s.name}.electricity_price_usd_per_mwh", s.electricity_price_usd_per_mwh)
            if s.electricity_price_usd_per_mwh is not None else price0 for s in sites], axis=1)
        site_energized, site_priced = power.site_capacity(site_mw, start_idx + build, site_ramp, T, site_price)
        # a GPU's facility cost for TCO: capacity-weighted cost of the sites
        mean_cost = (site_mw * site_cost).sum(1) / np.maximum(site_mw.sum(1), 1e-9)
        fac_cost_per_gpu = fac_w / 1e6 * mean_cost[:, None]
    else:
        fac_cost_per_gpu = fac_w / 1e6 * auto_cost_per_mw[:, None]  # (S, G)  [USD]

    # --- budget and purchases
    ai_share = draw("capex.ai_share", scenario.capex.ai_share)
    if scenario.mode == "budget":
        years = np.unique(grid.year)
        by_year = {y: draw(f"capex.by_year.{y}", v) for y, v in scenario.capex.by_year.items()}
        growth = draw("capex.growth_after", scenario.capex.growth_after)
        annual_total = budget.annual_capex(by_year, growth, years)
        total = budget.monthly_spend(annual_total, years, grid, np.asarray(scenario.capex.monthly_profile))
        missing = [y for y in years if y < min(by_year)]
        if missing:
            warnings.append(EngineWarning(
                "capex_assumed", f"No capex given for {_years_text(missing)}: used {min(by_year)}'s.",
                tuple(int(y) for y in missing)))
        ai_budget = total * ai_share[:, None]
        if scenario.mix.strategy == "newest":
            idx = [gens.index(g) for g in scenario.mix.candidates]
            shares = fleet.newest_shares(idx, available, grid.months, G)
        else:
            shares = fleet.spend_shares(scenario.mix.shares_by_year, gens, grid.year)
            for year, share_sum in scenario.mix.unnormalised_years().items():
                warnings.append(EngineWarning(
                    "shares_normalised", f"Spend shares for {year} add up to {share_sum:.4g}, not 1: each was "
                    f"divided by {share_sum:.4g}.", (year,)))
        shares, dropped = fleet.restrict_to_available(shares, available, grid.months)
        for g in np.nonzero(dropped.any(axis=0))[0]:
            first = month_text(int(grid.months[np.nonzero(dropped[:, g])[0][0]]))
            warnings.append(EngineWarning(
                "generation_unavailable",
                f"{acc[g].name} is bought from {first} but ships only from {acc[g].available_from}: "
                "its share went to generations already shipping.",
                tuple(int(y) for y in np.unique(grid.year[dropped[:, g]]))))
        if sites:
            it_budget = np.maximum(ai_budget - site_spend, 0.0)
            over = site_spend > ai_budget * (1 + 1e-9)
            if over.any():
                over_years = grid.year[over.any(axis=0)]
                warnings.append(EngineWarning(
                    "facility_over_budget",
                    f"Site construction costs more than the AI budget in {_years_text(over_years)}: "
                    "nothing is left for GPUs in those months.", tuple(int(y) for y in np.unique(over_years))))
            purchased = fleet.budget_purchases(it_budget, shares, it_price)
        else:
            purchased = fleet.budget_purchases(ai_budget, shares, it_price + fac_cost_per_gpu[:, None, :])
    else:
        purchased = generation_major(S, T, G, zeros=True)
        for i, p in enumerate(scenario.purchases.purchases):
            month = month_number(p.month)
            t = grid.index_of(month)
            g = gens.index(p.generation)
            if not 0 <= t < T:
                warnings.append(EngineWarning("purchase_outside", f"Purchase of {p.generation} in {p.month} "
                                              "lies outside the timeline and is ignored."))
                continue
            if month < available[g]:
                warnings.append(EngineWarning(
                    "generation_unavailable", f"{acc[g].name} is bought in {p.month} but ships only from "
                    f"{acc[g].available_from}.", (month // 12,)))
            purchased[:, t, g] += draw(f"purchases.purchases.{i}.units", p.units)
        total = None

    capex_it = np.einsum("stg,stg->st", purchased, it_price)
    if sites:
        capex_facility = site_spend
    else:
        capex_facility = np.einsum("stg,sg->st", purchased, fac_cost_per_gpu)
    capex_ai = capex_it + capex_facility
    if total is None:
        # a vanishing AI share would make the implied total overflow: treat it as "AI capex only"
        total = np.divide(capex_ai, ai_share[:, None], out=capex_ai.copy(), where=ai_share[:, None] > 1e-9)

    # --- fleet
    arrived = fleet.arrived_cohorts(purchased, lag)
    if sites:
        capacity = energized_start[:, None] + site_energized
    else:  # every GPU brings its facility power, energized when it is installed
        capacity = energized_start[:, None] + compute.fleet_total(arrived, fac_w) / 1e6
    installed = fleet.remove_retired(arrived, life_months)
    start_counts = np.zeros((S, G))
    for i, c in enumerate(scenario.starting_point.fleet):
        g = gens.index(c.generation)
        count = draw(f"starting_point.fleet.{i}.count", c.count)
        remaining = life_months[:, g] - c.age_months
        installed[:, :, g] += fleet.starting_fleet(count[:, None], remaining[:, None], T)[:, :, 0]
        start_counts[:, g] += count * (remaining > 0)

    # --- power
    def power_state(installed_g: np.ndarray, capacity: np.ndarray) -> dict[str, np.ndarray]:
        powered_g = power.powered_gpus(installed_g, fac_w, capacity)
        chip = compute.fleet_total(installed_g, tdp) / 1e6
        it = power.it_power(power.server_power(chip, server_mult[:, None]), it_mult[:, None])
        demand = power.facility_power(it, pue[:, None])
        gpus_installed, gpus_powered = installed_g.sum(2), powered_g.sum(2)
        stranded = gpus_installed - gpus_powered
        stranded[stranded <= 1e-9 * gpus_installed] = 0.0  # rounding noise of the power split, not GPUs
        return {
            "powered_g": powered_g,
            "gpus_installed": gpus_installed,
            "gpus_powered": gpus_powered,
            "gpus_stranded": stranded,
            "h100e_installed": compute.fleet_total(powered_g, h100e),
            "peak_bf16_flops": compute.fleet_total(powered_g, bf16),
            "chip_power_mw": chip,
            "it_power_mw": it,
            "facility_power_mw": demand,
            "facility_power_served_mw": np.minimum(demand, capacity),
            "facility_capacity_mw": capacity,
            "power_gap_mw": np.maximum(demand - capacity, 0.0),
        }

    state = power_state(installed, capacity)
    before = power_state(start_counts[:, None, :], energized_start[:, None])
    powered_g = state.pop("powered_g")
    before.pop("powered_g")
    energy = power.energy_twh(state["facility_power_served_mw"], load_factor, grid.hours)

    # --- money
    ops = scenario.operations
    price = np.broadcast_to(price0[:, None], (S, T))
    if sites:
        weighted = energized_start[:, None] * price0[:, None] + site_priced
        price = np.divide(weighted, capacity, out=price.copy(), where=capacity > 0)
    it_life = draw("operations.it_life_years", ops.it_life_years) * 12.0
    fac_life = draw("operations.facility_life_years", ops.facility_life_years) * 12.0
    rate = draw("operations.discount_rate", ops.discount_rate)
    opex_share = draw("operations.other_opex_share", ops.other_opex_share)
    electricity = money.electricity_cost(energy, price)
    other = money.other_opex(capex_ai, opex_share)
    tco_cost = money.tco_cost(
        np.einsum("stg,stg->st", powered_g, it_price), compute.fleet_total(powered_g, fac_cost_per_gpu),
        state["facility_power_served_mw"], load_factor, price, grid.hours,
        money.capital_recovery_monthly(rate, np.rint(it_life)),
        money.capital_recovery_monthly(rate, np.rint(fac_life)), opex_share)

    # --- land
    if sites:
        started = np.arange(T)[None, :] >= start_idx[:, None]  # (K, T)
        site_acres = np.einsum("sk,kt->st", site_mw / site_density, started)  # not @, as budget.site_spend
        acres = energized_start[:, None] / auto_mw_per_acre[:, None] + site_acres
        acres_before = energized_start / auto_mw_per_acre
    else:
        acres = land.acres(capacity, auto_mw_per_acre[:, None])
        acres_before = land.acres(energized_start, auto_mw_per_acre)

    gpu_hours = state["gpus_powered"] * grid.hours[None, :]
    added_cap = np.diff(capacity, axis=1, prepend=energized_start[:, None])
    demand_added = np.diff(state["facility_power_mw"], axis=1, prepend=before["facility_power_mw"])
    gpus_bought = purchased.sum(2)

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        return np.divide(num, den, out=np.zeros_like(num), where=np.abs(den) > 1e-12)

    monthly = {
        "capex_total_usd": total,
        "capex_ai_usd": capex_ai,
        "capex_it_usd": capex_it,
        "capex_facility_usd": capex_facility,
        "gpus_purchased": gpus_bought,
        **state,
        "facility_added_mw": added_cap,
        "energy_twh": energy,
        "electricity_cost_usd": electricity,
        "emissions_tco2": money.emissions(energy, draw("operations.carbon_intensity_kg_per_mwh",
                                                       ops.carbon_intensity_kg_per_mwh)),
        "land_acres": acres,
        "manhattans": land.manhattans(acres),
        "depreciation_usd": money.straight_line_depreciation(capex_it, it_life)
        + money.straight_line_depreciation(capex_facility, fac_life),
        "opex_usd": electricity + other,
        "capex_per_gpu_usd": ratio(capex_ai, gpus_bought),
        "capex_per_facility_mw_usd": ratio(capex_ai, demand_added),
        "gpus_per_mw": ratio(state["gpus_installed"], state["facility_power_mw"]),
        "tco_per_gpu_hour_usd": ratio(tco_cost, gpu_hours),
        "_tco_cost_usd": tco_cost,
        "_gpu_hours": gpu_hours,
    }
    initial = {name: v[:, 0] for name, v in before.items()}
    initial.update(land_acres=acres_before, manhattans=land.manhattans(acres_before), facility_added_mw=0 * acres_before)

    stranded = state["gpus_stranded"]
    share_stranded = ratio(stranded, state["gpus_installed"])
    hit = _medians_above(share_stranded, 0.01) > 0.01
    if hit.any():
        typical = _medians_above(stranded, 0.0)
        worst = int(np.argmax(typical))
        warnings.append(EngineWarning(
            "gpus_stranded",
            f"GPUs stranded for lack of facility power in {_years_text(grid.year[hit])}: up to "
            f"{typical[worst] / 1e3:,.0f}k in {month_text(int(grid.months[worst]))}.",
            tuple(int(y) for y in np.unique(grid.year[hit]))))

    return Results(
        scenario_name=scenario.name, grid=grid, samples=S, seed=draw.seed, generations=gens,
        generation_names=[a.name for a in acc], monthly=monthly,
        by_generation={"gpus_purchased": purchased, "gpus_installed": installed, "gpus_powered": powered_g},
        initial=initial, warnings=warnings,
        fiscal_year_start_month=scenario.timeline.fiscal_year_start_month,
        sites=SiteOutline([s.name for s in sites], site_mw, site_density, site_ramp, start_idx + build,
                          start_idx) if sites else None)
