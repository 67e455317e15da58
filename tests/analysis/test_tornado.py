"""The tornado equals low/high runs built one by one, sorted by swing."""

import pytest

from explorer import load, simulate
from explorer.analysis.metrics import metric_values
from explorer.analysis.sensitivity import ranged_inputs, tornado
from explorer.model.paths import set_path


@pytest.fixture(scope="module")
def meta():
    return load("meta-2025-guidance")


@pytest.mark.parametrize(
    "metric, year, measure",
    [
        ("facility_power_mw", 2026, None),
        ("gpus_installed", 2025, "added"),
    ],
)
def test_swings_equal_separate_low_and_high_runs(meta, metric, year, measure):
    swings = tornado(meta, metric, year, measure=measure)
    assert [s.input for s in swings] != []
    base = metric_values(simulate(meta), metric, year, measure=measure)[0]
    for s in swings:
        low = metric_values(simulate(set_path(meta, s.input, s.input_low)), metric, year, measure=measure)[0]
        high = metric_values(simulate(set_path(meta, s.input, s.input_high)), metric, year, measure=measure)[0]
        assert s.low == pytest.approx(low, rel=1e-9, abs=1e-6), s.input
        assert s.high == pytest.approx(high, rel=1e-9, abs=1e-6), s.input
        assert s.swing == pytest.approx(abs(high - low), rel=1e-9, abs=1e-6)
        assert s.base == pytest.approx(base, rel=1e-12)


def test_sorted_largest_swing_first_and_covers_every_ranged_input(meta):
    swings = tornado(meta, "facility_power_mw", 2026)
    values = [s.swing for s in swings]
    assert values == sorted(values, reverse=True)
    assert values[0] > 0
    assert {s.input for s in swings} == {p for p, _ in ranged_inputs(meta)}


def test_claims_and_point_values_are_not_inputs(meta):
    paths = {s.input for s in tornado(meta, "gpus_installed", 2025)}
    assert not any(p.startswith("claims.") for p in paths)
    assert "power.server_multiplier" not in paths  # a plain number in the preset
    assert "power.design_pue" in paths


def test_pue_moves_facility_demand_the_right_way(meta):
    pue = next(s for s in tornado(meta, "facility_power_mw", 2026) if s.input == "power.design_pue")
    assert pue.low < pue.base < pue.high


def test_unknown_metric_and_year_are_refused(meta):
    with pytest.raises(ValueError, match="unknown metric"):
        tornado(meta, "gigawatts", 2026)
    with pytest.raises(ValueError, match="is not simulated"):
        tornado(meta, "gpus_installed", 2040)
    with pytest.raises(ValueError, match="stocks"):
        tornado(meta, "energy_twh", 2026, measure="added")
