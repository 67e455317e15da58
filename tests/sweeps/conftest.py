"""Sweep files for the sweep tests: small, fast scenarios and a helper that writes one."""

import json
from pathlib import Path

import pytest

from explorer.sweeps.spec import FORMAT, SCHEMA_VERSION

FAST = "xai-colossus"  # the quickest preset to simulate


def sweep_doc(**changes) -> dict:
    doc = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "name": "Test sweep",
        "scenarios": [FAST, "stargate"],
        "design": {"method": "lhs", "points": 12},
        "inputs": [{"path": "power.design_pue", "low": 1.1, "high": 1.5}],
        "samples": 25,
        "seed": 11,
        "outputs": ["facility_power_mw", "gpus_installed"],
        "years": [2026, 2027],
        "chunk_rows": 100,
    }
    doc.update(changes)
    return doc


@pytest.fixture
def write_sweep(tmp_path):
    def write(name: str = "sweep.json", **changes) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(sweep_doc(**changes)))
        return path

    return write
