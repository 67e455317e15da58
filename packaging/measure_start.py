"""Time from launch to first paint of the frozen app against the same start from the source tree.

    uv run python packaging/build.py            # once, to make build/app/gigawatt-explorer
    uv run python packaging/measure_start.py [--runs 5]

Both variants run `--screenshot`, which exits after the first complete render, in a fresh process
with an empty HOME. Prints one JSON object; `ratio` is frozen ÷ source on the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_start(command: list[str], home: Path, out: Path) -> float:
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "PATH": os.environ.get("PATH", "")}
    started = time.perf_counter()
    subprocess.run([*command, "--screenshot", str(out)], env=env, cwd=home, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    if not out.is_file():
        raise SystemExit(f"{command[0]} did not write {out}")
    out.unlink()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--app", type=Path, default=ROOT / "build" / "app" / "gigawatt-explorer" / "gigawatt-explorer")
    args = parser.parse_args()

    variants = {"frozen": [str(args.app)], "source": [sys.executable, "-m", "explorer"]}
    timings: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        # Alternate the variants so that a busy machine slows both alike.
        for _ in range(args.runs + 1):
            for name, command in variants.items():
                timings[name].append(time_start(command, home, home / f"{name}.png"))
    report = {f"{name}_first_s": round(values[0], 3) for name, values in timings.items()} | {
        f"{name}_median_s": round(statistics.median(values[1:]), 3) for name, values in timings.items()
    }
    report["ratio"] = round(report["frozen_median_s"] / report["source_median_s"], 2)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
