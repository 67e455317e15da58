"""Data exports (JSON contract, CSV, XLSX) and the notebook API, checked by their contents."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from xml.etree import ElementTree

import numpy as np
import pytest

from explorer import export, load, simulate
from explorer.analysis.restated import restated_inputs
from explorer.engine import check_claims
from explorer.io import exports
from explorer.model.paths import set_path
from explorer.series import SERIES

PRESET = "meta-2025-guidance"
XLSX_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def scenario():
    return load(PRESET)


@pytest.fixture(scope="module")
def results(scenario):
    return simulate(scenario)


@pytest.fixture(scope="module")
def sampled(scenario):
    return simulate(scenario, samples=64, seed=7)


# ---------------------------------------------------------------- JSON


def test_json_annual_values_are_the_engines(scenario, results):
    doc = exports.compute_json(scenario, results)
    annual = results.calendar
    assert doc["annual"]["year"] == annual.years.tolist()
    for name in doc["units"]:
        np.testing.assert_allclose(doc["annual"][name], annual.values[name][0], rtol=1e-12)
    assert doc["statistic"] == "base" and doc["basis"] == "calendar"
    assert doc["series"]["facility_power_mw"] == {
        "label": "Facility power demand",
        "unit": "MW",
        "kind": "stock",
        "layer": "facility",
        "display_unit": "GW",
        "display_scale": 1e-3,
    }


def test_json_leaves_out_internal_series(scenario, results):
    assert any(name.startswith("_") for name in results.monthly)  # the engine has some
    doc = exports.compute_json(scenario, results)
    for mapping in (doc["units"], doc["annual"], doc["series"]):
        assert not any(name.startswith("_") for name in mapping)
    assert set(doc["units"]) == {n for n in SERIES if n in results.monthly}


def test_json_claims_match_the_claim_checks(scenario, results):
    doc = exports.compute_json(scenario, results)
    checks = check_claims(scenario.claims, results, scenario.claim_tolerance, restated_inputs(scenario))
    assert [c["id"] for c in doc["claims"]] == [c.claim.id for c in checks]
    assert [c["verdict"] for c in doc["claims"]] == [c.verdict for c in checks]
    assert [c["reason"] for c in doc["claims"]] == [c.reason for c in checks]
    capex = next(c for c in doc["claims"] if c["id"] == "meta-capex-2025")
    assert capex["stated"] == [60e9, 65e9] and capex["model"] == pytest.approx(62.5e9)
    # the capex guidance is the input itself: it proves nothing, and says so
    assert capex["verdict"] == "restates input" and capex["restates"] == "capex.by_year.2025"
    assert (capex["comparison"], capex["period_kind"], capex["period_start"], capex["period_end"]) == (
        "between",
        "year",
        "2025-01",
        "2025-12",
    )
    assert doc["claim_tolerance"] == scenario.claim_tolerance


def test_json_tolerance_changes_verdicts(scenario, results):
    strict = exports.compute_json(scenario, results, tolerance=0.0)
    loose = exports.compute_json(scenario, results, tolerance=0.6)
    verdict = {c["id"]: c["verdict"] for c in strict["claims"]}
    assert verdict["meta-capex-growth"] == "inconsistent"  # 1.59× vs about 1.5×
    loose_verdict = {c["id"]: c["verdict"] for c in loose["claims"]}
    assert verdict["meta-gpus-bought-2024"] == "inconsistent" and loose_verdict["meta-gpus-bought-2024"] == "consistent"
    # a bound is a bound: "more than 1.3M GPUs" is judged against 1.3M whatever the tolerance
    assert verdict["meta-gpus-2025"] == loose_verdict["meta-gpus-2025"] == "consistent"  # 1.43M
    assert loose["claim_tolerance"] == 0.6


def test_sampled_json_reports_the_median_and_percentiles(scenario, sampled):
    doc = exports.compute_json(scenario, sampled)
    assert doc["statistic"] == "p50" and doc["samples"] == 64
    for name in doc["units"]:
        values = sampled.calendar.values[name]
        np.testing.assert_allclose(doc["percentiles"]["p10"][name], np.percentile(values, 10, axis=0))
        np.testing.assert_allclose(doc["annual"][name], doc["percentiles"]["p50"][name])
    col = doc["annual"]["year"].index(2025)
    p10, p90 = (doc["percentiles"][k]["capex_total_usd"][col] for k in ("p10", "p90"))
    assert 60e9 <= p10 < p90 <= 65e9


def test_json_text_is_strict_json(scenario, sampled):
    text = exports.dumps_json(exports.compute_json(scenario, sampled))
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))


# ---------------------------------------------------------------- CSV


def read_csv(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def test_annual_csv_headers_name_units_and_values_round_trip(results):
    header, rows = read_csv(exports.annual_csv(results))
    assert header[0] == "year"
    names = [h.split(" [")[0] for h in header[1:]]
    assert all(h == f"{n} [{SERIES[n].unit}]" for h, n in zip(header[1:], names))
    assert [int(r[0]) for r in rows] == results.calendar.years.tolist()
    for j, name in enumerate(names, start=1):
        np.testing.assert_allclose([float(r[j]) for r in rows], results.calendar.values[name][0], rtol=1e-11)


def test_sampled_annual_csv_adds_p10_and_p90_columns(sampled):
    header, rows = read_csv(exports.annual_csv(sampled))
    i50, i10, i90 = (
        header.index(h) for h in ("capex_total_usd [USD]", "capex_total_usd p10 [USD]", "capex_total_usd p90 [USD]")
    )
    row_2025 = next(r for r in rows if r[0] == "2025")
    assert float(row_2025[i10]) < float(row_2025[i50]) < float(row_2025[i90])


def test_monthly_csv_has_one_row_per_month(scenario, results):
    header, rows = read_csv(exports.monthly_csv(results))
    assert header[:2] == ["month", "capex_total_usd [USD]"]
    assert len(rows) == scenario.timeline.months
    assert [r[0] for r in rows[:2]] == ["2024-01", "2024-02"]
    energy = [float(r[header.index("energy_twh [TWh]")]) for r in rows]
    assert sum(energy[:12]) == pytest.approx(results.calendar.values["energy_twh"][0, 0])


def test_fiscal_csv_is_labelled_by_fiscal_year(scenario):
    fy = simulate(set_path(scenario, "timeline.fiscal_year_start_month", 7))
    header, rows = read_csv(exports.annual_csv(fy, "fiscal"))
    assert header[0] == "fiscal_year"
    assert [int(r[0]) for r in rows] == fy.fiscal.years.tolist()
    first, last = fy.grid.months[[0, -1]]
    assert int(rows[0][0]) == first // 12 + (first % 12 >= 6)  # July starts the next fiscal year
    assert int(rows[-1][0]) == last // 12 + (last % 12 >= 6)
    assert len(rows) == len(set(r[0] for r in rows))


def test_claims_csv_has_one_row_per_claim_with_its_reason(scenario, results):
    header, rows = read_csv(exports.claims_csv(scenario, results))
    assert header[:5] == ["id", "entity", "claim", "metric", "period"]
    assert header[-3:] == ["verdict", "reason", "source"]
    by_id = {r[0]: dict(zip(header, r)) for r in rows}
    assert list(by_id) == [c.id for c in scenario.claims]
    gpus = by_id["meta-gpus-2025"]
    assert (gpus["comparison"], gpus["verdict"], float(gpus["stated low"])) == ("at_least", "consistent", 1.3e6)
    assert gpus["reason"].endswith("above 'at least 1.30 M GPUs'")
    assert by_id["meta-capex-2025"]["verdict"] == "restates input capex.by_year.2025"


# ---------------------------------------------------------------- XLSX


def xlsx_contents(path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Sheet names, and per sheet {cell reference: text or number as written}."""
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.find("m:sheets", XLSX_NS)]
        strings = [
            si.findtext("m:t", "", XLSX_NS) or "".join(t.text or "" for t in si.iter(f"{{{XLSX_NS['m']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        ]
        sheets = {}
        for i, name in enumerate(names, start=1):
            root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{i}.xml"))
            cells = {}
            for c in root.iter(f"{{{XLSX_NS['m']}}}c"):
                value = c.findtext("m:v", None, XLSX_NS)
                if value is not None:
                    cells[c.get("r")] = strings[int(value)] if c.get("t") == "s" else value
            sheets[name] = cells
    return names, sheets


def column_of(cells: dict[str, str], row: int, text: str) -> str:
    return next(
        re.sub(r"\d", "", ref)
        for ref, v in cells.items()
        if v == text and ref.endswith(str(row)) and re.fullmatch(rf"[A-Z]+{row}", ref)
    )


def test_xlsx_has_the_sheets_with_units_values_claims_and_sources(tmp_path, scenario, results):
    scenario = set_path(
        scenario, "input_sources", {"capex.by_year.2025": {"text": "Guidance, January 2025", "confidence": "stated"}}
    )
    path = exports.write_xlsx(tmp_path / "meta.xlsx", scenario, results)
    names, sheets = xlsx_contents(path)
    assert names[:4] == ["annual", "monthly", "claims", "inputs"]
    assert {"sources", "warnings"} <= set(names)

    annual = sheets["annual"]
    col = column_of(annual, 4, "capex_total_usd")
    assert annual[f"{col}1"] == "Total capex" and annual[f"{col}2"] == "USD" and annual[f"{col}3"] == "flow"
    year_row = next(int(ref[1:]) for ref, v in annual.items() if ref.startswith("A") and v == "2025")
    assert float(annual[f"{col}{year_row}"]) == pytest.approx(62.5e9)
    assert annual[f"{column_of(annual, 4, 'facility_power_mw')}3"] == "facility, stock"

    claims = sheets["claims"]
    row = next(ref[1:] for ref, v in claims.items() if v == "meta-gpus-2025")
    verdict = {c.claim.id: c.verdict for c in check_claims(scenario.claims, results, scenario.claim_tolerance)}
    assert claims[f"Q{row}"] == verdict["meta-gpus-2025"] and float(claims[f"K{row}"]) == 1.3e6
    assert claims[f"I{row}"] == "at_least" and claims[f"R{row}"].endswith("above 'at least 1.30 M GPUs'")
    assert (claims[f"F{row}"], claims[f"G{row}"]) == ("2025-01", "2025-12")

    inputs = sheets["inputs"]
    row = next(ref[1:] for ref, v in inputs.items() if v == "capex.by_year.2025")
    assert [inputs[f"{c}{row}"] for c in "BDFG"] == ["USD", "60000000000", "65000000000", "uniform"]
    assert (inputs[f"H{row}"], inputs[f"I{row}"]) == ("Guidance, January 2025", "stated by the company")
    row = next(ref[1:] for ref, v in inputs.items() if v == "accelerators.h100.tdp_w")
    assert inputs[f"C{row}"] == "700" and "NVIDIA datasheet" in inputs[f"H{row}"]
    row = next(ref[1:] for ref, v in inputs.items() if v == "operations.discount_rate")
    assert f"H{row}" not in inputs and inputs[f"I{row}"] == "unknown"  # no source: said, not defaulted

    assert sheets["sources"]["A2"] == scenario.sources[0].title
    assert sheets["sources"]["F2"] == "stated by the company"  # Zuckerberg's own post
    assert len(sheets["monthly"]) > scenario.timeline.months * 10


def test_sampled_xlsx_adds_percentile_sheets(tmp_path, scenario, sampled):
    names, sheets = xlsx_contents(exports.write_xlsx(tmp_path / "mc.xlsx", scenario, sampled))
    assert {"annual p10", "annual p90"} <= set(names)
    assert sheets["about"]["B6"] == "p50"


def test_inputs_take_sources_from_their_section_or_item(scenario):
    sourced = set_path(
        scenario,
        "input_sources",
        {"power": {"text": "Section note", "confidence": "estimate"}, "power.design_pue": "PUE note"},
    )
    rows = {r["path"]: r for r in exports.input_rows(sourced)}
    assert rows["power.server_multiplier"]["source"] == "Section note"
    assert rows["power.server_multiplier"]["unit"] == "×"
    assert rows["power.design_pue"]["source"] == "PUE note"
    assert rows["power.server_multiplier"]["confidence"] == "estimate"
    assert rows["power.design_pue"]["confidence"] == "unknown"  # a plain note that does not say it assumes
    assert (rows["capex.by_year.2025"]["source"], rows["capex.by_year.2025"]["confidence"]) == ("", "unknown")
    h100 = scenario.accelerator("h100")
    assert rows["accelerators.h100.tdp_w"]["source"] == h100.sources["tdp_w"].text
    assert rows["accelerators.h100.tdp_w"]["confidence"] == "stated"
    assert "accelerators.h100.id" not in rows and "name" not in rows


# ---------------------------------------------------------------- writing files


def test_export_picks_the_format_from_the_extension(tmp_path, scenario, results):
    assert json.loads(export(tmp_path / "r.json", scenario, results).read_text(encoding="utf-8"))["annual"]
    assert export(tmp_path / "r.csv", scenario, results).read_text(encoding="utf-8").startswith("year,")
    assert zipfile.is_zipfile(export(tmp_path / "r.xlsx", scenario, results))
    with pytest.raises(ValueError, match=r"\.json, \.csv or \.xlsx"):
        export(tmp_path / "r.txt", scenario, results)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_failed_export_leaves_the_previous_file_whole(tmp_path, monkeypatch, scenario, results, suffix):
    path = tmp_path / f"out.{suffix}"
    path.write_bytes(b"previous export")

    def interrupted(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(OSError):
        exports.export(path, scenario, results)
    assert path.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


# ---------------------------------------------------------------- notebook API


def test_to_arrays_gives_plain_numpy_per_series(results):
    arrays = results.to_arrays()
    assert arrays["year"].tolist() == results.calendar.years.tolist()
    assert arrays["capex_total_usd"].shape == arrays["year"].shape
    assert not any(name.startswith("_") for name in arrays)
    monthly = results.to_arrays("monthly")
    assert monthly["month"][0] == "2024-01" and monthly["energy_twh"].shape == (results.grid.size,)


def test_to_arrays_keeps_every_sample_on_request(sampled):
    arrays = sampled.to_arrays(sample=None)
    assert arrays["gpus_installed"].shape == (64, len(arrays["year"]))


def test_to_dataframe_when_pandas_is_installed(results):
    pytest.importorskip("pandas")
    frame = results.to_dataframe()
    assert frame.index.name == "year"
    assert frame.loc[2025, "capex_total_usd"] == pytest.approx(62.5e9)
