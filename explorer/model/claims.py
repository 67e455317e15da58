"""Public statements a scenario can be checked against."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import N_
from .base import LanguageCode, Section, quantity, translations_field
from .ranges import Uncertain

Measure = Literal["total", "end", "added", "growth", "peak"]
Comparison = Literal["about", "at_least", "at_most", "between"]

# What a claim about one site (campus) can be checked on.
SITE_METRICS = ("facility_capacity_mw", "land_acres", "manhattans")

MEASURE_TEXT = {
    "total": N_("sum over the period (flow)"),
    "end": N_("value at the end of the period (stock)"),
    "added": N_("change over the period (stock added)"),
    "growth": N_("ratio to the previous period"),
    "peak": N_("highest monthly value in the period"),
}

COMPARISON_TEXT = {"about": N_("about"), "at_least": N_("at least"), "at_most": N_("at most"), "between": N_("between")}

# '2025', 'FY2025', a span '2025-2028' / 'FY2025-FY2028', or 'by 2029' / 'by FY2029'.
_PERIOD = re.compile(r"^(?:(?P<by>by )?(?P<fy>FY)?(?P<first>\d{4})(?:-(?P<fy2>FY)?(?P<last>\d{4}))?)$")
PERIOD_HELP = (
    "A year '2025' or fiscal year 'FY2025'; a span '2025-2028' (flows summed over it, stocks read "
    "at its end); or 'by 2029' (a stock at the end of 2029, a flow summed from the scenario's start)."
)


@dataclass(frozen=True)
class Period:
    """The years a claim reads; ``by`` periods start where the scenario starts."""

    fiscal: bool
    first: int | None  # None for 'by YEAR'
    last: int

    @property
    def by(self) -> bool:
        return self.first is None

    @property
    def span(self) -> bool:
        return self.first is not None and self.first != self.last


@lru_cache(maxsize=256)
def parse_period(text: str) -> Period:
    m = _PERIOD.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a period; {PERIOD_HELP}")
    fiscal = bool(m["fy"])
    if m["fy2"] and not fiscal:
        raise ValueError(f"'{text}' mixes calendar and fiscal years")
    first, last = int(m["first"]), int(m["last"] or m["first"])
    if m["by"] and m["last"]:
        raise ValueError(f"'{text}': 'by' takes one year")
    if last < first:
        raise ValueError(f"'{text}': the span ends before it starts")
    return Period(fiscal, None if m["by"] else first, last)


class ClaimTranslation(Section):
    language: LanguageCode
    text: str = Field(title="Claim", description="The statement in words.", max_length=400)


class Claim(Section):
    id: str = Field(title="Id", pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=60)
    entity: str = Field("", title="Entity", max_length=80)
    text: str = Field("", title="Claim", description="The statement in words.", max_length=400)
    metric: str = Field(title="Metric", description="Name of the model output it is compared with.")
    period: str = Field(title="Period", description=PERIOD_HELP, max_length=20)
    measure: Measure = Field("total", title="Measure", description="How the period is read.")
    comparison: Comparison = Field(
        "about",
        title="Comparison",
        description="'about': within the tolerance of the value or range; 'at_least' / 'at_most': a bound "
        "(\"more than 1.3M\" is at least 1.3M); 'between': inside the range, bounds included.",
    )
    stated: Uncertain = quantity(
        title="Stated value",
        unit="metric unit",
        ge=-1e15,
        le=1e15,
        description="The stated number or range, in the metric's unit.",
    )
    source: str = Field("", title="Source", max_length=400)
    site: str = Field(
        "",
        title="Site",
        max_length=80,
        description="Name of a site when the claim is about one campus "
        f"({', '.join(SITE_METRICS)}); empty for the whole scenario.",
    )
    translations: tuple[ClaimTranslation, ...] = translations_field()

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, metric: str) -> str:
        from ..series import SERIES  # the output contract names the metrics

        if metric not in SERIES:
            raise ValueError(f"unknown metric '{metric}'; choose one of: {', '.join(sorted(SERIES))}")
        return metric

    @field_validator("period")
    @classmethod
    def _valid_period(cls, period: str) -> str:
        parse_period(period)
        return period

    @model_validator(mode="after")
    def _readable(self) -> Claim:
        if self.measure == "growth" and (self.period_parts.span or self.period_parts.by):
            raise PydanticCustomError(
                "growth_period", "growth compares one year with the year before it", {"part": "period"}
            )
        return self

    @property
    def period_parts(self) -> Period:
        return parse_period(self.period)

    @property
    def fiscal(self) -> bool:
        return self.period_parts.fiscal

    @property
    def year(self) -> int:
        """The last year of the period."""
        return self.period_parts.last
