"""The bundled presets: each loads, says where every number comes from, carries its claims, and runs."""

import json

import numpy as np
import pytest

from explorer import simulate
from explorer.engine.claims import check_claims
from explorer.io.presets import load_preset, preset_ids
from explorer.model.paths import get_path
from explorer.resources import resource
from explorer.series import SERIES

EXPECTED = {
    "meta-2025-guidance",
    "meta-2025-actual",
    "meta-2025-consensus",
    "microsoft-fy2025",
    "stargate",
    "xai-colossus",
    "alphabet-2025",
    "amazon-2025",
    "oracle-fy2026",
    "coreweave-2024",
}
# Top-level keys that describe the preset rather than set a model input.
NOT_INPUTS = {
    "format",
    "schema_version",
    "name",
    "organisation",
    "description",
    "translations",
    "currency",
    "sources",
    "input_sources",
    "claims",
    "claim_tolerance",
}


def preset_document(preset_id: str) -> dict:
    return json.loads(resource("presets", f"{preset_id}.gwx").read_text(encoding="utf-8"))


def set_inputs(node, path: tuple[str, ...] = ()):
    """Dotted paths of every value the preset file sets; a range counts as one value, sites go by name."""
    if isinstance(node, dict) and not {"low", "base", "high"} <= node.keys():
        for key, value in node.items():
            if not path and key in NOT_INPUTS:
                continue
            yield from set_inputs(value, (*path, str(key)))
    elif isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        for i, item in enumerate(node):
            yield from set_inputs(item, (*path, str(item.get("name", i))))
    else:
        yield path


def is_sourced(path: tuple[str, ...], input_sources: dict[str, str]) -> bool:
    keys = {tuple(key.split(".")) for key in input_sources}
    return any(path[:n] in keys for n in range(1, len(path) + 1))


def test_every_bundled_preset_ships():
    assert set(preset_ids()) >= EXPECTED


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
def test_preset_has_identity_sources_and_claims(preset_id):
    scenario = load_preset(preset_id)
    assert scenario.name.strip() and scenario.organisation.strip()
    assert scenario.sources and all(s.title and s.publisher and s.date for s in scenario.sources)
    assert scenario.claims
    for claim in scenario.claims:
        assert claim.metric in SERIES
        assert claim.source and claim.text


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
def test_every_set_input_names_its_source(preset_id):
    doc = preset_document(preset_id)
    notes = doc["input_sources"]
    unsourced = [".".join(p) for p in set_inputs(doc) if not is_sourced(p, notes)]
    assert unsourced == []
    assert all(len(note["text"]) > 20 for note in notes.values())


GRADES = {"stated", "reported", "estimate", "assumption"}


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
def test_every_source_of_a_preset_is_graded_by_hand(preset_id):
    """Each note in the file says how far to trust it; none is left to a default or to 'unknown'."""
    doc = preset_document(preset_id)
    ungraded = [s["title"] for s in doc["sources"] if s.get("confidence") not in GRADES]
    ungraded += [
        key
        for key, note in doc["input_sources"].items()
        if not isinstance(note, dict) or note.get("confidence") not in GRADES
    ]
    for site in doc.get("facilities", {}).get("sites", []):
        ungraded += [
            f"{site['name']}.{k}"
            for k, note in site.get("sources", {}).items()
            if not isinstance(note, dict) or note.get("confidence") not in GRADES
        ]
    assert ungraded == []


def test_every_catalog_source_is_graded_by_hand():
    doc = json.loads(resource("catalog.json").read_text(encoding="utf-8"))
    ungraded = [
        f"{a['id']}.{key}"
        for a in doc["accelerators"]
        for key, note in a["sources"].items()
        if not isinstance(note, dict) or note.get("confidence") not in GRADES
    ]
    assert ungraded == []
    # the grade follows the note: a datasheet is the vendor's word, an assumption says so
    notes = [note for a in doc["accelerators"] for note in a["sources"].values()]
    assert all(n["confidence"] == "stated" for n in notes if n["text"].startswith("NVIDIA datasheet"))
    assert all(n["confidence"] == "assumption" for n in notes if n["text"].startswith("Assumption"))


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
def test_input_sources_point_at_real_inputs(preset_id):
    scenario = load_preset(preset_id)
    for path in scenario.input_sources:
        get_path(scenario, path)  # raises KeyError on a misspelt path


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
@pytest.mark.parametrize("samples", [1, 200])
def test_simulation_is_finite_and_claims_are_on_the_timeline(preset_id, samples):
    scenario = load_preset(preset_id)
    results = simulate(scenario, samples=samples, seed=3)
    for name, values in results.monthly.items():
        assert values.shape[0] == samples
        spec = SERIES.get(name)
        if spec is not None and spec.kind == "ratio":  # NaN only where the ratio is not defined
            values = values[~np.isnan(values)]
        assert np.isfinite(values).all(), name
    for check in check_claims(scenario.claims, results, scenario.claim_tolerance):
        assert check.verdict in ("consistent", "inconsistent"), check.claim.id  # none partial or off the grid
        assert np.isfinite(check.model) and check.reason


def test_meta_guidance_claims_table_has_the_articles_gpus_and_gigawatt():
    scenario = load_preset("meta-2025-guidance")
    checks = {c.claim.id: c for c in check_claims(scenario.claims, simulate(scenario), scenario.claim_tolerance)}
    gpus, online = checks["meta-gpus-2025"], checks["meta-online-2025"]
    assert (gpus.claim.metric, gpus.claim.measure, gpus.claim.period) == ("gpus_installed", "end", "2025")
    assert gpus.stated == (1.3e6, 1.3e6, 1.3e6)
    assert (online.claim.metric, online.claim.period) == ("facility_added_mw", "2025")
    assert online.stated[1] == 1000.0
    # the model's end-2025 fleet lands near the article's 1.3M GPUs under sourced assumptions
    assert 1.0e6 < gpus.model < 1.6e6
    assert {gpus.verdict, online.verdict} <= {"consistent", "inconsistent"}


def test_meta_guidance_spends_the_guided_capex():
    results = simulate(load_preset("meta-2025-guidance"))
    annual = results.calendar
    assert annual["capex_total_usd"][0, annual.column(2025)] == pytest.approx(62.5e9)


@pytest.mark.parametrize("preset_id", ["meta-2025-guidance", "meta-2025-actual", "meta-2025-consensus"])
def test_meta_counts_only_gpus(preset_id):
    """Meta's '1.3M GPUs' are GPUs: its internal MTIA chips are not bought in the presets."""
    scenario = load_preset(preset_id)
    bought = {gen for shares in scenario.mix.shares_by_year.values() for gen in shares}
    assert "mtia-v2" not in bought


def test_meta_consensus_buys_less_than_guidance():
    guidance = simulate(load_preset("meta-2025-guidance")).calendar
    consensus = simulate(load_preset("meta-2025-consensus")).calendar
    col = guidance.column(2025)
    assert consensus["capex_total_usd"][0, col] == pytest.approx(52e9)
    assert consensus["gpus_purchased"][0, col] < guidance["gpus_purchased"][0, col]


def test_microsoft_claims_read_the_fiscal_year_from_july():
    scenario = load_preset("microsoft-fy2025")
    assert scenario.timeline.fiscal_year_start_month == 7
    assert {c.period for c in scenario.claims if c.id.startswith("msft-capex")} == {"FY2025"}
    results = simulate(scenario)
    fiscal, calendar = results.fiscal, results.calendar
    fy2025 = fiscal["capex_total_usd"][0, fiscal.column(2025)]
    # FY2025 = second half of calendar 2024 + first half of calendar 2025, not calendar 2025
    assert fy2025 != pytest.approx(calendar["capex_total_usd"][0, calendar.column(2025)])
    assert 80e9 < fy2025 < 100e9


def test_xai_colossus_one_needs_more_than_its_grid_approval_at_peak():
    """100k H100 × 1.37 kW all-in IT (SemiAnalysis) × design PUE 1.3 ≈ 178 MW at peak against the 150 MW
    approved: GPUs wait for the second substation, as the mobile gas turbines xAI ran suggest."""
    scenario = load_preset("xai-colossus")
    assert scenario.mode == "plan"
    annual = simulate(scenario).calendar
    col = annual.column(2024)
    assert annual["gpus_installed"][0, col] == pytest.approx(100e3)
    assert annual["facility_power_mw"][0, col] == pytest.approx(100e3 * 1370 * 1.3 / 1e6)
    assert annual["facility_capacity_mw"][0, col] == pytest.approx(150.0)


def test_stargate_spends_500_billion_over_four_years():
    annual = simulate(load_preset("stargate")).calendar
    assert annual["capex_total_usd"][0].sum() == pytest.approx(500e9)
    assert annual["capex_total_usd"][0, annual.column(2025)] == pytest.approx(100e9)


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
def test_a_copied_preset_file_opens_by_path(preset_id, tmp_path):
    copy = tmp_path / f"{preset_id}.gwx"
    copy.write_bytes(resource("presets", f"{preset_id}.gwx").read_bytes())
    from explorer.io.scenario_files import load_scenario

    assert load_scenario(copy) == load_preset(preset_id)


def test_oracle_reads_fiscal_years_from_june():
    """Oracle's FY2025 runs June 2024 – May 2025: the calendar capex entered reproduces the reported $21.21B."""
    scenario = load_preset("oracle-fy2026")
    assert scenario.timeline.fiscal_year_start_month == 6
    fiscal = simulate(scenario).fiscal
    assert fiscal["capex_total_usd"][0, fiscal.column(2025)] == pytest.approx(21.21e9, rel=0.01)
    assert fiscal["capex_total_usd"][0, fiscal.column(2026)] == pytest.approx(50e9, rel=0.01)


def test_oracle_and_stargate_name_abilene_alike():
    """A portfolio declares Abilene once: both presets must call the campus the same and size it alike."""
    oracle = {s.name: s for s in load_preset("oracle-fy2026").facilities.sites}
    stargate = {s.name: s for s in load_preset("stargate").facilities.sites}
    assert oracle["Abilene"].capacity_mw == stargate["Abilene"].capacity_mw == 1200
    assert oracle["Abilene"].construction_start == stargate["Abilene"].construction_start


def test_amazon_buys_trainium_from_the_catalog():
    scenario = load_preset("amazon-2025")
    assert {"trainium2", "trainium3"} <= {gen for shares in scenario.mix.shares_by_year.values() for gen in shares}
    trn2, trn3 = scenario.accelerator("trainium2"), scenario.accelerator("trainium3")
    assert (trn2.vendor, trn3.vendor) == ("Amazon", "Amazon")
    assert trn2.fp8_flops == 1299e12 and trn3.fp8_flops == 2517e12
    assert trn2.h100e == pytest.approx(1299 / 1979, abs=1e-3) and trn3.h100e == pytest.approx(2517 / 1979, abs=1e-3)
    annual = simulate(scenario).calendar
    assert annual["capex_total_usd"][0, annual.column(2025)] == pytest.approx(128e9)


def test_coreweave_matches_its_prospectus_at_the_end_of_2024():
    scenario = load_preset("coreweave-2024")
    checks = {c.claim.id: c for c in check_claims(scenario.claims, simulate(scenario), scenario.claim_tolerance)}
    # 'more than 250,000 GPUs': the sourced assumptions land within a few percent of it
    assert checks["coreweave-gpus-2024"].model == pytest.approx(250e3, rel=0.05)
    assert checks["coreweave-active-power-2024"].model == pytest.approx(360.0)
    # the May 2025 guidance ($20–23B) was cut to $12–14B: the model follows the later figure
    assert checks["coreweave-capex-2025"].verdict == "consistent"
    assert checks["coreweave-capex-2025-may"].verdict == "inconsistent"


def test_alphabet_spends_its_guided_capex():
    annual = simulate(load_preset("alphabet-2025")).calendar
    assert annual["capex_total_usd"][0, annual.column(2024)] == pytest.approx(52.5e9)
    assert annual["capex_total_usd"][0, annual.column(2025)] == pytest.approx(92e9)


@pytest.mark.parametrize("preset_id", sorted(EXPECTED))
def test_every_preset_has_a_french_name_and_description(preset_id):
    from explorer.formatting import claim_text, translated
    from explorer.i18n import in_language

    scenario = load_preset(preset_id)
    with in_language("fr"):
        assert translated(scenario, "name") != scenario.name
        assert translated(scenario, "description") != scenario.description
        if preset_id.startswith("meta-"):  # the Meta claims quote the French article
            texts = [claim_text(c) for c in scenario.claims]
            assert all(text != c.text for text, c in zip(texts, scenario.claims))
            assert any("60 à 65 milliards de dollars" in text for text in texts)
    assert translated(scenario, "name") == scenario.name  # English stays the source
