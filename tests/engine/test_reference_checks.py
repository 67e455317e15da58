"""Consistency checks of reference-data.md §D with default assumptions (shipped catalog, default power
chain and finance), each within 15% of the published figure."""

import pytest

from explorer import simulate
from explorer.io.catalog import default_catalog
from explorer.model import Scenario

WITHIN = 0.15


def defaults(**sections) -> Scenario:
    catalog = [a.model_dump(mode="json") for a in default_catalog()]
    return Scenario.model_validate({"name": "Reference check", "accelerators": catalog, **sections})


def fleet_of(generation: str, count: float, **sections) -> Scenario:
    """A fleet already installed, with all the capacity it needs."""
    return defaults(
        mode="plan",
        timeline={"start": "2025-01", "years": 1},
        starting_point={"fleet": [{"generation": generation, "count": count}], "energized_mw": 1e5},
        **sections,
    )


def first_month(scenario: Scenario, name: str) -> float:
    return float(simulate(scenario).monthly[name][0, 0])


def test_colossus_1_fits_its_150_mw_grid_approval_at_the_cluster_formulas_pue():
    """§D: 100k H100 × 700 W × 1.82 × 1.14 ≈ 145 MW against Colossus 1's 150 MW approval.

    With the cluster formula's PUE (1.14) the catalog's all-in H100 power (SemiAnalysis 1.37 kW) gives
    156 MW. At the default design PUE (1.4, Epoch's frontier peak) the same fleet needs ~192 MW at its
    peak: more than the grid approval, as the mobile gas turbines xAI ran beside it suggest.
    """
    at_cluster_pue = first_month(fleet_of("h100", 100_000, power={"design_pue": 1.14}), "facility_power_mw")
    assert at_cluster_pue == pytest.approx(150.0, rel=WITHIN)
    assert at_cluster_pue == pytest.approx(145.0, rel=WITHIN)
    assert first_month(fleet_of("h100", 100_000), "facility_power_mw") == pytest.approx(100_000 * 1.37 * 1.4 / 1e3)


def test_colossus_1_reproduces_epochs_cluster_formula():
    """Epoch's GPU-cluster formula: TDP × N × 1.82 × PUE (1.14): ≈ 145 MW for 100k H100, reproduced by a
    generation without an all-in IT power in the catalog (the multipliers are the fallback)."""
    epoch = fleet_of("h100", 100_000, power={"server_multiplier": 1.82, "it_multiplier": 1.0, "design_pue": 1.14})
    epoch = epoch.model_copy(
        update={
            "accelerators": tuple(
                a.model_copy(update={"it_power_w": None}) if a.id == "h100" else a for a in epoch.accelerators
            )
        }
    )
    assert first_month(epoch, "facility_power_mw") == pytest.approx(700 * 100_000 * 1.82 * 1.14 / 1e6)


def test_abilene_400k_gb200_need_about_1_2_gw():
    facility = first_month(fleet_of("gb200", 400_000), "facility_power_mw")
    assert facility == pytest.approx(1170.0, rel=WITHIN)
    assert facility == pytest.approx(1200.0, rel=WITHIN)


def test_1_3_million_h100_need_1_6_gw_it_and_2_2_gw_facility():
    s = fleet_of("h100", 1_300_000)
    assert first_month(s, "it_power_mw") == pytest.approx(1600.0, rel=WITHIN)
    assert first_month(s, "facility_power_mw") == pytest.approx(2200.0, rel=WITHIN)
    # so Meta's "~1 GW in 2025" can only be capacity added, not the whole fleet
    assert first_month(s, "facility_power_mw") > 2 * 1000.0


def test_gb200_build_costs_27_to_29_billion_per_gw_of_facility():
    s = defaults(
        timeline={"start": "2025-04", "years": 1},
        capex={"by_year": {"2025": 10e9}, "ai_share": 1.0},
        mix={"shares_by_year": {"2025": {"gb200": 1.0}}},
        power={"deployment_lag_months": 0},
    )
    per_gw = simulate(s).calendar["capex_per_facility_mw_usd"][0][0] * 1e3 / 1e9  # $B per GW
    assert 27.0 * (1 - WITHIN) <= per_gw <= 29.0 * (1 + WITHIN)


def test_h100_fleet_costs_about_1_30_per_gpu_hour():
    """SemiAnalysis: hyperscaler TCO of an H100 ≈ $1.30 per GPU-hour."""
    s = defaults(
        mode="plan",
        timeline={"start": "2023-01", "years": 1},
        power={"deployment_lag_months": 0},
        purchases={"purchases": [{"month": "2023-01", "generation": "h100", "units": 100_000}]},
    )
    tco = simulate(s).calendar["tco_per_gpu_hour_usd"][0][0]
    assert tco == pytest.approx(1.30, rel=WITHIN)
