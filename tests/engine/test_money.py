"""Money stage: depreciation, capital recovery, electricity, other opex, emissions and TCO per GPU-hour."""

import numpy as np
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import money

FACILITY_W = 700 * 1.53 * 1.14 * 1.4
FACILITY_COST_PER_GPU = FACILITY_W * 12.0  # $12M per MW
IT_PER_MONTH = 1e9 * 45_000 / (45_000 + FACILITY_COST_PER_GPU)
FACILITY_PER_MONTH = 1e9 - IT_PER_MONTH


def test_straight_line_depreciation_spreads_each_outlay_over_its_life():
    capex = np.zeros((1, 20))
    capex[0, 0] = 1200.0
    capex[0, 3] = 600.0
    dep = money.straight_line_depreciation(capex, np.array([12.0]))
    expected = np.zeros(20)
    expected[:12] += 100.0
    expected[3:15] += 50.0
    assert_allclose(dep[0], expected)


def test_depreciation_by_asset_class_in_the_scenario(make_scenario):
    r = simulate(make_scenario())
    t = np.arange(36)
    # IT over 5 years (60 months), facilities over 20 years (240 months), spending the same each month
    expected = IT_PER_MONTH * (t + 1) / 60 + FACILITY_PER_MONTH * (t + 1) / 240
    assert_allclose(r.monthly["depreciation_usd"][0], expected)


def test_capital_recovery_factor():
    monthly_rate = 0.01
    annual = (1 + monthly_rate) ** 12 - 1
    crf = money.capital_recovery_monthly(np.array([annual, 0.0]), np.array([12.0, 12.0]))
    assert_allclose(crf, [0.01 / (1 - 1.01**-12), 1 / 12])
    assert_allclose(crf[0], 0.0888487887, rtol=1e-9)


def test_electricity_cost_and_emissions_follow_energy(make_scenario):
    r = simulate(make_scenario({"power.load_factor": 0.5}))
    served = r.monthly["facility_power_served_mw"][0]
    energy = served * 0.5 * r.grid.hours / 1e6
    assert_allclose(r.monthly["energy_twh"][0], energy)
    assert_allclose(r.monthly["electricity_cost_usd"][0], energy * 1e6 * 100.0)  # $100/MWh
    assert_allclose(r.monthly["emissions_tco2"][0], energy * 1e6 * 400.0 / 1000.0)  # 400 kg/MWh


def test_other_opex_is_a_yearly_share_of_capex_spent_so_far(make_scenario):
    r = simulate(make_scenario({"operations.other_opex_share": 0.12}))
    t = np.arange(36)
    other = 1e9 * (t + 1) * 0.01
    assert_allclose(r.monthly["opex_usd"][0], r.monthly["electricity_cost_usd"][0] + other)


def test_tco_per_gpu_hour_without_discounting(make_scenario):
    r = simulate(make_scenario())
    hours = 31 * 24
    capital = 45_000 / 60 + FACILITY_COST_PER_GPU / 240
    energy = FACILITY_W / 1e6 * hours * 100.0
    assert_allclose(r.monthly["tco_per_gpu_hour_usd"][0][0], (capital + energy) / hours)
    assert_allclose(r.monthly["tco_per_gpu_hour_usd"][0][0], 1.2939, rtol=1e-4)


def test_tco_per_gpu_hour_with_discount_rate_and_opex(make_scenario):
    r = simulate(make_scenario({"operations.discount_rate": 0.08, "operations.other_opex_share": 0.06}))
    hours = 31 * 24
    crf = money.capital_recovery_monthly(np.array([0.08, 0.08]), np.array([60.0, 240.0]))
    capital = 45_000 * crf[0] + FACILITY_COST_PER_GPU * crf[1]
    running = FACILITY_W / 1e6 * hours * 100.0 + (45_000 + FACILITY_COST_PER_GPU) * 0.06 / 12
    assert_allclose(r.monthly["tco_per_gpu_hour_usd"][0][0], (capital + running) / hours)
    annual = r.calendar["tco_per_gpu_hour_usd"][0]
    assert_allclose(annual, r.calendar["_tco_cost_usd"][0] / r.calendar["_gpu_hours"][0])
