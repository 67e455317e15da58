"""A computed portfolio written out: the JSON contract (the scenario contract plus ``members``,
``overlaps`` and ``limits``), a breakdown CSV and a workbook. Calendar years throughout: members keep
their own fiscal years, the portfolio adds them up by calendar year."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import numpy as np

from ..i18n import _
from ..io.exports import _csv_text, _number, _plain, central, dumps_json, public_names, results_json
from ..io.scenario_files import atomic_write_bytes, atomic_write_text
from ..series import SERIES
from .compute import Line, PortfolioResults
from .model import SCHEMA_VERSION, Overlap, Portfolio

FORMATS = ("json", "csv", "xlsx")
# What the command line and the report break down by member: money, chips, power and energy.
BREAKDOWN_SERIES = ("capex_total_usd", "gpus_purchased", "gpus_installed", "facility_capacity_mw", "energy_twh")


def breakdown_of(portfolio: Portfolio, out: PortfolioResults, name: str) -> list[tuple[str, str, np.ndarray]]:
    """(kind, label, signed annual values) of series ``name``: each member (its weight when not 1), each
    overlap that counts the series once (negative), then the total."""
    weights = {m.id: m.weight for m in portfolio.members}
    rows = []
    for line in out.lines_of(name):
        tag = f" ×{weights[line.id]:g}" if line.kind == "member" and weights[line.id] != 1 else ""
        label = line.title + tag if line.kind == "member" else f"− {line.title}"
        rows.append((line.kind, label, line.sign * central(line.results.calendar[name])))
    rows.append(("total", "= " + _("total"), central(out.total.calendar[name])))
    return rows


def _line_annual(line: Line) -> dict[str, Any]:
    annual = line.results.calendar
    names = [n for n in public_names(line.results) if SERIES[n].kind != "ratio" and line.counts(n)]
    return {"year": annual.years, **{n: central(annual.values[n]) for n in names}}


def portfolio_json(portfolio: Portfolio, out: PortfolioResults) -> dict[str, Any]:
    """The scenario contract for the totals, plus each member's and overlap's annual series and the limits."""
    doc = results_json(out.name, out.total, "calendar", [], portfolio.claim_tolerance)
    members = {m.id: m for m in portfolio.members}
    doc.update(
        {
            "kind": "portfolio",
            "portfolio_schema_version": SCHEMA_VERSION,
            "claims": [c.as_dict() for c in out.claims],
            "members": [
                {"id": line.id, "name": line.label, "weight": members[line.id].weight, "annual": _line_annual(line)}
                for line in out.members
            ],
            "members_off": [m.id for m in portfolio.members if not m.enabled],
            "overlaps": [
                {
                    "id": line.id,
                    "text": line.label,
                    "member": line.members[0],
                    "counted_in": line.members[1],
                    "counted_once": list(line.parts),
                    "annual": _line_annual(line),
                }
                for line in out.overlaps
            ],
            "limits": [use.as_dict() for use in out.limits],
        }
    )
    return _plain(doc)


def breakdown_rows(out: PortfolioResults) -> tuple[list[int], list[list[Any]]]:
    """(years, rows): one row per line and series — members added, overlaps subtracted (for the series
    they count once), then the total."""
    years = [int(y) for y in out.total.calendar.years]
    names = [n for n in public_names(out.total) if SERIES[n].kind != "ratio"]
    rows = []
    for line in [*out.lines, None]:
        results = out.total if line is None else line.results
        annual = results.calendar
        line_id, label, kind = ("total", out.name, "total") if line is None else (line.id, line.label, line.kind)
        for name in names:
            if line is not None and not line.counts(name):
                continue  # an overlap is a line only of the series it counts once
            values = central(annual.values[name]) * (1.0 if line is None else line.sign)
            rows.append([line_id, label, kind, name, SERIES[name].unit, *values])
    return years, rows


def breakdown_csv(out: PortfolioResults) -> str:
    """Long format: line, kind (member, overlap as a negative amount, total), series, unit, one column per year."""
    years, rows = breakdown_rows(out)
    header = ["line", "name", "kind", "series", "unit", *map(str, years)]
    return _csv_text(header, ([*row[:5], *(_number(v) for v in row[5:])] for row in rows))


def _share_cell(overlap: Overlap) -> float | str | None:
    """A fixed share as a number; a range as 'low – high (base b, dist)'."""
    share = overlap.share
    if share is None or isinstance(share, float):
        return share
    return f"{share.low:g} – {share.high:g} (base {share.base:g}, {share.dist})"


def _xlsx_bytes(portfolio: Portfolio, out: PortfolioResults) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0.###"})

    def table(title: str, header: list[str], rows: list[list[Any]], widths: dict[int, int] | None = None) -> None:
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, header, bold)
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                if isinstance(value, (int, float, np.floating)) and not isinstance(value, bool):
                    sheet.write_number(i, j, float(value), number)
                else:
                    sheet.write(i, j, "" if value is None else str(value))
        sheet.freeze_panes(1, 0)
        for column, width in (widths or {}).items():
            sheet.set_column(column, column, width)

    years, rows = breakdown_rows(out)
    table("breakdown", ["line", "name", "kind", "series", "unit", *map(str, years)], rows, {1: 36, 3: 26})
    limit_rows = []
    for use in out.limits:
        d = use.as_dict()
        for i, year in enumerate(d["years"]):
            limit_rows.append(
                [
                    use.limit.id,
                    use.limit.title,
                    year,
                    d["planned"][i],
                    d["limit"][i],
                    d["share"][i],
                    d["excess"][i],
                    d["unit"],
                    use.limit.source,
                ]
            )
    table(
        "limits",
        ["id", "limit", "year", "planned", "limit", "share", "excess", "unit", "source"],
        limit_rows,
        {1: 40, 8: 60},
    )
    claim_rows = [
        [
            c["id"],
            c["metric"],
            c["period"],
            c["reading"],
            ", ".join(c["members"]) or "all",
            c["stated"] if not isinstance(c["stated"], list) else f"{c['stated'][0]:g} – {c['stated'][1]:g}",
            c["model"],
            c["share"],
            c["verdict"],
            c["source"],
        ]
        for c in (x.as_dict() for x in out.claims)
    ]
    table(
        "claims",
        ["id", "metric", "period", "reading", "members", "stated", "model", "share", "verdict", "source"],
        claim_rows,
        {9: 60},
    )
    table(
        "overlaps",
        ["id", "text", "member", "counted_in", "site", "share", "relation", "counted_once", "source"],
        [
            [
                o.id,
                o.text,
                o.member,
                o.counted_in,
                o.site,
                _share_cell(o),
                o.relation,
                ", ".join(o.counted_once),
                o.source,
            ]
            for o in portfolio.overlaps
        ],
        {1: 40, 7: 44, 8: 60},
    )
    table(
        "members",
        ["id", "source", "on", "weight"],
        [[m.id, m.preset or m.path, "on" if m.enabled else "off", m.weight] for m in portfolio.members],
    )
    table(
        "warnings",
        ["code", "years", "message"],
        [[w.code, ", ".join(map(str, w.years)), w.message] for w in out.warnings],
        {2: 100},
    )
    book.close()
    return buffer.getvalue()


def export_portfolio(path: str | os.PathLike[str], portfolio: Portfolio, out: PortfolioResults) -> Path:
    """Write the portfolio's results in the format named by the file's extension."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "json":
        return atomic_write_text(path, dumps_json(portfolio_json(portfolio, out)), keep_backup=False)
    if suffix == "csv":
        return atomic_write_text(path, breakdown_csv(out), keep_backup=False)
    if suffix == "xlsx":
        return atomic_write_bytes(path, _xlsx_bytes(portfolio, out), keep_backup=False)
    raise ValueError(f"cannot export to '{Path(path).name}': use a .json, .csv or .xlsx file")
