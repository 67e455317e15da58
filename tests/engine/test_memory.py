"""The memory a run needs is known before it starts: the estimate bounds the real peak, refuses
runs that would not fit, and the window caps its samples by the same rule."""

from __future__ import annotations

import tracemalloc

import pytest

from explorer.engine import memory, simulate
from explorer.io.presets import load_preset


@pytest.fixture(scope="module")
def scenario():
    return load_preset("meta-2025-guidance")


def test_the_estimate_bounds_the_measured_peak_of_a_large_run(scenario):
    per_sample = memory.bytes_per_sample(scenario)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        results = simulate(scenario, samples=2000)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert results.samples == 2000
    assert peak <= per_sample * 2000 <= 1.5 * peak


def test_a_run_larger_than_memory_is_refused_with_the_estimate(scenario):
    with pytest.raises(memory.RunTooLarge) as err:
        memory.check_samples(scenario, 10**9)
    text = str(err.value)
    assert text.startswith("1,000,000,000 samples would need about ") and " TB of memory" in text
    assert "enough for " in text
    memory.check_samples(scenario, 100)  # a small run passes


def test_max_samples_follows_the_available_memory(scenario, monkeypatch):
    per_sample = memory.bytes_per_sample(scenario)
    monkeypatch.setattr(memory, "available_bytes", lambda: int(per_sample * 1000) + 2)
    assert memory.max_samples(scenario, per_sample) == 1000 * memory.SHARE_OF_AVAILABLE
    assert 0.9 * 500 <= memory.max_samples(scenario) <= 1.1 * 500  # measured again: within a few percent
    monkeypatch.setattr(memory, "available_bytes", lambda: 0)
    assert memory.max_samples(scenario) == 1  # the deterministic run always runs


def test_available_memory_is_a_positive_number():
    assert memory.available_bytes() > 0
