"""Regenerate the golden results: one JSON file per preset with the annual calendar-year values of every
series from the deterministic run, rounded to 6 significant digits.

    uv run python tests/golden/update.py            # every preset
    uv run python tests/golden/update.py stargate   # some of them

Review the diff of the JSON files before committing: it is the change of model output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from explorer import simulate
from explorer.io.presets import load_preset, preset_ids

FOLDER = Path(__file__).resolve().parent
DIGITS = 6


def round_significant(x: float) -> float | None:
    """6 significant digits; a ratio that is not defined (NaN) is stored as null."""
    return None if x != x else float(f"{x:.{DIGITS}g}")


def golden_values(preset_id: str) -> dict:
    """The preset's annual calendar values as they are now, in the golden file's layout."""
    results = simulate(load_preset(preset_id))
    annual = results.calendar
    return {
        "preset": preset_id,
        "years": [int(y) for y in annual.years],
        "series": {name: [round_significant(v) for v in annual.values[name][0]] for name in results.names},
    }


def golden_path(preset_id: str) -> Path:
    return FOLDER / f"{preset_id}.json"


def write(preset_id: str) -> Path:
    path = golden_path(preset_id)
    values = golden_values(preset_id)
    # one line per series keeps diffs short and names the series that moved
    rows = [f"  {json.dumps(name)}: {json.dumps(v)}" for name, v in values["series"].items()]
    text = (
        f'{{\n "preset": {json.dumps(preset_id)},\n "years": {json.dumps(values["years"])},\n'
        f' "series": {{\n' + ",\n".join(rows) + "\n }\n}\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    known = preset_ids()
    chosen = argv or known
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        print(f"unknown presets: {', '.join(unknown)}; presets: {', '.join(known)}", file=sys.stderr)
        return 2
    if not argv:  # a full update also drops goldens of presets that no longer exist
        for stale in FOLDER.glob("*.json"):
            if stale.stem not in known:
                stale.unlink()
                print(f"removed {stale.name}")
    for preset_id in chosen:
        print(f"wrote {write(preset_id).relative_to(FOLDER.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
