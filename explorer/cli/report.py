"""The scenario report of `compute`: yearly series in display units, then claims and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..formatting import claim_text, translated, unit_text
from ..i18n import _
from .common import CLAIM_TEXT_WIDTH, number_text, render_table

if TYPE_CHECKING:
    from ..engine.claims import ClaimCheck
    from ..engine.results import Annual, Basis, Results
    from ..model.scenario import Scenario


def _year_labels(annual: Annual, basis: Basis) -> list[str]:
    prefix = "FY" if basis == "fiscal" else ""
    return [f"{prefix}{int(y)}" + ("" if done else "*") for y, done in zip(annual.years, annual.complete)]


def compute_table(
    scenario: Scenario, results: Results, basis: Basis = "calendar", tolerance: float | None = None
) -> str:
    """The human-readable report: yearly series in display units, then claims and warnings."""
    from ..io.exports import claim_checks

    checks = claim_checks(scenario, results, tolerance)
    return results_table(translated(scenario, "name"), results, basis, checks, scenario)


def results_table(
    title: str, results: Results, basis: Basis, checks: list[ClaimCheck], scenario: Scenario | None = None
) -> str:
    """The report of ``compute_table`` for results under ``title`` with claims already checked."""
    import numpy as np

    from ..formatting import claim_model_text, claim_stated_text, format_percent, verdict_text
    from ..io.exports import annual_percentiles, annual_table
    from ..series import SERIES

    annual, values = annual_table(results, basis)
    sampled = results.samples > 1
    spread = annual_percentiles(results, basis) if sampled else None
    run = (
        _("median (P50) of {samples} samples, seed {seed}; P10 and P90 below each row").format(
            samples=number_text(results.samples), seed=results.seed
        )
        if sampled
        else _("deterministic run on base values")
    )
    years = _("fiscal years") if basis == "fiscal" else _("calendar years")
    out = [
        f"{title} — {years}, {run}",
        _(
            "Stock = in service at the end of the year; flow = total over the year; ratio = one yearly "
            "figure over another. Layer: chip, IT or facility power."
        ),
        "",
    ]

    headers = [_("Series"), _("Unit"), _("Layer, measure"), *_year_labels(annual, basis)]
    rows = []
    for name, data in values.items():
        spec = SERIES[name]
        rows.append(
            [spec.label, unit_text(spec.display_unit), spec.tag(), *(number_text(spec.display(v)) for v in data)]
        )
        if spread is not None:
            for key in ("p10", "p90"):
                rows.append([f"  {key.upper()}", "", "", *(number_text(spec.display(v)) for v in spread[key][name])])
    out += render_table(headers, rows, right=[False, False, False] + [True] * len(annual.years))
    if not np.all(annual.complete):
        out.append("  " + _("* partial year: flows cover only the months simulated."))

    if checks:
        tol = checks[0].tolerance
        out += [
            "",
            _(
                "Claims ('about' holds within ±{band} of the stated value or range; 'at least', "
                "'at most' and 'between' hold at their bounds)"
            ).format(band=format_percent(tol * 100)),
        ]
        rows, details = [], []
        for check in checks:
            claim = check.claim
            rows.append(
                [
                    _shorten(claim_text(claim), CLAIM_TEXT_WIDTH),
                    claim_stated_text(check),
                    claim_model_text(check),
                    format_percent(check.diff_pct, signed=True),
                    verdict_text(check, scenario),
                ]
            )
            details.append(
                f"      {claim.id}: {claim.metric} [{SERIES[claim.metric].tag()}], {claim.measure}, "
                f"{claim.period}"
                + (_(", site {site}").format(site=claim.site) if claim.site else "")
                + (_(" · source: {source}").format(source=claim.source) if claim.source else "")
                + f"\n      → {check.reason}"
            )
        lines = render_table(
            [_("Claim"), _("Stated"), _("Model"), _("Diff"), _("Verdict")], rows, right=[False, True, True, True, False]
        )
        out += lines[:2]
        for row_line, detail in zip(lines[2:], details):
            out += [row_line, detail]

    if results.warnings:
        out += ["", _("Warnings")]
        out += [f"  ! {w.message}" for w in results.warnings]
    return "\n".join(out) + "\n"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
