"""The one number format: what every view, table, report and export shows."""

import math

import pytest

from explorer.engine.claims import ClaimCheck
from explorer.formatting import (
    claim_model_text,
    claim_stated_text,
    format_land_area,
    format_number,
    format_percent,
    format_quantity,
    format_range,
    format_ratio,
    format_series_range,
    format_series_value,
    input_title,
    series_heading,
    split_quantity,
)
from explorer.io.exports import input_rows
from explorer.io.presets import load_preset
from explorer.model.claims import Claim
from explorer.series import SERIES


@pytest.mark.parametrize(
    "value, text",
    [
        (62.5, "62.5"),
        (1.98, "1.98"),
        (0.289, "0.289"),
        (1234.4, "1,234"),
        (3_823_000, "3,823,000"),
        (1.0, "1.00"),
        (0.09996, "0.100"),
        (999.6, "1,000"),
        (0.0041234, "0.00412"),
        (0, "0"),
        (-0.0, "0"),
        (-0.0004, "-0.000400"),
        (-1e-12, "0"),  # below what nine decimals show: zero, and zero is never negative
    ],
)
def test_numbers_have_three_significant_figures_and_thousands_separators(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
def test_a_value_that_is_not_defined_reads_as_a_dash(value):
    assert format_number(value) == "–"
    assert format_series_value("capex_total_usd", value) == "–"
    assert format_quantity(value, "GW") == "–"


def test_no_negative_zero_anywhere():
    for value in (-0.0, -1e-10, -4e-11):
        assert format_number(value) == "0"
    assert format_percent(-0.04, signed=True) == "0 %"
    assert format_series_value("capex_total_usd", -0.0) == "$0B"


def test_series_values_carry_their_display_unit():
    assert format_series_value("capex_total_usd", 62.5e9) == "$62.5B"
    assert format_series_value("gpus_installed", 1.234e6) == "1.23 M GPUs"
    assert format_series_value("facility_power_mw", 2980.0) == "2.98 GW"
    assert format_series_value("manhattans", 0.0041) == "0.00410 Manhattans"
    assert format_series_value("capex_per_gpu_usd", 45_000) == "$45.0k/GPU"


def test_a_figure_moves_to_the_unit_it_reads_best_in():
    assert format_series_value("gpus_installed", 100_000) == "100 k GPUs"  # not "0.1 M GPUs"
    assert format_series_value("peak_bf16_flops", 1e22) == "10.0 ZFLOP/s"  # not "10,000 EFLOP/s"
    assert format_series_value("capex_total_usd", 1.2e12) == "$1.20T"
    assert format_series_value("capex_total_usd", 4.5e8) == "$450M"
    assert split_quantity(0.25, "M GPUs") == ("250", "k GPUs")


def test_ranges_write_the_unit_once_in_the_unit_of_the_larger_end():
    assert format_series_range("capex_total_usd", 60e9, 65e9) == "$60.0–65.0B"
    assert format_range(1.2, 1.4, "M GPUs") == "1.20–1.40 M GPUs"
    assert format_range(0.5, 2.0, "M GPUs") == "0.500–2.00 M GPUs"
    assert format_range(0.2, 0.4, "M GPUs") == "200–400 k GPUs"
    assert format_range(None, 1.0, "GW") == "–"


def test_land_reads_in_acres_and_square_kilometres():
    assert format_land_area(14_611) == "14,611 acres · 59.1 km²"
    assert format_land_area(None) == "– · –"


def test_ratios_percentages_and_headings():
    assert format_ratio(1.25) == "×1.25"
    assert format_percent(3.24, signed=True) == "+3.2 %"
    assert format_percent(-12.0, signed=True) == "-12.0 %"
    assert series_heading("facility_power_mw") == "Facility power demand (GW; facility, stock)"


def test_every_series_formats_a_typical_value_without_exponents():
    for name, spec in SERIES.items():
        text = format_series_value(name, 1234.5 / spec.display_scale)
        assert "e+" not in text and "e-" not in text and text != "–", name


def _check(metric, stated, model=None, low=None, high=None, measure="total", comparison="about"):
    claim = Claim(id="c", metric=metric, period="2025", stated=stated, measure=measure, comparison=comparison)
    low = model if low is None else low
    return ClaimCheck(claim, model, low, model if high is None else high, None, "consistent", 0.1)


def test_claims_read_their_statement_and_model_spread():
    check = _check(
        "capex_total_usd", {"low": 60e9, "base": 62.5e9, "high": 65e9}, 63.1e9, 58e9, 71e9, comparison="between"
    )
    assert claim_stated_text(check) == "between $60.0–65.0B"
    assert claim_model_text(check) == "$63.1B (P10–P90 $58.0–71.0B)"
    growth = _check("capex_total_usd", 1.5, 1.42, measure="growth")
    assert claim_stated_text(growth) == "about ×1.50" and claim_model_text(growth) == "×1.42"
    assert claim_stated_text(_check("gpus_installed", 1.3e6, comparison="at_least")) == "at least 1.30 M GPUs"
    assert claim_model_text(_check("gpus_installed", 1e6)) == "–"


def test_inputs_are_named_by_their_titles_never_by_dotted_paths():
    scenario = load_preset("meta-2025-guidance")
    rows = input_rows(scenario)
    titled = [input_title(scenario, row["path"]) for row in rows]
    assert all(title != row["path"] for title, row in zip(titled, rows)), [
        row["path"] for title, row in zip(titled, rows) if title == row["path"]
    ]
    assert input_title(scenario, "capex.by_year.2025").endswith("· 2025")
    flops = next(row["path"] for row in rows if row["path"].endswith("bf16_flops"))
    assert "·" in input_title(scenario, flops) and "." not in input_title(scenario, flops).split("·")[0]
