"""What the window shows, computed without Qt: field metadata, edit units, typed numbers, refused entries
in words and slider spans (explorer.model.fields and explorer.presentation)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from explorer.io.presets import load_preset
from explorer.model.fields import field_meta, input_path, keyed, row_key, walk
from explorer.model.ranges import Range
from explorer.model.scenario import CapexPlan, PowerChain, Site
from explorer.presentation.editing import humanize, natural_range
from explorer.presentation.units import edit_unit, metric_unit, parse_numbers


def test_field_meta_reads_kind_unit_and_bounds_from_the_declaration():
    pue = field_meta("design_pue", PowerChain.model_fields["design_pue"])
    assert (pue.kind, pue.unit, pue.minimum, pue.maximum, pue.soft_maximum) == ("uncertain", "×", 1, 3, 2)
    assert pue.title == "Design (peak) PUE" and pue.numeric
    allocation = field_meta("allocation", PowerChain.model_fields["allocation"])
    assert allocation.kind == "choice" and allocation.choices == ("installed_first", "newest_first")
    capacity = field_meta("capacity_mw", Site.model_fields["capacity_mw"])
    assert capacity.minimum is None and capacity.exclusive_minimum == 0 and capacity.lower == 0
    assert field_meta("construction_start", Site.model_fields["construction_start"]).kind == "month"
    assert field_meta("name", Site.model_fields["name"]).max_length == 80
    assert field_meta("by_year", CapexPlan.model_fields["by_year"]).kind == "other"  # a table of its own


def test_row_key_is_the_id_else_the_name_else_the_index():
    assert row_key({"id": "h100", "name": "H100"}, 3) == "h100"
    assert row_key({"name": "Hyperion"}, 3) == "Hyperion"
    assert row_key({"generation": "h100"}, 3) == "3"
    assert keyed([{"id": "a"}, {}]) == [("a", {"id": "a"}), ("1", {})]
    assert input_path("facilities.sites", "Hyperion", "capacity_mw") == "facilities.sites.Hyperion.capacity_mw"


def test_walk_names_items_by_their_key_and_finds_every_range():
    scenario = load_preset("stargate")
    leaves = {leaf.path: leaf for leaf in walk(scenario)}
    site = scenario.facilities.sites[0]
    leaf = leaves[f"facilities.sites.{site.name}.capacity_mw"]
    assert leaf.value == site.capacity_mw and leaf.meta is not None and leaf.meta.unit == "MW"
    assert leaves["power.design_pue"].meta.title == "Design (peak) PUE"
    assert any(isinstance(leaf.value, Range) for leaf in leaves.values())
    assert not any(path.startswith("facilities.sites.0.") for path in leaves)  # sites go by their names


def test_edit_units_show_budgets_in_billions_and_fractions_in_percent():
    budget = edit_unit("USD", maximum=2e12)
    assert budget.suffix == "$B" and budget.to_stored(70) == 70e9 and budget.text(62.5e9) == "62.5"
    assert edit_unit("USD", maximum=1e6).suffix == "$"  # prices: whole dollars
    share = edit_unit("fraction")
    assert share.suffix == "%" and share.to_display(0.125) == pytest.approx(12.5)
    assert edit_unit("furlongs").suffix == "furlongs"  # an unknown unit is shown as declared
    assert metric_unit("capex_total_usd", "total").suffix == "$B"
    assert metric_unit("capex_total_usd", "growth").suffix == "×"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("62.5", [62.5]),
        ("1,200", [1200.0]),
        ("60 – 62.5 – 65", [60.0, 62.5, 65.0]),
        ("60-65", [60.0, 65.0]),
        ("-3", [-3.0]),
        ("1..2", [1.0, 2.0]),
    ],
)
def test_parse_numbers_reads_a_number_or_a_range(text, numbers):
    assert parse_numbers(text) == numbers


@pytest.mark.parametrize("text", ["", "abc", "1 – 2 – 3 – 4"])
def test_parse_numbers_refuses_in_words(text):
    with pytest.raises(ValueError, match="must be a number or a range"):
        parse_numbers(text)


def test_humanize_drops_the_fields_own_path_and_shows_numbers_in_the_unit_edited():
    budget = edit_unit("USD", maximum=2e12)
    assert (
        humanize("capex.by_year.2025: must be ≥ 0 (got -5e+09)", "capex.by_year.2025", budget)
        == "must be ≥ 0 $B (got -5 $B)"
    )
    assert humanize("capex.by_year.2025.low: must be ≤ 2e+12", "capex.by_year.2025") == "low: must be ≤ 2e+12"
    assert humanize("power.design_pue: must be ≥ 1", "capex") == "power.design_pue: must be ≥ 1"
    assert humanize("first; second", "x") == "first\nsecond"


def test_natural_range_runs_from_the_lower_bound_to_the_soft_maximum():
    pue = field_meta("design_pue", PowerChain.model_fields["design_pue"])
    assert natural_range(pue, edit_unit(pue.unit, pue.maximum)) == (1, 2)
    load = field_meta("load_factor", PowerChain.model_fields["load_factor"])
    assert natural_range(load, edit_unit(load.unit, load.maximum)) == (0, 100)  # percent, up to the maximum
    name = field_meta("name", Site.model_fields["name"])
    assert natural_range(name, edit_unit(name.unit)) is None  # no lower bound: no slider


def test_the_presentation_helpers_never_import_qt():
    code = (
        "import sys, explorer.presentation.editing, explorer.presentation.labels, "
        "explorer.presentation.sampling, explorer.presentation.view; "
        "print(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
