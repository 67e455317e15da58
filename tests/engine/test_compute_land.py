"""Compute (H100-equivalents, FLOP/s) and land (acres, Manhattans) of the powered fleet."""

import numpy as np
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine import land


def test_h100e_and_flops_sum_over_generations(make_scenario):
    s = make_scenario(
        mode="plan",
        starting_point={
            "fleet": [{"generation": "h100", "count": 1000}, {"generation": "b200", "count": 1000}],
            "energized_mw": 1e4,
        },
    )
    r = simulate(s)
    assert_allclose(r.monthly["h100e_installed"][0], 1000 * 1.0 + 1000 * 2.25)
    assert_allclose(r.monthly["peak_bf16_flops"][0], 1000 * 989e12 + 1000 * 2250e12)


def test_manhattan_is_14611_acres():
    assert_allclose(land.MANHATTAN_ACRES, 14_611.2)
    assert_allclose(land.manhattans(np.array([14_611.2, 29_222.4])), [1.0, 2.0])


def test_auto_build_land_follows_capacity(make_scenario):
    r = simulate(make_scenario({"facilities.mw_per_acre": 0.5}))
    assert_allclose(r.monthly["land_acres"][0], r.monthly["facility_capacity_mw"][0] / 0.5)
    assert_allclose(r.monthly["manhattans"][0], r.monthly["land_acres"][0] / 14_611.2)


def test_a_2_gw_campus_at_0_9_mw_per_acre_is_about_a_sixth_of_manhattan(make_scenario):
    site = {
        "name": "Hyperion",
        "capacity_mw": 2000.0,
        "construction_start": "2025-03",
        "construction_months": 24,
        "cost_per_mw_it_usd": 0.0,
        "mw_per_acre": 0.9,
    }
    r = simulate(make_scenario(facilities={"mode": "sites", "sites": [site]}))
    acres = r.monthly["land_acres"][0]
    assert_allclose(acres[:2], 0.0)  # land counts from construction start
    assert_allclose(acres[2:], 2000 / 0.9)
    assert_allclose(r.calendar["manhattans"][0][-1], 2000 / 0.9 / 14_611.2)
    assert_allclose(r.calendar["manhattans"][0][-1], 0.152, rtol=1e-2)
