"""Analysis timings on meta-2025-guidance: a tornado and a goal seek, each the median of several runs.

uv run python benchmarks/analysis.py
"""

from __future__ import annotations

import json
import statistics
import time

from explorer.analysis.goal_seek import solve
from explorer.analysis.sensitivity import tornado
from explorer.io.presets import load_preset

PRESET = "meta-2025-guidance"


def _median_ms(fn, repeat: int = 7) -> float:
    fn()  # imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def run() -> dict:
    scenario = load_preset(PRESET)
    return {
        "sensitivity_ms": _median_ms(lambda: tornado(scenario, "facility_power_mw", 2026)),
        "solve_ms": _median_ms(lambda: solve(scenario, "capex.by_year.2025", "gpus_installed", 2025, 1.3e6)),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
