"""Purchases: what each month buys, in budget mode (capex buys GPUs) or plan mode (GPUs bought are given).

Both return GPUs bought  [GPUs/month] (S, T, G) and the warnings met on the way.
"""

from __future__ import annotations

import functools

import numpy as np

from ..i18n import _
from ..model.base import month_number, month_text
from ..model.fields import input_path, row_key
from ..model.scenario import Scenario
from . import budget, fleet
from .calendar import Grid
from .facilities import FacilityStrategy
from .inputs import Generations
from .layout import generation_major
from .results import EngineWarning, distinct_years, years_text
from .sampling import Sampler


def total_capex(scenario: Scenario, draw: Sampler, grid: Grid) -> tuple[np.ndarray, list[EngineWarning]]:
    """The company's total capex plan  [USD/month], (S, T)."""
    capex = scenario.capex
    years = grid.calendar_years()
    by_year = {y: draw(input_path("capex.by_year", y), v) for y, v in capex.by_year.items()}
    amounts = draw.each("capex.quarters", capex.quarters, "capex_usd")
    quarters = [(q.year, q.index, amounts[:, i]) for i, q in enumerate(capex.quarters)]
    for year in sorted(capex.years_given() - set(by_year)):  # four quarters make the year's value
        by_year[year] = functools.reduce(np.add, [amount for y, _quarter, amount in quarters if y == year])
    profile = np.asarray(capex.monthly_profile)
    annual = budget.annual_capex(by_year, draw("capex.growth_after", capex.growth_after), years)
    total = budget.quarterly_spend(budget.monthly_spend(annual, years, grid, profile), quarters, grid, profile)
    first = min(by_year)
    missing = [y for y in years.tolist() if y < first]
    if not missing:
        return total, []
    return total, [
        EngineWarning(
            "capex_assumed",
            _("No capex given for {years}: used {first}'s.").format(years=years_text(missing), first=first),
            tuple(int(y) for y in missing),
        )
    ]


def spend_shares(scenario: Scenario, gens: Generations, grid: Grid) -> tuple[np.ndarray, list[EngineWarning]]:
    """Share of IT spend per generation each month, (T, G), among generations already shipping."""
    mix = scenario.mix
    if mix.strategy == "newest":
        shares = fleet.newest_shares([gens.index(g) for g in mix.candidates], gens.available, grid.months, gens.size)
    else:
        shares = fleet.spend_shares(mix.shares_by_year, gens.ids, grid.year)
    shares, dropped = fleet.restrict_to_available(shares, gens.available, grid.months)
    warnings = (
        []
        if mix.strategy == "newest"
        else [
            EngineWarning(
                "shares_normalised",
                f"Spend shares for {year} add up to {share_sum:.4g}, not 1: each was divided by {share_sum:.4g}.",
                (year,),
            )
            for year, share_sum in mix.unnormalised_years().items()
        ]
    )
    text = _(
        "{generation} is bought from {first} but ships only from {available}: its share went to "
        "generations already shipping."
    )
    for g in np.nonzero(dropped.any(axis=0))[0]:
        first = month_text(int(grid.months[dropped[:, g].argmax()]))  # the first month it was dropped
        warnings.append(
            EngineWarning(
                "generation_unavailable",
                text.format(generation=gens.names[g], first=first, available=gens.available_from[g]),
                distinct_years(grid.year[dropped[:, g]]),
            )
        )
    return shares, warnings


def budget_mode(
    scenario: Scenario,
    draw: Sampler,
    grid: Grid,
    gens: Generations,
    it_price: np.ndarray,
    facilities: FacilityStrategy,
    ai_share: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[EngineWarning]]:
    """GPUs bought with the AI share (S,) of the capex plan, the plan and the AI budget  [USD/month] (S, T)."""
    total, warnings = total_capex(scenario, draw, grid)
    shares, more = spend_shares(scenario, gens, grid)
    ai_budget = total * ai_share[:, None]
    return facilities.buy(ai_budget, shares, it_price), total, ai_budget, warnings + more


def plan_mode(
    scenario: Scenario, draw: Sampler, grid: Grid, gens: Generations
) -> tuple[np.ndarray, list[EngineWarning]]:
    """GPUs bought as the purchase plan lists them; purchases off the timeline are ignored, and a purchase
    dated before its generation ships is delivered in the first month it ships."""
    purchased = generation_major(draw.samples, grid.size, gens.size, zeros=True)
    warnings = []
    for i, p in enumerate(scenario.purchases.purchases):
        month, g = month_number(p.month), gens.index(p.generation)
        t = grid.index_of(month)
        if not 0 <= t < grid.size:
            warnings.append(
                EngineWarning(
                    "purchase_outside",
                    _("Purchase of {generation} in {month} lies outside the timeline and is ignored.").format(
                        generation=p.generation, month=p.month
                    ),
                )
            )
            continue
        if month < gens.available[g]:
            t = grid.index_of(int(gens.available[g]))
            text = (
                _(
                    "{generation} is bought in {month} but ships only from {available}: the purchase is moved "
                    "to {available}."
                )
                if t < grid.size
                else _(
                    "{generation} is bought in {month} but ships only from {available}: the purchase is "
                    "ignored: that is after the timeline."
                )
            )
            warnings.append(
                EngineWarning(
                    "generation_unavailable",
                    text.format(generation=gens.names[g], month=p.month, available=gens.available_from[g]),
                    (month // 12,),
                )
            )
            if t >= grid.size:
                continue
        purchased[:, t, g] += draw(input_path("purchases.purchases", row_key(p, i), "units"), p.units)
    return purchased, warnings
