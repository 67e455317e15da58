"""The scenario: every input of a data-center build-out, validated and immutable."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import LanguageCode, Section, YearMonth, month_number, quantity, translations_field
from .catalog import Accelerator
from .claims import SITE_METRICS, Claim
from .ranges import Uncertain
from .sources import Notes, Source

SCHEMA_VERSION = 2
FORMAT = "gigawatt-explorer-scenario"
SHARE_SUM_TOLERANCE = 1e-6  # shares typed as thirds (0.333…) still count as summing to 1

Year = int  # calendar year keys of per-year tables


class Timeline(Section):
    start: YearMonth = Field("2024-01", title="Start month", description="First month simulated.")
    years: int = quantity(
        6, title="Years", unit="years", ge=1, le=30, description="How many years are simulated, month by month."
    )
    fiscal_year_start_month: int = quantity(
        1,
        title="Fiscal year starts",
        unit="month",
        ge=1,
        le=12,
        description="1 = calendar year; 7 = July (Microsoft's FY2025 runs July 2024 – June 2025).",
    )

    @property
    def months(self) -> int:
        return self.years * 12

    @property
    def first_year(self) -> int:
        return int(self.start[:4])


def _check_years(table: dict[int, object]) -> dict[int, object]:
    for year in table:
        if not 1990 <= year <= 2100:
            raise PydanticCustomError(
                "year_key", "years must lie between 1990 and 2100 (got {year})", {"part": str(year), "year": year}
            )
    return dict(sorted(table.items()))


_QUARTER = r"^(19|20)\d\d-Q[1-4]$"


class QuarterCapex(Section):
    """Capex reported for one calendar quarter; it replaces the yearly value's share of that quarter."""

    quarter: str = Field(
        title="Quarter", description="Calendar quarter, written YYYY-Qn (e.g. 2024-Q3).", pattern=_QUARTER, max_length=7
    )
    capex_usd: Uncertain = quantity(
        title="Capex",
        unit="USD",
        ge=0,
        le=2e12,
        soft_max=60e9,
        description="Total capex of the quarter (all of it, not only AI).",
    )

    @property
    def year(self) -> int:
        return int(self.quarter[:4])

    @property
    def index(self) -> int:
        """0 for Q1 … 3 for Q4."""
        return int(self.quarter[-1]) - 1


class CapexPlan(Section):
    """Budget-driven mode: how much is spent, and how much of it goes to AI data centers."""

    by_year: dict[Year, Uncertain] = quantity(
        default_factory=dict,
        title="Total capex per year",
        unit="USD",
        ge=0,
        le=5e12,
        soft_max=200e9,
        description="Company capital expenditure by calendar year (all of it, not only AI).",
    )
    growth_after: Uncertain = quantity(
        0.0,
        title="Growth after last year",
        unit="fraction/yr",
        ge=-0.9,
        le=3,
        soft_max=1,
        description="Yearly growth of capex after the last year given.",
    )
    ai_share: Uncertain = quantity(
        0.9,
        title="AI data-center share",
        unit="fraction",
        ge=0,
        le=1,
        description="Share of total capex that goes to AI data centers (servers and buildings). Plan mode "
        "implies total capex as AI capex ÷ this share, reading a share below 5% as 5%.",
    )
    monthly_profile: tuple[float, ...] = Field(
        (1.0,) * 12,
        title="Intra-year profile",
        description="Relative spend in each calendar month, January first; flat by default.",
    )
    quarters: tuple[QuarterCapex, ...] = Field(
        (),
        title="Capex by quarter",
        description="Reported quarters replace the yearly value's share of them (months within a quarter "
        "follow the intra-year profile); a year with all four quarters needs no yearly value.",
    )

    _years = field_validator("by_year")(_check_years)

    @field_validator("quarters")
    @classmethod
    def _distinct(cls, quarters: tuple[QuarterCapex, ...]) -> tuple[QuarterCapex, ...]:
        seen = [q.quarter for q in quarters]
        for i, q in enumerate(seen):
            if q in seen[:i]:
                raise PydanticCustomError("duplicate", "quarter {q} is given twice", {"part": f"{i}.quarter", "q": q})
        return quarters

    def years_given(self) -> set[int]:
        """Years with a yearly value or all four quarters."""
        counts: dict[int, int] = {}
        for q in self.quarters:
            counts[q.year] = counts.get(q.year, 0) + 1
        return set(self.by_year) | {y for y, n in counts.items() if n == 4}

    @field_validator("monthly_profile")
    @classmethod
    def _twelve(cls, profile: tuple[float, ...]) -> tuple[float, ...]:
        if len(profile) != 12 or any(w < 0 for w in profile) or sum(profile) <= 0:
            raise ValueError("must be 12 non-negative weights, not all zero")
        return profile


class Purchase(Section):
    month: YearMonth = Field(title="Month", description="Month the accelerators are bought.")
    generation: str = Field(title="Generation", description="Accelerator id from the catalog.")
    units: Uncertain = quantity(title="Units", unit="GPUs", ge=0, le=1e8, soft_max=1e6)


class PurchasePlan(Section):
    """Plan-driven mode: accelerators bought; capex becomes an output."""

    purchases: tuple[Purchase, ...] = Field((), title="Purchases")


class ProcurementMix(Section):
    strategy: Literal["shares", "newest"] = Field(
        "shares",
        title="Strategy",
        description="'shares': split each year's IT spend by the shares below; "
        "'newest': spend it all on the newest available generation among the candidates.",
    )
    shares_by_year: dict[Year, dict[str, float]] = Field(
        default_factory=dict,
        title="Spend shares by year",
        description="Share of IT spend per generation; a year not listed uses the last listed year.",
    )
    candidates: tuple[str, ...] = Field(
        ("h100", "b200", "gb200", "gb300"), title="Candidates", description="Generations the 'newest' strategy may buy."
    )

    _years = field_validator("shares_by_year")(_check_years)

    @field_validator("shares_by_year")
    @classmethod
    def _shares(cls, table: dict[int, dict[str, float]]) -> dict[int, dict[str, float]]:
        for year, shares in table.items():
            if any(s < 0 for s in shares.values()) or sum(shares.values()) <= 0:
                raise PydanticCustomError("shares", "shares must be ≥ 0 and not all zero", {"part": str(year)})
        return table

    def unnormalised_years(self) -> dict[int, float]:
        """{year: sum of its shares} for the years whose shares do not add up to 1 (they are scaled to 1)."""
        sums = {year: sum(shares.values()) for year, shares in self.shares_by_year.items()}
        return {year: total for year, total in sums.items() if abs(total - 1) > SHARE_SUM_TOLERANCE}


class FleetCohort(Section):
    generation: str = Field(title="Generation")
    count: Uncertain = quantity(title="GPUs", unit="GPUs", ge=0, le=1e8, soft_max=2e6)
    age_months: int = quantity(0, title="Age at start", unit="months", ge=0, le=240)


class StartingPoint(Section):
    """What is already in service when the scenario starts."""

    fleet: tuple[FleetCohort, ...] = Field((), title="GPUs in service")
    energized_mw: Uncertain = quantity(
        0.0,
        title="Energized capacity",
        unit="MW",
        ge=0,
        le=1e6,
        soft_max=10_000,
        description="Facility power capacity already energized (facility layer, stock).",
    )


class PowerChain(Section):
    server_multiplier: Uncertain = quantity(
        1.53,
        title="Server / GPU power",
        unit="×",
        ge=1,
        le=5,
        soft_max=2.5,
        description="Server power per unit of GPU TDP (CPUs, memory, fans). Epoch AI: 1.53.",
    )
    it_multiplier: Uncertain = quantity(
        1.14,
        title="IT / server power",
        unit="×",
        ge=1,
        le=3,
        soft_max=1.6,
        description="IT power per unit of server power (networking, storage). Epoch AI: 1.14.",
    )
    design_pue: Uncertain = quantity(
        1.4,
        title="Design (peak) PUE",
        unit="×",
        ge=1,
        le=3,
        soft_max=2,
        description="Facility power per unit of IT power at peak (hottest hour, full load): sizes facility "
        "capacity and decides stranding. Epoch AI frontier AI data centers: ~1.4.",
    )
    annual_pue: Uncertain = quantity(
        1.2,
        title="Annual-average PUE",
        unit="×",
        ge=1,
        le=3,
        soft_max=2,
        description="Facility energy per unit of IT energy over a year: drives energy, cost and emissions. "
        "Hyperscalers report 1.08–1.2.",
    )
    load_factor: Uncertain = quantity(
        0.7,
        title="Load factor",
        unit="fraction",
        ge=0,
        le=1,
        description="Average draw as a share of the powered fleet's peak, for energy.",
    )
    deployment_lag_months: Uncertain = quantity(
        3,
        title="Deployment lag",
        unit="months",
        ge=0,
        le=36,
        soft_max=12,
        description="Months from purchase to a GPU installed in a data center.",
    )
    allocation: Literal["installed_first", "newest_first"] = Field(
        "installed_first",
        title="Power when short",
        description="Who gets power when capacity is short. 'installed_first': GPUs already running keep it "
        "and new arrivals wait (stranded); 'newest_first': older generations are switched off "
        "to power newer ones.",
    )


class Site(Section):
    name: str = Field(title="Name", max_length=80)
    location: str = Field("", title="Location", max_length=120)
    capacity_mw: Uncertain = quantity(
        title="Capacity",
        unit="MW",
        gt=0,
        le=100_000,
        soft_max=5_000,
        description="Facility power capacity at full build (facility layer).",
    )
    construction_start: YearMonth = Field(title="Construction start")
    construction_months: int = quantity(
        18,
        title="Construction",
        unit="months",
        ge=0,
        le=120,
        description="Months from construction start to first power.",
    )
    ramp_months: Uncertain = quantity(
        12,
        title="Energization ramp",
        unit="months",
        ge=0,
        le=120,
        soft_max=48,
        description="Months from first power to full capacity (linear).",
    )
    cost_per_mw_it_usd: Uncertain = quantity(
        11.7e6,
        title="Cost per MW of IT",
        unit="USD/MW",
        ge=0,
        le=1e9,
        soft_max=30e6,
        description="Shell, power and cooling per MW of critical IT load (capacity ÷ design PUE); no IT "
        "equipment, no land. Cushman & Wakefield 2025: $9.3–15.0M, average $11.7M.",
    )
    lease_usd_per_mw_it_year: Uncertain | None = quantity(
        None,
        title="Lease per MW of IT per year",
        unit="USD/MW/yr",
        ge=0,
        le=1e8,
        soft_max=5e6,
        description="Leave empty for an owned site. A leased site costs no facility capex: this rent per "
        "MW of critical IT energized is paid as operating cost.",
    )
    mw_per_acre: Uncertain = quantity(
        1.4,
        title="Density",
        unit="MW/acre",
        gt=0,
        le=100,
        soft_max=5,
        description="Facility MW per acre of campus land.",
    )
    electricity_price_usd_per_mwh: Uncertain | None = quantity(
        None,
        title="Electricity price",
        unit="USD/MWh",
        ge=0,
        le=2000,
        soft_max=300,
        description="Leave empty to use the scenario's price.",
    )
    carbon_intensity_kg_per_mwh: Uncertain | None = quantity(
        None,
        title="Grid carbon intensity",
        unit="kgCO2/MWh",
        ge=0,
        le=2000,
        soft_max=1000,
        description="Of the grid supplying this site; leave empty to use the scenario's.",
    )
    sources: Notes = Field(
        default_factory=dict,
        title="Sources",
        description="Where each number comes from, keyed by field name, with its confidence.",
    )


class Facilities(Section):
    mode: Literal["auto", "sites"] = Field(
        "auto",
        title="Mode",
        description="'auto': every GPU bought brings the facility capacity it needs, energized when it is "
        "installed; 'sites': capacity comes only from the sites listed.",
    )
    sites: tuple[Site, ...] = Field((), title="Sites")
    cost_per_mw_it_usd: Uncertain = quantity(
        11.7e6,
        title="Auto-build cost per MW of IT",
        unit="USD/MW",
        ge=0,
        le=1e9,
        soft_max=30e6,
        description="Shell, power and cooling per MW of critical IT load (auto-build). Cushman & Wakefield "
        "2025: $9.3–15.0M, average $11.7M.",
    )
    mw_per_acre: Uncertain = quantity(
        1.4,
        title="Auto-build density",
        unit="MW/acre",
        gt=0,
        le=100,
        soft_max=5,
        description="Facility MW per acre (auto-build).",
    )


class Operations(Section):
    electricity_price_usd_per_mwh: Uncertain = quantity(
        86.0,
        title="Electricity price",
        unit="USD/MWh",
        ge=0,
        le=2000,
        soft_max=300,
        description="Average price paid for facility energy.",
    )
    carbon_intensity_kg_per_mwh: Uncertain = quantity(
        370.0, title="Grid carbon intensity", unit="kgCO2/MWh", ge=0, le=2000, soft_max=1000
    )
    other_opex_share: Uncertain = quantity(
        0.03,
        title="Other opex",
        unit="fraction/yr",
        ge=0,
        le=1,
        soft_max=0.2,
        description="Yearly operating cost other than electricity and leases, as a share of the historical "
        "cost of the GPUs and buildings in service (it stops when they retire).",
    )
    it_life_years: Uncertain = quantity(5.5, title="IT depreciation life", unit="years", gt=0, le=20, soft_max=10)
    facility_life_years: Uncertain = quantity(
        25.0, title="Facility depreciation life", unit="years", gt=0, le=60, soft_max=40
    )
    opening_depreciation_usd_per_year: Uncertain = quantity(
        0.0,
        title="Opening depreciation",
        unit="USD/yr",
        ge=0,
        le=1e12,
        soft_max=50e9,
        description="Yearly depreciation of assets bought before the scenario, at its start; it runs off "
        "linearly over the IT depreciation life. Add it to compare with reported depreciation.",
    )
    discount_rate: Uncertain = quantity(
        0.08,
        title="Discount rate",
        unit="fraction/yr",
        ge=0,
        le=1,
        soft_max=0.3,
        description="Cost of capital for TCO per GPU-hour.",
    )


class ScenarioTranslation(Section):
    language: LanguageCode
    name: str = Field("", title="Name", max_length=120)
    description: str = Field("", title="Description", max_length=4000)


class Scenario(Section):
    """One build-out: inputs only. Results come from the engine."""

    name: str = Field("Untitled scenario", title="Name", min_length=1, max_length=120)
    organisation: str = Field("", title="Organisation", max_length=120)
    description: str = Field("", title="Description", max_length=4000)
    translations: tuple[ScenarioTranslation, ...] = translations_field()
    currency: Literal["USD"] = Field("USD", title="Currency")
    sources: tuple[Source, ...] = Field((), title="Sources")
    input_sources: Notes = Field(
        default_factory=dict,
        title="Input sources",
        description="Where each input value comes from, keyed by its dotted path, with its confidence.",
    )
    timeline: Timeline = Field(default_factory=Timeline, title="Timeline")
    mode: Literal["budget", "plan"] = Field(
        "budget", title="Mode", description="'budget': capex buys GPUs; 'plan': GPUs bought set capex."
    )
    capex: CapexPlan = Field(default_factory=CapexPlan, title="Capex plan")
    purchases: PurchasePlan = Field(default_factory=PurchasePlan, title="Purchase plan")
    accelerators: tuple[Accelerator, ...] = Field((), title="Accelerators")
    mix: ProcurementMix = Field(default_factory=ProcurementMix, title="Procurement mix")
    starting_point: StartingPoint = Field(default_factory=StartingPoint, title="Starting point")
    power: PowerChain = Field(default_factory=PowerChain, title="Power chain")
    facilities: Facilities = Field(default_factory=Facilities, title="Facilities")
    operations: Operations = Field(default_factory=Operations, title="Operations and finance")
    claims: tuple[Claim, ...] = Field((), title="Claims")
    claim_tolerance: float = quantity(
        0.10,
        title="Claim tolerance",
        unit="fraction",
        ge=0,
        le=1,
        description="A claim is consistent when the model is within this "
        "relative distance of the stated value or range.",
    )

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        ids = [a.id for a in self.accelerators]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("duplicate", "accelerator ids must be unique", {"part": "accelerators"})
        known = set(ids)

        def need(gen: str, where: str) -> None:
            if gen not in known:
                raise PydanticCustomError(
                    "unknown_generation", "'{gen}' is not in the accelerator catalog", {"part": where, "gen": gen}
                )

        for i, cohort in enumerate(self.starting_point.fleet):
            need(cohort.generation, f"starting_point.fleet.{i}.generation")
        for i, purchase in enumerate(self.purchases.purchases):
            need(purchase.generation, f"purchases.purchases.{i}.generation")
        for year, shares in self.mix.shares_by_year.items():
            for gen in shares:
                need(gen, f"mix.shares_by_year.{year}.{gen}")
        if self.mix.strategy == "newest":
            for i, gen in enumerate(self.mix.candidates):
                need(gen, f"mix.candidates.{i}")
        if self.mode == "budget" and not self.capex.years_given():
            raise PydanticCustomError(
                "needs_input",
                "budget mode needs capex for at least one year (a yearly value or all four quarters)",
                {"part": "capex.by_year"},
            )
        if self.mode == "budget" and self.mix.strategy == "shares" and not self.mix.shares_by_year:
            raise PydanticCustomError(
                "needs_input", "give spend shares for at least one year", {"part": "mix.shares_by_year"}
            )
        names = [s.name for s in self.facilities.sites]
        for i, claim in enumerate(self.claims):
            if not claim.site:
                continue
            if claim.metric not in SITE_METRICS or claim.measure not in ("end", "added"):
                raise PydanticCustomError(
                    "site_metric",
                    "a site claim reads {metrics} at the end of a year or as added",
                    {"part": f"claims.{i}.metric", "metrics": ", ".join(SITE_METRICS)},
                )
        if len(set(names)) != len(names):
            raise PydanticCustomError("duplicate", "site names must be unique", {"part": "facilities.sites"})
        return self

    def accelerator(self, gen: str) -> Accelerator:
        return next(a for a in self.accelerators if a.id == gen)

    @property
    def start_month(self) -> int:
        return month_number(self.timeline.start)
