"""Power and money as operators and analysts run them: two PUEs, all-in power per generation, who gets
power when short, running costs that follow assets, TCO at historical cost, leases, carbon per site,
ratios that are not defined rather than wrong."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.io.exports import annual_csv, compute_json

PLAN = {"mode": "plan"}


def bought(*items):
    return {"purchases": [{"month": m, "generation": g, "units": u} for m, g, u in items]}


def fleet(make_scenario, cohorts, energized_mw, **changes):
    return make_scenario(
        changes,
        mode="plan",
        facilities={"mode": "sites"},
        starting_point={"fleet": [{"generation": g, "count": c} for g, c in cohorts], "energized_mw": energized_mw},
    )


def test_design_pue_sizes_capacity_and_annual_pue_drives_energy(make_scenario):
    s = fleet(
        make_scenario,
        [("h100", 1000)],
        1e6,
        **{"power.design_pue": 1.5, "power.annual_pue": 1.1, "power.load_factor": 1.0},
    )
    r = simulate(s)
    it = 1000 * 700 * 1.53 * 1.14 / 1e6
    assert_allclose(r.monthly["facility_power_mw"][0], it * 1.5)
    assert_allclose(r.monthly["energy_twh"][0], it * 1.1 * r.grid.hours / 1e6)


def test_catalog_all_in_it_power_replaces_the_multipliers(make_scenario):
    s = fleet(
        make_scenario,
        [("h100", 1000), ("a100", 1000)],
        1e6,
        **{"accelerators.0.it_power_w": 1370.0, "power.design_pue": 1.0},
    )
    r = simulate(s)
    assert_allclose(r.monthly["it_power_mw"][0], 1000 * 1370 / 1e6 + 1000 * 400 * 1.53 * 1.14 / 1e6)
    assert_allclose(r.monthly["chip_power_mw"][0], (700 + 400) * 1000 / 1e6)  # chip layer stays TDP


@pytest.mark.parametrize("policy, powered", [("installed_first", [1000.0, 250.0]), ("newest_first", [0.0, 1000.0])])
def test_who_gets_power_when_capacity_is_short(make_scenario, policy, powered):
    a100_mw, h100_mw = (1000 * w * 1.53 * 1.14 * 1.4 / 1e6 for w in (400, 700))
    s = fleet(make_scenario, [("h100", 1000), ("a100", 1000)], a100_mw + h100_mw / 4, **{"power.allocation": policy})
    r = simulate(s)
    if policy == "newest_first":  # the H100s take all there is (less than they need); the A100s are off
        powered = [0.0, (a100_mw + h100_mw / 4) / h100_mw * 1000]
    assert_allclose(r.by_generation["gpus_powered"][0, 0], powered)
    assert_allclose(r.monthly["gpus_installed"][0], 2000.0)


def test_a_purchase_before_its_generation_ships_is_moved_to_its_first_month(make_scenario):
    r = simulate(make_scenario(mode="plan", purchases=bought(("2025-02", "b200", 100))))
    assert r.by_generation["gpus_purchased"][0, :, 0].nonzero()[0].tolist() == [6]  # 2025-07
    warning = next(w for w in r.warnings if w.code == "generation_unavailable")
    assert "moved to 2025-07" in warning.message


def test_other_opex_follows_gpus_in_service_and_stops_when_they_retire(make_scenario):
    s = make_scenario(
        {
            "operations.other_opex_share": 0.12,
            "facilities.cost_per_mw_it_usd": 0.0,
            "accelerators.0.useful_life_years": 1.0,
            "operations.electricity_price_usd_per_mwh": 0.0,
        },
        **PLAN,
        purchases=bought(("2025-01", "h100", 1000)),
    )
    opex = simulate(s).monthly["opex_usd"][0]
    assert_allclose(opex[:12], 0.01 * 1000 * 45_000)
    assert_allclose(opex[12:], 0.0)


def test_tco_values_gpus_at_what_was_paid_not_todays_price(make_scenario):
    s = make_scenario(
        {"accelerators.0.price_decline_per_year": 0.5, "operations.electricity_price_usd_per_mwh": 0.0},
        **PLAN,
        purchases=bought(("2025-01", "h100", 1000)),
    )
    r = simulate(s)
    per_month = r.monthly["tco_per_gpu_hour_usd"][0] * r.grid.hours  # capital charge per GPU-month
    assert_allclose(per_month[:24], per_month[0])  # the fleet's cost does not fall with the catalog price


def test_a_leased_site_costs_rent_not_capex(make_scenario):
    site = {
        "name": "Leased",
        "capacity_mw": 140.0,
        "construction_start": "2025-01",
        "construction_months": 0,
        "ramp_months": 0,
        "cost_per_mw_it_usd": 10e6,
        "lease_usd_per_mw_it_year": 1.2e6,
        "mw_per_acre": 1.0,
    }
    r = simulate(make_scenario({"operations.other_opex_share": 0.0}, facilities={"mode": "sites", "sites": [site]}))
    assert_allclose(r.monthly["capex_facility_usd"][0], 0.0)
    assert_allclose(r.monthly["capex_it_usd"][0], 1e9)  # the whole AI budget buys IT
    assert_allclose(r.monthly["lease_cost_usd"][0], 140 / 1.4 * 1.2e6 / 12)  # 100 MW of IT
    assert_allclose(r.monthly["opex_usd"][0], r.monthly["electricity_cost_usd"][0] + 1e7)


def test_grid_carbon_intensity_per_site_weights_emissions_by_capacity(make_scenario):
    sites = [
        {
            "name": n,
            "capacity_mw": 500.0,
            "construction_start": "2024-01",
            "construction_months": 0,
            "ramp_months": 0,
            "mw_per_acre": 1.0,
            "carbon_intensity_kg_per_mwh": c,
        }
        for n, c in (("Hydro", 20.0), ("Coal", 800.0))
    ]
    s = fleet(make_scenario, [("h100", 100_000)], 0.0, facilities={"mode": "sites", "sites": sites})
    r = simulate(
        make_scenario(
            {"power.load_factor": 1.0},
            mode="plan",
            facilities={"mode": "sites", "sites": sites},
            starting_point=s.starting_point.model_dump(),
        )
    )
    assert_allclose(r.monthly["emissions_tco2"][0], r.monthly["energy_twh"][0] * 1e6 * (20 + 800) / 2 / 1e3)


def test_a_ratio_with_no_meaningful_denominator_is_not_defined_everywhere(make_scenario, tmp_path):
    r = simulate(make_scenario({"capex.by_year.2025": 0.0}))
    assert np.isnan(r.monthly["capex_per_gpu_usd"][0]).all()  # nothing bought: no $ per GPU
    assert np.isnan(r.calendar["capex_per_facility_mw_usd"][0]).all()
    rows = annual_csv(r).splitlines()
    header, first = rows[0].split(","), rows[1].split(",")
    assert first[header.index("capex_per_gpu_usd [USD/GPU]")] == ""  # CSV: an empty cell
    assert compute_json(make_scenario(), r)["annual"]["capex_per_gpu_usd"][0] is None  # JSON: null


def test_retirements_larger_than_additions_give_no_negative_capex_per_mw(make_scenario):
    # the A100s retire while a few H100s arrive: demand falls, so capex per MW added is not defined
    s = make_scenario(
        {"capex.by_year.2025": 1e6, "accelerators.1.useful_life_years": 0.5},
        starting_point={"fleet": [{"generation": "a100", "count": 100_000}], "energized_mw": 1e4},
    )
    per_mw = simulate(s).monthly["capex_per_facility_mw_usd"][0]
    defined = per_mw[~np.isnan(per_mw)]
    assert np.isnan(per_mw[6]) and (defined >= 0).all() and math.isfinite(defined.max())
