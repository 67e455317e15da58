"""The open portfolio: its snapshot, undo history and results.

Switching a member on or off and changing its weight are undoable commands that replace the immutable
portfolio snapshot; a member's scenario edited in its own window replaces that member's scenario.
Every change recomputes the portfolio (members kept between runs re-run only when they changed) and
emits ``computed``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ...i18n import _
from ...model.scenario import Scenario
from ...portfolio import Portfolio, PortfolioResults, ResolvedPortfolio, run_portfolio, save_portfolio
from ...portfolio.compute import MemberRuns
from ..document import SnapshotCommand


class _SetPortfolio(SnapshotCommand):
    MERGE_ID = 0x6770


class PortfolioDocument(QObject):
    computed = Signal(object)  # PortfolioResults of the current snapshot
    dirtyChanged = Signal(bool)

    def __init__(self, resolved: ResolvedPortfolio, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.resolved = resolved
        self.saved = resolved.portfolio
        self.path = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.runs = MemberRuns()
        self.results: PortfolioResults = run_portfolio(resolved, cache=self.runs)

    @property
    def portfolio(self) -> Portfolio:
        return self.resolved.portfolio

    @property
    def dirty(self) -> bool:
        return self.portfolio != self.saved

    def _apply(self, portfolio: Portfolio) -> None:
        was = self.dirty
        self.resolved = ResolvedPortfolio(portfolio, self.resolved.scenarios, self.resolved.folder)
        self.recompute()
        if self.dirty != was:
            self.dirtyChanged.emit(self.dirty)

    def recompute(self) -> None:
        self.results = run_portfolio(self.resolved, cache=self.runs)
        self.computed.emit(self.results)

    def _edit_member(self, member_id: str, text: str, merge_key: str | None = None, **change) -> None:
        members = tuple(m.model_copy(update=change) if m.id == member_id else m for m in self.portfolio.members)
        after = Portfolio.model_validate({**self.portfolio.model_dump(), "members": [m.model_dump() for m in members]})
        if after != self.portfolio:
            self.undo_stack.push(_SetPortfolio(self, self.portfolio, after, text, merge_key))

    def set_enabled(self, member_id: str, enabled: bool) -> None:
        text = _("Switch on {member}") if enabled else _("Switch off {member}")
        self._edit_member(member_id, text.format(member=member_id), enabled=enabled)

    def set_weight(self, member_id: str, weight: float) -> None:
        text = _("Weight of {member}").format(member=member_id)
        self._edit_member(member_id, text, merge_key=f"weight:{member_id}", weight=weight)

    def set_member_scenario(self, member_id: str, scenario: Scenario) -> None:
        """A member edited in its own window: the portfolio follows it live (its undo lives there)."""
        self.resolved = ResolvedPortfolio(
            self.portfolio, {**self.resolved.scenarios, member_id: scenario}, self.resolved.folder
        )
        self.recompute()

    def save(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError(_("the portfolio has no file yet: save it under a name"))
        save_portfolio(self.portfolio, target)
        self.path, self.saved = target, self.portfolio
        self.dirtyChanged.emit(False)
        return target
