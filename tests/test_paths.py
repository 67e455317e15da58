"""Edits by dotted path: a rejected edit names the full path from the scenario, whatever section
it lands in, and an accepted edit leaves every other section as it was."""

import pytest
from pydantic import ValidationError

from explorer.model import describe, get_path, set_path


def rejected(scenario, path, value) -> list[str]:
    with pytest.raises(ValidationError) as err:
        set_path(scenario, path, value)
    return describe(err.value)


def test_a_bad_range_bound_names_the_full_path(make_scenario):
    s = make_scenario({"capex.by_year.2025": {"low": 10e9, "base": 12e9, "high": 13e9}})
    assert rejected(s, "capex.by_year.2025.low", 20e9) == ["capex.by_year.2025.low: must be ≤ base (1.2e+10)"]


def test_an_accelerator_edit_by_id_names_its_place_in_the_catalog(make_scenario):
    assert rejected(make_scenario(), "accelerators.b200.tdp_w", -5.0) == ["accelerators.2.tdp_w: must be > 0 (got -5)"]


def test_a_rule_across_sections_still_applies_to_an_edit(make_scenario):
    s = make_scenario({"starting_point.fleet": [{"generation": "h100", "count": 1000}]})
    assert rejected(s, "starting_point.fleet.0.generation", "tpu") == [
        "starting_point.fleet.0.generation: 'tpu' is not in the accelerator catalog"
    ]
    assert rejected(s, "mix.shares_by_year.2025", {"h200": 1.0}) == [
        "mix.shares_by_year.2025.h200: 'h200' is not in the accelerator catalog"
    ]


def test_an_unknown_field_is_named_and_a_bad_path_is_a_key_error(make_scenario):
    s = make_scenario()
    assert rejected(s, "power.bogus", 1.0) == ["power.bogus: is not a known field"]
    with pytest.raises(KeyError, match=r"no input at 'power\.bogus\.deeper'"):
        set_path(s, "power.bogus.deeper", 1.0)
    with pytest.raises(KeyError, match=r"no input at 'accelerators\.tpu\.tdp_w'"):
        set_path(s, "accelerators.tpu.tdp_w", 1.0)


def test_an_edit_changes_only_its_value(make_scenario):
    s = make_scenario()
    t = set_path(s, "power.design_pue", 1.2)
    assert get_path(t, "power.design_pue") == 1.2 and get_path(s, "power.design_pue") == 1.4
    assert t.model_dump() == {**s.model_dump(), "power": {**s.power.model_dump(), "design_pue": 1.2}}
    # sections off the path are the same validated objects, not copies
    assert t.capex is s.capex and t.accelerators[0] is s.accelerators[0]


def test_an_edited_text_replaces_its_translations_and_only_that_text():
    from explorer.formatting import claim_text, translated
    from explorer.i18n import in_language
    from explorer.io.presets import load_preset

    meta = load_preset("meta-2025-guidance")
    renamed = set_path(meta, "name", "Meta, my edit")
    with in_language("fr"):
        assert translated(meta, "name").startswith("Meta 2025, prévisions")
        assert translated(renamed, "name") == "Meta, my edit"  # never the stale French name
        assert translated(renamed, "description").startswith("Le plan de Meta")  # untouched text keeps its French
        reworded = set_path(meta, "claims.0.text", "Capex of $60–65B")
        assert claim_text(reworded.claims[0]) == "Capex of $60–65B" and reworded.claims[0].translations == ()
    assert set_path(meta, "name", meta.name) == meta  # setting the same text drops nothing
