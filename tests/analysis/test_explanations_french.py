"""Goal-seek and compare explain themselves in the reader's language, numbers the reader's way; files
keep the English."""

from __future__ import annotations

import pytest

from explorer.analysis.compare import group_text, waterfall
from explorer.analysis.goal_seek import solve
from explorer.analysis.metrics import describe
from explorer.formatting import choice_text, choice_value
from explorer.i18n import in_language
from explorer.io.presets import load_preset

NNBSP = "\u202f"


def test_an_unreachable_target_is_explained_in_french_with_french_numbers(make_scenario):
    scenario = make_scenario({"capex.by_year": {"2025": 80e9}})
    solution = solve(scenario, "power.design_pue", "facility_power_mw", 2025, 10_000.0)
    english = solution.reason
    assert english.startswith("no value of Design (peak) PUE") and "1 … 3" in english
    with in_language("fr"):
        french = solution.reason
        assert french.startswith("aucune valeur de PUE de conception")
        assert f"ne donne 10,0\u00a0GW{NNBSP}: Demande électrique des installations" in french
        assert " va de " in french and " fin 2025 " in french
        assert solution.as_dict()["reason"] == english  # JSON says the same whatever the language


def test_an_output_that_does_not_move_says_so_in_french():
    solution = solve(
        load_preset("meta-2025-guidance"), "accelerators.h100.unit_price_usd", "gpus_installed", 2025, 1.3e6
    )
    with in_language("fr"):
        assert "ne dépend pas de " in solution.reason and "(accelerators.h100.unit_price_usd)" in solution.reason
        assert f"{NNBSP}: il reste à " in solution.reason and "M de GPU" in solution.reason


@pytest.mark.parametrize(
    "measure, english, french",
    [
        (None, "Facility power demand (facility, stock) at end of 2026", "(installation, stock) fin 2026"),
        ("added", "(facility, stock) added in 2026", "ajouté en 2026"),
        ("peak", "peak month of 2026", "mois de pointe de 2026"),
    ],
)
def test_what_an_output_reads_follows_the_language(measure, english, french):
    assert english in describe("facility_power_mw", 2026, "calendar", measure)
    with in_language("fr"):
        assert french in describe("facility_power_mw", 2026, "calendar", measure)


def test_waterfall_groups_read_in_french_and_keep_their_english_names_in_files():
    a, b = load_preset("meta-2025-guidance"), load_preset("meta-2025-consensus")
    fall = waterfall(a, b, "capex_total_usd", 2025)
    assert fall.steps[0][0] == "capex plan"
    with in_language("fr"):
        assert group_text("capex plan") == "plan de capex"
        assert group_text("capex plan + power chain") == "plan de capex + chaîne électrique"
        with pytest.raises(ValueError, match=f"groupe inconnu nowhere{NNBSP}; choisissez parmi{NNBSP}: timeline"):
            waterfall(a, b, "capex_total_usd", 2025, order=["nowhere"])
        assert fall.as_dict()["steps"][0]["group"] == "capex plan"


def test_choices_read_in_the_language_and_read_back():
    assert choice_text("auto") == "Auto" and choice_text("at_least") == "At least"
    assert choice_text("gpus_purchased") == "GPUs bought"
    with in_language("fr"):
        assert choice_text("auto") == "Automatique" and choice_text("triangular") == "Triangulaire"
        assert choice_value("Triangulaire", ("uniform", "triangular")) == "triangular"
        assert choice_value("uniform", ("uniform", "triangular")) == "uniform"  # the file's word works too
        with pytest.raises(ValueError, match="doit être l’un de"):
            choice_value("Normale", ("uniform", "triangular"))
