"""Global sensitivity: contribution to variance (rank correlation) and Sobol indices through SALib."""

import json
import subprocess
import sys

import numpy as np
import pytest

from explorer import load
from explorer.analysis.sensitivity import ranged_inputs
from explorer.analysis.sobol import quantile, sobol, sobol_indices
from explorer.analysis.variance import (
    contribution_to_variance,
    drawn_inputs,
    rank_correlations,
    ranks,
    variance_contributions,
)
from explorer.engine import simulate
from explorer.engine.sampling import draw
from explorer.model.ranges import Range

PRESET = "meta-2025-guidance"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, timeout=120)


# --- contribution to variance


def test_ranks_share_ties():
    assert ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist() == [2.5, 0.0, 2.5, 1.0]


def test_rank_correlation_sees_any_monotonic_effect_and_its_direction():
    x = np.random.default_rng(1).uniform(0, 1, 500)
    rho = rank_correlations({"up": x, "down": x}, np.exp(5 * x))
    assert rho["up"] == pytest.approx(1.0)
    rho = rank_correlations({"x": x}, -(x**3))
    assert rho["x"] == pytest.approx(-1.0)


def test_shares_follow_squared_rank_correlations_and_sum_to_one():
    rng = np.random.default_rng(2)
    a, b, c = rng.uniform(size=(3, 20_000))
    shares = {s.input: s for s in contribution_to_variance({"a": a, "b": b, "c": c}, 3 * a - b)}
    assert sum(abs(s.share) for s in shares.values()) == pytest.approx(1.0)
    assert [s for s in shares] == ["a", "b", "c"]  # largest first
    assert shares["a"].share == pytest.approx(0.9, abs=0.02)  # rho² ∝ 9 : 1 for a linear model
    assert shares["b"].share == pytest.approx(-0.1, abs=0.02)  # negative: b lowers the output
    assert abs(shares["c"].share) < 0.005


def test_an_output_that_does_not_vary_gives_no_shares():
    found = contribution_to_variance({"a": np.arange(10.0)}, np.ones(10))
    assert [c.share for c in found] == [0.0]


def test_drawn_inputs_are_what_the_engine_drew():
    scenario = load(PRESET)
    inputs = drawn_inputs(scenario, 64, 7)
    assert set(inputs) == {p for p, _ in ranged_inputs(scenario)}
    sampled = simulate(scenario, 64, seed=7)
    replayed = simulate(scenario, 64, overrides=inputs)
    for name in sampled.monthly:
        np.testing.assert_array_equal(sampled.monthly[name], replayed.monthly[name], err_msg=name)


def test_the_input_with_the_widest_range_explains_most(make_scenario):
    scenario = make_scenario(
        {
            "power.design_pue": {"low": 1.1, "base": 1.4, "high": 1.9},
            "power.it_multiplier": {"low": 1.13, "base": 1.14, "high": 1.15},
        }
    )
    found = variance_contributions(scenario, "facility_power_mw", 2026, samples=2000)
    assert [c.input for c in found] == ["power.design_pue", "power.it_multiplier"]
    assert found[0].share > 0.95 and found[0].rank_correlation > 0.9


# --- Sobol

ISHIGAMI_FIRST = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_TOTAL = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def ishigami(v):
    return np.sin(v["x1"]) + 7 * np.sin(v["x2"]) ** 2 + 0.1 * v["x3"] ** 4 * np.sin(v["x1"])


def test_sobol_finds_the_known_indices_of_the_ishigami_function():
    span = Range(low=-np.pi, base=0.0, high=np.pi, dist="uniform")
    result = sobol_indices([("x1", span), ("x2", span), ("x3", span)], ishigami, samples=4096, chunk_rows=5000)
    assert result.runs == 4096 * 5
    for index in result.indices:
        assert index.first == pytest.approx(ISHIGAMI_FIRST[index.input], abs=max(2 * index.first_conf, 0.02))
        assert index.total == pytest.approx(ISHIGAMI_TOTAL[index.input], abs=max(2 * index.total_conf, 0.02))
        assert 0 < index.first_conf < 0.06 and 0 < index.total_conf < 0.06
    assert [i.input for i in result.indices] == ["x1", "x2", "x3"]  # by total index


def test_chunking_does_not_change_the_indices():
    span = Range(low=-np.pi, base=0.0, high=np.pi, dist="uniform")
    inputs = [("x1", span), ("x2", span), ("x3", span)]
    whole = sobol_indices(inputs, ishigami, samples=256, chunk_rows=100_000)
    chunked = sobol_indices(inputs, ishigami, samples=256, chunk_rows=77)
    assert whole == chunked  # the bootstrap intervals too: they are seeded


def test_sobol_indices_of_the_engine_are_shares_and_totals_cover_firsts():
    result = sobol(load(PRESET), "facility_power_mw", 2027, samples=512, chunk_rows=4096)
    assert result.runs == 512 * (len(ranged_inputs(load(PRESET))) + 2)
    for i in result.indices:  # within [0, 1] and total ≥ first, up to twice their 95 % half-widths
        assert -2 * i.first_conf - 0.01 <= i.first <= 1 + 2 * i.first_conf, i
        assert -2 * i.total_conf - 0.01 <= i.total <= 1 + 2 * i.total_conf, i
        assert i.total >= i.first - 2 * (i.first_conf + i.total_conf) - 0.01, i
    assert result.indices[0].total > 0.2  # something drives the output
    assert sum(i.first for i in result.indices) <= 1.0 + sum(i.first_conf for i in result.indices)


@pytest.mark.parametrize("dist", ["uniform", "triangular", "pert"])
def test_sobol_points_follow_each_inputs_distribution(dist):
    value = Range(low=1.0, base=1.5, high=4.0, dist=dist)
    u = (np.arange(20_000) + 0.5) / 20_000
    mapped = quantile(value, u)
    drawn = draw(value, 20_000, np.random.default_rng(3))
    q = np.linspace(1, 99, 99)
    np.testing.assert_allclose(np.percentile(mapped, q), np.percentile(drawn, q), atol=0.03)
    assert mapped.min() >= 1.0 and mapped.max() <= 4.0


def test_sobol_needs_a_power_of_two():
    with pytest.raises(ValueError, match="power of two"):
        sobol(load(PRESET), "facility_power_mw", 2027, samples=1000)


# --- command line


def sensitivity(method: str, *more: str):
    """`sensitivity --method METHOD` of facility power at the end of 2027."""
    return run("sensitivity", PRESET, "--metric", "facility_power_mw", "--year", "2027", "--method", method, *more)


def test_variance_command_matches_the_library():
    done = sensitivity("variance", "--samples", "500", "--seed", "3", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    expected = variance_contributions(load(PRESET), "facility_power_mw", 2027, 500, 3)
    assert [r["input"] for r in rows] == [c.input for c in expected]
    assert rows[0]["share"] == pytest.approx(expected[0].share)


def test_variance_and_sobol_tables_name_the_output():
    done = sensitivity("variance")
    assert done.returncode == 0, done.stderr
    assert "contribution to variance of Facility power demand (facility, stock) at end of 2027" in done.stdout
    assert "1,000 Monte Carlo samples" in done.stdout and "%" in done.stdout
    done = sensitivity("sobol", "--samples", "64")
    assert done.returncode == 0, done.stderr
    assert "Sobol indices of Facility power demand" in done.stdout and "± " in done.stdout
    assert "Sum of first-order indices" in done.stdout


def test_sobol_command_rejects_a_sample_count_that_is_not_a_power_of_two():
    done = sensitivity("sobol", "--samples", "1000")
    assert done.returncode == 2
    assert "power of two" in done.stderr
