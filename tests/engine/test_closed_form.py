"""The domain's closed form a reader can check by hand: $65B / ($45k + 1.7 kW × $12k/kW) ≈ 1.0M GPUs."""

from numpy.testing import assert_allclose

from explorer import simulate


def test_65_billion_buys_about_one_million_h100(make_scenario):
    s = make_scenario({"timeline.years": 1, "capex.by_year": {"2025": 65e9}})
    r = simulate(s)
    bought = r.calendar["gpus_purchased"][0][0]
    facility_kw = 0.700 * 1.53 * 1.14 * 1.4  # 1.709 kW per GPU
    assert_allclose(bought, 65e9 / (45e3 + facility_kw * 12e3))
    assert_allclose(bought, 65e9 / (45e3 + 1.7 * 12e3), rtol=0.005)  # the rounded hand calculation
    assert round(bought / 1e6, 1) == 1.0
    # and the money splits into IT and facility exactly
    assert_allclose(r.calendar["capex_it_usd"][0][0], bought * 45e3)
    assert_allclose(r.calendar["capex_facility_usd"][0][0], bought * facility_kw * 12e3)
