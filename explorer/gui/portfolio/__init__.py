"""The portfolio window: the industry view of several scenarios at once."""

from .window import PortfolioWindow

__all__ = ["PortfolioWindow"]
