"""Goal seek: the value of one input that makes an output reach a target in a year.

Solved on the engine by ``explorer.analysis.solve``; "Apply" makes one undoable edit of the document.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ...analysis import Solution, apply_value, solve, solve_claim
from ...analysis.goal_seek import claim_goal_text, claim_levers
from ...analysis.inputs import input_info
from ...analysis.metrics import describe, metric_values
from ...engine import simulate
from ...engine.claims import claim_values
from ...formatting import format_series_value, unit_text
from ...i18n import _, ngettext
from ...model.claims import Claim
from ...model.scenario import Scenario
from ...presentation.labels import input_label, input_text, numeric_inputs
from ...series import SERIES
from ..document import Document
from ..theme import invalid_colour
from .tornado import fill_years, metric_box

DEFAULT_INPUT = "capex.by_year"
DEFAULT_METRIC = "gpus_installed"


class GoalSeekDialog(QDialog):
    applied = Signal(str, float)  # input path, value

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Goal seek"))
        self.setAccessibleName(_("Goal seek"))
        self.document = document
        self.solution: Solution | None = None
        self._solved_for: Scenario | None = None  # the snapshot the solution was found on
        self.claim: Claim | None = None  # a claim to make true: its own period (fiscal, a span, 'by', a campus)
        scenario = document.scenario
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Find the value of one input at which an output reaches a target in a year "
                "(base run; the input stays within its bounds)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.input_box = QComboBox()
        self.input_box.setEditable(True)
        self.input_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.input_box.setAccessibleName(_("Input to change"))
        for path in numeric_inputs(scenario):
            self.input_box.addItem(input_label(scenario, path), path)
            self.input_box.setItemData(
                self.input_box.count() - 1,
                _("In the scenario file: {path}").format(path=path),
                Qt.ItemDataRole.ToolTipRole,
            )
        completer = self.input_box.completer()  # an editable combo box always has one
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        first = next(
            (i for i in range(self.input_box.count()) if str(self.input_box.itemData(i)).startswith(DEFAULT_INPUT)), 0
        )
        self.input_box.setCurrentIndex(first)
        self.output_box = metric_box(_("Output to reach the target"), DEFAULT_METRIC)
        self.year_box = QComboBox()
        self.year_box.setAccessibleName(_("Year of the target"))
        self.target = QDoubleSpinBox()
        self.target.setRange(-1e12, 1e12)
        self.target.setDecimals(4)
        self.target.setAccessibleName(_("Target in display units"))
        self.current = QLabel("")
        form.addRow(_("&Input:"), self.input_box)
        form.addRow(_("&Output:"), self.output_box)
        form.addRow(_("&Year (end of year for stocks):"), self.year_box)
        form.addRow(_("&Target:"), self.target)
        form.addRow("", self.current)
        layout.addLayout(form)
        self.answer = QLabel("")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setMinimumHeight(60)
        self.answer.setAccessibleName(_("Goal seek answer"))
        layout.addWidget(self.answer)
        buttons = QDialogButtonBox()
        self.solve_button = QPushButton(_("&Solve"))
        self.solve_button.setDefault(True)
        self.apply_button = QPushButton(_("&Apply"))
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(_("Set the input to the solved value (one step, undone with Ctrl+Z)"))
        buttons.addButton(self.solve_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.solve_button.clicked.connect(self.solve)
        self.apply_button.clicked.connect(self.apply)
        layout.addWidget(buttons)
        self.output_box.currentIndexChanged.connect(lambda _i: self._output_changed())
        self.year_box.currentIndexChanged.connect(lambda _i: self._show_current(reset_target=True))
        self.input_box.currentIndexChanged.connect(lambda _i: self._forget())
        self.target.valueChanged.connect(lambda _v: self._forget())
        self._fill_years()
        self._output_changed()
        self.resize(620, self.sizeHint().height())

    # --- choices
    @property
    def input_path(self) -> str:
        return self.input_box.currentData()

    @property
    def output_metric(self) -> str:
        return self.output_box.currentData()

    @property
    def year(self) -> int:
        return self.year_box.currentData()

    def set_goal(self, input_path: str, metric: str, year: int, target: float) -> None:
        """Choose input, output, year and target (target in the metric's stored unit)."""
        self.input_box.setCurrentIndex(self.input_box.findData(input_path))
        self.output_box.setCurrentIndex(self.output_box.findData(metric))
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.target.setValue(SERIES[metric].display(target))

    def set_claim_goal(self, claim: Claim, target: float) -> None:
        """Aim at a claim as the claim reads the model (target in the metric's stored unit): the output and
        the period are the claim's, and an input that can move it is chosen first."""
        self.claim = claim
        self.setWindowTitle(_("What would make this true? — {claim}").format(claim=claim.id))
        listed = {self.input_box.itemData(i): i for i in range(self.input_box.count())}
        lever = next((path for path in claim_levers(self.document.scenario, claim) if path in listed), None)
        if lever is not None:  # the input that moves the claim most
            self.input_box.setCurrentIndex(listed[lever])
        for box in (self.output_box, self.year_box):
            box.blockSignals(True)
        self.output_box.setCurrentIndex(self.output_box.findData(claim.metric))
        self.year_box.clear()
        self.year_box.addItem(claim.period, claim.year)
        for box in (self.output_box, self.year_box):
            box.setEnabled(False)  # the claim's, not to be changed here
            box.blockSignals(False)
        spec = SERIES[claim.metric]
        self.target.setSuffix(f" {spec.display_unit}")
        self._show_current()
        self.target.setValue(spec.display(target))

    def _what(self) -> str:
        return claim_goal_text(self.claim) if self.claim is not None else describe(self.output_metric, self.year)

    def _now(self) -> float:
        results = simulate(self.document.scenario)
        if self.claim is not None:
            values = claim_values(self.claim, results)
            return float("nan") if values is None else float(values[0])
        return float(metric_values(results, self.output_metric, self.year)[0])

    def _fill_years(self) -> None:
        annual = simulate(self.document.scenario).annual("calendar")
        preferred = 2025 if 2025 in annual.years else int(annual.years[0])
        fill_years(self.year_box, annual.years, "calendar", preferred)

    def _output_changed(self) -> None:
        spec = SERIES[self.output_metric]
        self.target.setSuffix(f" {unit_text(spec.display_unit)}")
        self._show_current(reset_target=True)

    def _show_current(self, reset_target: bool = False) -> None:
        spec = SERIES[self.output_metric]
        now = self._now()
        self.current.setText(
            _("Now: {value} ({what})").format(value=format_series_value(spec.name, now), what=self._what())
        )
        if reset_target:
            self.target.setValue(spec.display(now))
        self._forget()

    def _forget(self) -> None:
        self.solution = None
        self.apply_button.setEnabled(False)

    # --- solving
    def solve(self) -> Solution | None:
        spec = SERIES[self.output_metric]
        target = self.target.value() / spec.display_scale
        scenario = self.document.scenario
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.claim is not None:
                solution = solve_claim(scenario, self.input_path, self.claim, target)
            else:
                solution = solve(scenario, self.input_path, self.output_metric, self.year, target)
        except (KeyError, ValueError) as exc:
            self.answer.setText(f"<span style='color:{invalid_colour()}'>{html.escape(str(exc), quote=False)}</span>")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.solution, self._solved_for = solution, scenario
        info = input_info(scenario, self.input_path)
        name = input_label(scenario, self.input_path)
        found = solution.found
        if found is not None:
            value, achieved = found
            self.answer.setText(
                ngettext(
                    "<b>{input} = {value}</b> (now {now})<br>gives {what}: {achieved} "
                    "(target {target}; {n} engine run)",
                    "<b>{input} = {value}</b> (now {now})<br>gives {what}: {achieved} "
                    "(target {target}; {n} engine runs)",
                    solution.iterations,
                ).format(
                    input=name,
                    value=input_text(info, value),
                    now=input_text(info, info.base),
                    what=self._what(),
                    achieved=format_series_value(spec.name, achieved),
                    target=format_series_value(spec.name, target),
                    n=solution.iterations,
                )
            )
        else:
            reason = solution.reason
            self.answer.setText(_("<b>Unreachable.</b> {reason}.").format(reason=reason[0].upper() + reason[1:]))
        self.apply_button.setEnabled(solution.reachable)
        return solution

    def apply(self) -> bool:
        """Set the solved value as one undoable edit."""
        solution = self.solution
        found = solution.found if solution is not None else None
        if solution is None or found is None or self.document.scenario is not self._solved_for:
            self.answer.setText(self.answer.text() + _("<br>The scenario changed since: solve again."))
            self._forget()
            return False
        path, value = solution.input, found[0]
        scenario = self.document.scenario
        info = input_info(scenario, path)
        text = _("Goal seek: {input} = {value}").format(
            input=input_label(scenario, path), value=input_text(info, value)
        )
        done = self.document.replace(apply_value(scenario, path, value), text)
        if done:
            self.answer.setText(self.answer.text() + _("<br>Applied — Edit → Undo takes it back."))
            self.applied.emit(path, value)
        self._forget()
        return done
