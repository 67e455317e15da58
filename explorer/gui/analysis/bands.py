"""P10–P90 bands and the median on every dashboard plot.

Each plot gets the band of the series it draws for other scenarios (capex, GPUs, facility power,
energy, compute, land). Items are created once per plot, updated with setData and hidden when
uncertainty is off; while a new batch runs the old band is drawn faint so it is not read as current.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ...formatting import format_quantity, format_range
from ...i18n import N_, _
from ...series import SERIES
from ..plots.chart import Chart, SwatchSample, colour
from ..plots.dashboard import Dashboard
from ..plots.key_strip import KeyEntry
from ..theme import Theme

if TYPE_CHECKING:
    from ...presentation.sampling import Bands

BAND_ALPHA = 60
STALE_OPACITY = 0.35
BAND_LABEL = "P10–P90"
MEDIAN_LABEL = N_("Median")


class ChartBand:
    """The band items of one plot."""

    def __init__(self, chart: Chart):
        self.chart = chart
        self.series = chart.overlay_series
        self.annual = chart.overlay_annual
        step = "center" if self.annual else None
        self.low = pg.PlotDataItem(stepMode=step)
        self.high = pg.PlotDataItem(stepMode=step)
        self.median = pg.PlotDataItem(stepMode=step)
        for item in (self.low, self.high, self.median):
            chart.plotItem.addItem(item)
        self.fill = pg.FillBetweenItem(self.low, self.high)
        chart.plotItem.addItem(self.fill)
        self.low.setZValue(45)
        self.high.setZValue(45)
        # behind yearly bars, so a band never washes out the stacked bars it spans; above monthly areas
        self.fill.setZValue(-10 if self.annual else 44)
        self.median.setZValue(46)
        self.swatch = SwatchSample(self.fill, pg.mkBrush(0, 0, 0, 0))
        self.items = (self.low, self.high, self.fill, self.median)
        self.x: np.ndarray | None = None
        self.values: np.ndarray | None = None  # (3, N) display units
        self._drawn: Bands | None = None  # the bands last drawn
        self.set_visible(False)
        chart.readout_extras.append(self.readout_lines)

    def style(self, theme: Theme) -> None:
        self.low.setPen(pg.mkPen(None))
        self.high.setPen(pg.mkPen(None))
        brush = pg.mkBrush(colour(theme.foreground, BAND_ALPHA))
        self.fill.setBrush(brush)
        self.fill.setPen(pg.mkPen(None))
        self.swatch.brush = brush
        self.median.setPen(pg.mkPen(colour(theme.foreground), width=1.5, style=Qt.PenStyle.DashLine))

    def set_visible(self, on: bool) -> None:
        for item in self.items:
            item.setVisible(on)

    def show(self, bands: Bands, stale: bool) -> bool:
        """Draw the band; False (and hidden) when it does not fit the plot's time axis."""
        view = self.chart.view
        if view is None:
            return False
        if self.annual:
            years = bands.years(view.basis)
            if not np.array_equal(years, view.annual.years):
                return False
            x = np.append(view.year_start, view.year_start[-1] + 1.0)
        else:
            x = view.x_month
            if bands.monthly[self.series].shape[1] != len(x):
                return False
        if self._drawn is bands and self.x is not None and np.array_equal(x, self.x):
            self._shade(stale)  # same band on the same axis: only the shade changes
            return True
        values = bands.year(self.series, view.basis) if self.annual else bands.month(self.series)
        values = np.vstack([self.chart.positive(v) for v in values])
        self.low.setData(x, values[0])
        self.high.setData(x, values[2])
        self.median.setData(x, values[1])
        self.x, self.values = x, values
        self._drawn = bands
        self._shade(stale)
        return True

    def _shade(self, stale: bool) -> None:
        for item in (self.fill, self.median):
            item.setOpacity(STALE_OPACITY if stale else 1.0)

    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(x, P10, P50, P90) as drawn, in display units."""
        return (
            np.asarray(self.low.xData),
            np.asarray(self.low.yData),
            np.asarray(self.median.yData),
            np.asarray(self.high.yData),
        )

    def readout_lines(self, x: float) -> list[str]:
        """The band at ``x`` under the plot's own readout."""
        if not self.fill.isVisible() or self.values is None:
            return []
        view = self.chart.view
        if view is None:
            return []
        i = view.year_index(x) if self.annual else view.month_index(x)
        if i is None or i >= self.values.shape[1]:
            return []
        spec = SERIES[self.series]
        low, high = self.values[0, i], self.values[2, i]
        return [
            f"P10–P90 {format_range(low, high, spec.display_unit)}, "
            f"median {format_quantity(self.values[1, i], spec.display_unit)} ({spec.label})"
        ]


class BandLayer:
    """Bands on every plot of a dashboard."""

    def __init__(self, dashboard: Dashboard):
        self.dashboard = dashboard
        self.bands: Bands | None = None
        self.shown = None  # the snapshot whose deterministic results are on screen
        self.enabled = False
        self.charts: dict[str, ChartBand] = {}  # made when uncertainty is first turned on
        self.theme = dashboard.theme
        dashboard.chartAdded.connect(self._chart_added)

    def _chart_added(self, chart: Chart) -> None:
        if self.charts:
            band = self.charts[chart.key] = ChartBand(chart)
            band.style(self.theme)
            self.refresh()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for band in self.charts.values():
            band.style(theme)
        self._key()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if on and not self.charts:
            self.charts = {key: ChartBand(chart) for key, chart in self.dashboard.charts.items()}
            self.apply_theme(self.theme)
        self.refresh()

    def set_bands(self, bands: Bands | None) -> None:
        self.bands = bands
        self.refresh()

    def show_scenario(self, scenario) -> None:
        """The deterministic results of ``scenario`` are on screen (after the dashboard updated)."""
        self.shown = scenario
        self.refresh()

    def refresh(self) -> None:
        """Redraw after new bands, new deterministic results or a rebuilt dashboard."""
        bands = self.bands if self.enabled and self.dashboard.results is not None else None
        for band in self.charts.values():
            on = bands is not None and band.show(bands, stale=bands.scenario is not self.shown)
            band.set_visible(on)
        self._key()

    def _key(self) -> None:
        """The band and the median, named once in the dashboard's shared key while any band shows."""
        shown = any(band.fill.isVisible() for band in self.charts.values())
        if not shown and not self.charts:
            return
        strip = self.dashboard.key_strip
        any_band = next(iter(self.charts.values()))
        strip.set_entry(
            "band",
            KeyEntry(BAND_LABEL, brush=any_band.fill.brush(), tip=_("10th to 90th percentile of the sampled runs"))
            if shown
            else None,
        )
        strip.set_entry(
            "median",
            KeyEntry(_(MEDIAN_LABEL), pen=any_band.median.opts["pen"], tip=_("Median of the sampled runs"))
            if shown
            else None,
        )

    def band(self, key: str) -> ChartBand:
        return self.charts[key]
