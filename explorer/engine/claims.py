"""Claims beside the model: the model's value for the same metric and period, the difference to the
nearest bound of the statement, and a verdict with its reason in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..formatting import (
    claim_statement,
    claim_value_text,
    format_number,
    format_series_range,
    localize_number,
    percent_in_text,
)
from ..i18n import N_, _
from ..model.base import month_text
from ..model.claims import Claim, Period
from ..model.ranges import base_of, high_of, low_of
from ..series import SERIES
from .results import Annual, Results

# A claim about a site the scenario no longer has (renamed, removed) is reported, not refused.
Verdict = Literal[
    "consistent", "inconsistent", "partial period", "restates input", "not defined", "outside timeline", "no such site"
]
JUDGED = ("consistent", "inconsistent")
Coverage = Literal["full", "partial", "outside"]

# why a ratio has no value in a period: its denominator is not a meaningful positive amount there
NOT_DEFINED_BECAUSE = {
    "capex_per_gpu_usd": N_("no GPUs were bought"),
    "capex_per_facility_mw_usd": N_("no facility power was added"),
    "gpus_per_mw": N_("there was no facility power demand"),
    "tco_per_gpu_hour_usd": N_("no GPU was powered"),
}


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    model: float | None  # base run, or the median when sampled
    model_low: float | None  # P10 when sampled, else = model
    model_high: float | None  # P90 when sampled, else = model
    diff_pct: float | None  # to the nearest bound of the statement, 0 inside a range  [%]
    verdict: Verdict
    tolerance: float
    reason: str = ""
    restates: str | None = None  # the input path a 'restates input' claim plays back
    months: tuple[int, int] | None = None  # first and last month number the period reads

    @classmethod
    def unjudged(
        cls, claim: Claim, verdict: Verdict, tolerance: float, reason: str, months: tuple[int, int] | None = None
    ) -> ClaimCheck:
        """A check without a model value: the site, the period or the value itself is missing."""
        return cls(claim, None, None, None, None, verdict, tolerance, reason, months=months)

    @property
    def stated(self) -> tuple[float, float, float]:
        s = self.claim.stated
        return low_of(s), base_of(s), high_of(s)

    @property
    def verdict_label(self) -> str:
        """'restates input capex.by_year.2025' — the verdict with what it names."""
        return f"restates input {self.restates}" if self.restates else self.verdict

    def as_dict(self) -> dict[str, Any]:
        c = self.claim
        low, base, high = self.stated
        parts = c.period_parts
        return {
            "id": c.id,
            "metric": c.metric,
            "period": c.period,
            "period_kind": "by" if parts.by else "span" if parts.span else "year",
            "period_start": None if self.months is None else month_text(self.months[0]),
            "period_end": None if self.months is None else month_text(self.months[1]),
            "measure": c.measure,
            "comparison": c.comparison,
            "site": c.site,
            "stated": base if low == high else [low, high],
            "model": self.model,
            "model_p10_p90": None if self.model_low == self.model_high else [self.model_low, self.model_high],
            "diff_pct": self.diff_pct,
            "verdict": self.verdict,
            "restates": self.restates,
            "reason": self.reason,
            "unit": "ratio" if c.measure == "growth" else SERIES[c.metric].unit,
            "source": c.source,
        }


# ---------------------------------------------------------------- periods


def period_months(period: Period, results: Results) -> tuple[int, int]:
    """First and last month number of a period; a 'by' period starts at the scenario's first month."""
    start = results.fiscal_year_start_month if period.fiscal else 1
    offset = 0 if start == 1 else start - 1 - 12  # FY2025 starting in July opens in July 2024
    last = period.last * 12 + offset + 11
    first = int(results.grid.months[0]) if period.first is None else period.first * 12 + offset
    return first, last


def _coverage(first: int, last: int, results: Results, reads_start: bool) -> Coverage:
    """Whether the months a reading needs lie on the grid: all, some or none. A stock read at the end
    needs only its last month; a flow, a peak or a change needs the whole period."""
    g0, g1 = int(results.grid.months[0]), int(results.grid.months[-1])
    if last < g0 or (first > g1):
        return "outside"
    if last > g1 or (reads_start and first < g0):
        return "partial"
    return "full"


# ---------------------------------------------------------------- readings


def _aggregates(claim: Claim, results: Results, first: int, last: int, i: int, j: int) -> tuple[Annual, int]:
    """The yearly aggregates holding the period, and its column: a whole year on the grid is read
    from the run's own years; a span, a 'by' period or a clipped year is aggregated as one."""
    g0 = int(results.grid.months[0])
    if last - first == 11 and i == first - g0 and j == last - g0:
        annual = results.annual("fiscal" if claim.fiscal else "calendar")
        labels = results.grid.fiscal_year if claim.fiscal else results.grid.year
        return annual, annual.column_of(int(labels[j]))
    return results.over(i, j)


def _read(claim: Claim, results: Results, first: int, last: int) -> np.ndarray:
    """(S,) the claim's value over months first..last, clipped to the grid."""
    g0 = int(results.grid.months[0])
    i, j = max(first - g0, 0), min(last - g0, results.grid.size - 1)
    name = claim.metric
    if claim.site:
        if results.sites is None:
            raise ValueError(f"the scenario has no site named '{claim.site}'")
        end = results.sites.value(name, claim.site, j)
        return end - results.sites.value(name, claim.site, i - 1) if claim.measure == "added" else end
    if claim.measure == "peak":
        return results.monthly[name][:, i : j + 1].max(axis=1)
    annual, col = _aggregates(claim, results, first, last, i, j)
    if claim.measure == "added" and SERIES[name].kind == "stock":
        return results.added(annual.values, name)[:, col]
    return annual.values[name][:, col]  # 'total' of a flow, 'end' of a stock, a ratio of the period's totals


def _reads_start(claim: Claim) -> bool:
    """Whether the reading needs the period's first month: all but a stock read at the end."""
    return not (claim.measure in ("total", "end") and SERIES[claim.metric].kind == "stock")


def claim_reading(claim: Claim, results: Results) -> tuple[np.ndarray | None, Coverage, tuple[int, int]]:
    """(S,) values of the claim in every sample (None when the period is off the grid), how much of
    the period the run covers, and the period's first and last month."""
    period = claim.period_parts
    first, last = period_months(period, results)
    coverage = _coverage(first, last, results, _reads_start(claim))
    if claim.measure == "growth":
        before = _coverage(first - 12, last - 12, results, True)
        if before == "outside" or coverage == "outside":
            return None, "outside", (first, last)
        if before == "partial":
            coverage = "partial"
        prev = _read(claim, results, first - 12, last - 12)
        now = _read(claim, results, first, last)
        return np.divide(now, prev, out=np.full_like(prev, np.nan), where=prev > 0), coverage, (first, last)
    if coverage == "outside":
        return None, coverage, (first, last)
    return _read(claim, results, first, last), coverage, (first, last)


def claim_values(claim: Claim, results: Results) -> np.ndarray | None:
    """The model's value for the claim in every sample, (S,), or None when the period is off the grid.
    A period the run covers in part is read over the months it has."""
    return claim_reading(claim, results)[0]


# ---------------------------------------------------------------- verdicts


def _accepted(claim: Claim, tolerance: float) -> tuple[float, float]:
    """The model values the statement accepts; only 'about' is widened by the tolerance."""
    low, high = low_of(claim.stated), high_of(claim.stated)
    if claim.comparison == "at_least":
        return low, np.inf
    if claim.comparison == "at_most":
        return -np.inf, high
    if claim.comparison == "between":
        return low, high
    return low - tolerance * abs(low), high + tolerance * abs(high)


def difference_pct(claim: Claim, model: float) -> float | None:
    """Relative distance to the nearest bound of the statement, 0 inside a range  [%]; a one-sided
    bound keeps its sign (+ above 'at least'). None when that bound is 0 or the model value is
    undefined."""
    low, high = low_of(claim.stated), high_of(claim.stated)
    if np.isnan(model):
        return None  # an undefined ratio is no distance from anything
    if claim.comparison == "at_least":
        bound = low
    elif claim.comparison == "at_most":
        bound = high
    elif low <= model <= high and low != high:
        return 0.0
    else:
        bound = low if model < low else high
    if bound == 0:
        return None
    diff = (model - bound) / abs(bound) * 100.0
    return 0.0 if abs(diff) < 1e-9 else diff  # rounding of sums is no difference


def _reason(
    claim: Claim, model: float, m_low: float, m_high: float, diff: float | None, consistent: bool, tolerance: float
) -> str:
    statement = _("'{statement}'").format(statement=claim_statement(claim))
    sampled = m_low != m_high
    value = claim_value_text(claim, model)
    said = _("median {value}").format(value=value) if sampled else value
    low, high = low_of(claim.stated), high_of(claim.stated)
    if np.isnan(model):
        where = _("is undefined here (nothing to divide by), so it cannot be compared with {statement}")
    elif diff is None:
        where = _("is consistent with {statement}") if consistent else _("is outside {statement}")
    elif diff == 0 and (low != high or claim.comparison != "about"):
        where = _("is inside {statement}") if claim.comparison in ("about", "between") else _("meets {statement}")
    elif diff == 0:
        where = _("matches {statement}")
    else:
        where = _("is {percent} above {statement}") if diff > 0 else _("is {percent} below {statement}")
    percent = percent_in_text(abs(diff or 0))
    text = f"{said} {where.format(statement=statement, percent=percent)}"
    if claim.comparison == "about" and diff not in (None, 0.0):
        band = percent_in_text(tolerance * 100, decimals=None)
        within = abs(diff) <= tolerance * 100 + 1e-9
        text += (_(", within the ±{band} tolerance") if within else _(", beyond the ±{band} tolerance")).format(
            band=band
        )
    if sampled:
        spread = (
            f"×{format_number(m_low)}–{format_number(m_high)}"
            if claim.measure == "growth"
            else format_series_range(claim.metric, m_low, m_high)
        )
        text += (_("; P10–P90 {spread} reaches it") if consistent else _("; P10–P90 {spread} misses it")).format(
            spread=spread
        )
    return text


def _period_reason(claim: Claim, results: Results, coverage: Coverage, months: tuple[int, int]) -> str:
    g0, g1 = int(results.grid.months[0]), int(results.grid.months[-1])
    run = _("the run covers {first} to {last}").format(first=month_text(g0), last=month_text(g1))
    if claim.measure == "growth" and coverage == "outside":
        return _("growth needs the year before {period} as well; {run}").format(period=claim.period, run=run)
    span = _("{period} ({first} to {last})").format(
        period=claim.period, first=month_text(months[0]), last=month_text(months[1])
    )
    if coverage == "outside":
        return _("{span} is not simulated; {run}").format(span=span, run=run)
    if claim.measure == "growth":
        return _("{span} and the year before it are only partly simulated ({run}); not judged as if complete").format(
            span=span, run=run
        )
    return _("{span} is only partly simulated ({run}); not judged as if complete").format(span=span, run=run)


def _not_defined_reason(claim: Claim) -> str:
    """'AI capex per GPU bought is not defined in 2027: no GPUs were bought'."""
    parts = claim.period_parts
    when = (claim.period if parts.by else _("over {period}") if parts.span else _("in {period}")).format(
        period=claim.period
    )
    if claim.measure == "growth":
        return _("growth of {series} is not defined {when}: the year before has no positive value").format(
            series=SERIES[claim.metric].label, when=when
        )
    return _("{series} is not defined {when}: {because}").format(
        series=SERIES[claim.metric].label, when=when, because=_(NOT_DEFINED_BECAUSE[claim.metric])
    )


def check_claim(claim: Claim, results: Results, tolerance: float, restates: str | None = None) -> ClaimCheck:
    """The claim beside the model. ``restates``: the one input the claim's value moves with, if any
    (found by analysis.restated); such a claim proves nothing and says so. A value that is not defined
    (a ratio without a meaningful denominator) is never judged; sampled, the samples where it is
    defined are judged and the reason says how many are not."""
    if claim.site and (results.sites is None or claim.site not in results.sites.names):
        reason = _("the scenario has no site named '{site}'").format(site=claim.site)
        return ClaimCheck.unjudged(claim, "no such site", tolerance, reason)
    values, coverage, months = claim_reading(claim, results)
    if values is None:
        return ClaimCheck.unjudged(
            claim, "outside timeline", tolerance, _period_reason(claim, results, coverage, months), months
        )
    defined = values[~np.isnan(values)]
    summary = _model_summary(values, defined)
    if coverage == "partial":
        model, m_low, m_high = summary or (None, None, None)
        reason = _period_reason(claim, results, coverage, months)
        return ClaimCheck(claim, model, m_low, m_high, None, "partial period", tolerance, reason, months=months)
    if summary is None:
        return ClaimCheck.unjudged(claim, "not defined", tolerance, _not_defined_reason(claim), months)
    model, m_low, m_high = summary
    lo, hi = _accepted(claim, tolerance)
    consistent = m_high >= lo and m_low <= hi  # the model's range overlaps the accepted values
    diff = difference_pct(claim, model)
    reason = _reason(claim, model, m_low, m_high, diff, consistent, tolerance)
    if len(defined) < len(values):
        reason += _("; not defined in {missing} of {samples} samples").format(
            missing=localize_number(f"{len(values) - len(defined):,}"), samples=localize_number(f"{len(values):,}")
        )
    verdict: Verdict = "consistent" if consistent else "inconsistent"
    if restates:
        verdict, reason = "restates input", _("the input played back; {reason}").format(reason=reason)
    return ClaimCheck(claim, model, m_low, m_high, diff, verdict, tolerance, reason, restates or None, months)


def _model_summary(values: np.ndarray, defined: np.ndarray) -> tuple[float, float, float] | None:
    """The model's value and P10-P90 over the samples where it is defined (the run itself when not
    sampled); None when it is defined in none."""
    if not len(defined):
        return None
    if len(values) > 1:
        low, high = (float(x) for x in np.percentile(defined, [10, 90]))
        return float(np.median(defined)), low, high
    model = float(values[0])
    return model, model, model


def check_claims(
    claims: tuple[Claim, ...] | list[Claim],
    results: Results,
    tolerance: float,
    restated: Mapping[str, str] | None = None,
) -> list[ClaimCheck]:
    """Every claim checked; ``restated`` maps a claim id to the one input it plays back."""
    restated = restated or {}
    return [check_claim(c, results, tolerance, restated.get(c.id)) for c in claims]
