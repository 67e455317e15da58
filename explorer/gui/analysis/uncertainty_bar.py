"""The Uncertainty tool bar: on/off, sample count, seed and the progress of the running batch."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QProgressBar, QSpinBox, QToolBar

from ...formatting import format_number
from ...i18n import N_, _
from .uncertainty import UncertaintyController


class UncertaintyBar(QToolBar):
    def __init__(self, controller: UncertaintyController, parent=None):
        super().__init__("Uncertainty", parent)
        self.setObjectName("UncertaintyToolBar")
        self.controller = controller
        self.toggle = QAction(_("Uncertainty"), self, checkable=True)
        self.toggle.setShortcut(QKeySequence("Ctrl+U"))
        self.toggle.setToolTip(
            _("Sample every ranged input and show P10–P90 bands, ranges and claims judged against the band (Ctrl+U)")
        )
        self.toggle.toggled.connect(controller.set_enabled)
        self.addAction(self.toggle)
        self.samples = self._spin(
            N_("Samples"),
            100,
            100_000,
            controller.samples,
            100,
            _("Number of sampled runs per batch"),
            controller.set_samples,
        )
        self.samples.setGroupSeparatorShown(True)
        self.seed = self._spin(
            N_("Seed"),
            0,
            2**31 - 1,
            controller.seed,
            1,
            _("Random seed: the same seed gives the same bands"),
            controller.set_seed,
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Sampling progress"))
        self.progress.setMaximumWidth(140)
        self.progress.setFormat(_("%v of %m"))
        self.progress.setTextVisible(True)
        self.progress_action = self.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setContentsMargins(6, 0, 6, 0)
        self.addWidget(self.status)
        controller.progressed.connect(self._progressed)
        controller.busyChanged.connect(self._busy)
        controller.bandsReady.connect(self._ready)
        controller.enabledChanged.connect(self._enabled)
        self._enabled(controller.enabled)

    def _spin(self, label: str, low: int, high: int, value: int, step: int, tip: str, slot) -> QSpinBox:
        text = QLabel(f" {_(label)} ")
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSingleStep(step)
        spin.setKeyboardTracking(False)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        text.setBuddy(spin)
        self.addWidget(text)
        self.addWidget(spin)
        spin.valueChanged.connect(slot)
        return spin

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _ready(self, bands) -> None:
        capped = bands.samples < self.controller.samples
        said = _("{n} samples (as many as memory allows)") if capped else _("{n} samples")
        self.status.setText(said.format(n=format_number(bands.samples)))

    def _busy(self, busy: bool) -> None:
        self.progress_action.setVisible(busy)
        if busy:
            self.status.setText(_("sampling…"))

    def _enabled(self, on: bool) -> None:
        self.toggle.setChecked(on)
        if not on:
            self.progress_action.setVisible(False)
            self.status.setText(_("off"))
