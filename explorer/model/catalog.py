"""Accelerator generations: what a GPU costs, draws and computes."""

from __future__ import annotations

from pydantic import Field

from .base import Section, YearMonth, quantity
from .ranges import Uncertain
from .sources import Notes


class Accelerator(Section):
    id: str = Field(
        title="Id",
        description="Short key used by mixes and purchases, e.g. 'h100'.",
        pattern=r"^[a-z0-9][a-z0-9_\-]*$",
        max_length=40,
    )
    name: str = Field(title="Name", max_length=80)
    vendor: str = Field("", title="Vendor", max_length=40)
    available_from: YearMonth = Field(title="Available from", description="First month of volume shipments.")
    unit_price_usd: Uncertain = quantity(
        title="Chip price", unit="USD", ge=0, le=1e6, soft_max=100e3, description="Price of the accelerator alone."
    )
    it_capex_per_gpu_usd: Uncertain = quantity(
        title="All-in IT capex per GPU",
        unit="USD",
        ge=1,
        le=2e6,
        soft_max=150e3,
        description="Server share, networking and storage per accelerator, before any building.",
    )
    tdp_w: Uncertain = quantity(
        title="TDP", unit="W", gt=0, le=10_000, soft_max=2_500, description="Chip thermal design power (chip layer)."
    )
    it_power_w: Uncertain | None = quantity(
        None,
        title="All-in IT power",
        unit="W",
        gt=0,
        le=20_000,
        soft_max=4_000,
        description="IT power per accelerator at peak: its share of server, networking and storage (IT "
        "layer, before PUE). Leave empty to use TDP × the power chain's multipliers.",
    )
    bf16_flops: Uncertain = quantity(
        title="Dense BF16", unit="FLOP/s", ge=0, le=1e17, description="Dense (no sparsity) BF16 throughput."
    )
    fp8_flops: Uncertain = quantity(
        title="Dense FP8",
        unit="FLOP/s",
        ge=0,
        le=1e17,
        description="Dense 8-bit throughput; H100-equivalence is based on it.",
    )
    h100e: Uncertain = quantity(
        title="H100-equivalents",
        unit="H100e",
        ge=0,
        le=50,
        soft_max=10,
        description="Performance relative to one H100 (8-bit dense throughput).",
    )
    useful_life_years: Uncertain = quantity(
        title="Useful life",
        unit="years",
        gt=0,
        le=15,
        soft_max=8,
        description="Retired from the fleet after this many years.",
    )
    price_decline_per_year: Uncertain = quantity(
        0.0,
        title="Price decline",
        unit="fraction/yr",
        ge=0,
        le=0.9,
        soft_max=0.5,
        description="Yearly decline of prices after a generation becomes available.",
    )
    sources: Notes = Field(
        default_factory=dict,
        title="Sources",
        description="Where each number comes from, keyed by field name, with its confidence.",
    )
