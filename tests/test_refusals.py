"""Every bad value refused in words, naming the field: non-finite numbers, numbers written as text,
booleans for numbers, keys given twice and JSON nested too deeply; shares not adding up to 1 are
scaled with a warning that says so."""

from __future__ import annotations

import json
import math

import pytest
from pydantic import ValidationError

from explorer.engine import simulate
from explorer.io.scenario_files import ScenarioFileError, load_scenario, parse_json, scenario_json
from explorer.model.errors import describe

NAN, INF = float("nan"), float("inf")


def problems_of(make_scenario, changes) -> list[str]:
    with pytest.raises(ValidationError) as err:
        make_scenario(changes)
    return describe(err.value)


def file_problems(tmp_path, text: str) -> ScenarioFileError:
    path = tmp_path / "bad.gwx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioFileError) as err:
        load_scenario(path)
    assert path.read_text(encoding="utf-8") == text  # never touched
    return err.value


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"mix.shares_by_year": {"2025": {"h100": NAN}}}, "mix.shares_by_year.2025.h100"),
        ({"mix.shares_by_year": {"2025": {"h100": INF}}}, "mix.shares_by_year.2025.h100"),
        ({"capex.monthly_profile": [NAN] + [1.0] * 11}, "capex.monthly_profile.0"),
        ({"capex.monthly_profile": [1.0] * 11 + [INF]}, "capex.monthly_profile.11"),
        ({"power.design_pue": {"low": 1.1, "base": NAN, "high": 1.5}}, "power.design_pue.base"),
        ({"capex.by_year": {"2025": -INF}}, "capex.by_year.2025"),
        ({"accelerators.0.h100e": NAN}, "accelerators.0.h100e"),
        ({"claim_tolerance": NAN}, "claim_tolerance"),
    ],
)
def test_nan_and_infinity_are_refused_naming_the_field(make_scenario, changes, field):
    found = problems_of(make_scenario, changes)
    assert any(p.startswith(f"{field}: must be a finite number") for p in found), found


def test_nan_written_in_a_file_is_refused_naming_the_field(tmp_path, make_scenario):
    text = scenario_json(make_scenario()).replace('"h100": 1.0', '"h100": NaN')
    err = file_problems(tmp_path, text)
    assert err.problems == ["mix.shares_by_year.2025.h100: must be a finite number"]


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"capex.by_year": {"2025": "6.25e10"}}, 'capex.by_year.2025: must be a number, not text (got "6.25e10")'),
        ({"timeline.years": True}, "timeline.years: must be a number, not true"),
        ({"power.design_pue": False}, "power.design_pue: must be a number, not false"),
        (
            {"power.design_pue": {"low": "1.1", "base": 1.2, "high": 1.5}},
            'power.design_pue.low: must be a number, not text (got "1.1")',
        ),
        (
            {"mix.shares_by_year": {"2025": {"h100": "1"}}},
            'mix.shares_by_year.2025.h100: must be a number, not text (got "1")',
        ),
        ({"capex.monthly_profile": [True] * 12}, "capex.monthly_profile.0: must be a number, not true"),
        ({"claim_tolerance": "0.1"}, 'claim_tolerance: must be a number, not text (got "0.1")'),
    ],
)
def test_text_and_booleans_where_numbers_belong_are_refused_naming_the_field(make_scenario, changes, expected):
    assert problems_of(make_scenario, changes) == [expected]


def test_numbers_still_accept_whole_numbers_for_floats_and_names_stay_text(make_scenario):
    scenario = make_scenario({"power.design_pue": 2, "name": "123"})
    assert scenario.power.design_pue == 2.0 and scenario.name == "123"


def test_a_key_given_twice_is_refused_naming_it(tmp_path, make_scenario):
    text = scenario_json(make_scenario()).replace('"design_pue": 1.4,', '"design_pue": 1.4,\n    "design_pue": 9,')
    err = file_problems(tmp_path, text)
    assert err.problems == ["power.design_pue: appears twice"]


def test_a_key_given_twice_inside_a_list_names_its_position():
    with pytest.raises(ScenarioFileError) as err:
        parse_json('{"sites": [{"name": "a"}, {"name": "b", "name": "c"}]}')
    assert err.value.problems == ["sites.1.name: appears twice"]


@pytest.mark.parametrize("text", ["[" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_nested_too_deeply_is_a_scenario_file_error(tmp_path, text):
    err = file_problems(tmp_path, text)
    assert "nested too deeply" in str(err)


def test_nesting_within_the_parser_but_not_the_model_is_refused_too(tmp_path, make_scenario):
    doc = json.loads(scenario_json(make_scenario()))
    deep: object = 1.0
    for _ in range(900):
        deep = [deep]
    doc["power"]["design_pue"] = deep
    err = file_problems(tmp_path, json.dumps(doc))
    assert err.problems and err.problems[0].startswith("power.design_pue")


def test_shares_not_adding_up_to_one_are_scaled_with_a_warning(make_scenario):
    results = simulate(
        make_scenario(
            {"mix.shares_by_year": {"2025": {"h100": 0.4, "a100": 0.4}, "2026": {"h100": 1 / 3, "a100": 2 / 3}}}
        )
    )
    found = [w for w in results.warnings if w.code == "shares_normalised"]
    assert [w.message for w in found] == ["Spend shares for 2025 add up to 0.8, not 1: each was divided by 0.8."]
    assert found[0].years == (2025,)
    exact = simulate(make_scenario({"mix.shares_by_year": {"2025": {"h100": 0.5, "a100": 0.5}}}))
    assert not [w for w in exact.warnings if w.code == "shares_normalised"]
    # scaled, not dropped: the same spend as shares that add up to 1
    halves = simulate(make_scenario({"mix.shares_by_year": {"2025": {"h100": 0.5, "a100": 0.5}}}))
    doubled = simulate(make_scenario({"mix.shares_by_year": {"2025": {"h100": 1.0, "a100": 1.0}}}))
    assert doubled.monthly["capex_total_usd"].sum() == pytest.approx(halves.monthly["capex_total_usd"].sum())


def test_a_claim_on_an_undefined_ratio_says_so_instead_of_showing_nan():
    from explorer.engine.claims import _reason, difference_pct
    from explorer.model.claims import Claim

    claim = Claim(
        id="density",
        metric="gpus_per_mw",
        period="2025",
        measure="end",
        comparison="about",
        stated={"low": 333, "base": 350, "high": 375},
    )
    assert difference_pct(claim, math.nan) is None
    reason = _reason(claim, math.nan, math.nan, math.nan, None, False, 0.1)
    assert "undefined" in reason and "nan" not in reason.lower()
