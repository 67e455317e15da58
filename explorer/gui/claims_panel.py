"""Every claim of the scenario beside the model: stated, model, difference, verdict and source.

The tolerance is the scenario's own ``claim_tolerance``, edited through the document (undoable).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..engine import check_claims
from ..engine.claims import JUDGED, ClaimCheck
from ..engine.results import Results
from ..formatting import claim_model_text, claim_stated_text, claim_text, format_percent, verdict_text
from ..i18n import N_, _
from ..model.claims import MEASURE_TEXT
from ..model.scenario import Scenario
from ..series import SERIES
from .document import Document
from .qt import cell_text, table_cell
from .safety import guarded
from .theme import LIGHT, Theme

# The verdict and its reason first: the reason says the statement and the model's value in words.
COLUMNS = (
    N_("Claim"),
    N_("Metric"),
    N_("Period"),
    N_("Verdict"),
    N_("Reason"),
    N_("Stated"),
    N_("Model"),
    N_("Difference"),
    N_("Source"),
)
COLUMN = {name: i for i, name in enumerate(COLUMNS)}
VERDICT_COLUMN = COLUMN["Verdict"]
REASON_COLUMN = COLUMN["Reason"]
WIDE_WIDTHS = {"Claim": 260, "Metric": 150, "Reason": 360, "Model": 130, "Source": 180}  # others fit their text
# one-line rows: every column but the claim's (which takes the rest) at a set width, so no sideways scrolling
COMPACT_WIDTHS = {
    "Metric": 130,
    "Period": 48,
    "Verdict": 160,
    "Reason": 240,
    "Stated": 140,
    "Model": 120,
    "Difference": 72,
    "Source": 110,
}
RESTATED_IDLE_MS = 250  # looking for claims that restate an input waits for a pause in editing
RESTATED_CACHE = 16  # scenario snapshots whose restated inputs are remembered (undo, redo, switching)


stated_text = claim_stated_text  # one owner of claim numbers: explorer.formatting
model_text = claim_model_text
__all__ = ["ClaimsPanel", "model_text", "stated_text", "verdict_text"]


def metric_text(check: ClaimCheck) -> str:
    """'GPUs installed (stock) of Hyperion': the series, its layer and whether a stock or a flow."""
    claim = check.claim
    spec = SERIES[claim.metric]
    site = _(" of {site}").format(site=claim.site) if claim.site else ""
    return f"{spec.label} ({spec.tag()}){site}"


def summary_text(checks: list[ClaimCheck]) -> str:
    """'4 of 6 judged claims consistent · 3 restate an input · 1 partial period'."""
    if not checks:
        return _("No claims in this scenario")
    judged = [c for c in checks if c.verdict in JUDGED]
    held = sum(c.verdict == "consistent" for c in judged)
    parts = [_("{held} of {judged} judged claims consistent").format(held=held, judged=len(judged))]
    for verdict, words in (
        ("restates input", N_("{n} restate an input")),
        ("partial period", N_("{n} partial period")),
        ("not defined", N_("{n} not defined")),
        ("outside timeline", N_("{n} outside the timeline")),
        ("no such site", N_("{n} no such site")),
    ):
        n = sum(c.verdict == verdict for c in checks)
        if n:
            parts.append(_(words).format(n=n))
    return " · ".join(parts)


class RestatedCache:
    """Claims that restate an input, per scenario snapshot: one vectorised engine run each, so it is
    looked up after a pause in editing, and remembered for the snapshots seen last."""

    def __init__(self, size: int = RESTATED_CACHE):
        self.size = size
        self._found: dict[int, tuple[Scenario, dict[str, str]]] = {}
        self.last: dict[str, str] = {}
        self.last_ms = 0.0

    def get(self, scenario: Scenario) -> dict[str, str] | None:
        hit = self._found.get(id(scenario))
        return hit[1] if hit is not None and hit[0] is scenario else None

    def compute(self, scenario: Scenario) -> dict[str, str]:
        found = self.get(scenario)
        if found is None:
            started = time.perf_counter()
            from ..analysis.restated import restated_inputs  # loads the analysis package: after the first paint

            found = restated_inputs(scenario)
            self.last_ms = (time.perf_counter() - started) * 1000.0
            self._found[id(scenario)] = (scenario, found)  # the snapshot is kept, so its id stays its own
            while len(self._found) > self.size:
                del self._found[next(iter(self._found))]
        self.last = found
        return found


class ClaimsPanel(QWidget):
    checksChanged = Signal(list)  # the ClaimChecks now shown
    claimSelected = Signal(str)  # id of the claim whose row was selected ("" for none)

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.document: Document | None = None
        self.checks: list[ClaimCheck] = []
        self.results: Results | None = None
        self.note = ""
        self.compact = False  # one line per claim (short windows), else whole statements wrapped
        self.restated = RestatedCache()
        self._restated_timer = QTimer(self)
        self._restated_timer.setSingleShot(True)
        self._restated_timer.setInterval(RESTATED_IDLE_MS)
        self._restated_timer.timeout.connect(self.find_restated)
        self._painted = False  # the first look waits for the claims' first paint, never delays it
        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.setSpacing(6)  # its own: a nested layout would take the column's, which compact mode sets to 0
        label = QLabel(_("&Tolerance:"))
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0, 100)
        self.tolerance.setDecimals(1)
        self.tolerance.setSingleStep(1)
        self.tolerance.setSuffix(" %")
        self.tolerance.setKeyboardTracking(False)
        self.tolerance.setAccessibleName(_("Claim tolerance in percent"))
        self.tolerance.setToolTip(
            _("A claim is consistent when the model lies within this relative distance of the stated value or range")
        )
        label.setBuddy(self.tolerance)
        self.summary = QLabel()
        top.addWidget(label)
        top.addWidget(self.tolerance)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(name) for name in COLUMNS])
        self.table.setAccessibleName(_("Claims checked against the model"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)  # the whole claim, wrapped, never "Meta will spend $…"
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(_("Double-click a claim for its source and what would make it true"))
        self.table.horizontalHeader().setStretchLastSection(False)
        self._size_columns()
        layout.addWidget(self.table)
        self.table.viewport().installEventFilter(self)
        self.tolerance.valueChanged.connect(self._tolerance_edited)
        self.table.itemSelectionChanged.connect(self._selection_changed)

    def set_compact(self, on: bool) -> None:
        """Short windows read one line per claim, so at least four claims show beside the plots: the
        whole statement is in the row's tip and in the claim's details (double-click). Tall windows wrap
        the whole statement in its row."""
        if on == self.compact:
            return
        self.compact = on
        table = self.table
        table.setUpdatesEnabled(False)
        table.setWordWrap(not on)
        rows = table.verticalHeader()
        if on:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            rows.setMinimumSectionSize(1)
            rows.setDefaultSectionSize(table.fontMetrics().height() + 4)
        else:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._size_columns()
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.column.setContentsMargins(*((4, 0, 4, 0) if on else (4, 4, 4, 4)))
        self.column.setSpacing(0 if on else 6)
        self._fill()
        table.setUpdatesEnabled(True)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for name, column in COLUMN.items():
            if self.compact:
                mode = QHeaderView.ResizeMode.Stretch if name == "Claim" else QHeaderView.ResizeMode.Interactive
                width = COMPACT_WIDTHS.get(name)
            else:  # long texts wrap in the set widths; the others fit their text
                mode = (
                    QHeaderView.ResizeMode.Interactive
                    if name in WIDE_WIDTHS
                    else QHeaderView.ResizeMode.ResizeToContents
                )
                width = WIDE_WIDTHS.get(name)
            header.setSectionResizeMode(column, mode)
            if width is not None:
                self.table.setColumnWidth(column, width)

    def eventFilter(self, watched, event) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            self._painted = True  # the pause starts now: the look never runs before the first screen is up
            if self.results is not None and self.document is not None:
                QTimer.singleShot(0, self, self._restated_timer.start)
        return super().eventFilter(watched, event)

    def _selection_changed(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        row = min(rows) if rows else -1
        self.claimSelected.emit(self.checks[row].claim.id if 0 <= row < len(self.checks) else "")

    def set_document(self, document: Document | None) -> None:
        if document is not self.document:
            self.restated.last = {}  # another scenario's finding says nothing about this one
        self.document = document
        if document is not None:
            self._show_tolerance(document.scenario.claim_tolerance)

    def _show_tolerance(self, tolerance: float) -> None:
        self.tolerance.blockSignals(True)
        self.tolerance.setValue(tolerance * 100.0)
        self.tolerance.blockSignals(False)

    def _tolerance_edited(self, percent: float) -> None:
        if self.document is not None:
            self.document.edit("claim_tolerance", round(percent / 100.0, 6), text=_("Set claim tolerance"))

    def show_results(self, results: Results) -> None:
        if self.document is None:
            return
        scenario = self.document.scenario
        self.results = results
        self._show_tolerance(scenario.claim_tolerance)
        restated = self.restated.get(scenario)
        if restated is None:  # until the pause, the last snapshot's finding stands
            restated = self.restated.last
            if self._painted:
                self._restated_timer.start()
        self.checks = check_claims(scenario.claims, results, scenario.claim_tolerance, restated)
        self._fill()
        self.checksChanged.emit(self.checks)

    @guarded
    def find_restated(self) -> None:
        """Look for claims that restate an input in the current snapshot, then show them."""
        self._restated_timer.stop()
        if self.document is None or self.results is None:
            return
        scenario = self.document.scenario
        if self.restated.get(scenario) is None:
            self.restated.compute(scenario)
            self.show_results(self.results)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._fill()

    def _fill(self) -> None:
        """Only cells whose text, tip or colour changed are touched, and the table hears of them once:
        every change it hears of re-measures the columns sized to their contents."""
        table = self.table
        scenario = self.document.scenario if self.document is not None else None
        table.setUpdatesEnabled(False)
        table.setRowCount(len(self.checks))
        for row in range(table.rowCount()):
            for col in range(len(COLUMNS)):
                table_cell(table, row, col)
        model = table.model()
        model.blockSignals(True)
        changed: list[tuple[int, int]] = []  # (row, column) of every cell that changed
        for row, check in enumerate(self.checks):
            claim = check.claim
            diff = format_percent(check.diff_pct, signed=True)
            # the model's spread on a line of its own keeps the column narrow (when rows have room)
            cells = (
                claim_text(claim),
                metric_text(check),
                claim.period,
                verdict_text(check, scenario),
                check.reason,
                stated_text(check),
                model_text(check) if self.compact else model_text(check).replace(" (P10", "\n(P10"),
                diff,
                claim.source,
            )
            for col, text in enumerate(cells):
                if _set_text(table_cell(table, row, col), text):
                    changed.append((row, col))
            site = _(" of {site}").format(site=claim.site) if claim.site else ""
            if _set_tip(
                table_cell(table, row, 0),
                f"{claim_text(claim)}\n{claim.entity} · {SERIES[claim.metric].label}{site} "
                f"({SERIES[claim.metric].tag()}) · {_(MEASURE_TEXT[claim.measure])}",
            ):
                changed.append((row, 0))
            tips = (
                (len(COLUMNS) - 1, claim.source),
                (REASON_COLUMN, check.reason),
                (VERDICT_COLUMN, cells[VERDICT_COLUMN]),  # whole when a one-line row cuts it
                (COLUMN["Model"], cells[COLUMN["Model"]]),
            )
            for col, tip in tips:
                if _set_tip(table_cell(table, row, col), tip):
                    changed.append((row, col))
            if check.verdict not in JUDGED:  # nothing to judge
                colour = self.theme.muted
            else:
                colour = self.theme.good if check.verdict == "consistent" else self.theme.bad
            verdict = table_cell(table, row, VERDICT_COLUMN)
            if verdict.foreground().color() != QColor(colour):
                verdict.setForeground(QBrush(QColor(colour)))
                changed.append((row, VERDICT_COLUMN))
        model.blockSignals(False)
        if changed:  # one notice for the block of cells that changed
            rows, cols = zip(*changed)
            model.dataChanged.emit(model.index(min(rows), min(cols)), model.index(max(rows), max(cols)))
        table.setUpdatesEnabled(True)
        self.summary.setText(summary_text(self.checks) + (self.note if self.checks else ""))

    def set_note(self, note: str) -> None:
        """Said after the count, e.g. what the model column shows ('— model P10–P90 of 1,000 samples')."""
        if note != self.note:
            self.note = note
            self._fill()

    def verdicts(self) -> list[str]:
        return [cell_text(self.table, r, VERDICT_COLUMN) for r in range(self.table.rowCount())]

    def reasons(self) -> list[str]:
        return [cell_text(self.table, r, REASON_COLUMN) for r in range(self.table.rowCount())]


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
