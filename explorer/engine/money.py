"""Money stage: depreciation, capital recovery, electricity and other operating cost, TCO per GPU-hour."""

from __future__ import annotations

import numpy as np

from . import fleet
from .calendar import monthly_change
from .layout import SAMPLES_PER_BLOCK, by_value


def _trailing_sum(flow: np.ndarray, window: np.ndarray) -> np.ndarray:
    """Sum of ``flow`` over the last ``window`` months, (S, T); window (S,) whole months ≥ 1."""
    months = flow.shape[1]
    total = flow.cumsum(axis=1)
    for width, rows in by_value(window.astype(int)):
        if width < months:
            total[rows, width:] -= total[rows, : months - width]  # numpy copies the overlapping operand
    return total


def straight_line_depreciation(capex: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Monthly depreciation  [USD/month] (S, T) of the cost of assets entering service  [USD/month] (S, T),
    straight line over a life  [months] (S,)."""
    life = np.maximum(np.rint(life_months), 1)
    spent = _trailing_sum(capex, life)
    spent /= life[:, None]
    return spent  # capex here is the cost of assets entering service, so depreciation starts then


def capital_recovery_monthly(rate_per_year: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Monthly payment per dollar invested that repays it with interest over its life  [1/month], (…, S),
    from a yearly rate  [1/yr] (S,) and a life  [months] (S,) or lives (…, S) (several assets at once)."""
    r = (1.0 + rate_per_year) ** (1.0 / 12.0) - 1.0
    n = np.maximum(life_months, 1.0)
    return np.divide(r, 1.0 - (1.0 + r) ** -n, out=1.0 / n, where=r > 1e-12)  # no interest: 1 / n


def electricity_cost(energy_twh: np.ndarray, price_usd_per_mwh: np.ndarray) -> np.ndarray:
    """Electricity bill  [USD] (S, T) = energy [TWh] (S, T) × 1e6 × price [USD/MWh] (S, T)."""
    cost = energy_twh * 1e6
    cost *= price_usd_per_mwh
    return cost


def emissions(energy_twh: np.ndarray, kg_per_mwh: np.ndarray) -> np.ndarray:
    """Location-based emissions  [tCO2] (S, T) = energy [TWh → MWh] (S, T) × intensity [kg/MWh] (S, T)
    / 1000."""
    tonnes = energy_twh * 1e3
    tonnes *= kg_per_mwh
    return tonnes


def in_service(entering: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Cost of the assets in service  [USD], (S, T): what entered service  [USD/month] (S, T) within the
    last ``life_months`` (S,) months."""
    return _trailing_sum(entering, np.maximum(np.rint(life_months), 1))


def opening_depreciation(per_year: np.ndarray, life_months: np.ndarray, n_months: int) -> np.ndarray:
    """Depreciation of assets bought before the start  [USD/month], (S, T): ``per_year`` (S,) at the start,
    running off linearly to zero over ``life_months`` (S,), as a book of evenly spread ages does."""
    if not per_year.any():  # most scenarios: nothing bought before the start is depreciated
        return np.zeros((len(per_year), n_months))
    left = 1.0 - np.arange(n_months)[None, :] / np.maximum(life_months, 1.0)[:, None]
    np.maximum(left, 0.0, out=left)
    left *= per_year[:, None] / 12.0
    return left


def other_opex(book: np.ndarray, share_per_year: np.ndarray) -> np.ndarray:
    """Operating cost other than electricity and leases  [USD/month], (S, T): a yearly share  (S,) of the
    historical cost of the assets in service  [USD] (S, T)."""
    cost = book * share_per_year[:, None]
    cost /= 12.0
    return cost


NO_GPUS = np.finfo(float).smallest_subnormal  # GPUs installed and powered are ≥ 0, and 0 where none are


def it_book(
    purchased: np.ndarray,
    price: np.ndarray,
    lag_months: np.ndarray,
    life_months: np.ndarray,
    starting: list[tuple[int, np.ndarray]],
    powered: np.ndarray,
    installed: np.ndarray,
) -> dict[str, np.ndarray]:
    """IT assets at what was paid for them  [USD], (S, T) each: 'entering' service each month, 'in_service'
    and 'powered' (in service, times each generation's share of installed GPUs (S, T, G) that are
    powered (S, T, G)), from GPUs bought (S, T, G) at ``price`` (S, T, G), installed ``lag_months`` (S,)
    after purchase, retired ``life_months`` (S, G) after that, plus the ``starting`` fleet's value
    (generation, (S, T)). One pass a block of samples at a time: no (S, T, G) array of values.
    """
    samples, months, gens = purchased.shape
    arrived_total, book, powered_book = np.zeros((3, samples, months))
    stored_powered, stored_installed = powered.transpose(2, 0, 1), installed.transpose(2, 0, 1)  # (G, S, T)
    scratch = np.empty((gens, min(samples, SAMPLES_PER_BLOCK), months))
    for rows, chosen, arrived, value in fleet.cohort_blocks(purchased, lag_months, life_months, price):
        for g, start_value in starting:
            if chosen.start <= g < chosen.stop:
                value[g - chosen.start] += start_value[rows]
        share = scratch[: len(value), : value.shape[1]]  # of each generation's installed GPUs, the share powered
        np.maximum(stored_installed[chosen, rows], NO_GPUS, out=share)  # none installed: none powered, 0 / tiny
        np.divide(stored_powered[chosen, rows], share, out=share)
        share *= value
        _add_generations(arrived_total[rows], arrived)
        _add_generations(book[rows], value)
        _add_generations(powered_book[rows], share)
    return {"entering": monthly_change(arrived_total), "in_service": book, "powered": powered_book}


def _add_generations(total: np.ndarray, amounts: np.ndarray) -> None:
    """``total`` (B, T) += the sum of ``amounts`` (g, B, T) over the generations, added one by one in
    order (numpy sums a leading axis row by row); a block of one generation needs no temporary."""
    total += amounts[0] if len(amounts) == 1 else amounts.sum(axis=0)


def tco_cost(
    it_cost: np.ndarray,
    facility_cost: np.ndarray,
    served_mw: np.ndarray,
    load_factor: np.ndarray,
    price: np.ndarray,
    hours: np.ndarray,
    crf_it: np.ndarray,
    crf_facility: np.ndarray,
    opex_share: np.ndarray,
) -> np.ndarray:
    """Monthly cost of owning and running the powered fleet  [USD], (S, T).

    Capital charge on the IT and facility cost of the powered GPUs (``it_cost``, ``facility_cost``
    (S, T) [USD]), their electricity at the load factor (``served_mw`` (S, T), ``price`` (S, T)
    [USD/MWh]) and other opex. Summing over the fleet first keeps this off the (S, T, G) arrays.
    """
    # in place, term by term: with many samples every (S, T) temporary is several MB
    cost = it_cost * crf_it[:, None]  # capital charge
    scratch = facility_cost * crf_facility[:, None]
    cost += scratch
    running = served_mw * load_factor[:, None]  # energy [MWh] × price
    running *= hours[None, :]
    running *= price
    np.add(it_cost, facility_cost, out=scratch)  # other opex
    scratch *= opex_share[:, None]
    scratch /= 12.0
    running += scratch
    cost += running
    return cost
