"""Fleet stage: purchases by generation, deployment lag, retirement, starting cohorts, prices."""

import numpy as np
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import fleet

FACILITY_W_H100 = 700 * 1.53 * 1.14 * 1.4  # 1709.316 W
FACILITY_W_B200 = 1000 * 1.53 * 1.14 * 1.4
COST_PER_W = 12e6 / 1e6  # auto-build $12M per MW
PER_MONTH_H100 = 1e9 / (45_000 + FACILITY_W_H100 * COST_PER_W)  # $12B a year, all on H100


def gen_series(r, name, gen):
    return r.by_generation[name][0, :, r.generations.index(gen)]


def test_budget_buys_gpus_at_all_in_cost_per_gpu(make_scenario):
    r = simulate(make_scenario())
    assert_allclose(r.monthly["gpus_purchased"][0], PER_MONTH_H100)
    assert_allclose(PER_MONTH_H100, 15_264.43, rtol=1e-6)


def test_deployment_lag_delays_installation(make_scenario):
    r = simulate(make_scenario({"power.deployment_lag_months": 3}))
    t = np.arange(36)
    assert_allclose(r.monthly["gpus_installed"][0], PER_MONTH_H100 * np.clip(t - 2, 0, None))
    assert_allclose(r.monthly["gpus_purchased"][0], PER_MONTH_H100)


def bought_with_reuse(months: int, life: int) -> np.ndarray:
    """$1B a month on H100 when each month moves into the building of the GPUs retiring that month:
    P[t] = ($1B + P[t − life] × facility cost per GPU) / all-in cost per GPU."""
    facility = FACILITY_W_H100 * COST_PER_W
    bought = np.full(months, PER_MONTH_H100)
    for t in range(life, months):
        bought[t] = (1e9 + bought[t - life] * facility) / (45_000 + facility)
    return bought


def installed_after(bought: np.ndarray, lag: int, life: int) -> np.ndarray:
    arrived = np.cumsum(np.concatenate([np.zeros(lag), bought[: len(bought) - lag]]))
    return arrived - np.concatenate([np.zeros(life), arrived[:-life]])


def test_gpus_retire_at_end_of_useful_life(make_scenario):
    r = simulate(make_scenario({"accelerators.0.useful_life_years": 1.0}))
    bought = bought_with_reuse(36, 12)
    assert_allclose(r.monthly["gpus_installed"][0][:12], PER_MONTH_H100 * np.arange(1, 13))
    assert_allclose(r.monthly["gpus_installed"][0], installed_after(bought, 0, 12))


def test_lag_and_retirement_together(make_scenario):
    r = simulate(make_scenario({"accelerators.0.useful_life_years": 1.0, "power.deployment_lag_months": 2}))
    assert_allclose(r.monthly["gpus_installed"][0], installed_after(bought_with_reuse(36, 12), 2, 12))


def test_starting_cohorts_retire_by_their_age(make_scenario):
    s = make_scenario(
        mode="plan",
        starting_point={
            "fleet": [
                {"generation": "a100", "count": 1000, "age_months": 40},  # 48-month life: 8 left
                {"generation": "h100", "count": 2000, "age_months": 0},
            ],
            "energized_mw": 100.0,
        },
    )
    r = simulate(s)
    assert_allclose(gen_series(r, "gpus_installed", "a100"), [1000.0] * 8 + [0.0] * 28)
    assert_allclose(gen_series(r, "gpus_installed", "h100"), 2000.0)
    assert_allclose(r.initial["gpus_installed"], [3000.0])
    assert_allclose(r.monthly["gpus_purchased"][0], 0.0)


def test_spend_shares_carry_forward_to_unlisted_years(make_scenario):
    s = make_scenario({"mix.shares_by_year": {"2025": {"h100": 1.0}, "2026": {"h100": 0.5, "b200": 0.5}}})
    r = simulate(s)
    b200 = gen_series(r, "gpus_purchased", "b200")
    per_month_b200 = 0.5e9 / (50_000 + FACILITY_W_B200 * COST_PER_W)
    assert_allclose(b200[:12], 0.0)
    assert_allclose(b200[12:], per_month_b200)  # 2027 is not listed: 2026's shares hold
    assert_allclose(gen_series(r, "gpus_purchased", "h100")[24:], 0.5e9 / (45_000 + FACILITY_W_H100 * COST_PER_W))


def test_share_of_a_generation_not_yet_shipping_goes_to_one_that_is(make_scenario):
    r = simulate(make_scenario({"mix.shares_by_year": {"2025": {"h100": 0.5, "b200": 0.5}}}))
    b200 = gen_series(r, "gpus_purchased", "b200")
    h100 = gen_series(r, "gpus_purchased", "h100")
    assert_allclose(b200[:6], 0.0)  # B200 ships from 2025-07
    assert_allclose(h100[:6], PER_MONTH_H100)
    assert_allclose(h100[6:], PER_MONTH_H100 / 2)
    warning = next(w for w in r.warnings if w.code == "generation_unavailable")
    assert warning.years == (2025,) and "B200" in warning.message


def test_newest_strategy_switches_when_a_generation_ships(make_scenario):
    r = simulate(make_scenario(mix={"strategy": "newest", "candidates": ["h100", "b200"]}))
    assert_allclose(gen_series(r, "gpus_purchased", "h100")[:6], PER_MONTH_H100)
    assert_allclose(gen_series(r, "gpus_purchased", "h100")[6:], 0.0)
    assert (gen_series(r, "gpus_purchased", "b200")[6:] > 0).all()


def test_prices_decline_each_year_after_availability():
    months = np.array([-1, 0, 12, 24])
    price = fleet.unit_prices(np.array([[100.0]]), np.array([[0.2]]), np.array([0]), months)
    assert_allclose(price[0, :, 0], [100.0, 100.0, 80.0, 64.0])


def test_price_decline_flows_into_gpus_bought(make_scenario):
    r = simulate(make_scenario({"accelerators.0.price_decline_per_year": 0.2}))
    # January 2025 is 24 months after the H100 became available: 0.8² of the base IT price
    it_price = 45_000 * 0.64
    assert_allclose(r.monthly["gpus_purchased"][0][0], 1e9 / (it_price + FACILITY_W_H100 * COST_PER_W))


def test_plan_mode_purchases_set_capex(make_scenario):
    s = make_scenario(
        mode="plan",
        capex={"by_year": {}, "ai_share": 0.5},
        purchases={"purchases": [{"month": "2025-04", "generation": "h100", "units": 1000}]},
    )
    r = simulate(s)
    assert_allclose(r.monthly["gpus_purchased"][0][3], 1000.0)
    assert_allclose(r.monthly["capex_it_usd"][0][3], 1000 * 45_000)
    assert_allclose(r.monthly["capex_facility_usd"][0][3], 1000 * FACILITY_W_H100 * COST_PER_W)
    assert_allclose(r.monthly["capex_total_usd"][0][3], 2 * 1000 * (45_000 + FACILITY_W_H100 * COST_PER_W))
    assert_allclose(r.monthly["gpus_installed"][0], [0.0] * 3 + [1000.0] * 33)
