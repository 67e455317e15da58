"""Calendar and fiscal years, hours per month, and yearly aggregation (flows summed, stocks at year end)."""

import numpy as np
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine.calendar import make_grid


def test_microsoft_fy2025_runs_july_2024_to_june_2025():
    grid = make_grid(2024 * 12, 24, fiscal_year_start_month=7)
    labels = grid.labels()
    fy2025 = [labels[i] for i in np.nonzero(grid.fiscal_year == 2025)[0]]
    assert fy2025[0] == "2024-07" and fy2025[-1] == "2025-06" and len(fy2025) == 12
    assert grid.fiscal_year[labels.index("2024-06")] == 2024


def test_calendar_fiscal_year_is_the_calendar_year():
    grid = make_grid(2025 * 12, 12)
    assert (grid.fiscal_year == 2025).all()


def test_hours_per_month_follow_the_calendar():
    grid = make_grid(2024 * 12, 24)
    assert_allclose(grid.hours[:4], [744, 696, 744, 720])  # 2024 is a leap year
    assert_allclose(grid.hours[13], 672)
    assert_allclose(grid.hours[:12].sum(), 8784)
    assert_allclose(grid.hours[12:].sum(), 8760)


def test_flows_sum_and_stocks_read_at_year_end(make_scenario):
    r = simulate(make_scenario({"power.deployment_lag_months": 1}))
    monthly = r.monthly
    annual = r.calendar
    assert list(annual.years) == [2025, 2026, 2027]
    for name in ("capex_total_usd", "gpus_purchased", "energy_twh", "depreciation_usd"):
        assert_allclose(annual[name][0], monthly[name][0].reshape(3, 12).sum(axis=1), err_msg=name)
    for name in ("gpus_installed", "facility_power_mw", "land_acres", "h100e_installed"):
        assert_allclose(annual[name][0], monthly[name][0][[11, 23, 35]], err_msg=name)
    assert_allclose(annual["capex_per_gpu_usd"][0], annual["capex_ai_usd"][0] / annual["gpus_purchased"][0])
    assert_allclose(annual["gpus_per_mw"][0], annual["gpus_installed"][0] / annual["facility_power_mw"][0])


def test_fiscal_aggregation(make_scenario):
    s = make_scenario(
        {
            "timeline.start": "2024-01",
            "timeline.fiscal_year_start_month": 7,
            "capex.by_year": {"2024": 12e9, "2025": 24e9},
        }
    )
    r = simulate(s)
    fiscal = r.fiscal
    assert list(fiscal.years) == [2024, 2025, 2026, 2027]
    assert list(fiscal.complete) == [False, True, True, False]
    assert_allclose(fiscal["capex_total_usd"][0][1], 6e9 + 12e9)  # FY2025 = H2 2024 + H1 2025
    june_2025 = r.grid.labels().index("2025-06")
    assert_allclose(fiscal["gpus_installed"][0][1], r.monthly["gpus_installed"][0][june_2025])
