"""Claims beside the model: the model's value for the same metric and period, the difference,
and a verdict under a tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..model.claims import Claim
from ..model.ranges import base_of, high_of, low_of
from ..series import SERIES
from .results import Results

# A claim about a site the scenario no longer has (renamed, removed) is reported, not refused.
Verdict = Literal["consistent", "inconsistent", "outside timeline", "no such site"]


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    model: float | None  # base run, or the median when sampled
    model_low: float | None  # P10 when sampled, else = model
    model_high: float | None  # P90 when sampled, else = model
    diff_pct: float | None  # (model − stated base) / |stated base| × 100
    verdict: Verdict
    tolerance: float

    @property
    def stated(self) -> tuple[float, float, float]:
        s = self.claim.stated
        return low_of(s), base_of(s), high_of(s)

    def as_dict(self) -> dict:
        c = self.claim
        low, base, high = self.stated
        return {
            "id": c.id, "metric": c.metric, "period": c.period, "measure": c.measure, "site": c.site,
            "stated": base if low == high else [low, high], "model": self.model,
            "model_p10_p90": None if self.model_low == self.model_high else [self.model_low, self.model_high],
            "diff_pct": self.diff_pct, "verdict": self.verdict, "unit": SERIES[c.metric].unit,
            "source": c.source,
        }


def claim_values(claim: Claim, results: Results) -> np.ndarray | None:
    """The model's value for the claim in every sample, (S,), or None when the period is off the grid."""
    annual = results.annual("fiscal" if claim.fiscal else "calendar")
    col = annual.column(claim.year)
    if col is None:
        return None
    name = claim.metric
    if claim.site:
        labels = results.grid.fiscal_year if claim.fiscal else results.grid.year
        months = np.nonzero(labels == claim.year)[0]
        end = results.sites.value(name, claim.site, int(months[-1]))
        if claim.measure == "added":
            return end - results.sites.value(name, claim.site, int(months[0]) - 1)
        return end
    spec = SERIES[name]
    if claim.measure == "peak":
        labels = results.grid.fiscal_year if claim.fiscal else results.grid.year
        return results.monthly[name][:, labels == claim.year].max(axis=1)
    if claim.measure == "added" and spec.kind == "stock":
        return results.added(annual.values, name)[:, col]
    if claim.measure == "growth":
        if col == 0:
            return None
        prev = annual.values[name][:, col - 1]
        return np.divide(annual.values[name][:, col], prev, out=np.zeros_like(prev), where=prev != 0)
    return annual.values[name][:, col]  # 'total' of a flow, 'end' of a stock


def check_claim(claim: Claim, results: Results, tolerance: float) -> ClaimCheck:
    if claim.site and (results.sites is None or claim.site not in results.sites.names):
        return ClaimCheck(claim, None, None, None, None, "no such site", tolerance)
    values = claim_values(claim, results)
    if values is None:
        return ClaimCheck(claim, None, None, None, None, "outside timeline", tolerance)
    low, base, high = low_of(claim.stated), base_of(claim.stated), high_of(claim.stated)
    if len(values) > 1:
        model = float(np.median(values))
        m_low, m_high = (float(x) for x in np.percentile(values, [10, 90]))
    else:
        model = m_low = m_high = float(values[0])
    lo = low - tolerance * abs(low)
    hi = high + tolerance * abs(high)
    consistent = m_high >= lo and m_low <= hi  # the model's range overlaps the widened stated range
    diff = None if base == 0 else (model - base) / abs(base) * 100.0
    return ClaimCheck(claim, model, m_low, m_high, diff, "consistent" if consistent else "inconsistent", tolerance)


def check_claims(claims: tuple[Claim, ...] | list[Claim], results: Results, tolerance: float) -> list[ClaimCheck]:
    return [check_claim(c, results, tolerance) for c in claims]
