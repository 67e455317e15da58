"""The portfolio: several scenarios side by side, with what they share and what they double count.

A portfolio file has the scenario files' ``format`` and ``kind: "portfolio"``. It names members
(bundled presets or scenario files), overlaps between them, world limits the sum of their plans is
held against, inputs common to every member, and claims about the whole industry.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..io.references import PORTFOLIO_KIND
from ..model.base import LanguageCode, Section, YearMonth, quantity, translations_field
from ..model.claims import Claim
from ..model.ranges import Uncertain
from ..model.scenario import _check_years
from ..model.sources import Source, SourceNote

SCHEMA_VERSION = 2
KIND = PORTFOLIO_KIND
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_\-]*$"

# What an overlap can count once: the physical build-out, layer by layer, and the money.
OverlapPart = Literal["gpus", "power", "energy", "land", "emissions", "capex", "opex"]
PHYSICAL_PARTS: tuple[OverlapPart, ...] = ("gpus", "power", "energy", "land", "emissions")
MONEY_PARTS: tuple[OverlapPart, ...] = ("capex", "opex")
ALL_PARTS: tuple[OverlapPart, ...] = (*PHYSICAL_PARTS, *MONEY_PARTS)
# 'same': both members count one build-out, money included. 'rented': the member owns what the other
# rents, so the physical build-out is one, the owner's capex is its own and each pays its own opex.
OverlapRelation = Literal["same", "rented"]
DEFAULT_PARTS: dict[str, tuple[OverlapPart, ...]] = {"same": ALL_PARTS, "rented": PHYSICAL_PARTS}


class Member(Section):
    """One scenario in the portfolio: a bundled preset or a scenario file beside the portfolio."""

    id: str = Field(
        title="Id",
        pattern=ID_PATTERN,
        max_length=60,
        description="Short name used by overlaps, claims and the breakdown.",
    )
    preset: str = Field("", title="Preset", max_length=120, description="Id of a bundled preset.")
    path: str = Field(
        "", title="File", max_length=500, description="A .gwx scenario file, relative to the portfolio file."
    )
    enabled: bool = Field(True, title="On", description="Off: the member is left out of every total.")
    weight: float = quantity(
        1.0,
        title="Weight",
        unit="×",
        ge=0,
        le=10,
        soft_max=2,
        description="Scales every series of the member (0.5 = half the plan happens).",
    )

    @model_validator(mode="after")
    def _one_source(self) -> Member:
        if bool(self.preset) == bool(self.path):
            raise PydanticCustomError(
                "member_source", "give either a preset id or a file path, not both", {"part": "preset"}
            )
        return self


class OverlapTranslation(Section):
    language: LanguageCode
    text: str = Field("", title="What is shared", max_length=400)


class Overlap(Section):
    """Part of one member's build-out that another member also counts: the totals count it once.

    Either a site of ``member`` (its capacity over time, as a share of the member's capacity) or a fixed
    share of everything ``member`` builds. ``parts`` says which series are counted once (by default
    those of the ``relation``); the others stay in both members' totals.
    """

    id: str = Field(title="Id", pattern=ID_PATTERN, max_length=60)
    text: str = Field("", title="What is shared", max_length=400)
    translations: tuple[OverlapTranslation, ...] = translations_field()
    member: str = Field(title="Member", description="The member whose part is also counted elsewhere.")
    counted_in: str = Field(title="Counted in", description="The member that keeps it in the totals.")
    site: str = Field(
        "",
        title="Site",
        max_length=80,
        description="A site of the member (sites mode) that is the same campus as one of the other member's.",
    )
    share: Uncertain | None = quantity(
        None,
        title="Share",
        unit="fraction",
        ge=0,
        le=1,
        description="Share of the member's build-out that is the other's.",
    )
    relation: OverlapRelation = Field(
        "same",
        title="Relation",
        description="'same': both members count the same build-out (chips, power and money counted once); "
        "'rented': the other member rents this capacity (chips, power, energy, land and emissions counted "
        "once; the capex stays the owner's, each keeps its own opex).",
    )
    parts: tuple[OverlapPart, ...] | None = Field(
        None,
        title="Counted once",
        min_length=1,
        description="What the overlap counts once (gpus, power, energy, land, emissions, capex, opex); "
        "empty for the relation's default.",
    )
    source: str = Field("", title="Source", max_length=600)

    @model_validator(mode="after")
    def _site_or_share(self) -> Overlap:
        if bool(self.site) == (self.share is not None):
            raise PydanticCustomError("overlap_kind", "name a site or give a share, not both", {"part": "site"})
        if self.member == self.counted_in:
            raise PydanticCustomError("overlap_self", "a member cannot overlap itself", {"part": "counted_in"})
        if self.parts is not None and len(set(self.parts)) != len(self.parts):
            raise PydanticCustomError("duplicate", "each part is named once", {"part": "parts"})
        return self

    @property
    def counted_once(self) -> tuple[OverlapPart, ...]:
        """The parts this overlap takes out of the totals: those named, or the relation's default."""
        return DEFAULT_PARTS[self.relation] if self.parts is None else self.parts


class LimitTranslation(Section):
    language: LanguageCode
    title: str = Field("", title="Title", max_length=160)


class WorldLimit(Section):
    """What the world can supply per year: accelerators shipped, capacity energized."""

    id: str = Field(title="Id", pattern=ID_PATTERN, max_length=60)
    title: str = Field(title="Title", max_length=160)
    translations: tuple[LimitTranslation, ...] = translations_field()
    metric: Literal["gpus_purchased", "facility_added_mw"] = Field(
        title="Metric", description="GPUs bought per year, or facility capacity energized per year."
    )
    vendor: str = Field(
        "",
        title="Vendor",
        max_length=60,
        description="Only accelerators of this vendor (catalog 'vendor'); empty for all.",
    )
    by_year: dict[int, Uncertain] = quantity(
        default_factory=dict,
        title="Limit per year",
        unit="metric unit",
        ge=0,
        le=1e12,
        description="Most the world can supply in each calendar year.",
    )
    source: str = Field(title="Source", min_length=1, max_length=1000)

    _years = field_validator("by_year")(_check_years)


class SharedInputs(Section):
    """Inputs common to every member: drawn once per sample for all of them."""

    electricity_price_usd_per_mwh: Uncertain = quantity(
        86.0,
        title="Electricity price",
        unit="USD/MWh",
        ge=0,
        le=2000,
        soft_max=300,
        description="Used by members that do not set their own price.",
    )
    carbon_intensity_kg_per_mwh: Uncertain = quantity(
        370.0,
        title="Grid carbon intensity",
        unit="kgCO2/MWh",
        ge=0,
        le=2000,
        soft_max=1000,
        description="Used by members that do not set their own intensity.",
    )


class PortfolioClaim(Claim):
    """A claim about the sum of the plans, or of some members."""

    members: tuple[str, ...] = Field(
        (), title="Members", description="Member ids the claim is about; empty for the whole portfolio."
    )
    reading: Literal["value", "share"] = Field(
        "value",
        title="Reading",
        description="'value': the members' total is compared with the stated value; 'share': the stated "
        "value is a whole the portfolio is part of, compared 'at_most', and the share is reported.",
    )

    @model_validator(mode="after")
    def _a_part_is_at_most_the_whole(self) -> PortfolioClaim:
        if self.reading == "share" and self.comparison != "at_most":
            raise PydanticCustomError(
                "share_comparison",
                "a share of a whole is compared 'at_most' (a part cannot exceed the whole)",
                {"part": "comparison"},
            )
        return self


class PortfolioTimeline(Section):
    start: YearMonth = Field("2024-01", title="Start month")
    years: int = quantity(7, title="Years", unit="years", ge=1, le=30)

    @property
    def months(self) -> int:
        return self.years * 12


class PortfolioTranslation(Section):
    language: LanguageCode
    name: str = Field("", title="Name", max_length=120)
    description: str = Field("", title="Description", max_length=4000)


class Portfolio(Section):
    name: str = Field("Untitled portfolio", title="Name", min_length=1, max_length=120)
    description: str = Field("", title="Description", max_length=4000)
    translations: tuple[PortfolioTranslation, ...] = translations_field()
    sources: tuple[Source, ...] = Field((), title="Sources")
    input_sources: dict[str, SourceNote] = Field(
        default_factory=dict,
        title="Input sources",
        description="Where each portfolio input comes from (members, overlaps, shared inputs, limits), graded.",
    )
    timeline: PortfolioTimeline = Field(default_factory=PortfolioTimeline, title="Timeline")
    members: tuple[Member, ...] = Field(title="Members", min_length=1)
    overlaps: tuple[Overlap, ...] = Field((), title="Overlaps")
    shared: SharedInputs = Field(default_factory=SharedInputs, title="Shared inputs")
    limits: tuple[WorldLimit, ...] = Field((), title="World limits")
    claims: tuple[PortfolioClaim, ...] = Field((), title="Claims")
    claim_tolerance: float = quantity(0.10, title="Claim tolerance", unit="fraction", ge=0, le=1)

    @model_validator(mode="after")
    def _references(self) -> Portfolio:
        ids = [m.id for m in self.members]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("duplicate", "member ids must be unique", {"part": "members"})
        known = set(ids)
        for i, overlap in enumerate(self.overlaps):
            for field in ("member", "counted_in"):
                if getattr(overlap, field) not in known:
                    raise PydanticCustomError(
                        "unknown_member",
                        "'{id}' is not a member",
                        {"part": f"overlaps.{i}.{field}", "id": getattr(overlap, field)},
                    )
        for i, claim in enumerate(self.claims):
            if claim.site:
                raise PydanticCustomError(
                    "site_claim", "portfolio claims are about totals, not one site", {"part": f"claims.{i}.site"}
                )
            for member in claim.members:
                if member not in known:
                    raise PydanticCustomError(
                        "unknown_member", "'{id}' is not a member", {"part": f"claims.{i}.members", "id": member}
                    )
        for name, items in (("overlaps", self.overlaps), ("limits", self.limits), ("claims", self.claims)):
            item_ids = [x.id for x in items]
            if len(set(item_ids)) != len(item_ids):
                raise PydanticCustomError("duplicate", "ids must be unique", {"part": name})
        return self

    def member(self, member_id: str) -> Member:
        return next(m for m in self.members if m.id == member_id)
