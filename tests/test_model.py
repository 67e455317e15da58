"""The scenario model: validation messages name the field path and the rule; paths, ranges and the
metadata that forms are generated from."""

import pytest
from pydantic import ValidationError

from explorer.model import PowerChain, Range, describe, get_path, set_path, uncertain_inputs


def problems_of(make_scenario, changes=None, **sections) -> list[str]:
    with pytest.raises(ValidationError) as err:
        make_scenario(changes, **sections)
    return describe(err.value)


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"capex.by_year": {"2025": {"low": 70e9, "base": 62.5e9, "high": 65e9}}},
            "capex.by_year.2025.low: must be ≤ base (6.25e+10)",
        ),
        (
            {"capex.by_year": {"2025": {"low": 60e9, "base": 62.5e9, "high": 61e9}}},
            "capex.by_year.2025.high: must be ≥ base (6.25e+10)",
        ),
        ({"power.design_pue": 0.5}, "power.design_pue: must be ≥ 1 (got 0.5)"),
        ({"power.design_pue": {"low": 0.9, "base": 1.2, "high": 1.4}}, "power.design_pue.low: must be ≥ 1 (got 0.9)"),
        ({"capex.by_year": {"2025": -1}}, "capex.by_year.2025: must be ≥ 0 (got -1)"),
        ({"accelerators.0.tdp_w": 0}, "accelerators.0.tdp_w: must be > 0 (got 0)"),
        ({"capex.ai_share": 1.5}, "capex.ai_share: must be ≤ 1 (got 1.5)"),
        (
            {"mix.shares_by_year": {"2025": {"h999": 1.0}}},
            "mix.shares_by_year.2025.h999: 'h999' is not in the accelerator catalog",
        ),
        (
            {"starting_point.fleet": [{"generation": "zz", "count": 1}]},
            "starting_point.fleet.0.generation: 'zz' is not in the accelerator catalog",
        ),
        ({"timeline.start": "2025-13"}, "timeline.start: must be a month written YYYY-MM (e.g. 2025-01)"),
        ({"timeline.start": "Jan 2025"}, "timeline.start: must be a month written YYYY-MM (e.g. 2025-01)"),
        ({"power.design_pue": "high"}, 'power.design_pue: must be a number, not text (got "high")'),
        ({"capex.by_year": {"1900": 1e9}}, "capex.by_year.1900: years must lie between 1990 and 2100 (got 1900)"),
        ({"power.turbo": 2}, "power.turbo: is not a known field"),
        (
            {"capex.by_year": {}},
            "capex.by_year: budget mode needs capex for at least one year (a yearly value or all four quarters)",
        ),
    ],
)
def test_validation_names_the_path_and_the_rule(make_scenario, changes, expected):
    assert problems_of(make_scenario, changes) == [expected]


def test_every_problem_is_reported(make_scenario):
    lines = problems_of(make_scenario, {"power.design_pue": 0.5, "power.load_factor": 2.0})
    assert lines == ["power.design_pue: must be ≥ 1 (got 0.5)", "power.load_factor: must be ≤ 1 (got 2)"]


def test_duplicate_site_names_are_refused(make_scenario):
    site = {"name": "A", "capacity_mw": 10, "construction_start": "2025-01"}
    assert problems_of(make_scenario, facilities={"mode": "sites", "sites": [site, site]}) == [
        "facilities.sites: site names must be unique"
    ]


def test_scenarios_are_frozen(make_scenario):
    s = make_scenario()
    with pytest.raises(ValidationError):
        s.power.design_pue = 2.0


def test_set_path_builds_a_new_validated_scenario(make_scenario):
    s = make_scenario()
    t = set_path(s, "capex.by_year.2025", {"low": 10e9, "base": 12e9, "high": 13e9})
    assert get_path(t, "capex.by_year.2025") == Range(low=10e9, base=12e9, high=13e9)
    assert get_path(s, "capex.by_year.2025") == 12e9  # the original is untouched
    assert get_path(set_path(s, "accelerators.h100.tdp_w", 800.0), "accelerators.0.tdp_w") == 800.0
    with pytest.raises(ValidationError):
        set_path(s, "power.design_pue", 0.2)
    with pytest.raises(KeyError, match=r"no input at 'power\.nothing'"):
        get_path(s, "power.nothing")


def test_uncertain_inputs_lists_every_range(make_scenario):
    s = make_scenario(
        {
            "power.design_pue": {"low": 1.1, "base": 1.2, "high": 1.4},
            "accelerators.0.tdp_w": {"low": 650, "base": 700, "high": 750},
        }
    )
    assert dict(uncertain_inputs(s)) == {
        "accelerators.h100.tdp_w": Range(low=650, base=700, high=750),
        "power.design_pue": Range(low=1.1, base=1.2, high=1.4),
    }


def test_fields_carry_unit_bounds_and_help_for_forms():
    field = PowerChain.model_fields["design_pue"]
    assert field.title == "Design (peak) PUE"
    assert field.json_schema_extra == {"unit": "×", "minimum": 1, "maximum": 3, "softMaximum": 2}
    assert "Epoch" in field.description
