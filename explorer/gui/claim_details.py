"""One claim in full: what it says, how the model reads it, its source (with a clickable link when the
scenario lists one), and "What would make this true?" — goal seek on the claim's metric and period."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from ..formatting import claim_model_text, claim_stated_text, claim_text, verdict_text
from ..i18n import _
from ..model.claims import MEASURE_TEXT
from ..model.scenario import Scenario
from ..model.sources import Source
from .claims_panel import metric_text


def matching_source(scenario: Scenario, text: str) -> Source | None:
    """The scenario's listed source a claim's source text names (by title or publisher)."""
    lowered = text.lower()
    for source in scenario.sources:
        if source.url and any(part and part.lower() in lowered for part in (source.title, source.publisher)):
            return source
    return None


def can_seek(check: Any) -> bool:
    """Goal seek reaches a calendar year's value of a series (not a change, a ratio or one campus)."""
    claim = check.claim
    return not claim.site and not claim.fiscal and claim.measure in ("total", "end")


class ClaimDetails(QDialog):
    def __init__(self, check: Any, scenario: Scenario, parent=None):
        super().__init__(parent)
        self.check = check
        claim = check.claim
        self.setWindowTitle(f"Claim: {claim.id}")
        layout = QVBoxLayout(self)
        source = matching_source(scenario, claim.source)
        link = f" — <a href='{html.escape(source.url)}'>{html.escape(source.url)}</a>" if source else ""
        reason = getattr(check, "reason", "")
        rows = [
            f"<p><b>{html.escape(claim_text(claim))}</b></p>",
            f"<p>{html.escape(claim.entity)} · {html.escape(metric_text(check))} · {html.escape(claim.period)} · "
            f"{html.escape(_(MEASURE_TEXT[claim.measure]))}</p>",
            "<p>"
            + _("Stated {stated}; model {model}: {verdict}").format(
                stated=html.escape(claim_stated_text(check)),
                model=html.escape(claim_model_text(check)),
                verdict=f"<b>{html.escape(verdict_text(check))}</b>",
            )
            + ("<br>" + html.escape(reason) if reason else "")
            + "</p>",
            "<p>" + _("Source: {source}").format(source=html.escape(claim.source or _("not given")) + link) + "</p>",
        ]
        self.text = QLabel("".join(rows))
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(True)
        self.text.setMinimumWidth(460)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.seek_button = QPushButton(_("What would make this &true?"))
        self.seek_button.setToolTip(_("Goal seek: which value of an input brings the model to the stated value"))
        self.seek_button.setEnabled(can_seek(check))
        buttons.addButton(self.seek_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
