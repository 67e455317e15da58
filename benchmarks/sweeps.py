"""Sweep throughput: a 200,000-row sweep written to parquet in this process, and on a local Dask
cluster of two single-threaded workers (started before the clock runs). The two ways take turns,
ROUNDS times, and the best of each counts.

Wall time is what a user waits, but on a shared machine the kernel gives each session a fair share
of the cores (autogroup scheduling), so two workers cannot go faster than one process while others
keep the cores busy. The CPU figure is what the cluster would take on idle cores: the in-process
CPU time ÷ the longer of the busiest worker's CPU time and half the CPU time of all three processes
(client with its scheduler, two workers) — the work is spread over 2 cores.

    uv run python benchmarks/sweeps.py
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from _shared import print_against_targets

from explorer.cluster import local_cluster
from explorer.sweeps import plan_sweep, run_sweep, sweep_from_document
from explorer.sweeps.spec import FORMAT, SCHEMA_VERSION

PRESET = "meta-2025-guidance"
POINTS, SAMPLES = 2000, 100  # 200,000 rows
ROUNDS = 3

TARGETS: dict[str, tuple[float, str, str]] = {
    "sweep_samples_per_s": (10_000.0, "min", "rows/s"),  # as the Monte Carlo target: the sweep adds little
    "sweep_two_workers_speedup": (1.6, "min", "×"),
    "sweep_two_workers_cpu_speedup": (1.6, "min", "×"),
}


def _plan():
    return plan_sweep(
        sweep_from_document(
            {
                "format": FORMAT,
                "schema_version": SCHEMA_VERSION,
                "scenarios": [PRESET],
                "design": {"method": "lhs", "points": POINTS},
                "inputs": [{"path": "power.design_pue"}, {"path": "capex.ai_share"}],
                "samples": SAMPLES,
                "outputs": ["facility_power_mw", "gpus_installed"],
                "years": [2026, 2028, 2030],
            }
        )
    )


def _times(plan, out: Path, client=None) -> tuple[float, float]:
    """(wall seconds, CPU seconds the cluster would need on two idle cores) of one run."""
    workers_before = client.run(time.process_time) if client else {}
    cpu, start = time.process_time(), time.perf_counter()
    run_sweep(plan, out, progress=False, force=True, scheduler=client.scheduler.address if client else None)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    out.unlink()
    if client is None:
        return wall, cpu
    workers = [t - workers_before[w] for w, t in client.run(time.process_time).items()]
    return wall, max(max(workers), (sum(workers) + cpu) / 2)


def run() -> dict:
    from distributed import Client

    plan = _plan()
    here, two = [], []
    with tempfile.TemporaryDirectory() as tmp, local_cluster(2) as cluster, Client(cluster) as client:
        out = Path(tmp) / "rows.parquet"
        _times(plan, out)  # imports and caches, here and on the workers
        _times(plan, out, client)
        for _ in range(ROUNDS):
            here.append(_times(plan, out))
            two.append(_times(plan, out, client))
    (wall_here, cpu_here), (wall_two, cpu_two) = (
        (min(t[0] for t in here), min(t[1] for t in here)),
        (min(t[0] for t in two), min(t[1] for t in two)),
    )
    return {
        "sweep_rows": plan.rows,
        "sweep_samples_per_s": round(plan.rows / wall_here),
        "sweep_two_workers_s": round(wall_two, 2),
        "sweep_two_workers_speedup": round(wall_here / wall_two, 2),
        "sweep_two_workers_cpu_speedup": round(cpu_here / cpu_two, 2),
    }


if __name__ == "__main__":
    results = run()
    print(json.dumps(results, indent=1))
    print_against_targets(results, TARGETS)
