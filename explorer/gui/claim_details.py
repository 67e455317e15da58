"""One claim in full: what it says, how the model reads it, its source (with a clickable link when the
scenario lists one), and "What would make this true?" — goal seek on the claim's metric and period."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from ..analysis.goal_seek import claim_goal_refusal
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


def seek_refusal(check: Any) -> str:
    """Why goal seek cannot aim at this claim, in words ('' when it can): a growth ratio, or a period the
    scenario does not simulate."""
    refusal = claim_goal_refusal(check.claim)
    if not refusal and check.verdict == "outside timeline":
        refusal = _("The scenario does not simulate {period}: extend its timeline to aim at this claim.").format(
            period=check.claim.period
        )
    if not refusal and check.verdict == "no such site":
        refusal = _("The scenario has no campus named {site}: add it under Sites to aim at this claim.").format(
            site=check.claim.site
        )
    return refusal


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
        refusal = seek_refusal(check)
        if refusal:  # said, not a button that does nothing
            rows.append(f"<p><i>{html.escape(_('What would make this true?'))}</i> {html.escape(refusal)}</p>")
        self.text = QLabel("".join(rows))
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(True)
        self.text.setMinimumWidth(460)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.seek_button = QPushButton(_("What would make this &true?"))
        self.seek_button.setToolTip(_("Goal seek: which value of an input brings the model to the stated value"))
        buttons.addButton(self.seek_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.seek_button.setEnabled(not refusal)
        self.seek_button.setVisible(not refusal)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
