"""Auto-built capacity is reused: a building stays energized after the GPUs it was built for retire, and
later GPUs move into it before anything new is built.

The capacity built is the running maximum of the demand of the GPUs bought in the scenario, so it
never shrinks. In budget mode a month's purchases need the capacity left free, which depends on what
retires, i.e. on purchases one useful life earlier: months are taken in blocks no longer than the
shortest life, each block vectorised over samples, months and generations.
"""

from __future__ import annotations

import numpy as np

from . import compute, fleet
from .calendar import monthly_change
from .layout import by_value


def built(demand: np.ndarray) -> np.ndarray:
    """Capacity built so far (S, T), in the unit of ``demand`` (S, T): its running maximum over the
    months, since a building stays built."""
    return np.maximum.accumulate(demand, axis=1)


def in_service_total(purchased: np.ndarray, per_gpu: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Σ over the GPUs bought (S, T, G) and not yet retired ``life_months`` (S, G) later of ``per_gpu``
    (S, G), indexed by purchase month, (S, T)."""
    no_lag = np.zeros(len(purchased), dtype=int)
    return compute.fleet_total(fleet.in_service(purchased, no_lag, life_months), per_gpu)


def build_spend(purchased: np.ndarray, cost_per_gpu: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Facility capex  [USD/month] (S, T) for GPUs bought (S, T, G): only the capacity not already free,
    at ``cost_per_gpu`` (S, G)  [USD] of capacity, when GPUs retire after ``life_months`` (S, G)."""
    return monthly_change(built(in_service_total(purchased, cost_per_gpu, life_months)))


def budget_purchases(
    ai_budget: np.ndarray,
    shares: np.ndarray,
    it_price: np.ndarray,
    cost_per_gpu: np.ndarray,
    facility_w: np.ndarray,
    cost_per_w: np.ndarray,
    life_months: np.ndarray,
) -> np.ndarray:
    """GPUs bought  [GPUs/month] (S, T, G) with an AI budget  [USD/month] (S, T) and spend shares (T, G)
    when each GPU pays its IT price (S, T, G) and the facility cost (S, G)  [USD] of the capacity it
    needs (``facility_w`` (S, G)  [W], at ``cost_per_w`` (S,)  [USD/W]) beyond what is free; GPUs
    retire after ``life_months`` (S, G).

    Reusing R watts frees R × cost per W of the budget for GPUs: P = (B + R × cost per W) × share /
    (IT price + facility cost per GPU), the closed form as long as nothing has retired (R = 0).
    """
    unit_cost = it_price + cost_per_gpu[:, None, :]
    bought = fleet.budget_purchases(ai_budget, shares, unit_cost)
    # demand [W] the month adds when all its budget goes to IT (a building entirely reused): the most
    # it can reuse. Per dollar of k in P = k × share / unit cost: IT spend a, demand w, so B × w / a.
    per_usd = fleet.budget_purchases(np.ones_like(ai_budget), shares, unit_cost)  # (S, T, G)
    it_per_usd = np.einsum("stg,stg->st", per_usd, it_price)
    w_per_usd = compute.fleet_total(per_usd, facility_w)
    it_only = np.divide(ai_budget * w_per_usd, it_per_usd, out=np.zeros_like(ai_budget), where=it_per_usd > 0)
    months = ai_budget.shape[1]
    block = max(1, int(life_months.min(initial=months)))
    free = np.zeros(ai_budget.shape[0])  # capacity built and left unused after the last month [W]
    lives = _lives(life_months)
    for start in range(block, months, block):  # the first block: nothing has retired yet
        stop = min(start + block, months)
        retiring = _retiring(bought, facility_w, lives, start, stop)
        if not (retiring.any() or free.any()):
            continue
        reused, free = _reuse(retiring, it_only[:, start:stop], free)
        bought[:, start:stop] = fleet.budget_purchases(
            ai_budget[:, start:stop] + reused * cost_per_w[:, None], shares[start:stop], unit_cost[:, start:stop]
        )
    return bought


Lives = list[list[tuple[int, slice | np.ndarray]]]


def _lives(life_months: np.ndarray) -> Lives:
    """``by_value`` of each generation's life (S, G): one test when every sample agrees (the deterministic
    run and most sampled runs)."""
    if (life_months == life_months[:1]).all():
        return [[(life, slice(None))] for life in life_months[0].tolist()]
    return [list(by_value(life_months[:, g])) for g in range(life_months.shape[1])]


def _retiring(bought: np.ndarray, facility_w: np.ndarray, lives: Lives, start: int, stop: int) -> np.ndarray:
    """Demand  [W] (S, stop − start) of the GPUs bought (S, T, G) that retire in months start..stop − 1
    of purchase, bought a life (``_lives``) ≥ stop − start earlier."""
    retiring = np.zeros((bought.shape[0], stop - start))
    for g, by_life in enumerate(lives):
        for life, rows in by_life:
            first = max(start, life)
            if first < stop:
                retiring[rows, first - start :] += (
                    bought[rows, first - life : stop - life, g] * facility_w[rows, g, None]
                )
    return retiring


def _reuse(retiring: np.ndarray, it_only: np.ndarray, free: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Capacity reused each month  [W] (S, L) and capacity left free after the block (S,).

    Free capacity follows free[t] = max(free[t − 1] + retiring[t] − it_only[t], 0) (a month reuses
    at most what it could fill), solved in closed form with running sums and minima.
    """
    change = np.cumsum(retiring - it_only, axis=1)
    left = change - np.minimum(-free[:, None], np.minimum.accumulate(change, axis=1))
    before = np.concatenate([free[:, None], left[:, :-1]], axis=1)
    reused = before + retiring - left
    return np.maximum(reused, 0.0, out=reused), left[:, -1]  # not below 0 by rounding
