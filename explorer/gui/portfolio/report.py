"""The portfolio report, as HTML or PDF: key figures, the breakdown by member with overlaps on their
own lines, the world limits with the portfolio's share and warnings, industry claims, charts, members,
overlaps and sources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from ... import formatting
from ...formatting import format_number, format_percent, format_series_value, localize_number, translated
from ...i18n import _
from ...io.exports import central
from ...model.ranges import Uncertain
from ...model.sources import CONFIDENCE_TEXT
from ...portfolio import Portfolio, PortfolioResults
from ...portfolio.exports import BREAKDOWN_SERIES, breakdown_of
from ...series import SERIES
from ..report import STYLE, _e, _h2, _table, write_html_report, write_pdf_report
from ..theme import LIGHT


def _muted(text: str) -> str:
    return f"<span class='muted'>{_e(text)}</span>"


def _grade(confidence: str) -> str:
    return _muted(f"({_(CONFIDENCE_TEXT[confidence])})")


def _share_text(share: Uncertain | None) -> str:
    """'50 %' or '30 % – 62 % (base 50 %)'."""
    if share is None:
        return "–"
    if isinstance(share, float):
        return format_percent(100 * share)
    if share.is_point:
        return format_percent(100 * share.base)
    low, high, base = (format_percent(100 * v) for v in (share.low, share.high, share.base))
    return _("{low} – {high} (base {base})").format(low=low, high=high, base=base)


KEY_SERIES = ("capex_total_usd", "gpus_installed", "facility_capacity_mw", "energy_twh", "emissions_tco2")


def _sampled(out: PortfolioResults) -> str:
    total = out.total
    if total.samples == 1:
        return _("Deterministic run on base values.")
    return _("Median (P50) of {samples} samples drawn with shared inputs, seed {seed}.").format(
        samples=localize_number(f"{total.samples:,}"), seed=total.seed
    )


def _key_figures(out: PortfolioResults, year: int) -> list[str]:
    annual = out.total.calendar
    col = annual.column(year)
    if col is None:
        return []
    rows = []
    for name in KEY_SERIES:
        spec = SERIES[name]
        total = float(central(annual.values[name])[col])
        lines = out.lines_of(name) if total else []
        values = [line.sign * float(central(line.results.calendar[name])[col]) for line in lines]
        shares = ", ".join(f"{_e(line.id)} {format_percent(100 * v / total)}" for line, v in zip(lines, values))
        rows.append([_e(spec.label), _e(spec.tag()), shares, _e(format_series_value(name, total))])
    header = [_("Figure"), _("Layer, measure"), _("Share of each member and overlap"), str(year)]
    return [_h2(_("Key figures, {year}").format(year=year)), _table(header, rows, numeric_from=3)]


def _breakdown(portfolio: Portfolio, out: PortfolioResults) -> list[str]:
    years = [str(int(y)) for y in out.total.calendar.years]
    parts = [
        _h2(_("Breakdown by member")),
        "<p class='muted'>"
        + _e(
            _(
                "Calendar years. Members are added (× their weight); an overlap is subtracted on its own line, "
                "in the series it counts once."
            )
        )
        + "</p>",
    ]
    for name in BREAKDOWN_SERIES:
        spec = SERIES[name]
        rows = []
        for kind, label, values in breakdown_of(portfolio, out, name):
            cells = [format_number(spec.display(v)) for v in values]
            text = f"<b>{_e(label)}</b>" if kind == "total" else _e(label)
            rows.append([text, *cells])
        parts.append(f"<p><b>{_e(spec.label)}</b> {_muted(f'({spec.display_unit}; {spec.tag()})')}</p>")
        parts.append(_table([_("Line"), *years], rows))
    return parts


def _overlaps(portfolio: Portfolio, out: PortfolioResults) -> list[str]:
    if not portfolio.overlaps:
        return []
    computed = {line.id for line in out.overlaps}
    rows = []
    for o in portfolio.overlaps:
        what = _("site {site}").format(site=o.site) if o.site else _("share {share}").format(share=_share_text(o.share))
        state = "" if o.id in computed else " " + _muted(_("(a member is off)"))
        rows.append(
            [
                _e(translated(o, "text") or o.id) + state,
                _e(f"{o.member} → {o.counted_in}"),
                _e(what),
                _e(o.relation),
                _e(", ".join(o.counted_once)),
                _e(o.source or "–"),
            ]
        )
    header = [_("Overlap"), _("Member → counted in"), _("What"), _("Relation"), _("Counted once"), _("Source")]
    return [_h2(_("Overlaps")), _table(header, rows, numeric_from=99)]


def _limits(out: PortfolioResults) -> list[str]:
    if not out.limits:
        return []
    parts = [
        _h2(_("World limits")),
        "<p class='muted'>"
        + _e(_("The portfolio's plans as a share of what the world can supply each year."))
        + "</p>",
    ]
    for use in out.limits:
        d = use.as_dict()
        metric = use.limit.metric
        rows = []
        for i, year in enumerate(d["years"]):
            share = format_percent(100 * d["share"][i])
            if d["share_p10_p90"] is not None:
                low, high = d["share_p10_p90"][i]
                share += " " + _muted(f"(P10–P90 {format_percent(100 * low)} – {format_percent(100 * high)})")
            excess = d["excess"][i]
            exceeded = _("exceeded by {amount}").format(amount=format_series_value(metric, excess))
            flag = f"<span class='bad'>{_e(exceeded)}</span>" if excess > 0 else "<span class='ok'>✓</span>"
            rows.append(
                [
                    str(year),
                    _e(format_series_value(metric, d["planned"][i])),
                    _e(format_series_value(metric, d["limit"][i])),
                    share,
                    flag,
                ]
            )
        parts.append(f"<p><b>{_e(translated(use.limit, 'title'))}</b><br>{_muted(use.limit.source)}</p>")
        parts.append(_table([_("Year"), _("Planned"), _("Limit"), _("Share"), ""], rows, numeric_from=1))
    return parts


def _claims(portfolio: Portfolio, out: PortfolioResults) -> list[str]:
    if not out.claims:
        return []
    rows = []
    for c in out.claims:
        check = c.check
        css = "ok" if check.verdict == "consistent" else "bad" if check.verdict == "inconsistent" else "muted"
        model = formatting.claim_model_text(check)
        if c.share is not None:
            whole = format_series_value(check.claim.metric, check.stated[1])
            model += " " + _("= {share} of {whole}").format(share=format_percent(c.share * 100), whole=whole)
        rows.append(
            [
                _e(formatting.claim_text(check.claim)),
                _e(check.claim.period),
                _e(", ".join(c.claim.members) or _("all members")),
                _e(formatting.claim_stated_text(check)),
                _e(model),
                f"<span class='{css}'>{_e(formatting.verdict_text(check))}</span><br>{_muted(check.reason)}",
                _e(check.claim.source),
            ]
        )
    header = [_("Claim"), _("Period"), _("Members"), _("Stated"), _("Model"), _("Verdict"), _("Source")]
    tolerance = _("Tolerance {tolerance} %.").format(tolerance=f"{portfolio.claim_tolerance * 100:g}")
    return [
        _h2(_("Industry claims")),
        f"<p class='muted'>{_e(tolerance)}</p>",
        _table(header, rows, numeric_from=99),
    ]


def _members(portfolio: Portfolio, out: PortfolioResults, colours: dict[str, str]) -> list[str]:
    names = {line.id: line.title for line in out.members}
    rows = [
        [
            f"<span style='color:{colours.get(m.id, LIGHT.foreground)}'>■</span> {_e(m.id)}",
            _e(names.get(m.id, "–")),
            _e(m.preset or m.path),
            _e(_("on") if m.enabled else _("off")),
            format_number(m.weight),
        ]
        for m in portfolio.members
    ]
    return [
        _h2(_("Members")),
        _table([_("Id"), _("Scenario"), _("Preset or file"), _("On"), _("Weight")], rows, numeric_from=4),
    ]


def _sources(portfolio: Portfolio) -> list[str]:
    items = [
        f"<li><b>{_e(s.title)}</b> — {_e(', '.join(x for x in (s.publisher, s.date) if x))}"
        f" {_grade(s.confidence)}" + (f"<br><i>“{_e(s.quote)}”</i>" if s.quote else "") + "</li>"
        for s in portfolio.sources
    ]
    items += [
        f"<li><b>{_e(path)}</b>: {_e(note.text)} {_grade(note.confidence)}</li>"
        for path, note in portfolio.input_sources.items()
    ]
    return [_h2(_("Sources")), "<ul>" + "".join(items) + "</ul>"] if items else []


def portfolio_report_html(
    portfolio: Portfolio,
    out: PortfolioResults,
    year: int,
    charts: dict[str, tuple[str, str]],
    colours: dict[str, str] | None = None,
) -> str:
    """``charts``: key → (title, image src) — a data URI for files, a resource name for PDF;
    ``colours``: member id → the colour its area has in the charts."""
    name, description = translated(portfolio, "name"), translated(portfolio, "description")
    parts = [
        f"<html><head><meta charset='utf-8'><title>{_e(name)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(name)}</h1>",
        f"<p>{_e(description)}</p>" if description else "",
        f"<p class='muted'>{_e(_sampled(out))}</p>",
        *_key_figures(out, year),
        *_breakdown(portfolio, out),
        *_overlaps(portfolio, out),
        *_limits(out),
        *_claims(portfolio, out),
    ]
    if out.warnings:
        items = "".join(f"<li>{_e(w.message)}</li>" for w in out.warnings)
        parts.append(_h2(_("Warnings")) + f"<ul>{items}</ul>")
    parts += _members(portfolio, out, colours or {})
    if charts:
        parts.append(_h2(_("Charts")))
        parts.append(
            "<p class='muted'>"
            + _e(_("Members stacked in the colours above; dashed line: the total, overlaps counted once."))
            + "</p>"
        )
        parts += [f"<p><img src='{src}' width='640'><br><b>{_e(title)}</b></p>" for title, src in charts.values()]
    parts += _sources(portfolio)
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p)


def write_portfolio_report(
    path: str | Path,
    portfolio: Portfolio,
    out: PortfolioResults,
    year: int,
    images: dict[str, tuple[str, QImage]],
    colours: dict[str, str] | None = None,
) -> Path:
    """The report as PDF (a .pdf path) or HTML (anything else)."""

    def html_of(charts: dict[str, tuple[str, str]]) -> str:
        return portfolio_report_html(portfolio, out, year, charts, colours)

    if Path(path).suffix.lower() == ".pdf":
        return write_pdf_report(path, translated(portfolio, "name"), images, html_of)
    return write_html_report(path, images, html_of)
