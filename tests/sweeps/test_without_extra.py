"""Without the optional 'scale' extra the commands that need it say how to install it; the rest works."""

import subprocess
import sys

import pytest

INSTALL = "pip install 'gigawatt-explorer[scale]'"


def run_without(modules: list[str], *args: str) -> subprocess.CompletedProcess:
    hide = "".join(f"sys.modules[{m!r}] = None; " for m in modules)  # as if never installed
    code = f"import sys; {hide}from explorer.cli import main; sys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_sweep_says_how_to_install_the_extra(write_sweep, tmp_path):
    done = run_without(["pyarrow"], "sweep", str(write_sweep()), "-o", str(tmp_path / "r.parquet"))
    assert done.returncode == 1
    assert "Sweeps needs pyarrow from the optional 'scale' extra" in done.stderr and INSTALL in done.stderr
    assert "uv sync --extra scale" in done.stderr


@pytest.mark.parametrize("method, code", [("sobol", 1), ("variance", 0)])
def test_sobol_needs_the_extra_and_contribution_to_variance_does_not(method, code):
    done = run_without(
        ["SALib", "scipy"],
        "sensitivity",
        "stargate",
        "--metric",
        "facility_power_mw",
        "--year",
        "2026",
        "--method",
        method,
        "--samples",
        "64",
    )
    assert done.returncode == code, done.stderr
    if code:
        assert "Sobol indices needs SALib, scipy" in done.stderr and INSTALL in done.stderr
