"""Power stage: chip → server → IT → facility, energization ramps, oldest-first powering, stranded GPUs."""

import numpy as np
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import power


def fleet_scenario(make_scenario, fleet, energized_mw=1e6, **sections):
    return make_scenario(mode="plan", starting_point={"fleet": fleet, "energized_mw": energized_mw}, **sections)


def test_one_million_h100_need_1_709_gw_of_facility_power(make_scenario):
    r = simulate(fleet_scenario(make_scenario, [{"generation": "h100", "count": 1_000_000}]))
    assert_allclose(r.monthly["chip_power_mw"][0], 700.0)
    assert_allclose(r.monthly["it_power_mw"][0], 700 * 1.53 * 1.14)  # 1,220.94 MW
    assert_allclose(r.monthly["facility_power_mw"][0], 1709.316)
    assert_allclose(r.calendar["facility_power_mw"][0] / 1e3, 1.709, rtol=1e-3)


def test_power_chain_functions_multiply_through_in_any_unit():
    chip_mw = np.array([[0.7, 1.0]])  # MW in, MW out: the chain is unit-agnostic
    it = power.it_power(power.server_power(chip_mw, np.array([[1.5]])), np.array([[1.2]]))
    assert_allclose(power.facility_power(it, np.array([[1.1]])), [[0.7 * 1.5 * 1.2 * 1.1, 1.0 * 1.5 * 1.2 * 1.1]])


def test_site_energizes_linearly_over_its_ramp(make_scenario):
    site = {
        "name": "A",
        "capacity_mw": 100.0,
        "construction_start": "2025-01",
        "construction_months": 6,
        "ramp_months": 4,
        "cost_per_mw_it_usd": 0.0,
        "mw_per_acre": 2.0,
    }
    r = simulate(make_scenario(facilities={"mode": "sites", "sites": [site]}))
    cap = r.monthly["facility_capacity_mw"][0]
    assert_allclose(cap[:10], [0, 0, 0, 0, 0, 0, 25, 50, 75, 100])
    assert_allclose(cap[10:], 100.0)
    assert_allclose(r.calendar["facility_added_mw"][0], [100.0, 0.0, 0.0])


def test_auto_build_energizes_what_arriving_gpus_need(make_scenario):
    r = simulate(make_scenario({"power.deployment_lag_months": 2}))
    assert_allclose(r.monthly["facility_capacity_mw"][0], r.monthly["facility_power_mw"][0])
    assert_allclose(r.monthly["gpus_stranded"][0], 0.0, atol=1e-6)


def test_capacity_powers_oldest_generation_first_and_strands_the_rest(make_scenario):
    a100_mw = 1000 * 400 * 1.53 * 1.14 * 1.4 / 1e6
    h100_mw = 1000 * 700 * 1.53 * 1.14 * 1.4 / 1e6
    fleet = [{"generation": "h100", "count": 1000}, {"generation": "a100", "count": 1000}]
    r = simulate(fleet_scenario(make_scenario, fleet, energized_mw=a100_mw + h100_mw / 4, facilities={"mode": "sites"}))
    assert r.generations == ["a100", "h100"]
    powered = r.by_generation["gpus_powered"][0, 0]
    assert_allclose(powered, [1000.0, 250.0])
    assert_allclose(r.monthly["gpus_stranded"][0], 750.0)
    assert_allclose(r.monthly["gpus_installed"][0], 2000.0)
    assert_allclose(r.monthly["power_gap_mw"][0], 0.75 * h100_mw)
    assert_allclose(r.monthly["h100e_installed"][0], 1000 * 0.3 + 250 * 1.0)  # stranded add no compute
    assert_allclose(r.monthly["facility_power_served_mw"][0], a100_mw + h100_mw / 4)
    assert "gpus_stranded" in [w.code for w in r.warnings]


def test_energy_counts_only_served_power(make_scenario):
    fleet = [{"generation": "h100", "count": 1000}]
    r = simulate(
        fleet_scenario(
            make_scenario,
            fleet,
            energized_mw=1.0,
            facilities={"mode": "sites"},
            power={"load_factor": 0.5, "design_pue": 1.4, "annual_pue": 1.1},
        )
    )
    hours = r.grid.hours
    # 1 MW served at peak is 1/1.4 MW of IT; over the year it draws half of that, with the annual PUE on top
    assert_allclose(r.monthly["energy_twh"][0], 1.0 / 1.4 * 1.1 * 0.5 * hours / 1e6)


def test_powered_gpus_serve_older_generations_first():
    installed = np.array([[[10.0, 20.0, 0.0]]])
    facility_w = np.array([[1e6, 1e6, 1e6]])  # 1 MW per GPU
    powered = power.powered_gpus(installed, facility_w, np.array([[25.0]]))
    assert_allclose(powered, [[[10.0, 15.0, 0.0]]])
