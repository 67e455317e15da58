"""Auto-built capacity is reused: later GPUs move into the buildings of retired ones before anything is
built, in budget and in plan mode; energized capacity never shrinks."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import fleet, reuse

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

FACILITY_W_H100 = 700 * 1.53 * 1.14 * 1.4
COST_PER_W = 12.0  # $12M per MW of facility
SHORT_LIFE = {"accelerators.0.useful_life_years": 1.0}  # H100 retire after 12 months


def test_budget_mode_reuses_the_buildings_of_retired_gpus(make_scenario):
    r = simulate(make_scenario(SHORT_LIFE))
    m = r.monthly
    capacity, facility = m["facility_capacity_mw"][0], m["capex_facility_usd"][0]
    assert (np.diff(capacity) >= 0).all()  # a building stays built
    assert_allclose(facility[:12], m["gpus_purchased"][0][:12] * FACILITY_W_H100 * COST_PER_W)  # all new
    reused = m["gpus_purchased"][0][12:24] - m["gpus_purchased"][0][:12]  # more GPUs for the same $1B...
    assert (reused > 0).all()
    built = np.diff(capacity)[11:23] * 1e6 * COST_PER_W  # ...and only the capacity beyond the freed one is built
    assert_allclose(facility[12:24], built, rtol=1e-9)
    assert_allclose(m["capex_it_usd"][0] + facility, 1e9)  # the budget is conserved
    assert_allclose(m["gpus_stranded"][0], 0.0, atol=1e-6)  # every GPU has power
    assert_allclose(m["facility_power_mw"][0], capacity)  # and nothing is built beyond the demand


def test_capacity_stays_built_when_nothing_replaces_the_retired_gpus(make_scenario):
    r = simulate(make_scenario({**SHORT_LIFE, "capex.by_year": {"2025": 12e9, "2026": 0.0}, "capex.growth_after": 0.0}))
    m = r.monthly
    assert_allclose(m["gpus_installed"][0][23:], 0.0, atol=1e-6)  # all retired by the end of 2026
    assert_allclose(m["facility_capacity_mw"][0][12:], m["facility_capacity_mw"][0][11])
    assert_allclose(m["capex_facility_usd"][0][12:], 0.0)


def test_plan_mode_buys_no_building_for_gpus_that_move_into_a_freed_one(make_scenario):
    s = make_scenario(
        SHORT_LIFE,
        mode="plan",
        purchases={
            "purchases": [
                {"month": "2025-01", "generation": "h100", "units": 10_000},
                {"month": "2026-01", "generation": "h100", "units": 10_000},
                {"month": "2027-01", "generation": "h100", "units": 15_000},
            ]
        },
    )
    m = simulate(s).monthly
    per_gpu = FACILITY_W_H100 * COST_PER_W
    assert_allclose(m["capex_facility_usd"][0][[0, 12, 24]], [10_000 * per_gpu, 0.0, 5_000 * per_gpu])
    assert_allclose(m["capex_facility_usd"][0].sum(), 15_000 * per_gpu)
    assert_allclose(m["facility_capacity_mw"][0][-1], 15_000 * FACILITY_W_H100 / 1e6)


# ---------------------------------------------------------------- the stage, for any budget and fleet

S, T, G = 3, 30, 2


@st.composite
def stage_inputs(draw):
    budget = draw(arrays(float, (S, T), elements=st.floats(0.0, 1e9)))
    shares = fleet.normalise(draw(arrays(float, (T, G), elements=st.floats(0.01, 1.0))))
    it_price = draw(arrays(float, (S, T, G), elements=st.floats(1e3, 1e5)))
    facility_w = draw(arrays(float, (S, G), elements=st.floats(100.0, 5000.0)))
    cost_per_w = draw(arrays(float, (S,), elements=st.floats(0.0, 30.0)))
    life = draw(arrays(int, (S, G), elements=st.integers(1, 40)))
    return budget, shares, it_price, facility_w, cost_per_w, life


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stage_inputs())
def test_reuse_never_costs_more_and_costs_the_same_until_something_retires(inputs):
    budget, shares, it_price, facility_w, cost_per_w, life = inputs
    cost_per_gpu = facility_w * cost_per_w[:, None]
    without = fleet.budget_purchases(budget, shares, it_price + cost_per_gpu[:, None, :])
    with_reuse = reuse.budget_purchases(budget, shares, it_price, cost_per_gpu, facility_w, cost_per_w, life)
    spend_without = np.einsum("stg,sg->st", without, cost_per_gpu)
    spend = reuse.build_spend(with_reuse, cost_per_gpu, life)
    scale = budget.sum() + 1.0
    assert spend.sum() <= spend_without.sum() + 1e-9 * scale
    assert (spend >= -1e-9 * scale).all()
    first = int(life.min())  # no GPU has retired before its shortest life
    assert_allclose(spend[:, :first], spend_without[:, :first], rtol=1e-9, atol=1e-9 * scale)
    assert_allclose(with_reuse[:, :first], without[:, :first], rtol=0, atol=0)
    it_spend = np.einsum("stg,stg->st", with_reuse, it_price)
    assert_allclose(it_spend + spend, budget, rtol=1e-7, atol=1e-6 * scale)  # the budget is conserved
    assert (with_reuse >= without * (1 - 1e-12)).all()  # a month never buys fewer GPUs
