"""Results as data files: the stable JSON contract, CSV (annual and monthly) and XLSX. No Qt.

Values are stored in the units of the output contract (``explorer.series.SERIES``: USD, MW, TWh,
GPUs, ...); every header says the unit. A deterministic run (one sample) exports its values; a
sampled run exports the median (P50) and adds P10 and P90. Internal series (names starting with
'_') are never exported.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..engine.claims import ClaimCheck, check_claims
from ..engine.results import PERCENTILES, Annual, Basis, Results, sample_percentile
from ..formatting import input_title
from ..i18n import in_english
from ..model.fields import Leaf, walk
from ..model.ranges import Range
from ..model.scenario import SCHEMA_VERSION, Scenario
from ..model.sources import CONFIDENCE_TEXT, SourceNote
from ..series import SERIES
from .scenario_files import atomic_write_bytes, atomic_write_text

Which = Literal["annual", "monthly"]
FORMATS = ("json", "csv", "xlsx")


# ---------------------------------------------------------------- what is exported


def public_names(results: Results) -> list[str]:
    """Series of the output contract present in the results, in contract order."""
    return [n for n in results.names if not n.startswith("_")]


def column_header(name: str) -> str:
    """'capex_total_usd [USD]': the machine name with its unit."""
    return f"{name} [{SERIES[name].unit}]"


def statistic(results: Results) -> str:
    """What a single exported value is: the deterministic run, or the median of the samples."""
    return "base" if results.samples == 1 else "p50"


def central(values: np.ndarray) -> np.ndarray:
    """(S, N) -> (N,): the only sample, or the median over samples (of those where a ratio is defined)."""
    return values[0] if values.shape[0] == 1 else sample_percentile(values, 50.0)


def annual_table(results: Results, basis: Basis = "calendar") -> tuple[Annual, dict[str, np.ndarray]]:
    annual = results.annual(basis)
    return annual, {name: central(annual.values[name]) for name in public_names(results)}


def annual_percentiles(results: Results, basis: Basis = "calendar") -> dict[str, dict[str, np.ndarray]]:
    """{'p10'|'p50'|'p90': {series: (Y,)}} over the samples."""
    annual = results.annual(basis)
    names = public_names(results)
    return {key: {name: sample_percentile(annual.values[name], q) for name in names} for key, q in PERCENTILES.items()}


def claim_checks(scenario: Scenario, results: Results, tolerance: float | None = None) -> list[ClaimCheck]:
    """Every claim judged, claims that play an input back marked as such."""
    from ..analysis.restated import restated_inputs

    return check_claims(
        scenario.claims,
        results,
        scenario.claim_tolerance if tolerance is None else tolerance,
        restated_inputs(scenario),
    )


# ---------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    """JSON-ready: numpy to Python, non-finite numbers to null."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    return value


@in_english
def compute_json(
    scenario: Scenario, results: Results, basis: Basis = "calendar", tolerance: float | None = None
) -> dict[str, Any]:
    """The stable JSON contract of a computed scenario.

    Keys: scenario, schema_version, units, annual {year, <series>}, percentiles (only when sampled),
    claims [{id, metric, period, period_kind, period_start, period_end, measure, comparison, stated, model,
    diff_pct, verdict, restates, reason, ...}], warnings; plus metadata.
    """
    checks = claim_checks(scenario, results, tolerance)
    if checks:
        tolerance = checks[0].tolerance
    return results_json(
        scenario.name, results, basis, checks, scenario.claim_tolerance if tolerance is None else tolerance
    )


@in_english
def results_json(
    name: str, results: Results, basis: Basis, checks: list[ClaimCheck], tolerance: float
) -> dict[str, Any]:
    """The contract of ``compute_json`` for results under ``name`` with claims already checked."""
    annual, central_values = annual_table(results, basis)
    names = list(central_values)
    doc: dict[str, Any] = {
        "scenario": name,
        "schema_version": SCHEMA_VERSION,
        "basis": basis,
        "samples": results.samples,
        "seed": results.seed,
        "statistic": statistic(results),
        "units": {name: SERIES[name].unit for name in names},
        "series": {
            name: {
                "label": SERIES[name].english_label,
                "unit": SERIES[name].unit,
                "kind": SERIES[name].kind,
                "layer": SERIES[name].layer,
                "display_unit": SERIES[name].display_unit,
                "display_scale": SERIES[name].display_scale,
            }
            for name in names
        },
        "annual": {"year": annual.years, "complete": annual.complete, **central_values},
    }
    if results.samples > 1:
        doc["percentiles"] = annual_percentiles(results, basis)
    doc["claim_tolerance"] = tolerance
    doc["claims"] = [check.as_dict() for check in checks]
    doc["warnings"] = [{"code": w.code, "message": w.message, "years": list(w.years)} for w in results.warnings]
    plain: dict[str, Any] = _plain(doc)
    return plain


def dumps_json(doc: Any) -> str:
    return json.dumps(_plain(doc), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ---------------------------------------------------------------- CSV


def _number(value: float) -> str:
    return "" if not math.isfinite(value) else f"{value:.12g}"


def _csv_text(header: list[str], rows: Iterator[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@in_english
def annual_csv(results: Results, basis: Basis = "calendar") -> str:
    """One row per year; with samples, P10 and P90 columns follow the median ones."""
    annual, values = annual_table(results, basis)
    names = list(values)
    header = ["fiscal_year" if basis == "fiscal" else "year", *(column_header(n) for n in names)]
    columns = list(values.values())
    if results.samples > 1:
        spread = annual_percentiles(results, basis)
        for key in ("p10", "p90"):
            header += [f"{n} {key} [{SERIES[n].unit}]" for n in names]
            columns += [spread[key][n] for n in names]
    rows = ([str(int(year)), *(_number(c[i]) for c in columns)] for i, year in enumerate(annual.years))
    return _csv_text(header, rows)


CLAIM_COLUMNS = [
    "id",
    "entity",
    "claim",
    "metric",
    "period",
    "period start",
    "period end",
    "measure",
    "comparison",
    "unit",
    "stated low",
    "stated high",
    "model",
    "model P10",
    "model P90",
    "diff %",
    "verdict",
    "reason",
    "source",
]


@in_english
def claim_rows(scenario: Scenario, results: Results, tolerance: float | None = None) -> list[list[Any]]:
    """One row per claim in the order of CLAIM_COLUMNS; numbers in the metric's stored unit, None when
    not defined."""
    rows = []
    for check in claim_checks(scenario, results, tolerance):
        c, row = check.claim, check.as_dict()
        low, _, high = check.stated
        rows.append(
            [
                c.id,
                c.entity,
                c.text,
                c.metric,
                c.period,
                row["period_start"],
                row["period_end"],
                c.measure,
                c.comparison,
                row["unit"],
                low,
                high,
                check.model,
                check.model_low,
                check.model_high,
                check.diff_pct,
                check.verdict_label,
                check.reason,
                c.source,
            ]
        )
    return rows


def claims_csv(scenario: Scenario, results: Results, tolerance: float | None = None) -> str:
    """One row per claim: the statement, the model's value, the difference, the verdict and its reason."""
    rows = (
        [_number(v) if isinstance(v, float) else "" if v is None else str(v) for v in cells]
        for cells in claim_rows(scenario, results, tolerance)
    )
    return _csv_text(CLAIM_COLUMNS, rows)


@in_english
def monthly_csv(results: Results) -> str:
    """One row per month (YYYY-MM); the median month by month when sampled."""
    names = public_names(results)
    columns = [central(results.monthly[n]) for n in names]
    rows = ([label, *(_number(c[i]) for c in columns)] for i, label in enumerate(results.grid.labels()))
    return _csv_text(["month", *(column_header(n) for n in names)], rows)


# ---------------------------------------------------------------- inputs and their sources

SKIPPED_IN_INPUTS = ("sources", "input_sources", "description", "translations", "claims", "text", "quote")


def _own_source(leaf: Leaf) -> SourceNote | None:
    """The source the nearest enclosing item gives for the field the input sits in."""
    source = None
    for model, name in leaf.fields:
        own = getattr(model, "sources", None)
        if isinstance(own, dict):
            source = own.get(name, source)
    return source


@in_english
def input_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """Every input as {path, unit, value | low/base/high/dist, source, confidence}; an input nothing
    covers says 'unknown'.

    A source given for a path in ``input_sources`` covers everything below it ('power' covers
    'power.design_pue'); accelerators and sites carry their own sources per field.
    """

    def inherited(path: str) -> SourceNote | None:
        parts = path.split(".")
        for n in range(len(parts), 0, -1):
            source = scenario.input_sources.get(".".join(parts[:n]))
            if source is not None and source.text:
                return source
        return None

    rows = []
    for leaf in walk(scenario, skip=SKIPPED_IN_INPUTS, whole_lists=True):
        path, value, own_source = leaf.path, leaf.value, _own_source(leaf)
        unit = leaf.meta.unit if leaf.meta else ""
        if isinstance(value, (tuple, list)):
            value = ", ".join(str(v) for v in value)
        parts = path.split(".")
        if path in ("name", "organisation", "currency") or (len(parts) > 2 and parts[-2] == str(value)):
            continue  # identity, or an item's id or name already spelled in its path
        row: dict[str, Any] = {"path": path, "unit": unit}
        if isinstance(value, Range):
            row.update(value=value.base, low=value.low, base=value.base, high=value.high, dist=value.dist)
        else:
            row["value"] = value
        note = own_source or inherited(path)
        row["source"] = note.text if note else ""
        row["confidence"] = note.confidence if note else "unknown"
        rows.append(row)
    return rows


# ---------------------------------------------------------------- XLSX


def _xlsx_bytes(scenario: Scenario, results: Results, basis: Basis, tolerance: float | None) -> bytes:
    import xlsxwriter  # imported here: only this export needs it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True})
    muted = book.add_format({"italic": True, "font_color": "#555555"})
    number = book.add_format({"num_format": "#,##0.###"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def series_sheet(title: str, index_name: str, index: list[Any], columns: dict[str, np.ndarray]) -> None:
        sheet = book.add_worksheet(title)
        sheet.write(0, 0, "series", bold)
        sheet.write(1, 0, "unit", muted)
        sheet.write(2, 0, "layer, stock/flow", muted)
        sheet.write(3, 0, index_name, bold)
        for j, (name, data) in enumerate(columns.items(), start=1):
            spec = SERIES[name]
            sheet.write(0, j, spec.label, bold)
            sheet.write(1, j, spec.unit, muted)
            sheet.write(2, j, spec.tag(), muted)
            sheet.write(3, j, name, bold)
            for i, value in enumerate(data):
                sheet.write_number(4 + i, j, float(value), number)
        for i, label in enumerate(index):
            sheet.write(4 + i, 0, label)
        sheet.freeze_panes(4, 1)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, len(columns), 16)

    annual, values = annual_table(results, basis)
    years = [int(y) for y in annual.years]
    year_name = "fiscal_year" if basis == "fiscal" else "year"
    series_sheet("annual", year_name, years, values)
    names = list(values)
    series_sheet("monthly", "month", results.grid.labels(), {n: central(results.monthly[n]) for n in names})
    if results.samples > 1:
        spread = annual_percentiles(results, basis)
        for key in ("p10", "p90"):
            series_sheet(f"annual {key}", year_name, years, spread[key])

    claims = book.add_worksheet("claims")
    claims.write_row(0, 0, CLAIM_COLUMNS, bold)
    for i, cells in enumerate(claim_rows(scenario, results, tolerance), start=1):
        for j, value in enumerate(cells):
            if isinstance(value, float):
                claims.write_number(i, j, value, number)
            elif value is not None:
                claims.write(i, j, value)
    claims.set_column(2, 2, 48, wrap)
    claims.set_column(3, 16, 14)
    claims.set_column(17, 18, 48, wrap)

    inputs = book.add_worksheet("inputs")
    inputs.write_row(
        0, 0, ["input", "unit", "value", "low", "base", "high", "distribution", "source", "confidence", "title"], bold
    )
    for i, row in enumerate(input_rows(scenario), start=1):
        inputs.write(i, 0, row["path"])
        inputs.write(i, 9, input_title(scenario, row["path"]))
        inputs.write(i, 1, row["unit"])
        for j, key in enumerate(("value", "low", "base", "high", "dist"), start=2):
            if key in row and row[key] is not None:
                inputs.write(i, j, row[key])
        inputs.write(i, 7, row["source"])
        inputs.write(i, 8, CONFIDENCE_TEXT[row["confidence"]])
    inputs.set_column(0, 0, 44)
    inputs.set_column(1, 6, 13)
    inputs.set_column(7, 7, 80)
    inputs.set_column(8, 8, 22)
    inputs.set_column(9, 9, 40)

    sources = book.add_worksheet("sources")
    sources.write_row(0, 0, ["title", "publisher", "date", "url", "quote", "confidence"], bold)
    for i, s in enumerate(scenario.sources, start=1):
        sources.write_row(i, 0, [s.title, s.publisher, s.date, s.url, s.quote, CONFIDENCE_TEXT[s.confidence]])
    sources.set_column(0, 4, 30)
    sources.set_column(5, 5, 22)

    warnings = book.add_worksheet("warnings")
    warnings.write_row(0, 0, ["code", "years", "message"], bold)
    for i, w in enumerate(results.warnings, start=1):
        warnings.write_row(i, 0, [w.code, ", ".join(map(str, w.years)), w.message])
    warnings.set_column(2, 2, 100)

    about = book.add_worksheet("about")
    for i, (key, value) in enumerate(
        [
            ("scenario", scenario.name),
            ("organisation", scenario.organisation),
            ("basis", basis),
            ("samples", results.samples),
            ("seed", results.seed),
            ("values", statistic(results)),
            ("schema_version", SCHEMA_VERSION),
            ("units", "stored units of the output contract: USD, MW, TWh, GPUs, H100e, FLOP/s, acres"),
        ]
    ):
        about.write(i, 0, key, bold)
        about.write(i, 1, value)
    about.set_column(1, 1, 70)
    book.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- writers


def write_xlsx(
    path: str | os.PathLike[str],
    scenario: Scenario,
    results: Results,
    basis: Basis = "calendar",
    tolerance: float | None = None,
) -> Path:
    return atomic_write_bytes(path, _xlsx_bytes(scenario, results, basis, tolerance), keep_backup=False)


def export(
    path: str | os.PathLike[str],
    scenario: Scenario,
    results: Results,
    basis: Basis = "calendar",
    which: Which = "annual",
    tolerance: float | None = None,
) -> Path:
    """Write the results in the format named by the file's extension (.json, .csv or .xlsx)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "json":
        return atomic_write_text(path, dumps_json(compute_json(scenario, results, basis, tolerance)), keep_backup=False)
    if suffix == "csv":
        text = monthly_csv(results) if which == "monthly" else annual_csv(results, basis)
        return atomic_write_text(path, text, keep_backup=False)
    if suffix == "xlsx":
        return write_xlsx(path, scenario, results, basis, tolerance)
    raise ValueError(f"cannot export to '{Path(path).name}': use a .json, .csv or .xlsx file")
