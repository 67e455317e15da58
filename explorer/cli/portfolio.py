"""The portfolio report on the command line: totals, the breakdown by member, limits, claims, warnings."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..formatting import (
    claim_model_text,
    claim_stated_text,
    format_percent,
    format_series_value,
    translated,
    unit_text,
    verdict_text,
)
from ..i18n import _
from ..portfolio.compute import PortfolioResults
from ..portfolio.exports import BREAKDOWN_SERIES, breakdown_of
from ..portfolio.model import Portfolio
from ..series import SERIES
from .common import number_text, quantity_text, render_table
from .report import results_table


def _cells(name: str, values: np.ndarray) -> list[str]:
    spec = SERIES[name]
    return [number_text(spec.display(v)) for v in values]


def portfolio_table(portfolio: Portfolio, out: PortfolioResults) -> str:
    total = out.total
    quiet = dataclasses.replace(total, warnings=[])  # warnings come last, after the breakdown
    title = _("{name} (portfolio total)").format(name=translated(portfolio, "name"))
    text = results_table(title, quiet, "calendar", [])
    years = [str(int(y)) for y in total.calendar.years]
    lines = [text.rstrip("\n"), "", _("Breakdown by member (overlaps counted once: subtracted on their own line)")]
    for name in BREAKDOWN_SERIES:
        spec = SERIES[name]
        rows = [[label, *_cells(name, values)] for _kind, label, values in breakdown_of(portfolio, out, name)]
        lines += ["", f"  {spec.label} [{unit_text(spec.display_unit)}; {spec.tag()}]"]
        lines += render_table([_("Line"), *years], rows, right=[False] + [True] * len(years))
    off = [m.id for m in portfolio.members if not m.enabled]
    if off:
        lines += ["", "  " + _("Switched off: {members}").format(members=", ".join(off))]

    if out.limits:
        lines += ["", _("World limits (the portfolio's plans as a share of what the world can supply per year)")]
        rows = []
        for use in out.limits:
            d = use.as_dict()
            for i, year in enumerate(d["years"]):
                metric = use.limit.metric
                rows.append(
                    [
                        translated(use.limit, "title") if i == 0 else "",
                        str(year),
                        quantity_text(metric, d["planned"][i]),
                        quantity_text(metric, d["limit"][i]),
                        format_percent(d["share"][i] * 100),
                        _("exceeded") if d["excess"][i] > 0 else "",
                    ]
                )
        lines += render_table(
            [_("Limit"), _("Year"), _("Planned"), _("Limit"), _("Share"), ""],
            rows,
            right=[False, False, True, True, True, False],
        )
        lines += [f"      {use.limit.id}: {use.limit.source}" for use in out.limits]

    if out.claims:
        lines += [
            "",
            _(
                "Industry claims ('about' within ±{tolerance}; a 'share' claim reads the portfolio as a part of "
                "the stated whole)"
            ).format(tolerance=format_percent(portfolio.claim_tolerance * 100, decimals=0)),
        ]
        rows, reasons = [], []
        for c in out.claims:
            check = c.check
            who = ", ".join(c.claim.members) or _("all members")
            model = claim_model_text(check)
            if c.share is not None:
                whole = format_series_value(check.claim.metric, check.stated[1])
                model += " = " + _("{share} of {whole}").format(share=format_percent(c.share * 100), whole=whole)
            rows.append([check.claim.id, check.claim.period, who, claim_stated_text(check), model, verdict_text(check)])
            reasons.append(f"      → {check.reason}" if check.reason else "")
        table = render_table([_("Claim"), _("Period"), _("Members"), _("Stated"), _("Model"), _("Verdict")], rows)
        lines += table[:2]
        for row_line, reason in zip(table[2:], reasons):
            lines += [row_line] + ([reason] if reason else [])
    if out.warnings:
        lines += ["", _("Warnings")] + [f"  ! {w.message}" for w in out.warnings]
    return "\n".join(lines) + "\n"
