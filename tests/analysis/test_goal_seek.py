"""Goal seek: the issue's three examples hit their targets; impossible targets say why."""

import pytest

from explorer import load, simulate
from explorer.analysis.goal_seek import RELATIVE_TOLERANCE, apply_value, solve
from explorer.analysis.metrics import metric_values
from explorer.model.paths import get_path, set_path
from explorer.model.ranges import Range

# Facility watts per H100 in the hand-made scenario: 700 W × 1.53 × 1.14 × PUE.
IT_W_PER_H100 = 700 * 1.53 * 1.14


def achieved(scenario, path, value, metric, year):
    return metric_values(simulate(set_path(scenario, path, value)), metric, year)[0]


def test_capex_that_reaches_1_3m_gpus_at_end_2025():
    meta = load("meta-2025-guidance")
    solution = solve(meta, "capex.by_year.2025", "gpus_installed", 2025, 1.3e6)
    assert solution.reachable, solution.reason
    assert solution.achieved == pytest.approx(1.3e6, rel=RELATIVE_TOLERANCE)
    assert achieved(meta, "capex.by_year.2025", solution.value, "gpus_installed", 2025) == pytest.approx(
        1.3e6, rel=RELATIVE_TOLERANCE
    )
    assert 0 <= solution.value <= 5e12


def test_pue_that_keeps_facility_demand_at_2_gw(make_scenario):
    # $80B of auto-built H100s in 2025 buy B / (45,000 + 16,800 × IT kW) GPUs whatever the design PUE (the
    # building is priced per MW of IT); their demand, GPUs × IT kW × PUE, is 2,000 MW at PUE = 2,000 MW / IT MW
    scenario = make_scenario({"capex.by_year": {"2025": 80e9}})
    solution = solve(scenario, "power.design_pue", "facility_power_mw", 2025, 2000.0)
    assert solution.reachable, solution.reason
    gpus = 80e9 / (45_000 + 16_800 * IT_W_PER_H100 / 1e3)
    assert solution.value == pytest.approx(2000.0 / (gpus * IT_W_PER_H100 / 1e6), rel=1e-3)
    assert achieved(scenario, "power.design_pue", solution.value, "facility_power_mw", 2025) == pytest.approx(
        2000.0, rel=RELATIVE_TOLERANCE
    )


def test_gpu_price_at_which_65b_buys_a_million_gpus(make_scenario):
    scenario = make_scenario({"capex.by_year": {"2025": 65e9}})
    solution = solve(scenario, "accelerators.h100.it_capex_per_gpu_usd", "gpus_purchased", 2025, 1e6)
    assert solution.reachable, solution.reason
    facility_cost = IT_W_PER_H100 * 1.4 / 1e6 * 12e6
    assert solution.value == pytest.approx(65_000 - facility_cost, rel=1e-3)
    assert solution.achieved == pytest.approx(1e6, rel=RELATIVE_TOLERANCE)


def test_impossible_target_names_bounds_and_achievable_range(make_scenario):
    scenario = make_scenario({"capex.by_year": {"2025": 80e9}})
    solution = solve(scenario, "power.design_pue", "facility_power_mw", 2025, 10_000.0)
    assert not solution.reachable
    assert solution.value is None
    _low, high = solution.achievable
    assert high < 10_000
    assert "1 … 3" in solution.reason and "PUE" in solution.reason and "GW" in solution.reason
    assert solution.bounds == (1, 3)


def test_input_the_output_does_not_depend_on():
    meta = load("meta-2025-guidance")
    solution = solve(meta, "accelerators.h100.unit_price_usd", "gpus_installed", 2025, 1.3e6)
    assert not solution.reachable
    assert "does not depend" in solution.reason


def test_whole_number_input_solved_by_separate_runs(make_scenario):
    # two sites of 500 MW; the second's construction months decide when capacity arrives
    site = {
        "capacity_mw": 500.0,
        "construction_months": 6,
        "ramp_months": 0,
        "cost_per_mw_it_usd": 1e6,
        "mw_per_acre": 1.0,
    }
    scenario = make_scenario(
        facilities={
            "mode": "sites",
            "sites": [
                {**site, "name": "A", "construction_start": "2025-01"},
                {**site, "name": "B", "construction_start": "2025-01"},
            ],
        }
    )
    target = metric_values(
        simulate(set_path(scenario, "facilities.sites.B.construction_months", 20)), "facility_capacity_mw", 2026
    )[0]
    solution = solve(scenario, "facilities.sites.B.construction_months", "facility_capacity_mw", 2026, target)
    assert solution.reachable
    assert solution.value == int(solution.value)
    assert achieved(
        scenario, "facilities.sites.B.construction_months", int(solution.value), "facility_capacity_mw", 2026
    ) == pytest.approx(target)


def test_applying_a_solution_moves_the_range_and_keeps_its_order():
    meta = load("meta-2025-guidance")
    moved = apply_value(meta, "capex.by_year.2025", 30e9)
    assert get_path(moved, "capex.by_year.2025") == Range(low=27.5e9, base=30e9, high=32.5e9, dist="uniform")
    clipped = apply_value(meta, "capex.by_year.2025", 1e9)
    assert get_path(clipped, "capex.by_year.2025").low == 0.0
    assert get_path(apply_value(meta, "power.design_pue", 2.99), "power.design_pue").high == 3.0
    second = meta.facilities.sites[1].name
    assert (
        get_path(
            apply_value(meta, "facilities.sites.1.construction_months", 30.4),
            f"facilities.sites.{second}.construction_months",
        )
        == 30
    )


def test_bad_requests_are_refused():
    meta = load("meta-2025-guidance")
    with pytest.raises(KeyError):
        solve(meta, "power.nonsense", "gpus_installed", 2025, 1.0)
    with pytest.raises(ValueError, match="not a numeric input"):
        solve(meta, "name", "gpus_installed", 2025, 1.0)
    with pytest.raises(ValueError, match="is not simulated"):
        solve(meta, "power.design_pue", "gpus_installed", 2051, 1.0)


def test_a_claim_is_solved_as_it_reads_the_model_fiscal_span_and_by():
    from explorer.analysis import solve_claim
    from explorer.analysis.goal_seek import claim_levers
    from explorer.engine.claims import claim_values
    from explorer.io.presets import load_preset

    for preset, claim_id in (("microsoft-fy2025", "msft-capex-fy2025"), ("stargate", "stargate-500b")):
        scenario = load_preset(preset)
        claim = next(c for c in scenario.claims if c.id == claim_id)
        lever = claim_levers(scenario, claim)[0]
        now = claim_values(claim, simulate(scenario))[0]
        solution = solve_claim(scenario, lever, claim, now * 1.2)
        assert solution.reachable
        moved = apply_value(scenario, lever, solution.value)
        assert claim_values(claim, simulate(moved))[0] == pytest.approx(now * 1.2, rel=1e-3)
