"""Money stage: depreciation, capital charge, electricity and other operating cost, TCO per GPU-hour."""

from __future__ import annotations

import numpy as np


def _trailing_sum(flow: np.ndarray, window: np.ndarray) -> np.ndarray:
    """Sum of ``flow`` over the last ``window`` months, (S, T); window (S,) whole months ≥ 1."""
    samples, months = flow.shape
    cumulative = np.concatenate([np.zeros((samples, 1)), np.cumsum(flow, axis=1)], axis=1)
    t = np.arange(months)[None, :]
    start = np.clip(t + 1 - window[:, None], 0, months).astype(int)
    return cumulative[:, 1:] - np.take_along_axis(cumulative, start, axis=1)


def straight_line_depreciation(capex: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Monthly depreciation  [USD/month] of monthly capex  [USD/month] over a life  [months]."""
    life = np.maximum(np.rint(life_months), 1)
    return _trailing_sum(capex, life) / life[:, None]


def capital_recovery_monthly(rate_per_year: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Monthly payment per dollar invested that repays it with interest over its life  [1/month]."""
    r = (1.0 + rate_per_year) ** (1.0 / 12.0) - 1.0
    n = np.maximum(life_months, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        crf = r / (1.0 - (1.0 + r) ** -n)
    return np.where(r > 1e-12, crf, 1.0 / n)


def capital_charge(capex: np.ndarray, rate_per_year: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """Monthly capital charge  [USD/month] of capex still within its life."""
    life = np.maximum(np.rint(life_months), 1)
    return _trailing_sum(capex, life) * capital_recovery_monthly(rate_per_year, life)[:, None]


def electricity_cost(energy_twh: np.ndarray, price_usd_per_mwh: np.ndarray) -> np.ndarray:
    """Electricity bill  [USD] = energy [TWh] × 1e6 × price [USD/MWh]."""
    return energy_twh * 1e6 * price_usd_per_mwh


def emissions(energy_twh: np.ndarray, kg_per_mwh: np.ndarray) -> np.ndarray:
    """Location-based emissions  [tCO2] = energy [MWh] × intensity [kg/MWh] / 1000."""
    return energy_twh * 1e3 * kg_per_mwh[:, None]


def other_opex(capex_ai: np.ndarray, share_per_year: np.ndarray) -> np.ndarray:
    """Operating cost other than electricity  [USD/month]: a yearly share of AI capex spent so far."""
    return np.cumsum(capex_ai, axis=1) * share_per_year[:, None] / 12.0


def tco_cost(it_cost: np.ndarray, facility_cost: np.ndarray, served_mw: np.ndarray, load_factor: np.ndarray,
             price: np.ndarray, hours: np.ndarray, crf_it: np.ndarray, crf_facility: np.ndarray,
             opex_share: np.ndarray) -> np.ndarray:
    """Monthly cost of owning and running the powered fleet  [USD], (S, T).

    Capital charge on the IT and facility cost of the powered GPUs (``it_cost``, ``facility_cost``
    (S, T) [USD]), their electricity at the load factor (``served_mw`` (S, T), ``price`` (S, T)
    [USD/MWh]) and other opex. Summing over the fleet first keeps this off the (S, T, G) arrays.
    """
    capital = it_cost * crf_it[:, None] + facility_cost * crf_facility[:, None]
    energy_mwh = served_mw * load_factor[:, None] * hours[None, :]
    running = energy_mwh * price + (it_cost + facility_cost) * opex_share[:, None] / 12.0
    return capital + running
