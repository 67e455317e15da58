"""Test setup shared by every test: Qt renders offscreen so the suite runs with no display,
and a small hand-made scenario builder whose numbers are easy to check by hand."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import copy
from collections.abc import Callable
from typing import Any

import pytest

from explorer.model import Scenario

# One made-up generation per role, with round numbers so expected values can be computed by hand.
HAND_CATALOG = [
    {
        "id": "h100",
        "name": "H100",
        "available_from": "2023-01",
        "unit_price_usd": 30000.0,
        "it_capex_per_gpu_usd": 45000.0,
        "tdp_w": 700.0,
        "bf16_flops": 989e12,
        "fp8_flops": 1979e12,
        "h100e": 1.0,
        "useful_life_years": 5.0,
        "price_decline_per_year": 0.0,
    },
    {
        "id": "a100",
        "name": "A100",
        "available_from": "2020-07",
        "unit_price_usd": 15000.0,
        "it_capex_per_gpu_usd": 25000.0,
        "tdp_w": 400.0,
        "bf16_flops": 312e12,
        "fp8_flops": 624e12,
        "h100e": 0.3,
        "useful_life_years": 4.0,
        "price_decline_per_year": 0.0,
    },
    {
        "id": "b200",
        "name": "B200",
        "available_from": "2025-07",
        "unit_price_usd": 35000.0,
        "it_capex_per_gpu_usd": 50000.0,
        "tdp_w": 1000.0,
        "bf16_flops": 2250e12,
        "fp8_flops": 4500e12,
        "h100e": 2.25,
        "useful_life_years": 5.0,
        "price_decline_per_year": 0.0,
    },
]


def hand_scenario_dict() -> dict[str, Any]:
    """Budget mode, $12B a year, all H100, auto-build at $12M per MW of facility (PUE 1.4 both at peak and
    over the year), 3 years from 2025-01, no lag."""
    return {
        "name": "Hand-made",
        "timeline": {"start": "2025-01", "years": 3, "fiscal_year_start_month": 1},
        "mode": "budget",
        "capex": {"by_year": {"2025": 12e9}, "growth_after": 0.0, "ai_share": 1.0},
        "accelerators": copy.deepcopy(HAND_CATALOG),
        "mix": {"strategy": "shares", "shares_by_year": {"2025": {"h100": 1.0}}},
        "power": {
            "server_multiplier": 1.53,
            "it_multiplier": 1.14,
            "design_pue": 1.4,
            "annual_pue": 1.4,
            "load_factor": 1.0,
            "deployment_lag_months": 0,
        },
        "facilities": {"mode": "auto", "cost_per_mw_it_usd": 16.8e6, "mw_per_acre": 1.0},  # $12M/MW facility
        "operations": {
            "electricity_price_usd_per_mwh": 100.0,
            "carbon_intensity_kg_per_mwh": 400.0,
            "other_opex_share": 0.0,
            "it_life_years": 5.0,
            "facility_life_years": 20.0,
            "discount_rate": 0.0,
        },
    }


def _put(data: dict, path: str, value: Any) -> None:
    keys = path.split(".")
    node = data
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if isinstance(node, list):
        node[int(keys[-1])] = value
    else:
        node[keys[-1]] = value


def build_scenario(changes: dict[str, Any] | None = None, **sections: Any) -> Scenario:
    """The hand-made scenario with dotted-path ``changes`` ({'power.design_pue': 1.2}) and whole
    ``sections`` replaced (capex={...}); validated like a file would be."""
    data = hand_scenario_dict()
    data.update(copy.deepcopy(sections))
    for path, value in (changes or {}).items():
        _put(data, path, value)
    return Scenario.model_validate(data)


@pytest.fixture(scope="session")
def make_scenario() -> Callable[..., Scenario]:
    """``make_scenario({'capex.by_year': {'2025': 1e9}}, facilities={...})`` → a valid Scenario."""
    return build_scenario
