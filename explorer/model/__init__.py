"""Scenario model: pydantic only, no Qt."""

from .base import month_number, month_text, quantity
from .catalog import Accelerator
from .claims import MEASURE_TEXT, Claim
from .errors import describe, problems
from .paths import get_path, set_path, uncertain_inputs
from .ranges import Range, Uncertain, as_point, base_of, high_of, low_of
from .scenario import (
    FORMAT, SCHEMA_VERSION, CapexPlan, Facilities, FleetCohort, Operations, PowerChain,
    ProcurementMix, Purchase, PurchasePlan, QuarterCapex, Scenario, Site, Source, StartingPoint, Timeline,
)

__all__ = [
    "FORMAT", "SCHEMA_VERSION", "Accelerator", "CapexPlan", "Claim", "Facilities", "FleetCohort",
    "MEASURE_TEXT", "Operations", "PowerChain", "ProcurementMix", "Purchase", "PurchasePlan", "QuarterCapex", "Range",
    "Scenario", "Site", "Source", "StartingPoint", "Timeline", "Uncertain", "as_point", "base_of",
    "describe", "get_path", "high_of", "low_of", "month_number", "month_text", "problems", "quantity",
    "set_path", "uncertain_inputs",
]
