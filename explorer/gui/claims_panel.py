"""Every claim of the scenario beside the model: stated, model, difference, verdict and source.

The tolerance is the scenario's own ``claim_tolerance``, edited through the document (undoable).
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..engine import check_claims
from ..engine.claims import ClaimCheck
from ..engine.results import Results
from ..formatting import claim_model_text, claim_stated_text, format_percent, verdict_text
from ..model.claims import MEASURE_TEXT
from ..series import SERIES
from .document import Document
from .theme import LIGHT, Theme

COLUMNS = ("Claim", "Period", "Stated", "Model", "Difference", "Verdict", "Source")


stated_text = claim_stated_text  # one owner of claim numbers: explorer.formatting
model_text = claim_model_text
__all__ = ["ClaimsPanel", "model_text", "stated_text", "verdict_text"]


class ClaimsPanel(QWidget):
    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.document: Document | None = None
        self.checks: list[ClaimCheck] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        label = QLabel("&Tolerance:")
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0, 100)
        self.tolerance.setDecimals(1)
        self.tolerance.setSingleStep(1)
        self.tolerance.setSuffix(" %")
        self.tolerance.setKeyboardTracking(False)
        self.tolerance.setAccessibleName("Claim tolerance in percent")
        self.tolerance.setToolTip("A claim is consistent when the model lies within this relative distance "
                                  "of the stated value or range")
        label.setBuddy(self.tolerance)
        self.summary = QLabel()
        top.addWidget(label)
        top.addWidget(self.tolerance)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Claims checked against the model")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.Interactive)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(len(COLUMNS) - 1, 220)
        layout.addWidget(self.table)
        self.tolerance.valueChanged.connect(self._tolerance_edited)

    def set_document(self, document: Document | None) -> None:
        self.document = document
        if document is not None:
            self._show_tolerance(document.scenario.claim_tolerance)

    def _show_tolerance(self, tolerance: float) -> None:
        self.tolerance.blockSignals(True)
        self.tolerance.setValue(tolerance * 100.0)
        self.tolerance.blockSignals(False)

    def _tolerance_edited(self, percent: float) -> None:
        if self.document is not None:
            self.document.edit("claim_tolerance", round(percent / 100.0, 6), text="Set claim tolerance")

    def show_results(self, results: Results) -> None:
        if self.document is None:
            return
        scenario = self.document.scenario
        self._show_tolerance(scenario.claim_tolerance)
        self.checks = check_claims(scenario.claims, results, scenario.claim_tolerance)
        self._fill()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._fill()

    def _fill(self) -> None:
        """Only cells whose text, tip or colour changed are touched, and the table hears of them once:
        every change it hears of re-measures the columns sized to their contents."""
        table = self.table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(self.checks))
        for row in range(table.rowCount()):
            for col in range(len(COLUMNS)):
                if table.item(row, col) is None:
                    table.setItem(row, col, QTableWidgetItem())
        model = table.model()
        model.blockSignals(True)
        changed: list[tuple[int, int]] = []  # (row, column) of every cell that changed
        for row, check in enumerate(self.checks):
            claim = check.claim
            diff = format_percent(check.diff_pct, signed=True)
            cells = (claim.text or claim.id, claim.period, stated_text(check), model_text(check), diff,
                     verdict_text(check), claim.source)
            for col, text in enumerate(cells):
                if _set_text(table.item(row, col), text):
                    changed.append((row, col))
            site = f" of {claim.site}" if claim.site else ""
            if _set_tip(table.item(row, 0), f"{claim.entity} · {SERIES[claim.metric].label}{site} "
                        f"({SERIES[claim.metric].tag()}) · {MEASURE_TEXT[claim.measure]}"):
                changed.append((row, 0))
            if _set_tip(table.item(row, len(COLUMNS) - 1), claim.source):
                changed.append((row, len(COLUMNS) - 1))
            if check.verdict not in ("consistent", "inconsistent"):  # nothing to judge
                colour = self.theme.muted
            else:
                colour = self.theme.good if check.verdict == "consistent" else self.theme.bad
            verdict = table.item(row, 5)
            if verdict.foreground().color() != QColor(colour):
                verdict.setForeground(QBrush(QColor(colour)))
                changed.append((row, 5))
        model.blockSignals(False)
        if changed:  # one notice for the block of cells that changed
            rows, cols = zip(*changed)
            model.dataChanged.emit(model.index(min(rows), min(cols)), model.index(max(rows), max(cols)))
        table.setUpdatesEnabled(True)
        held = sum(c.verdict == "consistent" for c in self.checks)
        self.summary.setText(f"{held} of {len(self.checks)} consistent" if self.checks else "No claims in this scenario")

    def verdicts(self) -> list[str]:
        return [self.table.item(r, 5).text() for r in range(self.table.rowCount())]


def _set_text(item: QTableWidgetItem, text: str) -> bool:
    """Set the text if it differs; True when it did."""
    if item.text() == text:
        return False
    item.setText(text)
    return True


def _set_tip(item: QTableWidgetItem, tip: str) -> bool:
    if item.toolTip() == tip:
        return False
    item.setToolTip(tip)
    return True
