"""Portfolio files: the scenario files' format with ``kind: "portfolio"``, validated on load, saved
atomically, and resolved into member scenarios with problems named by member and field."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..i18n import N_, _
from ..io.presets import load_preset, preset_ids
from ..io.references import bundled_portfolio_ids, is_portfolio_document
from ..io.scenario_files import (
    ScenarioFileError,
    atomic_write_text,
    load_scenario,
    migrate,
    published_schema,
    read_document,
    readable_version,
)
from ..model.errors import describe
from ..model.scenario import FORMAT, Scenario
from ..resources import resource
from .model import KIND, SCHEMA_VERSION, Member, Portfolio


class PortfolioFileError(ScenarioFileError):
    """A portfolio that cannot be used, with the reasons in words."""


def _overlaps_say_what_they_count(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 → 2: overlaps name what they count once. Schema 1 counted every series once: 'same'."""
    overlaps = data.get("overlaps")
    if isinstance(overlaps, list):
        data = {
            **data,
            "overlaps": [{"relation": "same", **o} if isinstance(o, dict) else o for o in overlaps],
        }
    return data


# MIGRATIONS[n] turns a schema-n portfolio document into a schema-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _overlaps_say_what_they_count}
# Lists whose items have an id: problems in them are named by it, "overlaps.2 (coreweave-microsoft).parts".
NAMED_LISTS = ("members", "overlaps", "limits", "claims")


def _named(problem: str, data: dict[str, Any]) -> str:
    """'overlaps.2.parts: …' → 'overlaps.2 (coreweave-microsoft).parts: …' when the item has an id."""
    path, colon, message = problem.partition(": ")
    head, _dot, rest = path.partition(".")
    index, *tail = rest.split(".")
    items = data.get(head) if head in NAMED_LISTS else None
    if not index.isdigit() or not isinstance(items, list) or int(index) >= len(items):
        return problem
    item = items[int(index)]
    item_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item_id, str) or not item_id:
        return problem
    return ".".join([f"{head}.{index} ({item_id})", *tail]) + colon + message


def portfolio_from_document(doc: Any, path: str | os.PathLike[str] | None = None) -> Portfolio:
    if not is_portfolio_document(doc):
        raise PortfolioFileError(
            path,
            _("is not a Gigawatt Explorer portfolio (format '{format}', kind '{kind}')").format(
                format=FORMAT, kind=KIND
            ),
        )
    version = readable_version(doc, path, SCHEMA_VERSION, N_("portfolio schema"), oldest=1, error=PortfolioFileError)
    data = {k: v for k, v in doc.items() if k not in ("format", "kind", "schema_version")}
    data = migrate(data, version, MIGRATIONS, SCHEMA_VERSION)
    try:
        return Portfolio.model_validate(data)
    except ValidationError as exc:
        raise PortfolioFileError(path, _("has invalid values"), [_named(p, data) for p in describe(exc)]) from None


def load_portfolio(path: str | os.PathLike[str]) -> Portfolio:
    try:
        doc = read_document(path)
    except ScenarioFileError as exc:  # missing, damaged, too large: said of the portfolio
        raise PortfolioFileError(path, exc.message, exc.problems) from None
    return portfolio_from_document(doc, path)


def portfolio_document(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        **portfolio.model_dump(mode="json", exclude_defaults=False),
    }


def save_portfolio(portfolio: Portfolio, path: str | os.PathLike[str]) -> Path:
    return atomic_write_text(path, json.dumps(portfolio_document(portfolio), indent=2, ensure_ascii=False) + "\n")


def load_bundled_portfolio(portfolio_id: str) -> tuple[Portfolio, Path]:
    path = resource("portfolios", f"{portfolio_id}.gwx")
    if not path.is_file():
        raise KeyError(
            _("no bundled portfolio '{id}'; portfolios: {known}").format(
                id=portfolio_id, known=", ".join(bundled_portfolio_ids())
            )
        )
    return load_portfolio(path), path


@dataclass(frozen=True)
class ResolvedPortfolio:
    """A portfolio with every member's scenario loaded and every reference checked."""

    portfolio: Portfolio
    scenarios: dict[str, Scenario]  # member id -> scenario (every member, on or off)
    folder: Path | None  # where relative member paths start

    def with_portfolio(self, portfolio: Portfolio) -> ResolvedPortfolio:
        """The same member scenarios under an edited portfolio (weights, switches, overlaps)."""
        return resolve(portfolio, self.folder, dict(self.scenarios))


def _member_scenario(member: Member, index: int, folder: Path | None) -> Scenario:
    where = f"members.{index} ({member.id})"
    if member.preset:
        if member.preset not in preset_ids():
            problem = _("no bundled preset '{id}'").format(id=member.preset)
            raise PortfolioFileError(
                None, _("has a member that cannot be loaded"), [_where(f"{where}.preset", problem)]
            )
        return load_preset(member.preset)
    path = Path(member.path)
    if not path.is_absolute():
        path = (folder or Path.cwd()) / path
    try:
        return load_scenario(path)
    except ScenarioFileError as exc:
        problems = [f"{where}.{p}" for p in exc.problems] or [_where(f"{where}.path", f"{path} {exc.message}")]
        raise PortfolioFileError(None, _("has a member that cannot be loaded"), problems) from None


def _where(path: str, problem: str) -> str:
    return _("{path}: {message}").format(path=path, message=problem)


def resolve(
    portfolio: Portfolio, folder: str | os.PathLike[str] | None = None, scenarios: dict[str, Scenario] | None = None
) -> ResolvedPortfolio:
    """Load every member's scenario (unless given) and check the references into them."""
    folder = None if folder is None else Path(folder)
    loaded = dict(scenarios or {})
    problems: list[str] = []
    for i, member in enumerate(portfolio.members):
        if member.id not in loaded:
            try:
                loaded[member.id] = _member_scenario(member, i, folder)
            except PortfolioFileError as exc:
                problems += exc.problems
    for i, overlap in enumerate(portfolio.overlaps):
        scenario = loaded.get(overlap.member)
        if overlap.site and scenario is not None:
            sites = [s.name for s in scenario.facilities.sites] if scenario.facilities.mode == "sites" else []
            if overlap.site not in sites:
                problem = _("'{site}' is not a site of member '{member}' (its sites: {sites})").format(
                    site=overlap.site, member=overlap.member, sites=", ".join(sites) or _("none, auto-build mode")
                )
                problems.append(_where(f"overlaps.{i} ({overlap.id}).site", problem))
    if problems:
        raise PortfolioFileError(None, _("has problems in its members"), problems)
    return ResolvedPortfolio(portfolio, {m.id: loaded[m.id] for m in portfolio.members}, folder)


def open_portfolio(ref: str | os.PathLike[str]) -> ResolvedPortfolio:
    """A bundled portfolio id or a portfolio file, resolved; PortfolioFileError names the file."""
    path = Path(ref)
    if not path.is_file() and str(ref) in bundled_portfolio_ids():
        portfolio, path = load_bundled_portfolio(str(ref))
    else:
        portfolio = load_portfolio(path)
    try:
        return resolve(portfolio, path.parent)
    except PortfolioFileError as exc:
        raise PortfolioFileError(path, exc.message, exc.problems) from None


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of portfolio files."""
    return published_schema(
        Portfolio, "portfolio", SCHEMA_VERSION, {"format": FORMAT, "kind": KIND, "schema_version": SCHEMA_VERSION}
    )
