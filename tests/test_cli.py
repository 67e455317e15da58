"""The command line as a user runs it: the real console script through a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from explorer import __version__, cli, simulate
from explorer.formatting import verdict_text
from explorer.io import exports
from explorer.io.presets import load_preset
from explorer.io.scenario_files import load_scenario, save_scenario
from explorer.model.paths import set_path

PRESET = "meta-2025-guidance"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout


def table_row(text: str, label: str) -> list[str]:
    """Cells of the first table line that starts with ``label``, split on runs of 2+ spaces."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row '{label}' in:\n{text}")


def year_columns(text: str) -> list[str]:
    header = table_row(text, "Series")
    return header[3:]


@pytest.fixture(scope="module")
def table() -> str:
    proc = run_cli("compute", PRESET)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def sampled_json() -> dict:
    proc = run_cli("compute", PRESET, "--samples", "50", "--seed", "3", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_console_script_is_installed_and_reports_the_version():
    bin_dir = Path(sys.executable).parent
    script = bin_dir / ("gigawatt-explorer.exe" if os.name == "nt" else "gigawatt-explorer")
    assert script.exists()
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"gigawatt-explorer {__version__}"


def test_help_lists_the_commands_and_documents_exit_codes():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for command in ("presets", "compute", "validate", "schema", "new"):
        assert command in proc.stdout
    assert "exit codes" in proc.stdout and "--screenshot" in proc.stdout


def test_presets_lists_ids_and_titles():
    proc = run_cli("presets")
    assert proc.returncode == 0
    assert table_row(proc.stdout, PRESET) == [PRESET, load_preset(PRESET).name]


def test_table_shows_2025_capex_within_guidance(table):
    years = year_columns(table)
    row = table_row(table, "Total capex")
    assert row[1] == "$B" and row[2] == "flow"
    capex_2025 = float(row[3 + years.index("2025")])
    assert 60 <= capex_2025 <= 65


@pytest.mark.parametrize(
    "label, unit, tag",
    [
        ("GPUs installed", "M GPUs", "stock"),
        ("Facility power demand", "GW", "facility, stock"),
        ("Energy", "TWh", "facility, flow"),
        ("H100-equivalents", "M H100e", "stock"),
        ("Manhattans", "Manhattans", "facility, stock"),
        ("IT power", "GW", "IT, stock"),
    ],
)
def test_table_rows_carry_display_unit_layer_and_measure(table, label, unit, tag):
    row = table_row(table, label)
    assert row[1:3] == [unit, tag]
    assert len(row) == 3 + len(year_columns(table))
    assert all(float(cell.replace(",", "")) >= 0 for cell in row[3:])


def claim_row(text: str, claim_id: str) -> list[str]:
    """Cells of a claim's table line: the line just above its '<id>: metric ...' detail line."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{claim_id}: "))
    return re.split(r"\s{2,}", lines[at - 1].strip())


def test_table_shows_the_articles_claims_with_verdicts(table):
    scenario = load_preset(PRESET)
    results = simulate(scenario)
    checks = exports.claim_checks(scenario, results)
    verdicts = {c.claim.id: verdict_text(c, scenario) for c in checks}
    gpus = claim_row(table, "meta-gpus-2025")
    assert gpus[1] == "at least 1.30 M GPUs"  # the article's "more than 1.3M GPUs"
    gpus_model = results.calendar.values["gpus_installed"][0, results.calendar.column(2025)]
    assert gpus[2] == f"{gpus_model / 1e6:.2f} M GPUs"
    assert gpus[-1] == verdicts["meta-gpus-2025"]
    online = claim_row(table, "meta-online-2025")
    assert online[1] == "about 1.00 GW"  # "~1 GW online in 2025"
    assert online[-1] == verdicts["meta-online-2025"]
    assert verdicts["meta-capex-2025"] == "restates input Total capex per year · 2025"  # the guidance is the input
    for check in checks:
        assert claim_row(table, check.claim.id)[-1] == verdicts[check.claim.id]
        assert f"→ {check.reason}" in table
    assert "source: Meta" in table


def test_sampled_table_shows_p10_and_p90_around_the_median():
    proc = run_cli("compute", PRESET, "--samples", "40")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Total capex"))
    col = 3 + year_columns(proc.stdout).index("2025")
    p50 = float(re.split(r"\s{2,}", lines[at].strip())[col])
    p10_cells = re.split(r"\s{2,}", lines[at + 1].strip())
    p90_cells = re.split(r"\s{2,}", lines[at + 2].strip())
    assert p10_cells[0] == "P10" and p90_cells[0] == "P90"
    p10, p90 = float(p10_cells[col - 2]), float(p90_cells[col - 2])  # P rows have no unit or tag cell
    assert 60 <= p10 <= p50 <= p90 <= 65
    assert p10 < p90


def test_json_follows_the_contract():
    proc = run_cli("compute", PRESET, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    for key in ("scenario", "schema_version", "units", "annual", "claims", "warnings"):
        assert key in doc
    assert "percentiles" not in doc  # only when sampled
    assert doc["scenario"] == load_preset(PRESET).name
    years = doc["annual"]["year"]
    assert years[0] == 2024 and years == sorted(years)
    series = [k for k in doc["annual"] if k not in ("year", "complete")]
    assert set(series) == set(doc["units"]) and "capex_total_usd" in series
    assert all(len(doc["annual"][name]) == len(years) for name in series)
    assert not any(name.startswith("_") for name in doc["units"])
    assert doc["units"]["facility_power_mw"] == "MW"
    assert doc["annual"]["capex_total_usd"][years.index(2025)] == pytest.approx(62.5e9)
    claim = next(c for c in doc["claims"] if c["id"] == "meta-gpus-2025")
    assert {
        "id",
        "metric",
        "period",
        "period_kind",
        "period_start",
        "period_end",
        "comparison",
        "stated",
        "model",
        "diff_pct",
        "verdict",
        "restates",
        "reason",
    } <= set(claim)
    assert claim["stated"] == 1.3e6 and claim["verdict"] in ("consistent", "inconsistent")
    assert claim["comparison"] == "at_least" and claim["reason"].endswith("'at least 1.30 M GPUs'")
    assert all(isinstance(w["message"], str) for w in doc["warnings"])


def test_json_with_samples_has_ordered_percentiles(sampled_json):
    doc = sampled_json
    n_years = len(doc["annual"]["year"])
    assert set(doc["percentiles"]) == {"p10", "p50", "p90"}
    for name in doc["units"]:
        p10, p50, p90 = (doc["percentiles"][k][name] for k in ("p10", "p50", "p90"))
        assert len(p10) == len(p50) == len(p90) == n_years
        assert all(a <= b * (1 + 1e-12) + 1e-9 and b <= c * (1 + 1e-12) + 1e-9 for a, b, c in zip(p10, p50, p90))
    capex = doc["percentiles"]["p90"]["capex_total_usd"][1] - doc["percentiles"]["p10"]["capex_total_usd"][1]
    assert capex > 0  # the 2025 guidance is a range, so samples spread


def test_csv_header_has_units_and_rows_per_year():
    proc = run_cli("compute", PRESET, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = lines[0].split(",")
    assert header[0] == "year"
    assert "capex_total_usd [USD]" in header and "facility_power_mw [MW]" in header
    assert all(re.fullmatch(r"\w+ \[[^\]]+\]", h) for h in header[1:])
    row_2025 = next(line.split(",") for line in lines[1:] if line.startswith("2025,"))
    assert float(row_2025[header.index("capex_total_usd [USD]")]) == pytest.approx(62.5e9)


def test_csv_of_claims_has_a_row_per_claim():
    proc = run_cli("compute", PRESET, "--format", "csv", "--claims")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0][:2] == ["id", "entity"] and "reason" in rows[0]
    assert [r[0] for r in rows[1:]] == [c.id for c in load_preset(PRESET).claims]


def test_compute_writes_the_format_named_by_the_output_file(tmp_path):
    proc = run_cli("compute", PRESET, "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["schema_version"] >= 1
    proc = run_cli("compute", PRESET, "--monthly", "--format", "csv", "-o", str(tmp_path / "m.csv"))
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("month,capex_total_usd [USD]")
    assert lines[1].startswith("2024-01,") and len(lines) == 1 + 12 * load_preset(PRESET).timeline.years


def test_validate_a_damaged_file_exits_2_and_leaves_it_untouched(tmp_path):
    path = tmp_path / "damaged.gwx"
    save_scenario(load_preset(PRESET), path)
    damaged = path.read_bytes()[:-200]  # cut short, as by a full disk
    path.write_bytes(damaged)
    proc = run_cli("validate", str(path))
    assert proc.returncode == 2
    no_traceback(proc)
    assert "damaged" in proc.stdout and "not valid JSON" in proc.stdout
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.gwx"]


def test_validate_names_the_field_path_of_a_wrong_type(tmp_path):
    path = tmp_path / "typo.gwx"
    save_scenario(load_preset(PRESET), path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["timeline"]["years"] = "seven"
    doc["capex"]["by_year"]["2025"] = {"low": 70e9, "base": 62.5e9, "high": 65e9, "dist": "uniform"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()
    proc = run_cli("validate", str(path))
    assert proc.returncode == 2
    no_traceback(proc)
    problems = [line for line in proc.stdout.splitlines() if line.startswith(f"{path}: ") and ": must" in line]
    assert f'{path}: timeline.years: must be a number, not text (got "seven")' in problems
    assert any(line.startswith(f"{path}: capex.by_year.2025.low: must be ≤ base") for line in problems)
    assert len(problems) == 2
    assert path.read_bytes() == before


def test_new_writes_a_loadable_file_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "mine.gwx"
    proc = run_cli("new", "--from", PRESET, "-o", str(path))
    assert proc.returncode == 0, proc.stderr
    assert load_scenario(path) == load_preset(PRESET)
    assert run_cli("validate", str(path)).returncode == 0

    path.write_text(path.read_text(encoding="utf-8").replace("Meta 2025 guidance", "My copy"), encoding="utf-8")
    edited = path.read_bytes()
    proc = run_cli("new", "--from", PRESET, "-o", str(path))
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert path.read_bytes() == edited

    proc = run_cli("new", "--from", PRESET, "-o", str(path), "--force")
    assert proc.returncode == 0
    assert load_scenario(path).name == load_preset(PRESET).name
    assert (tmp_path / "mine.gwx.bak").read_bytes() == edited


def test_schema_prints_the_json_schema():
    proc = run_cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert "schema_version" in schema["properties"] and "schema_version" in schema["required"]
    assert "capex" in schema["properties"]


def test_unknown_preset_lists_the_presets():
    proc = run_cli("compute", "meta-2031-dreams")
    assert proc.returncode == 2
    no_traceback(proc)
    assert "meta-2031-dreams" in proc.stderr and PRESET in proc.stderr


def test_missing_or_invalid_scenario_file_gives_a_message_and_exit_2(tmp_path):
    proc = run_cli("compute", str(tmp_path / "nowhere.gwx"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    no_traceback(proc)
    bad = tmp_path / "bad.gwx"
    bad.write_text('{"format": "gigawatt-explorer-scenario", "schema_version": 99}', encoding="utf-8")
    proc = run_cli("compute", str(bad))
    assert proc.returncode == 2 and "newer" in proc.stderr
    no_traceback(proc)


def test_fiscal_basis_labels_fiscal_years(tmp_path):
    scenario = set_path(load_preset(PRESET), "timeline.fiscal_year_start_month", 7)
    path = tmp_path / "fy.gwx"
    save_scenario(scenario, path)
    proc = run_cli("compute", str(path), "--basis", "fiscal")
    assert proc.returncode == 0, proc.stderr
    years = year_columns(proc.stdout)
    assert years[0] == "FY2024*" and "FY2025" in years and years[-1].endswith("*")
    assert "partial year" in proc.stdout


def test_headless_commands_never_import_qt(tmp_path):
    code = (
        "import sys; from explorer.cli import main; "
        f"main(['compute', '{PRESET}', '--format', 'xlsx', '-o', {str(tmp_path / 'r.xlsx')!r}]); "
        "main(['validate', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'explorer.gui'))))"
    )
    save_scenario(load_preset(PRESET), tmp_path / "s.gwx")
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s.gwx")], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "r.xlsx").stat().st_size > 0


@pytest.fixture
def fake_window(monkeypatch):
    """Stands in for explorer.gui.app and explorer.gui.screenshot and records how the window was asked
    to open."""
    from explorer.gui.screenshot import parse_size

    calls = []
    module = types.ModuleType("explorer.gui.app")
    module.run = lambda path=None: calls.append(("run", path)) or 0
    monkeypatch.setitem(sys.modules, "explorer.gui.app", module)
    shots = types.ModuleType("explorer.gui.screenshot")
    shots.parse_size = parse_size

    def screenshot(path, scenario, size=(1440, 900), theme=None, view="main"):
        calls.append(
            ("screenshot", path, scenario)
            + ((size, theme, view) if (size, theme, view) != ((1440, 900), None, "main") else ())
        )
        return 0

    shots.screenshot = screenshot
    monkeypatch.setitem(sys.modules, "explorer.gui.screenshot", shots)
    return calls


def test_no_arguments_or_a_scenario_file_opens_the_window(fake_window, tmp_path):
    path = tmp_path / "mine.gwx"
    save_scenario(load_preset(PRESET), path)
    assert cli.main([]) == 0
    assert cli.main([str(path)]) == 0
    assert fake_window == [("run", None), ("run", str(path))]


def test_screenshot_defaults_to_the_meta_guidance_preset(fake_window):
    assert cli.main(["--screenshot", "shot.png"]) == 0
    assert cli.main(["--screenshot", "shot.png", "stargate"]) == 0
    assert fake_window == [("screenshot", "shot.png", PRESET), ("screenshot", "shot.png", "stargate")]


def test_screenshot_takes_a_size_theme_and_view(fake_window, capsys):
    argv = ["--screenshot", "s.png", "stargate", "--size", "1280x720", "--theme", "dark", "--view", "sensitivity"]
    assert cli.main(argv) == 0
    assert fake_window == [("screenshot", "s.png", "stargate", (1280, 720), "dark", "sensitivity")]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--screenshot", "s.png", "--size", "big"])
    assert exit_info.value.code == 2 and "--size" in capsys.readouterr().err


def test_opening_a_missing_file_says_so_without_starting_the_window(fake_window, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["missing.gwx"])
    assert exit_info.value.code == 2
    assert "missing.gwx: does not exist" in capsys.readouterr().err
    assert fake_window == []


def test_a_ratio_that_is_not_defined_prints_as_a_dash_and_exports_as_null(tmp_path):
    done = run_cli("compute", "stargate")  # nothing is bought after the four-year programme
    no_traceback(done)
    row = table_row(done.stdout, "AI capex per GPU bought")
    assert row[-2:] == ["–", "–"]
    overrun = table_row(done.stdout, "Capex beyond the AI budget")
    assert float(overrun[-2]) > 0  # 2029: the last sites are paid with no budget left
    data = json.loads(run_cli("compute", "stargate", "--format", "json").stdout)
    assert data["annual"]["capex_per_gpu_usd"][-1] is None


def test_a_claim_on_a_ratio_that_is_not_defined_says_so_in_every_output(tmp_path):
    scenario = load_preset("stargate")
    extra = scenario.claims[0].model_copy(
        update={
            "id": "per-gpu-2030",
            "text": "AI capex per GPU in 2030",
            "metric": "capex_per_gpu_usd",
            "period": "2030",
            "measure": "total",
            "comparison": "about",
            "stated": 50e3,
            "site": "",
        }
    )
    path = tmp_path / "ratio.gwx"
    save_scenario(scenario.model_copy(update={"claims": (*scenario.claims, extra)}), path)
    because = "AI capex per GPU bought is not defined in 2030: no GPUs were bought"
    text = run_cli("compute", str(path))
    no_traceback(text)
    assert "not defined" in claim_row(text.stdout, "per-gpu-2030") and because in text.stdout
    doc = json.loads(run_cli("compute", str(path), "--format", "json").stdout)
    claim = next(c for c in doc["claims"] if c["id"] == "per-gpu-2030")
    assert (claim["verdict"], claim["reason"], claim["model"], claim["diff_pct"]) == (
        "not defined",
        because,
        None,
        None,
    )
    rows = list(csv.reader(io.StringIO(run_cli("compute", str(path), "--format", "csv", "--claims").stdout)))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "per-gpu-2030")))
    assert (row["verdict"], row["reason"]) == ("not defined", because)
