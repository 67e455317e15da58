"""Scenario inputs as sampled arrays: the catalog of generations and the power chain.

Every array has a leading sample axis S; per-generation arrays are (S, G), generations oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.base import month_number
from ..model.catalog import Accelerator
from ..model.fields import input_path, row_key
from ..model.scenario import Scenario
from . import fleet, power
from .sampling import Sampler


def active_generations(scenario: Scenario) -> list[str]:
    """Generations the scenario can hold, oldest first (catalog order breaks ties)."""
    return [a.id for _, a in _held(scenario)]


def _held(scenario: Scenario) -> list[tuple[int, Accelerator]]:
    """(month it ships from, accelerator) of each generation the scenario can hold, oldest first."""
    used: set[str] = {c.generation for c in scenario.starting_point.fleet}
    if scenario.mode == "plan":
        used |= {p.generation for p in scenario.purchases.purchases}
    elif scenario.mix.strategy == "newest":
        used |= set(scenario.mix.candidates)
    else:
        used |= {g for shares in scenario.mix.shares_by_year.values() for g, s in shares.items() if s > 0}
    catalog = scenario.accelerators
    position = {a.id: i for i, a in enumerate(catalog)}  # ids are unique
    order = sorted((month_number(catalog[i].available_from), i) for i in map(position.__getitem__, used))
    return [(month, catalog[i]) for month, i in order]  # catalog order breaks ties


@dataclass(frozen=True)
class PowerInputs:
    """The power chain, each (S,)."""

    server_multiplier: np.ndarray  # server power per W of chip TDP  [W/W]
    it_multiplier: np.ndarray  # IT power per W of server power  [W/W]
    design_pue: np.ndarray  # facility power per W of IT power at peak: sizes capacity  [W/W]
    annual_pue: np.ndarray  # facility energy per Wh of IT energy over a year  [Wh/Wh]
    load_factor: np.ndarray  # average draw as a share of peak  [fraction]
    lag_months: np.ndarray  # purchase to installation, whole months
    newest_first: bool  # power goes to the newest generations first when short


def power_inputs(scenario: Scenario, draw: Sampler) -> PowerInputs:
    pc = scenario.power
    return PowerInputs(
        server_multiplier=draw("power.server_multiplier", pc.server_multiplier),
        it_multiplier=draw("power.it_multiplier", pc.it_multiplier),
        design_pue=draw("power.design_pue", pc.design_pue),
        annual_pue=draw("power.annual_pue", pc.annual_pue),
        load_factor=draw("power.load_factor", pc.load_factor),
        lag_months=np.rint(draw("power.deployment_lag_months", pc.deployment_lag_months)).astype(int),
        newest_first=pc.allocation == "newest_first",
    )


@dataclass(frozen=True)
class Generations:
    """The accelerator generations a scenario can hold, oldest first."""

    ids: list[str]
    names: list[str]
    available_from: list[str]  # first month of volume shipments, 'YYYY-MM'
    available: np.ndarray  # (G,) the same as month numbers
    it_capex_usd: np.ndarray  # (S, G) all-in IT capex per GPU when it first ships  [USD]
    price_decline: np.ndarray  # (S, G)  [1/yr]
    tdp_w: np.ndarray  # (S, G) chip power  [W]
    it_w: np.ndarray  # (S, G) all-in IT power per GPU at peak (server, networking, storage)  [W]
    bf16_flops: np.ndarray  # (S, G)  [FLOP/s per GPU]
    h100e: np.ndarray  # (S, G)  [H100e per GPU]
    life_months: np.ndarray  # (S, G) useful life, whole months ≥ 1

    @property
    def size(self) -> int:
        return len(self.ids)

    def index(self, generation: str) -> int:
        return self.ids.index(generation)


def generations(scenario: Scenario, draw: Sampler, chain: PowerInputs) -> Generations:
    """Draw every per-generation input of the scenario's active generations.

    A generation without an all-in IT power in the catalog draws TDP × server × IT multipliers.
    """
    held = _held(scenario)
    acc = [a for _, a in held]
    life, tdp, it_capex, decline, flops, h100e = draw.fields(
        "accelerators",
        acc,
        ("useful_life_years", "tdp_w", "it_capex_per_gpu_usd", "price_decline_per_year", "bf16_flops", "h100e"),
    )
    it_w = power.it_power(power.server_power(tdp, chain.server_multiplier[:, None]), chain.it_multiplier[:, None])
    listed = [g for g, a in enumerate(acc) if a.it_power_w is not None]  # catalog's all-in IT power
    if listed:
        it_w[:, listed] = draw.each("accelerators", acc, "it_power_w", listed)
    return Generations(
        ids=[a.id for a in acc],
        names=[a.name for a in acc],
        available_from=[a.available_from for a in acc],
        available=np.array([month for month, _ in held], dtype=int),
        it_capex_usd=it_capex,
        price_decline=decline,
        tdp_w=tdp,
        it_w=it_w,
        bf16_flops=flops,
        h100e=h100e,
        life_months=np.maximum(np.rint(life * 12.0), 1).astype(int),
    )


@dataclass(frozen=True)
class OperationsInputs:
    """Operations and finance, each (S,)."""

    it_life_months: np.ndarray  # IT depreciation life  [months]
    facility_life_months: np.ndarray  # facility depreciation life  [months]
    discount_rate: np.ndarray  # [1/yr]
    other_opex_share: np.ndarray  # yearly other opex per USD of AI capex  [1/yr]
    opening_depreciation: np.ndarray  # of assets bought before the start, at the start  [USD/yr]


def operations(scenario: Scenario, draw: Sampler) -> OperationsInputs:
    ops = scenario.operations
    return OperationsInputs(
        it_life_months=draw("operations.it_life_years", ops.it_life_years) * 12.0,
        facility_life_months=draw("operations.facility_life_years", ops.facility_life_years) * 12.0,
        discount_rate=draw("operations.discount_rate", ops.discount_rate),
        other_opex_share=draw("operations.other_opex_share", ops.other_opex_share),
        opening_depreciation=draw(
            "operations.opening_depreciation_usd_per_year", ops.opening_depreciation_usd_per_year
        ),
    )


def add_starting_fleet(
    scenario: Scenario, draw: Sampler, gens: Generations, installed: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, np.ndarray]]]:
    """Add the GPUs in service at the start to ``installed`` (S, T, G), each cohort until its remaining
    life runs out. Returns the counts in service just before the first month (S, G) and each cohort's
    generation and all-in IT capex in service  [USD] (S, T)."""
    counts = np.zeros((draw.samples, gens.size))
    values = []
    for i, c in enumerate(scenario.starting_point.fleet):
        g = gens.index(c.generation)
        count = draw(input_path("starting_point.fleet", row_key(c, i), "count"), c.count)
        remaining = gens.life_months[:, g] - c.age_months
        cohort = fleet.starting_fleet(count[:, None], remaining[:, None], installed.shape[1])[:, :, 0]
        installed[:, :, g] += cohort
        values.append((g, cohort * gens.it_capex_usd[:, g, None]))
        counts[:, g] += count * (remaining > 0)
    return counts, values
