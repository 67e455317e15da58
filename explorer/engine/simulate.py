"""The orchestrator: scenario in, Results out. Each stage lives in its own module:

inputs (scenario → sampled arrays) → purchases (budget or plan) → fleet (cohorts) → facilities
(auto-build or sites: capacity, spend, land) → power → money. Every array has a leading sample axis S.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..formatting import localize_number, with_unit
from ..i18n import _
from ..model.base import month_text
from ..model.scenario import Scenario
from ..series import SERIES
from . import compute, fleet, inputs, land, money, power, purchases
from .calendar import Grid, make_grid, monthly_change
from .facilities import FacilityStrategy, facilities
from .inputs import Generations, active_generations
from .layout import FEW_ROWS
from .money import NO_GPUS
from .results import EngineWarning, Results, distinct_years, ratio, years_text
from .sampling import Sampler

__all__ = ["active_generations", "simulate"]


def simulate(
    scenario: Scenario,
    samples: int = 1,
    seed: int | None = 0,
    overrides: Mapping[str, np.ndarray] | None = None,
    ratios: bool = True,
) -> Results:
    """Run the model. ``samples`` = 1 is the deterministic run on base values; more draws every range.

    ``overrides`` {dotted input path: (samples,) values} pins those inputs per sample and keeps every
    other input at base: many variants of one scenario in a single vectorised run.
    ``ratios`` False leaves the monthly ratio series out (a portfolio takes ratios of its sums);
    yearly ratios, read from the yearly numerators and denominators, are there either way.
    Every array in the result has a leading sample axis.
    """
    draw = Sampler(samples, seed, overrides)
    grid = make_grid(scenario.start_month, scenario.timeline.months, scenario.timeline.fiscal_year_start_month)
    chain = inputs.power_inputs(scenario, draw)
    gens = inputs.generations(scenario, draw, chain)
    it_price = fleet.unit_prices(gens.it_capex_usd, gens.price_decline, gens.available, grid.months)  # (S, T, G)
    site = facilities(scenario, draw, grid, gens.it_w, chain.design_pue, gens.life_months)

    spend, purchased, warnings = _spending(scenario, draw, grid, gens, it_price, site)
    installed = fleet.in_service(purchased, chain.lag_months, gens.life_months)
    capacity = site.capacity(installed)
    fac_entering = site.entering_service(installed)
    start_counts, start_values = inputs.add_starting_fleet(scenario, draw, gens, installed)
    state, before = _power_from_before(installed, capacity, start_counts, site.energized_start_mw, gens, chain)
    powered_g = state.pop("powered_g")
    before.pop("powered_g")
    it_book = money.it_book(purchased, it_price, chain.lag_months, gens.life_months, start_values, powered_g, installed)

    monthly = {
        **spend,
        "gpus_purchased": purchased.sum(2),
        **state,
        "facility_added_mw": monthly_change(capacity, site.energized_start_mw[:, None]),
        "energy_twh": power.energy_twh(
            state["facility_power_served_mw"], chain.design_pue, chain.annual_pue, chain.load_factor, grid.hours
        ),
    }
    monthly.update(
        _money(
            monthly, inputs.operations(scenario, draw), grid, site, powered_g, it_book, fac_entering, chain.load_factor
        )
    )
    acres = site.land(capacity)
    monthly.update(land_acres=acres, manhattans=land.manhattans(acres))
    if ratios:
        monthly.update(_unit_metrics(monthly, before))
    warnings += _stranded_warning(state["gpus_stranded"], state["gpus_installed"], grid)
    return Results(
        scenario_name=scenario.name,
        grid=grid,
        samples=samples,
        seed=draw.seed,
        generations=gens.ids,
        generation_names=gens.names,
        monthly=_ordered(monthly),
        by_generation={"gpus_purchased": purchased, "gpus_installed": installed, "gpus_powered": powered_g},
        initial=_initial(before, site.land_before()),
        warnings=warnings,
        fiscal_year_start_month=scenario.timeline.fiscal_year_start_month,
        sites=site.outline,
    )


def _initial(before: dict[str, np.ndarray], acres: np.ndarray) -> dict[str, np.ndarray]:
    """Stocks just before the first month (S,), from the power state of that month (S, 1) and the
    land  [acres] (S,) built by then."""
    initial = {name: v[:, 0] for name, v in before.items()}
    initial.update(land_acres=acres, manhattans=land.manhattans(acres), facility_added_mw=0 * acres)
    return initial


PLAN_MIN_AI_SHARE = 0.05  # plan mode: a smaller share would imply a total capex without bound


def _spending(
    scenario: Scenario, draw: Sampler, grid: Grid, gens: Generations, it_price: np.ndarray, site: FacilityStrategy
) -> tuple[dict[str, np.ndarray], np.ndarray, list[EngineWarning]]:
    """Capex series  [USD/month] (S, T), GPUs bought (S, T, G) and warnings, in budget or plan mode.

    AI capex never exceeds the AI budget: site spend committed beyond it is ``capex_overrun_usd``.
    """
    ai_share = draw("capex.ai_share", scenario.capex.ai_share)
    if scenario.mode == "budget":
        purchased, total, ai_budget, warnings = purchases.budget_mode(
            scenario, draw, grid, gens, it_price, site, ai_share
        )
    else:
        purchased, warnings = purchases.plan_mode(scenario, draw, grid, gens)
    capex_it = np.einsum("stg,stg->st", purchased, it_price)
    committed = site.spend(purchased)
    if scenario.mode == "budget":  # sites are paid first; GPUs get what is left of the AI budget
        capex_facility = np.minimum(committed, ai_budget)
    else:
        capex_facility = committed
        total = (capex_it + committed) / np.maximum(ai_share, PLAN_MIN_AI_SHARE)[:, None]
        if (ai_share < PLAN_MIN_AI_SHARE).any():
            warnings.append(
                EngineWarning(
                    "ai_share_floor", _("An AI share below 5% is read as 5% to imply total capex in plan mode.")
                )
            )
    overrun = committed - capex_facility
    warnings += _overrun_warning(overrun, grid)
    return (
        {
            "capex_total_usd": total,
            "capex_ai_usd": capex_it + capex_facility,
            "capex_it_usd": capex_it,
            "capex_facility_usd": capex_facility,
            "capex_overrun_usd": overrun,
        },
        purchased,
        warnings,
    )


def _overrun_warning(overrun: np.ndarray, grid: Grid) -> list[EngineWarning]:
    typical = _medians_above(overrun, 0.0)
    over = typical > 0.0
    if not over.any():
        return []
    return [
        EngineWarning(
            "facility_over_budget",
            _(
                "Site construction commits more than the AI budget in {years}: nothing is left for GPUs in those "
                "months and the excess ({amount}) is shown as 'Capex beyond the AI budget', not in AI capex."
            ).format(
                years=years_text(grid.year[over]),
                amount=with_unit(localize_number(f"{typical[over].sum() / 1e9:,.1f}"), "$B"),
            ),
            distinct_years(grid.year[over]),
        )
    ]


def _power_from_before(
    installed: np.ndarray,
    capacity: np.ndarray,
    start_counts: np.ndarray,
    start_mw: np.ndarray,
    gens: Generations,
    chain: inputs.PowerInputs,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``_power`` of the run's months (S, T, …) and of the month before the start (S, 1, …), from its
    fleet (S, G) and capacity  [MW] (S,). A small run takes both in one pass, as its cost is per numpy
    call; a large one in two, so that the run's series stay contiguous for the stages after."""
    if start_counts.size > FEW_ROWS:
        return _power(installed, capacity, gens, chain), _power(start_counts[:, None], start_mw[:, None], gens, chain)
    # (G, S, 1 + T): stored generation by generation as the fleet is, so sums over generations run alike
    generations = np.concatenate((start_counts.T[:, :, None], installed.transpose(2, 0, 1)), axis=2)
    both = _power(generations.transpose(1, 2, 0), np.concatenate((start_mw[:, None], capacity), axis=1), gens, chain)
    return {name: v[:, 1:] for name, v in both.items()}, {name: v[:, :1] for name, v in both.items()}


def _power(
    installed: np.ndarray, capacity: np.ndarray, gens: Generations, chain: inputs.PowerInputs
) -> dict[str, np.ndarray]:
    """Power and compute of an installed fleet (S, T, G) against capacity  [MW] (S, T)."""
    state = power.fleet_state(installed, capacity, gens.tdp_w, gens.it_w, chain.design_pue, chain.newest_first)
    state["h100e_installed"] = compute.fleet_total(state["powered_g"], gens.h100e)
    state["peak_bf16_flops"] = compute.fleet_total(state["powered_g"], gens.bf16_flops)
    return state


def _money(
    monthly: dict[str, np.ndarray],
    ops: inputs.OperationsInputs,
    grid: Grid,
    site: FacilityStrategy,
    powered_g: np.ndarray,
    it_book: dict[str, np.ndarray],
    fac_entering: np.ndarray,
    load_factor: np.ndarray,
) -> dict[str, np.ndarray]:
    """Electricity, emissions, depreciation, opex and the cost of owning the powered fleet (S, T, G)  [USD],
    (S, T), with the IT book (``money.it_book``) and the facility assets entering service  [USD] (S, T).

    Assets count from when they enter service, at what was paid for them, until they retire.
    """
    capacity, energy = monthly["facility_capacity_mw"], monthly["energy_twh"]
    price = site.weighted("price", capacity)
    electricity, lease = money.electricity_cost(energy, price), site.lease_cost()
    fac_book = site.book_at_start()[:, None] + money.in_service(fac_entering, ops.facility_life_months)
    lives = np.rint([ops.it_life_months, ops.facility_life_months])  # (2, S)  [months]
    crf_it, crf_facility = money.capital_recovery_monthly(ops.discount_rate, lives)
    tco_cost = money.tco_cost(
        it_book["powered"],
        compute.fleet_total(powered_g, site.cost_per_gpu),
        monthly["facility_power_served_mw"],
        load_factor,
        price,
        grid.hours,
        crf_it,
        crf_facility,
        ops.other_opex_share,
    )
    tco_cost += lease
    gpu_hours = monthly["gpus_powered"] * grid.hours[None, :]
    return {
        "electricity_cost_usd": electricity,
        "emissions_tco2": money.emissions(energy, site.weighted("carbon", capacity)),
        "depreciation_usd": money.straight_line_depreciation(it_book["entering"], ops.it_life_months)
        + money.straight_line_depreciation(fac_entering, ops.facility_life_months)
        + money.opening_depreciation(ops.opening_depreciation, ops.it_life_months, grid.size),
        "lease_cost_usd": lease,
        "opex_usd": electricity + lease + money.other_opex(it_book["in_service"] + fac_book, ops.other_opex_share),
        "_tco_cost_usd": tco_cost,
        "_gpu_hours": gpu_hours,
    }


def _unit_metrics(monthly: dict[str, np.ndarray], before: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Headline ratios of each month: AI capex per GPU bought and per MW of demand added, GPUs per MW,
    the cost of owning the powered fleet per GPU-hour."""
    demand_added = monthly_change(monthly["facility_power_mw"], before["facility_power_mw"])
    return {
        "capex_per_gpu_usd": ratio(monthly["capex_ai_usd"], monthly["gpus_purchased"]),
        "capex_per_facility_mw_usd": ratio(monthly["capex_ai_usd"], demand_added),
        "gpus_per_mw": ratio(monthly["gpus_installed"], monthly["facility_power_mw"]),
        "tco_per_gpu_hour_usd": ratio(monthly["_tco_cost_usd"], monthly["_gpu_hours"]),
    }


def _ordered(monthly: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The series in the output contract's order, internal ones after."""
    return {**{name: monthly[name] for name in SERIES if name in monthly}, **monthly}


def _medians_above(values: np.ndarray, floor: float) -> np.ndarray:
    """Median over the samples of each month, (T,): exact where it is above ``floor``; other months
    may read ``floor`` instead.

    A median above the floor needs at least half the samples above it, so only those months are sorted.
    """
    if len(values) == 1:
        return values[0]
    medians = np.full(values.shape[1], floor)
    candidates = np.count_nonzero(values > floor, axis=0) >= values.shape[0] // 2
    if candidates.any():  # months as rows: numpy partitions each along contiguous memory
        medians[candidates] = np.median(values.T[candidates], axis=1)
    return medians


def _stranded_warning(stranded: np.ndarray, installed: np.ndarray, grid: Grid) -> list[EngineWarning]:
    """A warning when the typical run strands more than 1% of installed GPUs in some month."""
    share = np.maximum(installed, NO_GPUS)  # stranded is 0 where nothing is installed: 0 / tiny
    np.divide(stranded, share, out=share)
    hit = _medians_above(share, 0.01) > 0.01
    if not hit.any():
        return []
    typical = _medians_above(stranded, 0.0)
    worst = int(typical.argmax())
    return [
        EngineWarning(
            "gpus_stranded",
            _("GPUs stranded for lack of facility power in {years}: up to {thousands}k in {month}.").format(
                years=years_text(grid.year[hit]),
                thousands=localize_number(f"{typical[worst] / 1e3:,.0f}"),
                month=month_text(int(grid.months[worst])),
            ),
            distinct_years(grid.year[hit]),
        )
    ]
