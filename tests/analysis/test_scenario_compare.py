"""Comparison: inputs that differ, outputs on shared years, and a waterfall that adds up."""

import math

import pytest

from explorer import simulate
from explorer.analysis.compare import diff_inputs, outputs_table, waterfall
from explorer.analysis.metrics import metric_values
from explorer.model.paths import set_path
from explorer.model.ranges import Range


@pytest.fixture(scope="module")
def pair(make_scenario):
    a = make_scenario()
    b = make_scenario(
        {
            "name": "Bigger, hotter",
            "capex.by_year": {"2025": 20e9},
            "power.design_pue": 1.2,
            "power.deployment_lag_months": 6,
            "operations.electricity_price_usd_per_mwh": 60.0,
            "capex.ai_share": {"low": 0.8, "base": 0.9, "high": 1.0},
        }
    )
    return a, b


def test_diff_lists_every_differing_input_by_path(pair):
    a, b = pair
    diffs = {d.path: (d.a_value, d.b_value) for d in diff_inputs(a, b)}
    assert diffs == {
        "capex.by_year.2025": (12e9, 20e9),
        "capex.ai_share": (1.0, Range(low=0.8, base=0.9, high=1.0)),
        "power.design_pue": (1.4, 1.2),
        "power.deployment_lag_months": (0.0, 6.0),
        "operations.electricity_price_usd_per_mwh": (100.0, 60.0),
    }
    assert diff_inputs(a, a) == []


def test_a_site_on_one_side_only_is_one_difference(make_scenario):
    site = {"name": "North", "capacity_mw": 300.0, "construction_start": "2025-01", "cost_per_mw_it_usd": 9e6}
    a = make_scenario(facilities={"mode": "sites", "sites": []})
    b = make_scenario(facilities={"mode": "sites", "sites": [site]})
    (diff,) = diff_inputs(a, b)
    assert diff.path == "facilities.sites.North"
    assert diff.a_value is None and diff.b_value["capacity_mw"] == 300.0
    assert diff.group == "facilities"


def test_outputs_side_by_side(pair):
    a, b = pair
    rows = outputs_table(a, b, ["gpus_installed", "energy_twh"], [2025, 2026])
    assert [(r.metric, r.year) for r in rows] == [
        ("gpus_installed", 2025),
        ("gpus_installed", 2026),
        ("energy_twh", 2025),
        ("energy_twh", 2026),
    ]
    first = rows[0]
    assert first.a == pytest.approx(metric_values(simulate(a), "gpus_installed", 2025)[0])
    assert first.b == pytest.approx(metric_values(simulate(b), "gpus_installed", 2025)[0])
    assert first.diff == pytest.approx(first.b - first.a)


def test_different_timelines_compare_on_shared_years(make_scenario):
    a = make_scenario()  # 2025–2027
    b = make_scenario({"timeline.start": "2026-01", "timeline.years": 4, "capex.by_year": {"2026": 12e9}})
    assert sorted({r.year for r in outputs_table(a, b, ["gpus_installed"])}) == [2026, 2027]
    with pytest.raises(ValueError, match="share no year"):
        outputs_table(a, b, ["gpus_installed"], [2025])
    fall = waterfall(a, b, "gpus_installed", 2027)
    assert fall.start + math.fsum(d for _, d in fall.steps) + fall.interaction == pytest.approx(fall.end, rel=1e-12)


@pytest.mark.parametrize(
    "metric, year", [("facility_power_mw", 2026), ("electricity_cost_usd", 2027), ("gpus_installed", 2025)]
)
@pytest.mark.parametrize("method", ["one_at_a_time", "sequential"])
def test_waterfall_adds_up_exactly(pair, metric, year, method):
    a, b = pair
    fall = waterfall(a, b, metric, year, method=method)
    assert fall.start == pytest.approx(metric_values(simulate(a), metric, year)[0])
    assert fall.end == pytest.approx(metric_values(simulate(b), metric, year)[0])
    assert fall.end != fall.start
    total = fall.start + math.fsum(delta for _, delta in fall.steps) + fall.interaction
    assert total == pytest.approx(fall.end, rel=1e-12, abs=1e-9)
    assert [g for g, _ in fall.steps] == ["capex plan", "power chain", "operations"]


def test_one_at_a_time_steps_are_each_group_alone_and_leave_an_interaction(pair):
    a, b = pair
    fall = waterfall(a, b, "facility_power_mw", 2026)
    steps = dict(fall.steps)
    only_power = set_path(set_path(a, "power.design_pue", 1.2), "power.deployment_lag_months", 6)
    start = metric_values(simulate(a), "facility_power_mw", 2026)[0]
    assert steps["power chain"] == pytest.approx(
        metric_values(simulate(only_power), "facility_power_mw", 2026)[0] - start
    )
    assert steps["operations"] == pytest.approx(0.0, abs=1e-9)  # price does not change demand
    assert abs(fall.interaction) > 1.0  # more GPUs × lower PUE: a cross term


def test_sequential_steps_depend_on_the_order(pair):
    a, b = pair
    forward = dict(waterfall(a, b, "facility_power_mw", 2026, method="sequential").steps)
    order = ["power chain", "capex plan", "operations", "timeline"]
    backward = dict(waterfall(a, b, "facility_power_mw", 2026, order=order, method="sequential").steps)
    assert forward["capex plan"] != pytest.approx(backward["capex plan"])
    assert sum(forward.values()) == pytest.approx(sum(backward.values()))


def test_a_group_that_cannot_be_swapped_alone_goes_with_the_next(make_scenario):
    a = make_scenario({"accelerators": make_scenario().model_dump(mode="json")["accelerators"][:1]})
    b = make_scenario({"mix.shares_by_year": {"2025": {"b200": 1.0}}, "capex.by_year": {"2025": 15e9}})
    fall = waterfall(a, b, "gpus_purchased", 2026)
    assert [g for g, _ in fall.steps] == ["capex plan", "procurement mix + accelerators"]
    assert fall.start + math.fsum(d for _, d in fall.steps) + fall.interaction == pytest.approx(fall.end, rel=1e-12)


def test_order_must_name_known_groups_and_cover_the_differences(pair):
    a, b = pair
    with pytest.raises(ValueError, match="unknown group"):
        waterfall(a, b, "gpus_installed", 2025, order=["money"])
    with pytest.raises(ValueError, match="leaves out"):
        waterfall(a, b, "gpus_installed", 2025, order=["capex plan"])


def test_a_year_given_on_one_side_only_shows_its_value(make_scenario):
    a = make_scenario()
    b = make_scenario({"capex.by_year": {"2025": 12e9, "2026": {"low": 10e9, "base": 14e9, "high": 15e9}}})
    (diff,) = diff_inputs(a, b)
    assert diff.path == "capex.by_year.2026"
    assert diff.a_value is None
    assert diff.b_value == Range(low=10e9, base=14e9, high=15e9)
