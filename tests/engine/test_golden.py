"""Golden results: every preset's annual output matches its reviewed golden file.

A failure lists the series and years that moved. If the change is intended, regenerate with
``uv run python tests/golden/update.py`` and review the JSON diff.
"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from explorer.io.presets import preset_ids

UPDATE = Path(__file__).resolve().parents[1] / "golden" / "update.py"
_spec = importlib.util.spec_from_file_location("golden_update", UPDATE)
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

RTOL = 2e-5  # files hold 6 significant digits
MAX_LINES = 25


def differences(expected: dict, actual: dict) -> list[str]:
    lines = []
    if expected["years"] != actual["years"]:
        return [f"years: golden {expected['years']}, now {actual['years']}"]
    years = expected["years"]
    for name in sorted(set(expected["series"]) - set(actual["series"])):
        lines.append(f"{name}: in the golden file, no longer computed")
    for name in sorted(set(actual["series"]) - set(expected["series"])):
        lines.append(f"{name}: new series, not in the golden file")
    for name in expected["series"]:
        if name not in actual["series"]:
            continue
        # null is a ratio that is not defined
        old, new = (np.array(values[name], dtype=float) for values in (expected["series"], actual["series"]))
        scale = np.abs(old[~np.isnan(old)]).max(initial=0.0)
        # values that are rounding noise next to the series' size do not count
        moved = ~np.isclose(new, old, rtol=RTOL, atol=1e-9 * scale, equal_nan=True)
        for i in np.nonzero(moved)[0]:
            change = f" ({(new[i] - old[i]) / abs(old[i]) * 100:+.3g}%)" if old[i] else ""
            lines.append(f"{name} {years[i]}: golden {old[i]:.6g}, now {new[i]:.6g}{change}")
    return lines


@pytest.mark.parametrize("preset_id", preset_ids())
def test_preset_output_matches_its_golden_file(preset_id):
    path = golden.golden_path(preset_id)
    assert path.is_file(), f"no golden file for {preset_id}: run uv run python tests/golden/update.py {preset_id}"
    expected = json.loads(path.read_text(encoding="utf-8"))
    lines = differences(expected, golden.golden_values(preset_id))
    shown = lines[:MAX_LINES] + ([f"... and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else [])
    assert not lines, (
        f"{preset_id} output differs from {path.name} in {len(lines)} places:\n  "
        + "\n  ".join(shown)
        + "\nIf intended: uv run python tests/golden/update.py "
        + preset_id
    )


def test_differences_name_series_and_year():
    expected = {"years": [2025, 2026], "series": {"energy_twh": [1.0, 2.0], "gone": [0.0, 0.0]}}
    actual = {"years": [2025, 2026], "series": {"energy_twh": [1.0, 2.5], "new": [1.0, 1.0]}}
    assert differences(expected, actual) == [
        "gone: in the golden file, no longer computed",
        "new: new series, not in the golden file",
        "energy_twh 2026: golden 2, now 2.5 (+25%)",
    ]
