"""Running a portfolio: every member through the engine, shared inputs drawn once per sample, series
put on the portfolio's months, overlaps taken out once, totals summed sample by sample.

Percentiles of a total are always taken from the summed samples, never summed from the members'.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine import Results, simulate
from ..engine.calendar import Grid, make_grid, monthly_change
from ..engine.claims import ClaimCheck, check_claim
from ..engine.power import ramp_fraction
from ..engine.results import EngineWarning
from ..engine.sampling import draw
from ..formatting import format_series_value, translated
from ..i18n import _
from ..model.base import month_number, month_text
from ..model.paths import uncertain_inputs
from ..model.scenario import Operations, Scenario
from ..series import RATIOS, SERIES
from .files import ResolvedPortfolio
from .model import Overlap, OverlapPart, PortfolioClaim, SharedInputs, WorldLimit

# Inputs every member has in common: the accelerator catalog, grid carbon intensity and electricity price.
SHARED_PREFIXES = (
    "accelerators.",
    "operations.carbon_intensity_kg_per_mwh",
    "operations.electricity_price_usd_per_mwh",
)
# The operations inputs a member left at their default take the portfolio's value, {name: default}.
OPERATIONS_DEFAULTS = {
    name: Operations.model_fields[name].default
    for name in ("electricity_price_usd_per_mwh", "carbon_intensity_kg_per_mwh")
}
# Members' own input paths never need drawing here: claims' stated values are not inputs.
NOT_INPUTS = ("claims.",)
# Flows the engine keeps for yearly ratios without showing them.
HIDDEN = ("_tco_cost_usd", "_gpu_hours")
# The additive series each overlap part counts once. Every additive series is in exactly one part
# (GPUs bought per vendor, for vendor limits, follow 'gpus'); depreciation is the owner's capex spread.
PART_SERIES: dict[OverlapPart, tuple[str, ...]] = {
    "gpus": (
        "gpus_purchased",
        "gpus_installed",
        "gpus_powered",
        "gpus_stranded",
        "h100e_installed",
        "peak_bf16_flops",
        "_gpu_hours",
    ),
    "power": (
        "chip_power_mw",
        "it_power_mw",
        "facility_power_mw",
        "facility_power_served_mw",
        "facility_capacity_mw",
        "facility_added_mw",
        "power_gap_mw",
    ),
    "energy": ("energy_twh",),
    "land": ("land_acres", "manhattans"),
    "emissions": ("emissions_tco2",),
    "capex": (
        "capex_total_usd",
        "capex_ai_usd",
        "capex_it_usd",
        "capex_facility_usd",
        "capex_overrun_usd",
        "depreciation_usd",
    ),
    "opex": ("electricity_cost_usd", "lease_cost_usd", "opex_usd", "_tco_cost_usd"),
}
SERIES_PART = {name: part for part, names in PART_SERIES.items() for name in names}


def part_of(name: str) -> OverlapPart | None:
    """The overlap part an additive series belongs to (None for ratios)."""
    return SERIES_PART.get(name.split("@")[0].removeprefix("_") if "@" in name else name)


def _stream(seed: int, *keys: str) -> np.random.Generator:
    return np.random.default_rng([seed, *(zlib.crc32(k.encode()) for k in keys)])


def _is_shared(path: str) -> bool:
    return path.startswith(SHARED_PREFIXES)


def member_overrides(
    portfolio_shared: SharedInputs,
    scenario: Scenario,
    member_id: str,
    samples: int,
    seed: int,
    share_common: bool = True,
) -> dict[str, np.ndarray]:
    """Per-sample values of the member's inputs for ``simulate(overrides=...)``.

    Shared inputs come from one stream per input path, the same for every member, so members that hold
    the same range get the same value in each sample; the member's own inputs get streams of their own.
    A member whose electricity price or carbon intensity is left at the default takes the portfolio's.
    """
    out: dict[str, np.ndarray] = {}
    ops = scenario.operations
    for name, default in OPERATIONS_DEFAULTS.items():
        if getattr(ops, name) == default:
            path = f"operations.{name}"  # the members' own prices draw from this stream too: they move together
            value = getattr(portfolio_shared, name)
            out[path] = draw(value, samples, _stream(seed, "shared", path) if samples > 1 else None)
    if samples == 1:
        return out
    for path, value in uncertain_inputs(scenario):
        if path in out or path.startswith(NOT_INPUTS) or value.is_point:
            continue
        shared = share_common and _is_shared(path)
        rng = _stream(seed, "shared", path) if shared else _stream(seed, "member", member_id, path)
        out[path] = draw(value, samples, rng)
    return out


def _with_ratios(monthly: dict[str, np.ndarray], initial: dict[str, np.ndarray]) -> None:
    """Monthly ratio series of a sum, from its summed numerators and denominators (in place)."""
    for name, (num, den) in RATIOS.items():
        if den.endswith("@added"):
            stock = den.split("@")[0]
            denominator = monthly_change(monthly[stock], initial[stock][:, None])
        else:
            denominator = monthly[den]
        numerator = monthly[num]
        monthly[name] = np.divide(
            numerator, denominator, out=np.zeros_like(numerator), where=np.abs(denominator) > 1e-12
        )


STOCKS = frozenset(name for name, spec in SERIES.items() if spec.kind == "stock")
RATIO_SERIES = frozenset(name for name, spec in SERIES.items() if spec.kind == "ratio")


@functools.lru_cache(maxsize=64)
def _layout(names: tuple[str, ...]) -> tuple[tuple[str, ...], np.ndarray]:
    """The stocks among ``names``, in order, and (N,) which of them are stocks (read-only): a table of
    the series catalogue, the same for every block of the same series."""
    rows = np.array([name in STOCKS for name in names], dtype=bool)
    rows.flags.writeable = False
    return tuple(name for name in names if name in STOCKS), rows


@dataclass(frozen=True)
class Block:
    """A line's additive series stacked, so that one numpy operation scales, aligns or sums them all."""

    names: tuple[str, ...]  # the series, in the order of ``monthly``'s rows
    monthly: np.ndarray  # (N, S, T)  [each series' unit]
    stocks: tuple[str, ...]  # the stocks among ``names``, in the order of ``initial``'s rows
    initial: np.ndarray  # (K, S) stocks just before the first month

    @classmethod
    def of(cls, series: dict[str, np.ndarray], initial: dict[str, np.ndarray]) -> Block:
        """From {name: (S, T)} and the stocks' {name: (S,)} (stocks missing from it start at zero)."""
        names = tuple(series)
        stocks = _layout(names)[0]
        arrays = list(series.values())
        samples, months = arrays[0].shape
        start = [initial[name] if name in initial else np.zeros(samples) for name in stocks]
        return cls(  # concatenate and reshape: np.stack's Python work per array costs more than the copy
            names,
            np.concatenate(arrays).reshape(len(names), samples, months),
            stocks,
            np.concatenate(start or [np.zeros(0)]).reshape(len(stocks), samples),
        )

    @property
    def stock_rows(self) -> np.ndarray:
        """(N,) bool: which rows of ``monthly`` are stocks (read-only)."""
        return _layout(self.names)[1]

    def with_values(self, monthly: np.ndarray, initial: np.ndarray) -> Block:
        return Block(self.names, monthly, self.stocks, initial)

    def rows(self, series: list[int], stocks: list[int]) -> Block:
        """The block of the rows ``series`` of ``monthly`` and ``stocks`` of ``initial`` (copies)."""
        return Block(
            tuple(self.names[i] for i in series),
            self.monthly[series],
            tuple(self.stocks[i] for i in stocks),
            self.initial[stocks],
        )

    def series(self) -> dict[str, np.ndarray]:
        """{name: (S, T)} views of the rows."""
        return dict(zip(self.names, self.monthly))

    def initial_values(self) -> dict[str, np.ndarray]:
        """{stock: (S,)} views of the rows."""
        return dict(zip(self.stocks, self.initial))


def align(block: Block, member_grid: Grid, grid: Grid) -> Block:
    """A member's monthly series on the portfolio's months: before the member starts its stocks read
    their starting value and flows are zero; after it ends stocks hold their last value, flows are zero.
    A block already on the portfolio's months comes back as it is (not copied)."""
    offset = member_grid.index_of(int(grid.months[0]))  # member index of the portfolio's first month
    T = grid.size
    if offset == 0 and member_grid.size == T:
        return block
    # portfolio months first..last - 1 lie on the member's grid: slices, not masks
    first = min(max(-offset, 0), T)
    last = max(first, min(T, member_grid.size - offset))
    data, stocks = block.monthly, block.stock_rows
    aligned = np.zeros((*data.shape[:2], T))
    if first > 0:  # most members start with the portfolio or end with it: one side only
        aligned[stocks, :, :first] = block.initial[:, :, None]
    if last < T:
        aligned[stocks, :, last:] = data[stocks, :, -1:]
    aligned[:, :, first:last] = data[:, :, first + offset : last + offset]
    return block.with_values(aligned, block.initial)


@dataclass
class Line:
    """One line of the breakdown: a member (weighted) or an overlap (the part counted once)."""

    id: str
    label: str  # as files carry it (the scenario's name, the overlap's text)
    kind: str  # 'member' or 'overlap'
    sign: float  # +1 for members, -1 for overlaps: total = Σ sign × line
    members: tuple[str, ...]  # the member, or the two members an overlap lies between
    block: Block  # the additive series on the portfolio's months, stacked
    grid: Grid  # the portfolio's months
    seed: int
    parts: tuple[OverlapPart, ...] = ()  # what an overlap counts once
    shown: str = ""  # as people read it: the scenario's name, the overlap's text in their language

    @property
    def title(self) -> str:
        return self.shown or self.label

    @functools.cached_property
    def results(self) -> Results:
        """The series of ``block`` as results on the portfolio's months: built when first read (the
        breakdown's charts and exports read them; the totals, limits and claims do not)."""
        return _results(self.label, self.grid, self.block, self.block.monthly.shape[1], self.seed)

    def counts(self, name: str) -> bool:
        """Whether the line is in the breakdown of series ``name``: members always, overlaps for the
        series they count once."""
        return self.kind == "member" or part_of(name) in self.parts


def _median(values: np.ndarray) -> np.ndarray:
    """(Y,) median over the samples of (S, Y) values; one sample is its own median (read, not sorted)."""
    return values[0] if len(values) == 1 else np.median(values, axis=0)


@dataclass(frozen=True)
class LimitUse:
    limit: WorldLimit
    years: np.ndarray  # (Y,) years with a limit given and on the portfolio's timeline
    planned: np.ndarray  # (S, Y) the portfolio's plans  [metric unit]
    available: np.ndarray  # (S, Y) the limit  [metric unit]

    @property
    def share(self) -> np.ndarray:
        """(S, Y) planned ÷ limit."""
        return np.divide(self.planned, self.available, out=np.full_like(self.planned, np.inf), where=self.available > 0)

    def excess(self) -> np.ndarray:
        """(Y,) median of planned − limit over the samples: positive where plans exceed the limit."""
        return _median(self.planned - self.available)

    def as_dict(self) -> dict[str, Any]:
        share = self.share
        return {
            "id": self.limit.id,
            "title": self.limit.title,
            "metric": self.limit.metric,
            "vendor": self.limit.vendor,
            "unit": SERIES[self.limit.metric].unit,
            "source": self.limit.source,
            "years": [int(y) for y in self.years],
            "planned": _median(self.planned).tolist(),
            "limit": _median(self.available).tolist(),
            "share": _median(share).tolist(),
            "share_p10_p90": None if share.shape[0] == 1 else np.percentile(share, [10, 90], axis=0).T.tolist(),
            "excess": np.maximum(self.excess(), 0.0).tolist(),
        }


@dataclass
class PortfolioClaimCheck:
    check: ClaimCheck
    share: float | None  # model ÷ stated base, for claims read as a share of a whole

    @property
    def claim(self) -> PortfolioClaim:
        assert isinstance(self.check.claim, PortfolioClaim)
        return self.check.claim

    def as_dict(self) -> dict[str, Any]:
        out = self.check.as_dict()
        out.update(members=list(self.claim.members), reading=self.claim.reading, share=self.share)
        return out


@dataclass
class PortfolioResults:
    name: str
    total: Results
    lines: list[Line]
    limits: list[LimitUse]
    claims: list[PortfolioClaimCheck]
    warnings: list[EngineWarning] = field(default_factory=list)

    @property
    def members(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "member"]

    @property
    def overlaps(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "overlap"]

    def lines_of(self, name: str) -> list[Line]:
        """The breakdown of series ``name``: every member, and the overlaps that count it once."""
        return [line for line in self.lines if line.counts(name)]


def _vendor_key(vendor: str) -> str:
    return f"_gpus_purchased@{vendor}"


def _member_series(scenario: Scenario, results: Results, vendors: set[str]) -> dict[str, np.ndarray]:
    """The member's additive monthly series, with GPUs bought per vendor for vendor limits."""
    values = {name: data for name, data in results.monthly.items() if name not in RATIO_SERIES}
    bought = results.by_generation["gpus_purchased"]
    vendor_of = {a.id: a.vendor for a in reversed(scenario.accelerators)}  # the first of an id, as accelerator()
    for vendor in vendors:
        pick = [g for g, gen in enumerate(results.generations) if vendor_of[gen] == vendor]
        values[_vendor_key(vendor)] = bought[:, :, pick].sum(axis=2)
    return values


Shares = tuple[np.ndarray, np.ndarray, np.ndarray]  # of stocks (S, T), of flows (S, T), before the first month (S,)


def _fixed_shares(overlap: Overlap, months: int, samples: int, seed: int) -> Shares:
    """An overlap's fixed share, the same for stocks and flows (a site's share: ``_site_shares``)."""
    assert overlap.share is not None
    rng = _stream(seed, "overlaps", overlap.id) if samples > 1 else None
    share = draw(overlap.share, samples, rng)
    full = np.broadcast_to(share[:, None], (samples, months))
    return full, full, share


def _site_shares(member: str, results: Results, names: list[str]) -> dict[str, Shares]:
    """{site: its shares of the member} for the member's sites ``names``, on the member's months.

    A site's share of stocks is its energized capacity over the member's; of flows, its full capacity
    over the capacity under construction or running (what the money of the month is building). The
    sites are computed together: the member's capacity is read once for all of them.
    """
    sites = results.sites
    missing = [name for name in names if sites is None or name not in sites.names]
    if sites is None or missing:  # resolving the portfolio refuses a site overlap on a member without that site
        raise ValueError(f"overlaps on {member}: the member has no site '{missing[0]}'")
    ks = [sites.names.index(name) for name in names]
    T = results.grid.size
    capacity_mw = sites.capacity_mw[:, ks, None]  # (S, K', 1)
    months = np.arange(-1, T)[None, :]
    site_now = capacity_mw * ramp_fraction(
        (months - sites.first_power[ks, None]).astype(float), sites.ramp_months[:, ks, None]
    )  # (S, K', T + 1)
    capacity = np.concatenate(
        [results.initial["facility_capacity_mw"][:, None], results.monthly["facility_capacity_mw"]], axis=1
    )[:, None, :]
    stock = np.divide(site_now, capacity, out=np.zeros_like(site_now), where=capacity > 1e-9)
    started = np.arange(T)[None, :] >= sites.construction_start[:, None]  # (K, T)
    committed = (results.initial["facility_capacity_mw"][:, None] + sites.capacity_mw @ started)[:, None, :]
    site_committed = capacity_mw * started[ks]
    flow = np.divide(site_committed, committed, out=np.zeros_like(site_committed), where=committed > 1e-9)
    np.minimum(stock, 1.0, out=stock)
    np.minimum(flow, 1.0, out=flow)
    return {name: (stock[:, i, 1:], flow[:, i], stock[:, i, 0]) for i, name in enumerate(names)}


def _weighted(block: Block, weight: float) -> Block:
    return block if weight == 1.0 else block.with_values(block.monthly * weight, block.initial * weight)


@functools.lru_cache(maxsize=64)
def _counted_rows(
    names: tuple[str, ...], stocks: tuple[str, ...], counted_once: tuple[OverlapPart, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of a block's rows, the stocks and the flows an overlap counts once, as (N, 1, 1) masks, and which
    stocks of ``initial`` it does not count: a table of the series catalogue, read-only."""
    counted = np.array([part_of(name) in counted_once for name in names], dtype=bool)
    stock_rows = _layout(names)[1]
    masks = (
        (counted & stock_rows)[:, None, None],
        (counted & ~stock_rows)[:, None, None],
        np.array([part_of(name) not in counted_once for name in stocks], dtype=bool),
    )
    for mask in masks:
        mask.flags.writeable = False
    return masks


def _overlap_part(block: Block, counted_once: tuple[OverlapPart, ...], shares: Shares, weight: float) -> Block:
    """The part of a member an overlap counts once: stocks × their share, flows × theirs, both × the
    weight; the series of parts it leaves in both members' totals are zero. ``shares`` on the member's
    months."""
    stock, flow, before = shares
    stock_rows, flow_rows, not_counted = _counted_rows(block.names, block.stocks, counted_once)
    monthly = np.zeros_like(block.monthly)
    for rows, share in ((stock_rows, stock), (flow_rows, flow)):
        # only the rows counted once are read and multiplied: one pass, no gathered copies
        np.multiply(block.monthly, share * weight, out=monthly, where=rows)
    initial = block.initial * before * weight
    initial[not_counted] = 0.0
    return block.with_values(monthly, initial)


def _results(
    name: str,
    grid: Grid,
    block: Block,
    samples: int,
    seed: int,
    warnings: list[EngineWarning] | None = None,
    monthly: dict[str, np.ndarray] | None = None,
) -> Results:
    """Results on the portfolio's months: the series of ``block`` (or ``monthly``, when given). Monthly
    ratio series are left out: yearly ratios come from the yearly sums, and only the total's monthly
    ratios are computed (``_sum_lines``)."""
    return Results(
        scenario_name=name,
        grid=grid,
        samples=samples,
        seed=seed,
        generations=[],
        generation_names=[],
        monthly=block.series() if monthly is None else monthly,
        by_generation={},
        initial=block.initial_values(),
        warnings=warnings or [],
    )


MemberRun = tuple[Results, Block]  # the engine's results, the additive series on the member's months


class MemberRuns:
    """Engine runs of members kept between portfolio runs: after an edit only the members whose scenario
    (an immutable snapshot) or sampling changed run again."""

    def __init__(self) -> None:
        self._runs: dict[str, tuple[Hashable, Scenario, MemberRun]] = {}

    def run(self, member_id: str, scenario: Scenario, setup: Hashable, compute: Callable[[], MemberRun]) -> MemberRun:
        kept = self._runs.get(member_id)
        if kept is not None and kept[0] == setup and kept[1] is scenario:
            return kept[2]
        value = compute()
        self._runs[member_id] = (setup, scenario, value)
        return value


def run_portfolio(
    resolved: ResolvedPortfolio,
    samples: int = 1,
    seed: int = 0,
    share_common: bool = True,
    cache: MemberRuns | None = None,
    overrides: Mapping[str, Mapping[str, np.ndarray]] | None = None,
) -> PortfolioResults:
    """Totals, breakdown, limits and claims of the members switched on.

    ``share_common`` False draws the common inputs independently per member (to see what sharing does).
    ``cache`` keeps member runs between calls (the window passes one; results are the same without it).
    ``overrides`` {member id: {input path: (samples,) values}} pins those inputs of a member, in place
    of what would be drawn or the base value (sweeps and Sobol indices give them; never cached).
    """
    portfolio = resolved.portfolio
    grid = make_grid(month_number(portfolio.timeline.start), portfolio.timeline.months)
    vendors = {lim.vendor for lim in portfolio.limits if lim.vendor}
    on = {m.id: m for m in portfolio.members if m.enabled}
    warnings: list[EngineWarning] = []
    lines: list[Line] = []
    member_runs: dict[str, MemberRun] = {}

    def member_run(member_id: str, scenario: Scenario) -> MemberRun:
        drawn = member_overrides(portfolio.shared, scenario, member_id, samples, seed, share_common)
        drawn.update((overrides or {}).get(member_id, {}))
        results = simulate(scenario, samples, seed, overrides=drawn or None, ratios=False)
        return results, Block.of(_member_series(scenario, results, vendors), results.initial)

    setup = (samples, seed, share_common, portfolio.shared, tuple(sorted(vendors)))
    first, last = grid.months[[0, -1]].tolist()
    said = _("{path}: {message}")
    for member_id, member in on.items():
        scenario = resolved.scenarios[member_id]
        if cache is None or overrides:
            member_runs[member_id] = member_run(member_id, scenario)
        else:
            member_runs[member_id] = cache.run(
                member_id, scenario, setup, functools.partial(member_run, member_id, scenario)
            )
        results, block = member_runs[member_id]
        start, end = results.grid.months[[0, -1]].tolist()
        if start > first or end < last:
            warnings.append(
                EngineWarning(
                    "member_timeline",
                    _(
                        "{name} covers {first} – {last}: before it, its stocks read their starting "
                        "values; after it, they hold and nothing is added."
                    ).format(name=translated(scenario, "name"), first=month_text(start), last=month_text(end)),
                )
            )
        warnings += [
            EngineWarning(w.code, said.format(path=member_id, message=w.message), w.years) for w in results.warnings
        ]
        aligned = _weighted(align(block, results.grid, grid), member.weight)
        lines.append(
            Line(
                member_id,
                scenario.name,
                "member",
                1.0,
                (member_id,),
                aligned,
                grid,
                seed,
                shown=translated(scenario, "name"),
            )
        )

    # nothing is counted twice when either side is off
    overlaps = [o for o in portfolio.overlaps if o.member in on and o.counted_in in on]
    sites: dict[str, list[str]] = {}  # {member: its sites that overlaps name}
    for overlap in overlaps:
        if overlap.share is None:
            sites.setdefault(overlap.member, []).append(overlap.site)
    site_shares = {member: _site_shares(member, member_runs[member][0], names) for member, names in sites.items()}
    for overlap in overlaps:
        results, block = member_runs[overlap.member]
        w = min(on[overlap.member].weight, on[overlap.counted_in].weight)
        shares = (
            site_shares[overlap.member][overlap.site]
            if overlap.share is None
            else _fixed_shares(overlap, results.grid.size, samples, seed)
        )
        part = align(_overlap_part(block, overlap.counted_once, shares, w), results.grid, grid)
        label = overlap.text or f"{overlap.member} counted in {overlap.counted_in}"
        shown = translated(overlap, "text") or _("{member} counted in {counted_in}").format(
            member=overlap.member, counted_in=overlap.counted_in
        )
        lines.append(
            Line(
                overlap.id,
                label,
                "overlap",
                -1.0,
                (overlap.member, overlap.counted_in),
                part,
                grid,
                seed,
                overlap.counted_once,
                shown,
            )
        )

    total, total_block = _sum_lines(portfolio.name, grid, lines, samples, seed, warnings)
    limits = [_limit_use(lim, total, samples, seed) for lim in portfolio.limits]
    for use in limits:
        warnings += _limit_warnings(use)
    total.warnings = warnings
    sums: ClaimSums = {}
    claims = [
        _check_portfolio_claim(c, portfolio.claim_tolerance, grid, lines, total_block, samples, seed, sums)
        for c in portfolio.claims
    ]
    return PortfolioResults(portfolio.name, total, lines, limits, claims, warnings)


def _sum_lines(
    name: str, grid: Grid, lines: list[Line], samples: int, seed: int, warnings: list[EngineWarning]
) -> tuple[Results, Block]:
    """The total: Σ sign × line of every additive series, with the monthly ratios of the sums; and its
    block of additive series."""
    total = _sum_blocks(grid, lines, samples)
    series = total.series()
    _with_ratios(series, total.initial_values())
    return _results(name, grid, total, samples, seed, warnings, series), total


def _sum_blocks(grid: Grid, lines: list[Line], samples: int) -> Block:
    """Σ sign × line, sample by sample, for every additive series: each line's block is summed whole,
    line after line."""
    if not lines:  # every member off: an all-zero portfolio
        zeros = {n: np.zeros((samples, grid.size)) for n in (*SERIES, *HIDDEN) if n not in RATIOS}
        return Block.of(zeros, {})
    first = lines[0].block
    monthly = first.monthly * lines[0].sign  # new arrays: the sum never writes into a line
    initial = first.initial * lines[0].sign
    for line in lines[1:]:
        if line.sign > 0:
            monthly += line.block.monthly
            initial += line.block.initial
        else:
            monthly -= line.block.monthly
            initial -= line.block.initial
    return first.with_values(monthly, initial)


def _rows(block: Block, names: frozenset[str]) -> tuple[list[int], list[int]]:
    """The rows of a block's series and of its stocks that hold ``names``."""
    return (
        [i for i, name in enumerate(block.names) if name in names],
        [i for i, name in enumerate(block.stocks) if name in names],
    )


def _limit_use(limit: WorldLimit, total: Results, samples: int, seed: int) -> LimitUse:
    grid_years, yearly = total.yearly(_vendor_key(limit.vendor) if limit.vendor else limit.metric)  # (Y,), (S, Y)
    on_grid = set(grid_years.tolist())  # Python ints: a set, not a search of the array per year
    years = np.array([y for y in limit.by_year if y in on_grid], dtype=int)
    planned = yearly[:, np.searchsorted(grid_years, years)]
    available = np.empty((samples, len(years)))
    for column, year in enumerate(years.tolist()):
        rng = _stream(seed, "limits", limit.id, str(year)) if samples > 1 else None
        available[:, column] = draw(limit.by_year[year], samples, rng)
    return LimitUse(limit, years, planned, available)


def _limit_warnings(use: LimitUse) -> list[EngineWarning]:
    excess = use.excess()
    over = np.flatnonzero(excess > 0)
    if not len(over):
        return []
    said = _("{limit}: plans exceed the limit in {year} by {excess} ({planned} planned, {available} available).")
    title = translated(use.limit, "title")
    planned, available = _median(use.planned), _median(use.available)

    def text(value: float) -> str:
        return format_series_value(use.limit.metric, value)

    return [
        EngineWarning(
            "limit_exceeded",
            said.format(
                limit=title, year=year, excess=text(excess[i]), planned=text(planned[i]), available=text(available[i])
            ),
            (year,),
        )
        for i, year in zip(over.tolist(), use.years[over].tolist())
    ]


# The sums claims read, by (the indices of the lines summed, the series read): claims that read the
# same sums share one run, and its yearly aggregates.
ClaimSums = dict[tuple[tuple[int, ...], frozenset[str]], Results]


def _check_portfolio_claim(
    claim: PortfolioClaim,
    tolerance: float,
    grid: Grid,
    lines: list[Line],
    total: Block,
    samples: int,
    seed: int,
    sums: ClaimSums,
) -> PortfolioClaimCheck:
    """The claim against the sum of the lines of its members (of all of them: the total's ``total``)."""
    picked = set(claim.members)
    chosen = tuple(i for i, line in enumerate(lines) if not picked or picked.issuperset(line.members))
    parts = (part.split("@")[0] for part in RATIOS.get(claim.metric, ()))  # a ratio reads its parts
    names = frozenset({claim.metric, *parts})
    key = (chosen, names)
    results = sums.get(key)
    if results is None:
        # whole blocks summed, then the rows read: one numpy operation per line, not one gathered copy
        # per line; every line: the same sums, in the same order, as the total's
        summed = _sum_blocks(grid, [lines[i] for i in chosen], samples) if len(chosen) < len(lines) else total
        results = sums[key] = _results(claim.id, grid, summed.rows(*_rows(summed, names)), samples, seed)
    check = check_claim(claim, results, tolerance)
    base = check.stated[1]
    share = check.model / base if claim.reading == "share" and check.model is not None and base else None
    return PortfolioClaimCheck(check, share)
