"""The analysis commands as a user runs them: python -m explorer sensitivity / solve / compare."""

import json
import subprocess
import sys

import pytest

from explorer import load
from explorer.analysis.sensitivity import tornado


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, timeout=120)


def solve(path: str, target: str, *more: str, metric: str = "gpus_installed", year: str = "2025"):
    """`solve` on meta-2025-guidance: ``path`` set so that ``metric`` in ``year`` meets ``target``."""
    return run(
        "solve", "meta-2025-guidance", "--input", path, "--metric", metric, "--year", year, "--target", target, *more
    )


def test_sensitivity_json_is_sorted_by_swing_and_matches_the_library():
    done = run(
        "sensitivity", "meta-2025-guidance", "--metric", "facility_power_mw", "--year", "2026", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert set(rows[0]) == {"input", "low", "high", "swing"}
    swings = [r["swing"] for r in rows]
    assert swings == sorted(swings, reverse=True)
    expected = tornado(load("meta-2025-guidance"), "facility_power_mw", 2026)
    assert [r["input"] for r in rows] == [s.input for s in expected]
    assert rows[0]["swing"] == pytest.approx(abs(rows[0]["high"] - rows[0]["low"]))


def test_sensitivity_table_names_the_layer_and_display_units():
    done = run("sensitivity", "meta-2025-guidance", "--metric", "facility_power_mw", "--year", "2026")
    assert done.returncode == 0, done.stderr
    assert "Facility power demand (facility, stock) at end of 2026" in done.stdout
    assert "Design (peak) PUE" in done.stdout and "power.design_pue" not in done.stdout and " GW" in done.stdout


def test_solve_prints_the_value_and_can_save_it(tmp_path):
    out = tmp_path / "solved.gwx"
    done = solve("capex.by_year.2025", "1.3e6", "--save", str(out))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("capex.by_year.2025 = ") and first.endswith(" USD")
    value = float(first.split("=")[1].split()[0])
    assert load(out).capex.by_year[2025].base == pytest.approx(value, rel=1e-9)
    check = run("compute", str(out), "--format", "json")
    assert check.returncode == 0, check.stderr


def test_solve_unreachable_exits_3_with_the_reason():
    done = solve("power.load_factor", "1e12")
    assert done.returncode == 3
    assert "Load factor" in done.stderr and "does not depend" in done.stderr
    done = solve("capex.by_year.2025", "1e12", "--format", "json")
    assert done.returncode == 3
    assert json.loads(done.stdout)["reachable"] is False
    assert "within its bounds 0 … 5e+12 USD" in done.stderr


def test_solve_bad_path_is_a_usage_error():
    done = solve("power.nope", "1")
    assert done.returncode == 2
    assert "power.nope" in done.stderr and "Traceback" not in done.stderr


def test_compare_json_and_table(tmp_path):
    out = tmp_path / "solved.gwx"
    assert (
        solve("power.design_pue", "5000", "--save", str(out), metric="facility_power_mw", year="2026").returncode == 0
    )
    done = run(
        "compare", "meta-2025-guidance", str(out), "--metric", "facility_power_mw", "--year", "2026", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["path"] for d in data["inputs"]] == ["power.design_pue"]
    fall = data["waterfall"]
    assert fall["end"] == pytest.approx(5000, rel=1e-3)
    assert fall["start"] + sum(s["delta"] for s in fall["steps"]) + fall["interaction"] == pytest.approx(fall["end"])
    table = run("compare", "meta-2025-guidance", str(out), "--metric", "facility_power_mw", "--year", "2026")
    assert table.returncode == 0, table.stderr
    assert "Inputs that differ (1)" in table.stdout and "+ power chain" in table.stdout
    lone = run("compare", "meta-2025-guidance", str(out), "--metric", "facility_power_mw")
    assert lone.returncode == 2 and "--year" in lone.stderr
