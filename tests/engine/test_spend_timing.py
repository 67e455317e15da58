"""When money is spent and when assets count: sites paid phase by phase, depreciation from entry into
service, quarterly capex that reproduces reported fiscal years, budgets that are never exceeded."""

import numpy as np
import pytest
from hypothesis import given
from numpy.testing import assert_allclose
from test_invariants import SETTINGS, scenarios

from explorer import simulate

CAMPUS = {
    "name": "Campus",
    "capacity_mw": 120.0,
    "construction_start": "2025-01",
    "construction_months": 2,
    "ramp_months": 3,
    "cost_per_mw_it_usd": 1e6,
    "mw_per_acre": 1.0,
}


def test_each_mw_is_paid_over_the_construction_months_before_it_energizes(make_scenario):
    # 40 MW energize in each of 2025-03, -04 and -05; each 40 MW is paid half and half in the two months before
    r = simulate(make_scenario({"power.design_pue": 1.0}, facilities={"mode": "sites", "sites": [CAMPUS]}))
    assert_allclose(r.monthly["facility_capacity_mw"][0, :6], [0, 0, 40, 80, 120, 120])
    assert_allclose(r.monthly["capex_facility_usd"][0, :6] / 1e6, [20, 40, 40, 20, 0, 0])


def test_a_two_gw_campus_ramping_over_four_years_is_not_paid_in_its_first_year(make_scenario):
    campus = dict(CAMPUS, capacity_mw=2000.0, construction_months=12, ramp_months=48)
    r = simulate(
        make_scenario(
            {"power.design_pue": 1.0, "timeline.years": 6, "capex.by_year.2025": 1e12},
            facilities={"mode": "sites", "sites": [campus]},
        )
    )
    paid = r.calendar["capex_facility_usd"][0] / 1e6
    assert paid.sum() == pytest.approx(2000.0)
    assert paid[0] < 0.15 * 2000  # first year: only the first phases
    assert paid[1:4] == pytest.approx([500.0] * 3)  # then a quarter a year while it ramps


def test_gpu_depreciation_starts_when_it_is_installed(make_scenario):
    s = make_scenario(
        {"power.deployment_lag_months": 3, "operations.it_life_years": 1.0, "facilities.cost_per_mw_it_usd": 0.0},
        mode="plan",
        purchases={"purchases": [{"month": "2025-01", "generation": "h100", "units": 1000}]},
    )
    dep = simulate(s).monthly["depreciation_usd"][0]
    assert_allclose(dep[:3], 0.0)  # bought in January, installed in April
    assert_allclose(dep[3:15], 1000 * 45_000 / 12)
    assert_allclose(dep[15:], 0.0)


def test_facility_depreciation_starts_when_each_mw_is_energized(make_scenario):
    s = make_scenario(
        {"power.design_pue": 1.0, "operations.facility_life_years": 1.0, "capex.by_year.2025": 0.0},
        facilities={"mode": "sites", "sites": [CAMPUS]},
    )
    dep = simulate(s).monthly["depreciation_usd"][0] / 1e6
    # 40 MW × $1M enter service in each of months 2, 3, 4; each is written off over 12 months
    assert_allclose(dep[:6], [0, 0, 40 / 12, 80 / 12, 120 / 12, 120 / 12])


def test_opening_depreciation_runs_off_over_the_it_life(make_scenario):
    s = make_scenario(
        {
            "operations.opening_depreciation_usd_per_year": 12e6,
            "operations.it_life_years": 1.0,
            "capex.by_year.2025": 0.0,
        }
    )
    dep = simulate(s).monthly["depreciation_usd"][0]
    assert_allclose(dep[:13], 1e6 * np.maximum(1 - np.arange(13) / 12, 0))


MICROSOFT_QUARTERS = {
    "2024-Q1": 14.0e9,
    "2024-Q2": 19.0e9,
    "2024-Q3": 20.0e9,
    "2024-Q4": 22.6e9,
    "2025-Q1": 21.4e9,
    "2025-Q2": 24.2e9,
    "2025-Q3": 34.9e9,
    "2025-Q4": 37.5e9,
}


def test_quarterly_capex_reproduces_microsofts_reported_fiscal_year_exactly(make_scenario):
    """reference-data §C2: FY2025 (July 2024 – June 2025) = $20.0B + $22.6B + $21.4B + $24.2B = $88.2B."""
    s = make_scenario(
        {"timeline.start": "2024-01", "timeline.fiscal_year_start_month": 7},
        capex={
            "by_year": {},
            "ai_share": 1.0,
            "monthly_profile": [1, 2, 3] * 4,
            "quarters": [{"quarter": q, "capex_usd": v} for q, v in MICROSOFT_QUARTERS.items()],
        },
    )
    r = simulate(s)
    fiscal = r.fiscal
    assert fiscal["capex_total_usd"][0, fiscal.column(2025)] == pytest.approx(88.2e9, rel=1e-12)
    assert r.calendar["capex_total_usd"][0, :2] == pytest.approx([75.6e9, 118.0e9], rel=1e-12)
    # within a quarter, months follow the intra-year profile (1 : 2 : 3)
    assert_allclose(r.monthly["capex_total_usd"][0, 6:9], 20.0e9 * np.array([1, 2, 3]) / 6)
    # years after the given quarters grow from the year the quarters make up
    assert r.calendar["capex_total_usd"][0, 2] == pytest.approx(118.0e9)


def test_a_quarter_replaces_its_share_of_the_yearly_value(make_scenario):
    s = make_scenario(
        capex={"by_year": {"2025": 12e9}, "ai_share": 1.0, "quarters": [{"quarter": "2025-Q2", "capex_usd": 9e9}]}
    )
    monthly = simulate(s).monthly["capex_total_usd"][0, :12] / 1e9
    assert_allclose(monthly, [1, 1, 1, 3, 3, 3, 1, 1, 1, 1, 1, 1])


def test_zero_capex_buys_nothing_even_with_sites_being_built(make_scenario):
    site = dict(CAMPUS, capacity_mw=1000.0)
    r = simulate(make_scenario({"capex.by_year.2025": 0.0}, facilities={"mode": "sites", "sites": [site]}))
    assert_allclose(r.monthly["capex_ai_usd"][0], 0.0)
    assert r.calendar["capex_overrun_usd"][0].sum() == pytest.approx(1000 / 1.4 * 1e6)
    assert "facility_over_budget" in [w.code for w in r.warnings]
    assert "beyond the AI budget" in next(w.message for w in r.warnings if w.code == "facility_over_budget")


@SETTINGS
@given(sections=scenarios())
def test_ai_capex_never_exceeds_total_capex_in_any_month_or_sample(make_scenario, sections):
    sections["capex"]["ai_share"] = {"low": 0.0, "base": sections["capex"]["ai_share"], "high": 1.0}
    r = simulate(make_scenario(**sections), samples=8, seed=5)
    m = r.monthly
    assert (m["capex_ai_usd"] <= m["capex_total_usd"] * (1 + 1e-9) + 1e-3).all()
    assert_allclose(m["capex_it_usd"] + m["capex_facility_usd"], m["capex_ai_usd"], rtol=1e-12)
    assert (m["capex_overrun_usd"] >= 0).all()


def test_plan_mode_total_capex_is_continuous_as_the_ai_share_goes_to_zero(make_scenario):
    purchases = {"purchases": [{"month": "2025-02", "generation": "h100", "units": 1000}]}
    totals = [
        simulate(make_scenario({"capex.ai_share": share}, mode="plan", purchases=purchases)).calendar[
            "capex_total_usd"
        ][0, 0]
        for share in (0.0, 0.01, 0.05)
    ]
    assert totals[0] == totals[1] == pytest.approx(totals[2])  # read as 5%: no jump between 0 and 0.01
    assert "ai_share_floor" in [
        w.code for w in simulate(make_scenario({"capex.ai_share": 0.0}, mode="plan", purchases=purchases)).warnings
    ]
