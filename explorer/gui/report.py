"""The report: inputs, sources, key figures, claims, warnings and charts, as HTML or PDF (through Qt)."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ..engine.results import Basis, Results
from ..formatting import (
    choice_text,
    claim_model_text,
    claim_stated_text,
    claim_text,
    format_number,
    format_percent,
    format_series_value,
    input_title,
    translated,
    unit_text,
    verdict_text,
)
from ..i18n import N_, _, language
from ..io.exports import claim_checks, input_rows
from ..io.scenario_files import atomic_write_bytes, atomic_write_text
from ..model.scenario import Scenario
from ..model.sources import CONFIDENCE_TEXT
from ..presentation.view import ResultView
from ..series import SERIES
from .exporting import device_bytes, save_image
from .theme import LIGHT

ANNUAL_ROWS = (
    "capex_total_usd",
    "capex_ai_usd",
    "capex_it_usd",
    "capex_facility_usd",
    "gpus_purchased",
    "gpus_installed",
    "gpus_stranded",
    "h100e_installed",
    "facility_power_mw",
    "facility_capacity_mw",
    "energy_twh",
    "electricity_cost_usd",
    "depreciation_usd",
    "manhattans",
)
KPI_ROWS = ("capex_total_usd", "gpus_installed", "facility_power_mw", "energy_twh", "capex_per_gpu_usd", "manhattans")

# a report is printed: the light theme's text, verdict and muted colours
STYLE = f"""
body {{ font-family: sans-serif; font-size: 10pt; color: {LIGHT.foreground}; }}
h1 {{ font-size: 18pt; }} h2 {{ font-size: 13pt; margin-top: 18px; }}
table {{ border-collapse: collapse; margin: 6px 0; }}
th, td {{ border: 1px solid #bbb; padding: 3px 6px; font-size: 9pt; }}
th {{ background: #eef1f5; text-align: left; }}
td.n {{ text-align: right; }}
.ok {{ color: {LIGHT.good}; }} .bad {{ color: {LIGHT.bad}; }} .muted {{ color: {LIGHT.muted}; }}
"""


def _e(text) -> str:
    return html.escape(str(text))


def _h2(text: str) -> str:
    return f"<h2>{_e(text)}</h2>"


def _muted(text: str) -> str:
    return f"<p class='muted'>{_e(text)}</p>"


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{_e(_(h))}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td class='n'>{c}</td>" if i >= numeric_from else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _input_value(row: dict) -> str:
    def num(v):
        return format_number(v, 6) if isinstance(v, (int, float)) and not isinstance(v, bool) else _e(v)

    if "low" in row:
        return _("{low} – {high} (base {base}, {dist})").format(
            low=num(row["low"]), high=num(row["high"]), base=num(row["base"]), dist=_e(choice_text(row["dist"]))
        )
    return num(row["value"])


def report_html(
    scenario: Scenario, results: Results, year: int | None, basis: Basis, charts: dict[str, tuple[str, str]]
) -> str:
    """``charts``: key → (title, image src) — a data URI for files, a resource name for PDF."""
    view = ResultView(results, basis)
    annual = view.annual
    parts = [
        f"<html lang='{language()}'><head><meta charset='utf-8'><title>{_e(translated(scenario, 'name'))}</title>"
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_e(translated(scenario, 'name'))}</h1>",
    ]
    if scenario.organisation:
        parts.append(f"<p><b>{_e(scenario.organisation)}</b></p>")
    if scenario.description:
        parts.append(f"<p>{_e(translated(scenario, 'description'))}</p>")

    col = annual.column(year) if year is not None else None
    if col is not None:
        label = view.year_label(col)
        parts.append(_h2(_("Key figures, {year}").format(year=label)))
        rows = []
        for name in KPI_ROWS:
            spec = SERIES[name]
            rows.append([_e(spec.label), _e(spec.tag()), _e(format_series_value(name, annual.values[name][0, col]))])
        parts.append(_table([N_("Figure"), N_("Layer, measure"), label], rows, numeric_from=2))

    parts.append(_h2(_("Claims")))
    checks = claim_checks(scenario, results)
    if checks:
        rows = []
        for c in checks:
            css = "ok" if c.verdict == "consistent" else "bad" if c.verdict == "inconsistent" else "muted"
            diff = format_percent(c.diff_pct, signed=True)
            verdict = (
                f"<span class='{css}'>{_e(verdict_text(c, scenario))}</span><br>"
                f"<span class='muted'>{_e(c.reason)}</span>"
            )
            rows.append(
                [
                    _e(claim_text(c.claim)),
                    _e(c.claim.period),
                    _e(claim_stated_text(c)),
                    _e(claim_model_text(c)),
                    diff,
                    verdict,
                    _e(c.claim.source),
                ]
            )
        tolerance = _("Tolerance {percent}.").format(percent=format_percent(scenario.claim_tolerance * 100))
        parts.append(_muted(tolerance))
        header = [N_("Claim"), N_("Period"), N_("Stated"), N_("Model"), N_("Difference"), N_("Verdict"), N_("Source")]
        parts.append(_table(header, rows, 99))
    else:
        parts.append(_muted(_("This scenario carries no claims.")))

    if results.warnings:
        parts.append(
            _h2(_("Warnings")) + "<ul>" + "".join(f"<li>{_e(w.message)}</li>" for w in results.warnings) + "</ul>"
        )

    parts.append(_h2(_("Charts")))
    for title, src in charts.values():
        # caption under the image, so a page break never leaves a title above the wrong chart
        parts.append(f"<p><img src='{src}' width='640'><br><b>{_e(title)}</b></p>")

    per_year = _("Results per fiscal year") if view.basis == "fiscal" else _("Results per calendar year")
    parts.append(f"<h2>{_e(per_year)}</h2>")
    years = [view.year_label(i) for i in range(len(annual.years))]

    def series_cell(n: str) -> str:
        unit = unit_text(SERIES[n].display_unit)
        return f"{_e(SERIES[n].label)} <span class='muted'>({_e(unit)}; {_e(SERIES[n].tag())})</span>"

    rows = [[series_cell(n)] + [format_number(v) for v in view.year(n)] for n in ANNUAL_ROWS]
    parts.append(_table([N_("Series"), *years], rows))

    parts.append(_h2(_("Sources")))
    if scenario.sources:
        items = []
        for s in scenario.sources:
            meta = ", ".join(_e(x) for x in (s.publisher, s.date) if x)
            link = f" <a href='{_e(s.url)}'>{_e(s.url)}</a>" if s.url else ""
            quote = f"<br><i>“{_e(s.quote)}”</i>" if s.quote else ""
            grade = f" <span class='muted'>({_e(_(CONFIDENCE_TEXT[s.confidence]))})</span>"
            items.append(f"<li><b>{_e(s.title)}</b>{' — ' + meta if meta else ''}{grade}{link}{quote}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(_muted(_("No sources listed.")))

    parts.append(_h2(_("Inputs")))
    rows = [
        [
            _e(input_title(scenario, r["path"])),
            _input_value(r),
            _e(unit_text(r.get("unit", ""))),
            _e(r["source"] or "–"),
            _e(_(CONFIDENCE_TEXT[r["confidence"]])),
        ]
        for r in input_rows(scenario)
    ]
    parts.append(_table([N_("Input"), N_("Value"), N_("Unit"), N_("Source"), N_("Confidence")], rows, numeric_from=99))
    parts.append("</body></html>")
    return "\n".join(parts)


def png_bytes(image: QImage) -> bytes:
    return device_bytes(lambda device: save_image(image, device, "png"))


# A report's HTML from its charts: key → (title, image src).
HtmlOf = Callable[[dict[str, tuple[str, str]]], str]


def write_report(
    path: str | Path,
    scenario: Scenario,
    results: Results,
    year: int | None,
    basis: Basis,
    images: dict[str, tuple[str, QImage]],
) -> Path:
    """The scenario's report by the file's extension: PDF, or HTML with its charts inline."""

    def html_of(charts: dict[str, tuple[str, str]]) -> str:
        return report_html(scenario, results, year, basis, charts)

    if Path(path).suffix.lower() == ".pdf":
        return write_pdf_report(path, scenario.name, images, html_of)
    return write_html_report(path, images, html_of)


def write_html_report(path: str | Path, images: dict[str, tuple[str, QImage]], html_of: HtmlOf) -> Path:
    """An HTML file with its charts inside as data URIs."""
    charts = {
        k: (title, "data:image/png;base64," + base64.b64encode(png_bytes(img)).decode("ascii"))
        for k, (title, img) in images.items()
    }
    return atomic_write_text(path, html_of(charts), keep_backup=False)


def write_pdf_report(path: str | Path, title: str, images: dict[str, tuple[str, QImage]], html_of: HtmlOf) -> Path:
    """An A4 PDF of the report's HTML, charts as document resources."""
    document = QTextDocument()
    charts = {}
    for key, (chart_title, image) in images.items():
        name = f"chart-{key}.png"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        charts[key] = (chart_title, name)
    document.setHtml(html_of(charts))

    def print_to(device: QBuffer) -> None:
        writer = QPdfWriter(device)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setTitle(title)
        writer.setCreator("Gigawatt Explorer")
        writer.setResolution(144)
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(rect.width(), rect.height()))
        document.print_(writer)
        del writer  # finishes the document

    return atomic_write_bytes(path, device_bytes(print_to), keep_backup=False)
