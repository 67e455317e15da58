"""Monte Carlo on the sample axis: consistent with the deterministic run, ordered percentiles, and
pinned variants that match separate runs."""

import numpy as np
import pytest

from explorer import load, simulate
from explorer.model.paths import set_path, uncertain_inputs


@pytest.fixture(scope="module")
def meta():
    return load("meta-2025-guidance")


def test_collapsing_every_range_makes_monte_carlo_equal_the_deterministic_run(meta):
    point = meta
    for path, r in uncertain_inputs(meta):
        point = set_path(point, path, r.base)
    assert list(uncertain_inputs(point)) == []
    base = simulate(meta)
    sampled = simulate(point, samples=64, seed=7)
    for name, values in base.monthly.items():
        np.testing.assert_allclose(
            sampled.monthly[name],
            np.broadcast_to(values, sampled.monthly[name].shape),
            rtol=1e-12,
            atol=1e-9,
            err_msg=name,
        )


def test_percentiles_are_ordered_for_every_series_and_year(meta):
    spread = simulate(meta, samples=400, seed=11).calendar.percentiles()
    for name in spread["p50"]:
        p10, p50, p90 = spread["p10"][name], spread["p50"][name], spread["p90"][name]
        assert np.all(p10 <= p50 + 1e-9 * np.abs(p50)), name
        assert np.all(p50 <= p90 + 1e-9 * np.abs(p90)), name
    assert np.any(spread["p10"]["facility_power_mw"] < spread["p90"]["facility_power_mw"])


def test_pinned_variants_in_one_run_equal_separate_runs(meta):
    pue = np.array([1.1, 1.4, 1.5])
    lag = np.array([3.0, 1.0, 6.0])
    batch = simulate(meta, samples=3, overrides={"power.design_pue": pue, "power.deployment_lag_months": lag})
    for s in range(3):
        one = simulate(set_path(set_path(meta, "power.design_pue", pue[s]), "power.deployment_lag_months", lag[s]))
        for name in ("gpus_installed", "facility_power_mw", "energy_twh", "capex_it_usd"):
            np.testing.assert_allclose(batch.monthly[name][s], one.monthly[name][0], rtol=1e-12, err_msg=name)


def test_pinning_keeps_every_other_range_at_base(meta):
    batch = simulate(meta, samples=2, overrides={"power.design_pue": [1.3, 1.3]})  # the preset's base
    np.testing.assert_allclose(
        batch.monthly["gpus_installed"], np.repeat(simulate(meta).monthly["gpus_installed"], 2, axis=0), rtol=1e-12
    )
