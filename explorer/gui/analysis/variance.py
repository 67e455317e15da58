"""Contribution to variance beside the tornado: each ranged input's share of the spread of a chosen
output and year over the window's Monte Carlo run (rank correlation squared and scaled to 100 %, as
@RISK and Crystal Ball show it). Bars to the right raise the output, bars to the left lower it.

It reads the samples the Uncertainty bands were drawn from, so no run of its own: with uncertainty
off it offers to switch it on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton

from ...analysis.metrics import describe, metric_values
from ...analysis.variance import Contribution, contribution_to_variance
from ...formatting import format_number
from ...i18n import _, ngettext
from ...model.scenario import Scenario
from ...presentation.sampling import Bands
from ..theme import LIGHT, Theme
from .tornado import BAR_HEIGHT, MAX_BARS, BarValues, TornadoView

SMALLEST_SHARE = 0.005  # smaller shares are mostly sampling noise at a thousand samples


class VarianceView(TornadoView):
    shown: Sequence[Contribution]  # the bars, top first

    samplingRequested = Signal()  # the user asked for the Monte Carlo run this chart needs

    def __init__(self, theme: Theme = LIGHT, parent=None):
        self.bands: Bands | None = None
        self.contributions: list[Contribution] = []
        super().__init__(theme, parent)
        self.setAccessibleName(_("Contribution to variance"))
        self.output_box.setAccessibleName(_("Output of the contribution to variance"))
        self.year_box.setAccessibleName(_("Year of the contribution to variance"))
        self.plot.setAccessibleName(_("Contribution to variance chart: each input's share of the output's spread"))
        self.plot.getPlotItem().setLabel("bottom", _("share of variance (%)"))
        self.start = QPushButton(_("Sample the ranges (turn on Uncertainty)"))
        self.start.clicked.connect(self.samplingRequested)
        self.box.addWidget(self.start)
        self.box.addStretch(0)
        self.plot.hide()

    def set_bands(self, bands: Bands | None) -> None:
        """The newest Monte Carlo run of the document (None: uncertainty is off)."""
        self.bands = bands
        self.start.setVisible(bands is None)
        self.plot.setVisible(bands is not None)  # an empty chart says nothing
        self.recompute()

    def _compute(self, scenario: Scenario, metric: str, year: int) -> None:
        """From the sampled runs of the scenario (``self.bands``), not from new runs."""
        self.contributions = []
        self.swings = []  # the tornado's data: unused here
        problem = ""
        if self.bands is not None:
            try:
                output = metric_values(self.bands.results, metric, year, self.basis_value)
                self.contributions = contribution_to_variance(self.bands.inputs(), output)
            except ValueError as exc:
                problem = str(exc)
        self._draw(metric, year)
        if problem:
            self.note.setText(problem)

    def _draw(self, metric: str, year: int) -> None:
        self.shown = shown = [c for c in self.contributions if abs(c.share) >= SMALLEST_SHARE][:MAX_BARS]
        n = len(shown)
        ys = np.arange(n - 1, -1, -1, dtype=float)  # largest share on top
        shares = np.array([c.share for c in shown]) * 100
        down, up = shares < 0, shares >= 0
        self.low_bars.setOpts(x0=np.zeros(down.sum()), x1=shares[down], y=ys[down], height=BAR_HEIGHT)
        self.high_bars.setOpts(x0=np.zeros(up.sum()), x1=shares[up], y=ys[up], height=BAR_HEIGHT)
        self.base_line.setPos(0)
        self._label_bars(ys)
        pi = self.plot.getPlotItem()
        pi.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        if n:
            pi.setXRange(min(shares.min(), 0), max(shares.max(), 0), padding=0.05)
        what = describe(metric, year, self.basis_value)
        if self.bands is None:
            self.heading.setText(
                _("<b>{what}</b>: contribution to variance needs sampled runs of every range.").format(what=what)
            )
            self.note.setText(
                _(
                    "Turn on Uncertainty to sample the ranges; this chart then shows how much of the "
                    "output's spread each input explains."
                )
            )
            return
        self.heading.setText(
            _(
                "<b>{what}</b>: share of its variance over {samples} Monte Carlo samples (rank correlation²). "
                "{raises_mark} raises it, {lowers_mark} lowers it."
            ).format(
                what=what,
                samples=format_number(self.bands.samples),
                raises_mark=f"<span style='color:{self.theme.series[1]}'>■</span>",
                lowers_mark=f"<span style='color:{self.theme.series[0]}'>■</span>",
            )
        )
        notes = []
        if not self.contributions:
            notes.append(_("No ranged inputs: give an input a low and a high to see its contribution."))
        elif not n:
            notes.append(_("The output does not vary across the samples."))
        smaller = sum(1 for c in self.contributions if c not in shown and c.share != 0)
        if smaller:
            notes.append(
                ngettext("{n} smaller contribution not shown.", "{n} smaller contributions not shown.", smaller).format(
                    n=smaller
                )
            )
        if self.bands.scenario is not self.scenario:
            notes.append(_("Sampling the latest edit…"))
        if n:
            notes.append(_("Click a bar to select its input."))
        self.note.setText(" ".join(notes))

    def bars(self) -> list[BarValues]:
        """(input path, signed share in %) of each bar, top first."""
        return [(c.input, c.share * 100) for c in self.shown]
