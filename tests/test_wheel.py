"""The built wheel works on its own: installed into a clean virtual environment, the console script
lists the presets and computes one, which proves the resources ship inside the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRESET = "meta-2025-guidance"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("uv") is None, reason="building the wheel needs uv"),
]


def clean_env() -> dict[str, str]:
    """The environment without any trace of the project's own virtual environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, env=clean_env(), capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert proc.returncode == 0, f"{' '.join(map(str, args))}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ folder of a fresh virtual environment with only the wheel (and its dependencies) installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    run(["uv", "build", "--wheel", "-o", str(tmp / "dist"), str(ROOT)], cwd=tmp)
    wheels = list((tmp / "dist").glob("gigawatt_explorer-*.whl"))
    assert len(wheels) == 1
    run(["uv", "venv", "--quiet", str(tmp / "venv")], cwd=tmp)
    bin_dir = tmp / "venv" / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    # the locked versions: the same ones the tests ran with, and already in uv's cache
    locked = run(
        ["uv", "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--quiet", "--project", str(ROOT)],
        cwd=tmp,
    ).stdout
    (tmp / "constraints.txt").write_text(locked, encoding="utf-8")
    run(
        [
            "uv",
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            "--constraint",
            str(tmp / "constraints.txt"),
            str(wheels[0]),
        ],
        cwd=tmp,
    )
    return bin_dir


def script(bin_dir: Path) -> str:
    return str(bin_dir / ("gigawatt-explorer.exe" if os.name == "nt" else "gigawatt-explorer"))


def test_installed_package_reads_resources_from_itself(installed, tmp_path):
    code = "import explorer.resources as r; print(r.resources_dir())"
    proc = run([str(installed / ("python.exe" if os.name == "nt" else "python")), "-c", code], cwd=tmp_path)
    location = Path(proc.stdout.strip())
    assert "site-packages" in location.parts and location.name == "resources"
    assert ROOT not in location.parents
    assert (location / "catalog.json").is_file() and (location / "presets" / f"{PRESET}.gwx").is_file()


def test_installed_script_lists_presets(installed, tmp_path):
    proc = run([script(installed), "presets"], cwd=tmp_path)
    assert PRESET in proc.stdout
    assert "Meta 2025 guidance" in proc.stdout


def test_installed_script_computes_a_preset(installed, tmp_path):
    proc = run([script(installed), "compute", PRESET, "--format", "json"], cwd=tmp_path)
    doc = json.loads(proc.stdout)
    col = doc["annual"]["year"].index(2025)
    assert 60e9 <= doc["annual"]["capex_total_usd"][col] <= 65e9
    assert doc["units"]["capex_total_usd"] == "USD"
    assert {c["id"] for c in doc["claims"]} >= {"meta-gpus-2025", "meta-online-2025"}
