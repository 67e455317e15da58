"""`compute PORTFOLIO`, `new --portfolio`, `validate` and `schema --portfolio` as a user runs them."""

import csv
import io
import json

import numpy as np
import pytest

from explorer.portfolio import load_portfolio, open_portfolio, run_portfolio
from explorer.portfolio.exports import export_portfolio
from tests.test_cli import no_traceback, run_cli, table_row
from tests.test_exports import xlsx_contents


@pytest.fixture(scope="module")
def big_tech_json():
    proc = run_cli("compute", "big-tech-2025", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_table_prints_totals_then_the_breakdown_by_member():
    proc = run_cli("compute", "big-tech-2025")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "Breakdown by member" in text
    assert table_row(text, "Oracle FY2026")  # a member line
    capex = table_row(text, "− Abilene (Oracle's site is Stargate's)")
    assert float(capex[1]) < 0  # 2024: the campus is being built, its money counted once
    energized = table_row(text.split("Energized capacity [GW; facility, stock]")[1], "− Abilene")
    assert energized[1:4] == ["0", "-0.700", "-1.20"]  # nothing energized in 2024, 1.2 GW by the end of 2026
    assert "World limits" in text and "exceeded" in text
    assert "plans exceed the limit in 2026" in text
    capex_table = text.split("Total capex [$B; flow]")[1].split("GPUs bought")[0]
    assert "− Abilene" in capex_table and "− CoreWeave capacity rented by Microsoft" not in capex_table
    assert "− CoreWeave capacity rented by Microsoft" in text.split("Energized capacity [GW; facility, stock]")[1]
    assert "hyperscalers-capex-2025" in text


def test_json_extends_the_contract_with_members_overlaps_and_limits(big_tech_json):
    doc = big_tech_json
    assert doc["kind"] == "portfolio"
    assert {m["id"] for m in doc["members"]} >= {"meta", "oracle", "coreweave"}
    total = np.array(doc["annual"]["energy_twh"])
    parts = sum(np.array(m["annual"]["energy_twh"]) for m in doc["members"]) - sum(
        np.array(o["annual"]["energy_twh"]) for o in doc["overlaps"]
    )
    np.testing.assert_allclose(total, parts, rtol=1e-9)
    limit = next(lim for lim in doc["limits"] if lim["id"] == "us-energizable")
    assert set(limit) >= {"years", "planned", "limit", "share", "excess", "source", "unit"}
    assert {c["id"] for c in doc["claims"]} == {"hyperscalers-capex-2025", "lbnl-us-2028", "iea-global-2030"}
    assert any(w["code"] == "limit_exceeded" for w in doc["warnings"])
    # an overlap carries the series it counts once, and only those
    rented = next(o for o in doc["overlaps"] if o["id"] == "coreweave-microsoft")
    assert rented["counted_once"] == ["gpus", "power", "energy", "land", "emissions"]
    assert "energy_twh" in rented["annual"] and "capex_total_usd" not in rented["annual"]


def test_csv_holds_the_breakdown_and_xlsx_its_sheets(tmp_path):
    proc = run_cli("compute", "big-tech-2025", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    kinds = {r["kind"] for r in rows}
    assert kinds == {"member", "overlap", "total"}
    overlap = next(r for r in rows if r["line"] == "oracle-abilene" and r["series"] == "facility_capacity_mw")
    assert float(overlap["2026"]) == pytest.approx(-1200)

    out = tmp_path / "big.xlsx"
    proc = run_cli("compute", "big-tech-2025", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    names, sheets = xlsx_contents(out)
    assert names == ["breakdown", "limits", "claims", "overlaps", "members", "warnings"]
    assert "oracle-abilene" in sheets["breakdown"].values()
    assert "0.3 – 0.62 (base 0.5, triangular)" in sheets["overlaps"].values()
    assert "gpus, power, energy, land, emissions" in sheets["overlaps"].values()


def test_export_by_suffix_refuses_unknown_formats(tmp_path):
    resolved = open_portfolio("big-tech-2025")
    out = run_portfolio(resolved)
    with pytest.raises(ValueError, match=r"json, \.csv or \.xlsx"):
        export_portfolio(tmp_path / "x.txt", resolved.portfolio, out)


def test_new_portfolio_writes_an_editable_file_that_validates_and_computes(tmp_path):
    target = tmp_path / "mine.gwx"
    proc = run_cli("new", "--portfolio", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert load_portfolio(target).members[0].preset
    proc = run_cli("validate", str(target))
    assert proc.returncode == 0 and "valid — portfolio" in proc.stdout
    doc = json.loads(target.read_text())
    doc["members"][1]["enabled"] = False
    target.write_text(json.dumps(doc))
    proc = run_cli("compute", str(target), "--samples", "8")
    assert proc.returncode == 0, proc.stderr
    assert "Switched off: microsoft" in proc.stdout
    proc = run_cli("new", "--portfolio", "-o", str(target))
    assert proc.returncode == 2 and "--force" in proc.stderr


def test_a_broken_portfolio_reports_member_and_field(tmp_path):
    (tmp_path / "bad.gwx").write_text(
        json.dumps(
            {
                "format": "gigawatt-explorer-scenario",
                "kind": "portfolio",
                "schema_version": 1,
                "members": [{"id": "oracle", "preset": "oracle-fy2026"}, {"id": "x", "path": "missing.gwx"}],
                "overlaps": [{"id": "o", "member": "oracle", "counted_in": "x", "site": "Abilene2"}],
            }
        )
    )
    proc = run_cli("compute", str(tmp_path / "bad.gwx"))
    no_traceback(proc)
    assert proc.returncode == 2
    assert "members.1 (x).path" in proc.stderr and "does not exist" in proc.stderr
    assert "overlaps.0 (o).site: 'Abilene2' is not a site of member 'oracle'" in proc.stderr
    proc = run_cli("validate", str(tmp_path / "bad.gwx"))
    assert proc.returncode == 2 and "members.1 (x).path" in proc.stdout


def test_schema_portfolio_prints_the_portfolio_schema():
    proc = run_cli("schema", "--portfolio")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["properties"]["kind"]["const"] == "portfolio"
    assert "members" in schema["required"]


def test_portfolios_add_up_calendar_years_only():
    proc = run_cli("compute", "big-tech-2025", "--basis", "fiscal")
    assert proc.returncode == 2 and "calendar year" in proc.stderr
