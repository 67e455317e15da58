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
    r = simulate(
        make_scenario(
            {
                "timeline.start": "2024-01",
                "timeline.fiscal_year_start_month": 7,
                "capex.by_year": {"2024": 12e9, "2025": 24e9},
            }
        )
    )
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


# ---------------------------------------------------------------- directions, bounds and reasons
# `growing` spends $12B in 2025, $18B in 2026, $27B in 2027.


@pytest.mark.parametrize(
    "comparison, stated, verdict, diff",
    [
        ("about", 12.5e9, "consistent", -4.0),  # within ±10%
        ("about", 15e9, "inconsistent", -20.0),
        ("at_least", 11e9, "consistent", (12 - 11) / 11 * 100),  # above a floor: held, difference kept
        ("at_least", 12.5e9, "inconsistent", -4.0),  # a floor is not widened by the tolerance
        ("at_most", 12.5e9, "consistent", -4.0),
        ("at_most", 11e9, "inconsistent", (12 - 11) / 11 * 100),
        ("between", {"low": 12e9, "base": 13e9, "high": 14e9}, "consistent", 0.0),  # bounds included
        ("between", {"low": 12.5e9, "base": 13e9, "high": 14e9}, "inconsistent", -4.0),
    ],
)
def test_each_direction_judges_by_its_bounds(growing, comparison, stated, verdict, diff):
    check = check_claim(claim("capex_total_usd", "2025", stated, comparison=comparison), growing, 0.1)
    assert check.verdict == verdict
    assert_allclose(check.diff_pct, diff, atol=1e-9)


def test_a_range_is_measured_to_its_nearest_bound_never_its_midpoint(growing):
    below = check_claim(claim("capex_total_usd", "2025", {"low": 13e9, "base": 20e9, "high": 30e9}), growing, 0.1)
    assert_allclose(below.diff_pct, (12 - 13) / 13 * 100)  # to $13B, not to the $20B midpoint
    assert below.verdict == "consistent"  # −7.7% is within the tolerance: difference and verdict agree
    above = check_claim(claim("capex_total_usd", "2025", {"low": 8e9, "base": 9e9, "high": 10e9}), growing, 0.1)
    assert_allclose(above.diff_pct, 20.0)
    assert above.verdict == "inconsistent"


def test_every_verdict_gives_its_reason_in_words(growing):
    floor = check_claim(claim("gpus_installed", "2025", 1.3e6, measure="end", comparison="at_least"), growing, 0.1)
    model = floor.model
    shortfall = (1.3e6 - model) / 1.3e6 * 100
    assert floor.reason == f"{model / 1e3:.0f} k GPUs is {shortfall:.1f}% below 'at least 1.30 M GPUs'"
    inside = check_claim(
        claim("capex_total_usd", "2025", {"low": 10e9, "base": 12e9, "high": 14e9}, comparison="between"), growing, 0.1
    )
    assert inside.reason == "$12.0B is inside 'between $10.0–14.0B'"
    near = check_claim(claim("capex_total_usd", "2025", 12.5e9), growing, 0.1)
    assert near.reason == "$12.0B is 4.0% below 'about $12.5B', within the ±10% tolerance"
    assert check_claim(claim("capex_total_usd", "2031", 1e9), growing, 0.1).reason.startswith(
        "2031 (2031-01 to 2031-12) is not simulated; the run covers 2025-01 to 2027-12"
    )


# ---------------------------------------------------------------- periods


@pytest.fixture(scope="module")
def fiscal_from_january(make_scenario):
    """Fiscal years from July; the run starts in January 2024, half-way through FY2024."""
    return simulate(
        make_scenario(
            {
                "timeline.start": "2024-01",
                "timeline.fiscal_year_start_month": 7,
                "capex.by_year": {"2024": 12e9, "2025": 24e9},
            }
        )
    )


def test_a_fiscal_year_the_run_covers_in_part_is_not_judged(fiscal_from_january):
    check = check_claim(claim("capex_total_usd", "FY2024", 6e9), fiscal_from_january, 0.1)
    assert check.verdict == "partial period" and check.diff_pct is None
    assert_allclose(check.model, 6e9)  # the half year it has, shown but not judged
    assert "only partly simulated" in check.reason and "2023-07 to 2024-06" in check.reason
    # a stock read at the end of FY2024 (June 2024) is on the grid: judged
    stock = check_claim(claim("gpus_installed", "FY2024", 1.0, measure="end"), fiscal_from_january, 0.1)
    assert stock.verdict in ("consistent", "inconsistent")
    # growth of FY2025 against the partial FY2024 is partial too
    growth = check_claim(claim("capex_total_usd", "FY2025", 3.0, measure="growth"), fiscal_from_january, 0.1)
    assert growth.verdict == "partial period"
    assert check_claim(claim("capex_total_usd", "FY2025", 18e9), fiscal_from_january, 0.0).verdict == "consistent"


def test_a_calendar_year_past_the_end_of_the_run_is_partial(make_scenario):
    r = simulate(make_scenario({"timeline.start": "2025-07"}))  # runs to June 2028
    assert check_claim(claim("capex_total_usd", "2028", 1e9), r, 0.1).verdict == "partial period"
    assert check_claim(claim("capex_total_usd", "2025", 6e9), r, 0.1).verdict == "partial period"
    assert check_claim(claim("capex_total_usd", "2026", 12e9), r, 0.0).verdict == "consistent"


def test_a_span_sums_flows_and_reads_stocks_at_its_end(growing):
    span = check_claim(claim("capex_total_usd", "2025-2027", 57e9), growing, 0.0)
    assert_allclose(span.model, (12 + 18 + 27) * 1e9)
    assert span.verdict == "consistent"
    assert span.as_dict()["period_kind"] == "span"
    assert (span.as_dict()["period_start"], span.as_dict()["period_end"]) == ("2025-01", "2027-12")
    installed = growing.monthly["gpus_installed"][0]
    stock = check_claim(claim("gpus_installed", "2025-2026", 1.0, measure="end"), growing, 0.1)
    assert_allclose(stock.model, installed[23])
    added = check_claim(claim("gpus_installed", "2026-2027", 1.0, measure="added"), growing, 0.1)
    assert_allclose(added.model, installed[35] - installed[11])
    per_gpu = check_claim(claim("capex_per_gpu_usd", "2025-2027", 1.0), growing, 0.1)
    bought = growing.monthly["gpus_purchased"][0].sum()
    assert_allclose(per_gpu.model, 57e9 / bought)  # a ratio of the span's totals
    assert check_claim(claim("capex_total_usd", "2026-2028", 1e9), growing, 0.1).verdict == "partial period"


def test_by_a_year_reads_a_stock_at_its_end_and_sums_a_flow_from_the_start(growing):
    flow = check_claim(claim("capex_total_usd", "by 2026", 30e9, comparison="at_least"), growing, 0.0)
    assert_allclose(flow.model, 30e9)  # 2025 and 2026, from the scenario's start
    assert flow.verdict == "consistent" and flow.as_dict()["period_start"] == "2025-01"
    stock = check_claim(claim("gpus_installed", "by 2026", 1.0, measure="end"), growing, 0.1)
    assert_allclose(stock.model, growing.monthly["gpus_installed"][0][23])
    assert check_claim(claim("capex_total_usd", "by 2024", 1.0), growing, 0.1).verdict == "outside timeline"


def test_fiscal_spans_and_by_years(fiscal_from_january):
    r = fiscal_from_january
    capex = r.monthly["capex_total_usd"][0]
    span = check_claim(claim("capex_total_usd", "FY2025-FY2026", 1.0), r, 0.1)
    assert_allclose(span.model, capex[6:30].sum())  # July 2024 – June 2026
    by = check_claim(claim("capex_total_usd", "by FY2025", 1.0), r, 0.1)
    assert_allclose(by.model, capex[:18].sum())  # from January 2024 to June 2025
    assert by.verdict in ("consistent", "inconsistent")


@pytest.mark.parametrize(
    "period, problem",
    [
        ("2025-2024", "ends before it starts"),
        ("2025-FY2026", "mixes calendar and fiscal"),
        ("by 2025-2026", "one year"),
        ("25", "is not a period"),
    ],
)
def test_periods_that_cannot_be_read_are_refused_in_words(period, problem):
    with pytest.raises(ValueError, match=problem):
        claim("capex_total_usd", period, 1.0)


def test_growth_reads_one_year_against_the_one_before():
    with pytest.raises(ValueError, match="growth compares one year"):
        claim("capex_total_usd", "2025-2026", 1.5, measure="growth")


# ---------------------------------------------------------------- ratios that are not defined


@pytest.fixture(scope="module")
def nothing_in_2026(make_scenario):
    """$12B in 2025, nothing after: no GPUs bought and no facility power added in 2026 and 2027."""
    return simulate(make_scenario({"capex.by_year": {"2025": 12e9, "2026": 0.0}, "capex.growth_after": 0.0}))


@pytest.mark.parametrize(
    "metric, period, because",
    [
        (
            "capex_per_facility_mw_usd",
            "2027",
            "AI capex per MW of facility demand added is not defined in 2027: no facility power was added",
        ),
        (
            "capex_per_gpu_usd",
            "2026-2027",
            "AI capex per GPU bought is not defined over 2026-2027: no GPUs were bought",
        ),
    ],
)
def test_a_ratio_without_a_denominator_is_not_defined_never_inconsistent(nothing_in_2026, metric, period, because):
    check = check_claim(claim(metric, period, 10e9), nothing_in_2026, 0.1)
    assert check.verdict == "not defined"
    assert check.reason == because
    assert check.model is None and check.diff_pct is None
    assert check.as_dict()["verdict"] == "not defined" and check.as_dict()["model"] is None
    defined = check_claim(claim(metric, "2025", 10e9), nothing_in_2026, 0.1)  # the same ratio where it has a value
    assert defined.verdict in ("consistent", "inconsistent") and defined.model > 0


def test_growth_from_nothing_is_not_defined(nothing_in_2026):
    check = check_claim(claim("gpus_purchased", "2027", 2.0, measure="growth"), nothing_in_2026, 0.1)
    assert check.verdict == "not defined"
    assert check.reason.startswith("growth of GPUs bought is not defined in 2027")


def test_sampled_claims_are_judged_on_the_samples_where_the_ratio_is_defined(make_scenario):
    s = make_scenario({"capex.by_year": {"2025": 12e9, "2026": 1e9}, "capex.growth_after": 0.0})
    r = simulate(s, samples=5, overrides={"capex.by_year.2026": np.array([0.0, 1e9, 0.0, 2e9, 3e9])})
    values = r.calendar["capex_per_gpu_usd"][:, 1]
    assert np.isnan(values).sum() == 2
    check = check_claim(claim("capex_per_gpu_usd", "2026", 60e3), r, 0.1)
    assert check.verdict in ("consistent", "inconsistent")
    assert_allclose(check.model, np.nanmedian(values))
    assert check.reason.endswith("; not defined in 2 of 5 samples")
