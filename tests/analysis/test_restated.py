"""Claims that only play an input back are found from the engine: the claim moves with one input alone."""

from explorer import simulate
from explorer.analysis.restated import nudged_inputs, restated_inputs
from explorer.engine import check_claims


def claim(cid, metric, period, stated, measure="total", **kw):
    return {"id": cid, "metric": metric, "period": period, "stated": stated, "measure": measure, **kw}


def test_a_claim_equal_to_one_input_restates_it(make_scenario):
    scenario = make_scenario(
        claims=[
            claim("capex", "capex_total_usd", "2025", 12e9),  # the budget itself
            claim("bought", "gpus_purchased", "2025", 1.0),  # budget, share, mix and prices all move it
            claim("growth", "capex_total_usd", "2026", 1.5, measure="growth"),  # two years of budget
        ],
        capex={"by_year": {"2025": 12e9, "2026": 18e9}, "growth_after": 0.0, "ai_share": 1.0},
    )
    found = restated_inputs(scenario)
    assert found == {"capex": "capex.by_year.2025"}
    checks = check_claims(scenario.claims, simulate(scenario), scenario.claim_tolerance, found)
    assert checks[0].verdict_label == "restates input capex.by_year.2025"
    assert checks[1].verdict != "restates input" and checks[2].verdict == "consistent"
    assert checks[0].reason.startswith("the input played back; $12.0B ")


def test_a_site_claim_against_its_own_capacity_restates_it(make_scenario):
    site = {
        "name": "Campus",
        "capacity_mw": 1000.0,
        "construction_start": "2024-01",
        "construction_months": 6,
        "ramp_months": 6,
    }
    scenario = make_scenario(
        {"facilities.mode": "sites", "facilities.sites": [site]},
        claims=[
            claim("online", "facility_capacity_mw", "2025", 1000.0, measure="end", site="Campus"),
            claim("demand", "facility_power_mw", "2025", 1000.0, measure="end"),
        ],
    )
    found = restated_inputs(scenario)
    assert found == {"online": "facilities.sites.Campus.capacity_mw"}  # the fleet's demand is not an input


def test_a_purchase_counted_back_restates_it(make_scenario):
    scenario = make_scenario(
        {"mode": "plan", "purchases.purchases": [{"month": "2025-01", "generation": "h100", "units": 1000.0}]},
        claims=[
            claim("bought", "gpus_purchased", "2025", 1000.0),
            claim("power", "facility_power_mw", "2025", 1.0, measure="end"),
        ],
    )
    assert restated_inputs(scenario) == {"bought": "purchases.purchases.0.units"}


def test_every_input_the_engine_draws_is_nudged_within_its_bounds(make_scenario):
    scenario = make_scenario({"capex.ai_share": 1.0, "power.deployment_lag_months": 2})
    nudged = {path: (base, value) for path, base, value in nudged_inputs(scenario)}
    assert nudged["capex.ai_share"] == (1.0, 0.95)  # the upper bound is 1: nudged down
    assert nudged["power.deployment_lag_months"] == (2.0, 3.0)  # whole months move by one
    assert "accelerators.b200.tdp_w" not in nudged  # a generation the scenario never buys
    assert not any(path.startswith("claims") for path in nudged)
