"""Public statements a scenario can be checked against."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import Section, quantity
from .ranges import Uncertain

Measure = Literal["total", "end", "added", "growth", "peak"]

# What a claim about one site (campus) can be checked on.
SITE_METRICS = ("facility_capacity_mw", "land_acres", "manhattans")

MEASURE_TEXT = {
    "total": "sum over the period (flow)",
    "end": "value at the end of the period (stock)",
    "added": "change over the period (stock added)",
    "growth": "ratio to the previous period",
    "peak": "highest monthly value in the period",
}


class Claim(Section):
    id: str = Field(title="Id", pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=60)
    entity: str = Field("", title="Entity", max_length=80)
    text: str = Field("", title="Claim", description="The statement in words.", max_length=400)
    metric: str = Field(title="Metric", description="Name of the model output it is compared with.")
    period: str = Field(title="Period", description="Calendar year '2025' or fiscal year 'FY2025'.",
                        pattern=r"^(FY)?\d{4}$")
    measure: Measure = Field("total", title="Measure", description="How the period is read.")
    stated: Uncertain = quantity(title="Stated value", unit="metric unit", ge=-1e15, le=1e15,
                                 description="The stated number or range, in the metric's unit.")
    source: str = Field("", title="Source", max_length=400)
    site: str = Field("", title="Site", max_length=80,
                      description="Name of a site when the claim is about one campus "
                                  f"({', '.join(SITE_METRICS)}); empty for the whole scenario.")

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, metric: str) -> str:
        from ..series import SERIES  # the output contract names the metrics

        if metric not in SERIES:
            raise ValueError(f"unknown metric '{metric}'; choose one of: {', '.join(sorted(SERIES))}")
        return metric

    @property
    def fiscal(self) -> bool:
        return self.period.startswith("FY")

    @property
    def year(self) -> int:
        return int(self.period.removeprefix("FY"))
