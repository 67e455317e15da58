"""The output contract: every named series the engine returns, with its unit, label, whether it is a
stock (in service at a moment) or a flow (added or spent during a period), and its power layer.

The GUI, the command line and every export read this one table.

Ratio series are defined only where their denominator is a meaningful positive amount (GPUs bought,
demand added, GPU-hours); elsewhere they hold NaN, which means "not defined": every display shows it as
"–", CSV leaves the cell empty and JSON writes null. No other series ever holds NaN or infinity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, overload

from .i18n import N_, _

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["stock", "flow", "ratio"]
Layer = Literal["chip", "IT", "facility"]


@dataclass(frozen=True)
class SeriesSpec:
    name: str
    english_label: str  # what files and exports write; ``label`` is what people read
    unit: str  # unit of the stored values
    kind: Kind
    layer: Layer | None = None
    display_unit: str = ""  # what people read
    display_scale: float = 1.0  # stored value × scale = displayed value
    english_description: str = ""

    @property
    def label(self) -> str:
        return _(self.english_label)

    @property
    def description(self) -> str:
        return _(self.english_description)

    @property
    def measure(self) -> str:
        return _({"stock": N_("in service"), "flow": N_("added"), "ratio": N_("ratio")}[self.kind])

    def tag(self) -> str:
        """'facility, stock' — which layer and measure a figure is."""
        parts: list[str] = [self.layer] if self.layer else []
        parts.append(self.kind)
        return ", ".join(_(part) for part in parts)

    @overload
    def display(self, value: float) -> float: ...
    @overload
    def display(self, value: np.ndarray) -> np.ndarray: ...
    def display(self, value: float | np.ndarray) -> float | np.ndarray:
        """A stored value (or array of them) in the display unit."""
        return value * self.display_scale


# the words of tag(), for the catalogue
_TAG_WORDS = (N_("chip"), N_("IT"), N_("facility"), N_("stock"), N_("flow"), N_("ratio"))


def _s(
    name: str,
    label: str,
    unit: str,
    kind: Kind,
    layer: Layer | None = None,
    display_unit: str | None = None,
    scale: float = 1.0,
    description: str = "",
) -> SeriesSpec:
    return SeriesSpec(name, label, unit, kind, layer, display_unit or unit, scale, description)


_ALL = [
    _s(
        "capex_total_usd",
        "Total capex",
        "USD",
        "flow",
        None,
        "$B",
        1e-9,
        "Company capital expenditure (budget mode: the plan; plan mode: AI capex ÷ AI share).",
    ),
    _s(
        "capex_ai_usd",
        "AI data-center capex",
        "USD",
        "flow",
        None,
        "$B",
        1e-9,
        "IT plus facility capex actually spent on AI data centers.",
    ),
    _s("capex_it_usd", "IT capex", "USD", "flow", "IT", "$B", 1e-9, "Accelerators, servers, networking and storage."),
    _s("capex_facility_usd", "Facility capex", "USD", "flow", "facility", "$B", 1e-9, "Buildings, power and cooling."),
    _s(
        "capex_overrun_usd",
        "Capex beyond the AI budget",
        "USD",
        "flow",
        "facility",
        "$B",
        1e-9,
        "Site construction committed beyond the AI budget (budget mode): outside AI capex, never hidden.",
    ),
    _s("gpus_purchased", "GPUs bought", "GPUs", "flow", None, "M GPUs", 1e-6),
    _s(
        "gpus_installed",
        "GPUs installed",
        "GPUs",
        "stock",
        None,
        "M GPUs",
        1e-6,
        "Delivered, racked and not retired, powered or not.",
    ),
    _s(
        "gpus_powered",
        "GPUs powered",
        "GPUs",
        "stock",
        None,
        "M GPUs",
        1e-6,
        "Installed GPUs with facility power: the deployed fleet.",
    ),
    _s(
        "gpus_stranded",
        "GPUs stranded",
        "GPUs",
        "stock",
        None,
        "M GPUs",
        1e-6,
        "Installed GPUs waiting for facility power; they add no compute.",
    ),
    _s(
        "h100e_installed",
        "H100-equivalents",
        "H100e",
        "stock",
        None,
        "M H100e",
        1e-6,
        "Powered fleet in H100-equivalents (8-bit dense throughput).",
    ),
    _s(
        "peak_bf16_flops",
        "Peak BF16 compute",
        "FLOP/s",
        "stock",
        None,
        "EFLOP/s",
        1e-18,
        "Dense BF16 peak of the powered fleet.",
    ),
    _s(
        "chip_power_mw",
        "Chip power",
        "MW",
        "stock",
        "chip",
        "GW",
        1e-3,
        "Sum of accelerator TDPs of the installed fleet.",
    ),
    _s(
        "it_power_mw",
        "IT power",
        "MW",
        "stock",
        "IT",
        "GW",
        1e-3,
        "Servers, networking and storage of the installed fleet at peak.",
    ),
    _s(
        "facility_power_mw",
        "Facility power demand",
        "MW",
        "stock",
        "facility",
        "GW",
        1e-3,
        "What the installed fleet needs from the grid at peak (IT × design PUE).",
    ),
    _s(
        "facility_power_served_mw",
        "Facility power served",
        "MW",
        "stock",
        "facility",
        "GW",
        1e-3,
        "Demand that energized capacity can serve.",
    ),
    _s(
        "facility_capacity_mw",
        "Energized capacity",
        "MW",
        "stock",
        "facility",
        "GW",
        1e-3,
        "Facility capacity energized and available.",
    ),
    _s(
        "facility_added_mw",
        "Capacity energized",
        "MW",
        "flow",
        "facility",
        "GW",
        1e-3,
        "Facility capacity brought online in the period.",
    ),
    _s("power_gap_mw", "Power gap", "MW", "stock", "facility", "GW", 1e-3, "Facility demand above energized capacity."),
    _s(
        "energy_twh",
        "Energy",
        "TWh",
        "flow",
        "facility",
        "TWh",
        1.0,
        "Facility electricity used by the powered fleet (at the load factor and annual-average PUE).",
    ),
    _s("electricity_cost_usd", "Electricity cost", "USD", "flow", "facility", "$B", 1e-9),
    _s(
        "emissions_tco2",
        "Emissions",
        "tCO2",
        "flow",
        "facility",
        "MtCO2",
        1e-6,
        "Location-based, from the grid carbon intensity of each site.",
    ),
    _s(
        "land_acres",
        "Land",
        "acres",
        "stock",
        "facility",
        "k acres",
        1e-3,
        "Campus land of sites under construction or running.",
    ),
    _s(
        "manhattans",
        "Manhattans",
        "Manhattans",
        "stock",
        "facility",
        "Manhattans",
        1.0,
        "Land as a share of Manhattan's 22.83 sq mi (≈14,600 acres).",
    ),
    _s(
        "depreciation_usd",
        "Depreciation",
        "USD",
        "flow",
        None,
        "$B",
        1e-9,
        "Straight line per asset class from entry into service (GPU installed, MW energized), plus the "
        "opening depreciation of assets bought before the scenario.",
    ),
    _s(
        "lease_cost_usd",
        "Site leases",
        "USD",
        "flow",
        "facility",
        "$B",
        1e-9,
        "Rent of leased sites per MW of IT energized.",
    ),
    _s(
        "opex_usd",
        "Operating cost",
        "USD",
        "flow",
        None,
        "$B",
        1e-9,
        "Electricity, site leases and other operating cost of the assets in service.",
    ),
    _s("capex_per_gpu_usd", "AI capex per GPU bought", "USD/GPU", "ratio", None, "$k/GPU", 1e-3),
    _s(
        "capex_per_facility_mw_usd",
        "AI capex per MW of facility demand added",
        "USD/MW",
        "ratio",
        "facility",
        "$B/GW",
        1e-6,
    ),
    _s("gpus_per_mw", "GPUs per MW of facility demand", "GPUs/MW", "ratio", "facility", "GPUs/MW", 1.0),
    _s(
        "tco_per_gpu_hour_usd",
        "TCO per powered GPU-hour",
        "USD/GPU-h",
        "ratio",
        None,
        "$/GPU-h",
        1.0,
        "Capital charge (discounted over useful life) plus operating cost per powered GPU-hour.",
    ),
]

SERIES: dict[str, SeriesSpec] = {s.name: s for s in _ALL}
RATIOS = {
    # ratio series: annual value = numerator / denominator of the annual aggregates
    "capex_per_gpu_usd": ("capex_ai_usd", "gpus_purchased"),
    "capex_per_facility_mw_usd": ("capex_ai_usd", "facility_power_mw@added"),
    "gpus_per_mw": ("gpus_installed", "facility_power_mw"),
    "tco_per_gpu_hour_usd": ("_tco_cost_usd", "_gpu_hours"),
}
