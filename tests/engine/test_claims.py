"""Claims beside the model: measures, periods, tolerance and verdicts."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import check_claim, check_claims
from explorer.model import Claim


def claim(metric, period, stated, measure="total", **kw):
    return Claim(id="c", metric=metric, period=period, stated=stated, measure=measure, **kw)


@pytest.fixture(scope="module")
def growing(make_scenario):
    """$12B in 2025 growing 50% a year; no lag, so installed GPUs follow purchases."""
    return simulate(make_scenario({"capex.growth_after": 0.5}))


def test_total_of_a_flow(growing):
    check = check_claim(claim("capex_total_usd", "2026", 18e9), growing, 0.1)
    assert_allclose(check.model, 18e9)
    assert_allclose(check.diff_pct, 0.0, atol=1e-9)
    assert check.verdict == "consistent"


def test_end_of_a_stock(growing):
    end_2025 = growing.monthly["gpus_installed"][0][11]
    check = check_claim(claim("gpus_installed", "2025", 1.0, measure="end"), growing, 0.1)
    assert_allclose(check.model, end_2025)


def test_added_to_a_stock(growing):
    installed = growing.monthly["gpus_installed"][0]
    check = check_claim(claim("gpus_installed", "2026", 1.0, measure="added"), growing, 0.1)
    assert_allclose(check.model, installed[23] - installed[11])
    first = check_claim(claim("gpus_installed", "2025", 1.0, measure="added"), growing, 0.1)
    assert_allclose(first.model, installed[11])  # nothing was installed before the start


def test_growth_ratio_to_the_previous_year(growing):
    check = check_claim(claim("capex_total_usd", "2027", 1.5, measure="growth"), growing, 0.0)
    assert_allclose(check.model, 1.5)
    assert check.verdict == "consistent"
    no_previous = check_claim(claim("capex_total_usd", "2025", 1.5, measure="growth"), growing, 0.0)
    assert no_previous.model is None and no_previous.verdict == "outside timeline"


def test_peak_month_of_a_stock(growing):
    check = check_claim(claim("facility_power_mw", "2026", 1.0, measure="peak"), growing, 0.1)
    assert_allclose(check.model, growing.monthly["facility_power_mw"][0][12:24].max())


def test_tolerance_widens_the_stated_value(growing):
    # model 12e9 against a stated 15e9: 20% below
    tight = check_claim(claim("capex_total_usd", "2025", 15e9), growing, 0.1)
    loose = check_claim(claim("capex_total_usd", "2025", 15e9), growing, 0.25)
    assert tight.verdict == "inconsistent" and loose.verdict == "consistent"
    assert_allclose(tight.diff_pct, -20.0)


def test_a_stated_range_is_consistent_anywhere_inside_it(growing):
    stated = {"low": 11e9, "base": 14e9, "high": 16e9}
    check = check_claim(claim("capex_total_usd", "2025", stated), growing, 0.0)
    assert check.verdict == "consistent"
    assert check.stated == (11e9, 14e9, 16e9)
    assert check.diff_pct == 0.0  # inside the range: no difference, whatever the midpoint
    above = check_claim(claim("capex_total_usd", "2025", {"low": 13e9, "base": 14e9, "high": 16e9}), growing, 0.0)
    assert above.verdict == "inconsistent"


def test_fiscal_period(make_scenario):
    r = simulate(make_scenario({"timeline.start": "2024-01", "timeline.fiscal_year_start_month": 7,
                                "capex.by_year": {"2024": 12e9, "2025": 24e9}}))
    check = check_claim(claim("capex_total_usd", "FY2025", 18e9), r, 0.0)
    assert_allclose(check.model, 18e9)
    assert check.verdict == "consistent"


def test_period_outside_the_timeline(growing):
    check = check_claim(claim("capex_total_usd", "2031", 1e9), growing, 0.1)
    assert check.verdict == "outside timeline"
    assert check.model is None and check.diff_pct is None
    assert check.as_dict()["verdict"] == "outside timeline"


def test_sampled_run_reports_median_and_p10_p90(make_scenario):
    s = make_scenario({"capex.by_year": {"2025": {"low": 10e9, "base": 12e9, "high": 14e9, "dist": "uniform"}}})
    r = simulate(s, samples=2000, seed=3)
    values = r.calendar["capex_total_usd"][:, 0]
    check = check_claim(claim("capex_total_usd", "2025", 12e9), r, 0.0)
    assert_allclose(check.model, np.median(values))
    assert_allclose([check.model_low, check.model_high], np.percentile(values, [10, 90]))
    assert check.model_low < 11e9 < check.model_high < 14e9
    assert check.verdict == "consistent"


def test_check_claims_keeps_order(growing):
    claims = [claim("capex_total_usd", "2025", 12e9), claim("gpus_installed", "2031", 1.0, measure="end")]
    assert [c.verdict for c in check_claims(claims, growing, 0.1)] == ["consistent", "outside timeline"]
