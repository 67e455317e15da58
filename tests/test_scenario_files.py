"""Scenario files: round trips, backups, clear errors that never touch the file, crash-safe saves,
migrations and the published JSON Schema."""

import json
from pathlib import Path

import jsonschema
import pytest

from explorer import simulate
from explorer.io.presets import load_preset, preset_ids
from explorer.io.scenario_files import (
    MAX_BYTES,
    ScenarioFileError,
    json_schema,
    load_scenario,
    save_scenario,
    scenario_document,
    scenario_json,
)
from explorer.model import FORMAT, SCHEMA_VERSION, Range


@pytest.fixture
def saved(tmp_path, make_scenario):
    path = tmp_path / "plan.gwx"
    scenario = make_scenario()
    save_scenario(scenario, path)
    return path, scenario


def test_round_trip_of_a_preset_keeps_every_input(tmp_path):
    scenario = load_preset("meta-2025-guidance")
    path = save_scenario(scenario, tmp_path / "meta.gwx")
    assert load_scenario(path) == scenario
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT and doc["schema_version"] == SCHEMA_VERSION


def test_round_trip_of_ranges_and_sites(tmp_path, make_scenario):
    site = {
        "name": "Campus",
        "capacity_mw": {"low": 80, "base": 100, "high": 150, "dist": "pert"},
        "construction_start": "2025-03",
    }
    scenario = make_scenario(
        {"power.design_pue": {"low": 1.1, "base": 1.2, "high": 1.4, "dist": "uniform"}},
        facilities={"mode": "sites", "sites": [site]},
    )
    assert load_scenario(save_scenario(scenario, tmp_path / "s.gwx")) == scenario


def test_saving_again_keeps_the_previous_version_as_bak(saved, make_scenario):
    path, first = saved
    before = path.read_bytes()
    second = make_scenario({"power.design_pue": 1.2})
    save_scenario(second, path)
    backup = path.with_name("plan.gwx.bak")
    assert backup.read_bytes() == before
    assert load_scenario(backup) == first
    assert load_scenario(path) == second
    assert sorted(p.name for p in path.parent.iterdir()) == ["plan.gwx", "plan.gwx.bak"]  # no temporary left


def write_bytes(path: Path, data: bytes) -> bytes:
    path.write_bytes(data)
    return data


def document(scenario, **changes) -> dict:
    doc = scenario_document(scenario)
    doc.update(changes)
    return doc


BAD_FILES = {
    "corrupt-json": (
        lambda s: b'{"format": "gigawatt-explorer-scenario", "schema_version": 1, "name": ',
        "is damaged: not valid JSON (line 1",
    ),
    "not-utf8": (lambda s: b"\xff\xfe\x00binary\x81garbage", "not UTF-8"),
    "wrong-format": (
        lambda s: json.dumps(document(s, format="something-else")).encode(),
        "is not a Gigawatt Explorer scenario",
    ),
    "newer-version": (
        lambda s: json.dumps(document(s, schema_version=SCHEMA_VERSION + 1)).encode(),
        f"written by a newer Gigawatt Explorer (schema {SCHEMA_VERSION + 1}",
    ),
    "not-an-object": (lambda s: b"[1, 2, 3]", "holds JSON but not an object"),
    "no-version": (lambda s: json.dumps({"format": FORMAT}).encode(), "has no valid 'schema_version'"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_unusable_file_gives_a_clear_error_and_stays_untouched(tmp_path, make_scenario, kind):
    make, expected = BAD_FILES[kind]
    path = tmp_path / "bad.gwx"
    data = write_bytes(path, make(make_scenario()))
    with pytest.raises(ScenarioFileError) as err:
        load_scenario(path)
    assert expected in str(err.value)
    assert str(path) in str(err.value)
    assert "Traceback" not in str(err.value)
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["bad.gwx"]


def test_wrong_typed_field_names_its_path(tmp_path, make_scenario):
    doc = document(make_scenario())
    doc["power"]["design_pue"] = "very high"
    doc["capex"]["by_year"]["2025"] = {"low": 70e9, "base": 62.5e9, "high": 75e9}
    path = tmp_path / "typo.gwx"
    data = write_bytes(path, json.dumps(doc).encode())
    with pytest.raises(ScenarioFileError) as err:
        load_scenario(path)
    assert err.value.problems == [
        "capex.by_year.2025.low: must be ≤ base (6.25e+10)",
        'power.design_pue: must be a number, not text (got "very high")',
    ]
    assert "has invalid values" in str(err.value)
    assert path.read_bytes() == data


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.gwx"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no need to write 20 MB
    with pytest.raises(ScenarioFileError, match="is too large to be a scenario"):
        load_scenario(path)
    assert path.stat().st_size == MAX_BYTES + 1


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioFileError, match="does not exist"):
        load_scenario(tmp_path / "nowhere.gwx")


def schema_1_document(scenario, pue=1.25, site_cost=9e6) -> dict:
    """A schema-1 file: one PUE, facility cost per MW of facility capacity."""
    doc = document(scenario, schema_version=1)
    for key in ("design_pue", "annual_pue", "allocation"):
        doc["power"].pop(key)
    doc["power"]["pue"] = pue
    doc["facilities"].pop("cost_per_mw_it_usd")
    doc["facilities"]["cost_per_mw_usd"] = 10e6
    for site in doc["facilities"]["sites"]:
        for key in ("cost_per_mw_it_usd", "lease_usd_per_mw_it_year", "carbon_intensity_kg_per_mwh"):
            site.pop(key)
        site["cost_per_mw_usd"] = site_cost
    doc["capex"].pop("quarters")
    doc["operations"].pop("opening_depreciation_usd_per_year")
    for acc in doc["accelerators"]:
        acc.pop("it_power_w")
    return doc


def test_schema_0_file_is_migrated(tmp_path, make_scenario):
    doc = schema_1_document(make_scenario())
    doc["schema_version"] = 0
    doc["power_chain"] = doc.pop("power")
    path = tmp_path / "old.gwx"
    data = write_bytes(path, json.dumps(doc).encode())
    scenario = load_scenario(path)
    assert scenario.power.design_pue == 1.25
    assert path.read_bytes() == data  # migrating on load does not rewrite the file


def test_schema_1_pue_and_costs_per_facility_mw_migrate_to_design_annual_pue_and_cost_per_mw_of_it(
    tmp_path, make_scenario
):
    site = {"name": "North", "capacity_mw": 300.0, "construction_start": "2025-01"}
    old = make_scenario(facilities={"mode": "sites", "sites": [site]})
    doc = schema_1_document(
        old, pue={"low": 1.1, "base": 1.25, "high": 1.4}, site_cost={"low": 8e6, "base": 9e6, "high": 12e6}
    )
    path = tmp_path / "v1.gwx"
    write_bytes(path, json.dumps(doc).encode())
    scenario = load_scenario(path)
    assert scenario.power.design_pue == scenario.power.annual_pue == Range(low=1.1, base=1.25, high=1.4)
    assert scenario.facilities.cost_per_mw_it_usd == pytest.approx(10e6 * 1.25)
    cost = scenario.facilities.sites[0].cost_per_mw_it_usd
    assert (cost.low, cost.base, cost.high) == pytest.approx((8e6 * 1.25, 9e6 * 1.25, 12e6 * 1.25))
    # a site costs what it did: capacity ÷ design PUE × cost per MW of IT = capacity × cost per MW of facility
    spent = simulate(scenario).monthly["capex_facility_usd"][0].sum()
    assert spent == pytest.approx(300.0 * 9e6)


def test_schema_1_file_is_migrated(tmp_path, make_scenario):
    """Schema 1 claims had no direction and sources were plain text: claims become 'about', as they were
    judged; a note that says 'Assumption:' is graded so, any other 'unknown' (never a silent guess)."""
    doc = document(make_scenario(), schema_version=1)
    doc["claims"] = [
        {
            "id": "gpus",
            "metric": "gpus_installed",
            "period": "2025",
            "measure": "end",
            "stated": 1.3e6,
            "source": "Meta",
        }
    ]
    doc["input_sources"] = {"power.pue": "Assumption: new builds at 1.2", "capex.by_year.2025": "Meta guidance"}
    doc["facilities"]["sites"] = [
        {
            "name": "Campus",
            "capacity_mw": 100.0,
            "construction_start": "2024-01",
            "sources": {"capacity_mw": "Announcement"},
        }
    ]
    for accelerator in doc["accelerators"]:
        accelerator["sources"] = {"tdp_w": "Datasheet", "unit_price_usd": "Assumption: list price"}
    path = tmp_path / "v1.gwx"
    data = write_bytes(path, json.dumps(doc).encode())
    scenario = load_scenario(path)
    assert scenario.claims[0].comparison == "about"
    notes = scenario.input_sources
    assert (notes["power.design_pue"].text, notes["power.design_pue"].confidence) == (
        "Assumption: new builds at 1.2",
        "assumption",
    )  # the PUE's note follows it to both PUEs
    assert notes["power.annual_pue"] == notes["power.design_pue"]
    assert notes["capex.by_year.2025"].confidence == "unknown"
    assert scenario.facilities.sites[0].sources["capacity_mw"].confidence == "unknown"
    h100 = scenario.accelerator("h100")
    assert (h100.sources["tdp_w"].confidence, h100.sources["unit_price_usd"].confidence) == ("unknown", "assumption")
    assert path.read_bytes() == data
    assert scenario_document(scenario)["input_sources"]["power.design_pue"] == {
        "text": "Assumption: new builds at 1.2",
        "confidence": "assumption",
    }  # saved as schema 2


@pytest.mark.parametrize("preset_id", preset_ids())
def test_published_schema_validates_presets(preset_id):
    jsonschema.Draft202012Validator.check_schema(json_schema())
    doc = json.loads(scenario_json(load_preset(preset_id)))
    jsonschema.validate(doc, json_schema())


def test_published_schema_rejects_a_wrong_type(make_scenario):
    doc = json.loads(scenario_json(make_scenario()))
    doc["timeline"]["years"] = "six"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema())
