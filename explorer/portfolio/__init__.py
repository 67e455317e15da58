"""Portfolios: the industry view of several scenarios at once. No Qt."""

from ..io.references import bundled_portfolio_ids
from .compute import LimitUse, Line, PortfolioClaimCheck, PortfolioResults, run_portfolio
from .files import (
    PortfolioFileError,
    ResolvedPortfolio,
    json_schema,
    load_portfolio,
    open_portfolio,
    portfolio_document,
    resolve,
    save_portfolio,
)
from .model import KIND, SCHEMA_VERSION, Member, Overlap, Portfolio, PortfolioClaim, SharedInputs, WorldLimit

__all__ = [
    "KIND",
    "SCHEMA_VERSION",
    "LimitUse",
    "Line",
    "Member",
    "Overlap",
    "Portfolio",
    "PortfolioClaim",
    "PortfolioClaimCheck",
    "PortfolioFileError",
    "PortfolioResults",
    "ResolvedPortfolio",
    "SharedInputs",
    "WorldLimit",
    "bundled_portfolio_ids",
    "json_schema",
    "load_portfolio",
    "open_portfolio",
    "portfolio_document",
    "resolve",
    "run_portfolio",
    "save_portfolio",
]
