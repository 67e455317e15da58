"""Benchmarks (not tests): how fast the engine is, against the product's targets.

    uv run python benchmarks/run.py          # readable report with targets
    uv run python benchmarks/run.py --json   # one JSON object

Other key groups plug in: every other module ``benchmarks/<group>.py`` that defines
``run() -> dict`` has its keys merged (``benchmarks/gui.py`` for the window, skipped with a note
when Qt cannot start). ``--engine-only`` leaves them out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from _shared import verdict as shared_verdict

from explorer import simulate
from explorer.io.presets import load_preset, preset_ids
from explorer.model.paths import set_path

MC_PRESET = "meta-2025-guidance"
MC_SAMPLES = 10_000
LOOP_SUBSET = 500  # deterministic runs timed to estimate the 10,000-run loop

# key -> (target, "max" when lower is better / "min" when higher is better, unit)
TARGETS: dict[str, tuple[float, str, str]] = {
    "deterministic_ms": (2.0, "max", "ms"),
    "mc_seconds": (1.0, "max", "s"),
    "mc_samples_per_s": (10_000.0, "min", "samples/s"),
    "mc_vs_loop_ratio": (0.25, "max", ""),
    "numpy_baseline_ratio": (30.0, "max", ""),
}


def timings(fn: Callable[[], object], repeat: int) -> list[float]:
    """CPU seconds of this process per call: other work on a shared machine does not inflate them."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return times


def edit_paths(scenario) -> list[tuple[str, object]]:
    """A capex, a site and an accelerator edit: what a slider step sends to set_path."""
    edits = [("capex.by_year.2025", 70e9), (f"accelerators.{scenario.accelerators[0].id}.tdp_w", 750.0)]
    if scenario.facilities.sites:
        edits.append((f"facilities.sites.{scenario.facilities.sites[0].name}.capacity_mw", 1234.0))
    return edits


def engine() -> tuple[dict, list[str]]:
    notes: list[str] = ["times are CPU time of this process (time.process_time), medians of repeated runs"]
    per_preset = {}
    for pid in preset_ids():
        scenario = load_preset(pid)
        simulate(scenario)  # warm caches and imports
        per_preset[pid] = statistics.median(timings(lambda s=scenario: simulate(s), 50)) * 1e3
    deterministic_ms = statistics.median(per_preset.values())

    scenario = load_preset(MC_PRESET)
    # warm-up at full size: the first large run also pays for the process growing its heap,
    # as the baseline's first touch of its output pages does below
    simulate(scenario, samples=MC_SAMPLES, seed=1)
    mc_times = timings(lambda: simulate(scenario, samples=MC_SAMPLES, seed=1), 5)
    mc = statistics.median(mc_times)

    loop = sum(timings(lambda: simulate(scenario), LOOP_SUBSET)) * (MC_SAMPLES / LOOP_SUBSET)
    notes.append(
        f"mc_vs_loop_ratio: the loop of {MC_SAMPLES:,} deterministic runs is timed on {LOOP_SUBSET} runs and scaled"
    )

    results = simulate(scenario, samples=2)
    shape = (MC_SAMPLES, results.grid.size, len(results.generations))
    rng = np.random.default_rng(0)
    a, b, c = rng.random(shape), rng.random(shape), rng.random(shape)
    a * b + c  # first touch of the output pages
    baseline = statistics.median(timings(lambda: a * b + c, 7))
    notes.append(
        f"numpy_baseline_ratio: baseline is a * b + c over float64 arrays shaped {shape} (samples, months, generations)"
    )

    edits = edit_paths(scenario)
    set_path_ms = (
        statistics.median(
            statistics.median(timings(lambda p=path, v=value: set_path(scenario, p, v), 200)) for path, value in edits
        )
        * 1e3
    )
    notes.append(f"set_path_ms: median over {', '.join(path for path, _ in edits)} on {MC_PRESET}")

    figures = {
        "deterministic_ms": round(deterministic_ms, 3),
        "deterministic_ms_by_preset": {k: round(v, 3) for k, v in per_preset.items()},
        "mc_seconds": round(mc, 3),
        "mc_samples_per_s": round(MC_SAMPLES / mc),
        "mc_vs_loop_ratio": round(mc / loop, 4),
        "numpy_baseline_ratio": round(mc / baseline, 2),
        "numpy_baseline_ms": round(baseline * 1e3, 2),
        "set_path_ms": round(set_path_ms, 3),
    }
    return figures, notes


def optional_group(name: str) -> tuple[dict, list[str]]:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        figures = module.run()
    except Exception as exc:  # e.g. Qt cannot start on this machine: report and carry on
        return {}, [f"{name}: skipped ({type(exc).__name__}: {exc})"]
    TARGETS.update(getattr(module, "TARGETS", {}))  # the group's targets join the report
    return dict(figures), []


def verdict(key: str, value: float) -> str:
    return shared_verdict(value, *TARGETS[key])


def report(figures: dict, notes: list[str]) -> str:
    lines = ["Gigawatt Explorer benchmarks", ""]
    for key, value in figures.items():
        if isinstance(value, dict):
            lines.append(f"  {key}:")
            lines += [f"      {k:<28} {v}" for k, v in value.items()]
            continue
        lines.append(f"  {key:<32} {value:>12}   {verdict(key, value) if key in TARGETS else ''}".rstrip())
    if notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--engine-only", action="store_true", help="skip the other key groups")
    args = parser.parse_args(argv)
    figures, notes = engine()
    groups = (
        []
        if args.engine_only
        else sorted(
            p.stem for p in Path(__file__).parent.glob("*.py") if p.stem != "run" and not p.stem.startswith("_")
        )
    )
    for group in groups:
        more, more_notes = optional_group(group)
        figures.update(more)
        notes += more_notes
    if args.json:
        print(json.dumps({**figures, "notes": notes}, indent=1))
    else:
        print(report(figures, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
