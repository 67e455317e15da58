"""Budget stage: yearly plans become monthly spend; sites commit their facility cost on an S-curve."""

import numpy as np
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import budget
from explorer.engine.schedule import s_curve


def test_years_after_the_last_given_grow_and_gaps_hold_the_earlier_value():
    years = np.arange(2023, 2029)
    by_year = {2024: np.array([10.0]), 2026: np.array([30.0])}
    out = budget.annual_capex(by_year, np.array([0.1]), years)
    # 2023 takes the first given year, 2025 the latest earlier one, 2027+ grows 10% a year from 2026
    assert_allclose(out[0], [10.0, 10.0, 10.0, 30.0, 33.0, 36.3])


def test_annual_plan_spreads_flat_over_months(make_scenario):
    r = simulate(make_scenario())
    assert_allclose(r.monthly["capex_total_usd"][0], np.full(36, 1e9))
    assert_allclose(r.calendar["capex_total_usd"][0], [12e9, 12e9, 12e9])


def test_intra_year_profile_weights_the_months(make_scenario):
    profile = [2.0] + [1.0] * 10 + [3.0]  # January double, December triple: 15 parts
    r = simulate(make_scenario({"capex.monthly_profile": profile}))
    monthly = r.monthly["capex_total_usd"][0]
    assert_allclose(monthly[:12], 12e9 * np.array(profile) / 15.0)
    assert_allclose(r.calendar["capex_total_usd"][0], [12e9] * 3)


def test_growth_after_last_given_year(make_scenario):
    r = simulate(make_scenario({"capex.growth_after": 0.5}))
    assert_allclose(r.calendar["capex_total_usd"][0], [12e9, 18e9, 27e9])


def test_ai_share_scales_the_budget_spent_on_ai(make_scenario):
    r = simulate(make_scenario({"capex.ai_share": 0.25}))
    assert_allclose(r.calendar["capex_ai_usd"][0], [3e9] * 3)
    assert_allclose(r.calendar["capex_total_usd"][0], [12e9] * 3)


def test_a_year_partly_inside_the_timeline_spends_only_its_months(make_scenario):
    r = simulate(make_scenario({"timeline.start": "2025-07"}))
    assert_allclose(r.calendar["capex_total_usd"][0][0], 6e9)
    assert list(r.calendar.complete) == [False, True, True, False]


def test_years_before_the_first_given_year_take_it_and_say_so(make_scenario):
    r = simulate(make_scenario({"timeline.start": "2024-01"}))
    assert_allclose(r.calendar["capex_total_usd"][0][0], 12e9)
    assert [w.code for w in r.warnings] == ["capex_assumed"]
    assert r.warnings[0].years == (2024,)


def test_s_curve_sums_to_one_and_peaks_mid_build():
    w = s_curve(10)
    assert_allclose(w.sum(), 1.0)
    assert w[4] > w[0] and w[5] > w[9]
    assert_allclose(w, w[::-1])  # symmetric S-curve
    assert_allclose(s_curve(1), [1.0])  # a one-month build spends all at once


SITE = {
    "name": "Campus",
    "capacity_mw": 100.0,
    "construction_start": "2025-03",
    "construction_months": 12,
    "ramp_months": 6,
    "cost_per_mw_it_usd": 10e6,
    "mw_per_acre": 2.0,
}


def test_site_spend_sums_to_site_cost_and_the_rest_buys_it(make_scenario):
    r = simulate(make_scenario(facilities={"mode": "sites", "sites": [SITE]}))
    facility = r.monthly["capex_facility_usd"][0]
    assert_allclose(facility.sum(), 100 / 1.4 * 10e6)  # MW of IT (capacity ÷ design PUE) × cost per MW of IT
    assert_allclose(facility[:2], 0.0)  # nothing before construction starts (2025-03)
    assert_allclose(facility[19:], 0.0)  # the last MW energizes in 2025-08 + 5 months and is paid by then
    # IT gets the AI budget minus what the site took
    assert_allclose(r.monthly["capex_it_usd"][0], 1e9 - facility)


def test_facility_over_budget_is_a_warning_and_it_gets_nothing(make_scenario):
    site = dict(SITE, capacity_mw=5000.0, construction_months=2)
    r = simulate(make_scenario(facilities={"mode": "sites", "sites": [site]}))
    it = r.monthly["capex_it_usd"][0]
    assert (it >= 0).all()
    assert_allclose(it[2:4], 0.0)
    assert "facility_over_budget" in [w.code for w in r.warnings]
