"""The six dashboard plots. Each says what it shows, in which unit, layer and measure."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ...formatting import format_quantity, unit_text
from ...i18n import N_, _
from ...presentation.view import ResultView
from ...series import SERIES
from ..theme import LIGHT
from .chart import BAR_WIDTH, Chart, SwatchSample, colour


class GapFill(pg.FillBetweenItem):
    """The fill between two curves, traced once after both have new data (not once per curve)."""

    def curveChanged(self):
        pass


class CapexChart(Chart):
    key = "capex"
    title = N_("Capex per year: total, and AI capex as IT + facility (flow)")
    short_title = N_("Capex: total and AI (flow)")
    y_unit = N_("$B per year")
    overlay_series = "capex_ai_usd"
    overlay_annual = True
    series = ("capex_total_usd", "capex_ai_usd", "capex_it_usd", "capex_facility_usd", "depreciation_usd")
    readout_rows = (
        (N_("IT"), "capex_it_usd"),
        (N_("Facility"), "capex_facility_usd"),
        (N_("AI capex"), "capex_ai_usd"),
        (N_("Total capex"), "capex_total_usd"),
        (N_("Depreciation"), "depreciation_usd"),
    )
    right_series = ("_cumulative",)
    right_colour_index = 7

    def create_items(self, view: ResultView) -> None:
        self.add("it", pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH), N_("AI capex: IT"))
        self.add("facility", pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH), N_("AI capex: facility"))
        # the key figure's total capex, as a lid over each year's bar (AI capex is a share of it)
        self.add("total", pg.PlotDataItem(stepMode="center"), N_("Total capex"))
        self.add("depreciation", pg.PlotDataItem(symbol="s", symbolSize=5), N_("Depreciation"))
        self.right_axis(N_("Cumulative AI capex, $B"))
        self.add("cumulative", pg.PlotDataItem(symbol="o", symbolSize=5), N_("Cumulative AI (right)"), right=True)

    def update_items(self, view: ResultView) -> None:
        x = view.x_year
        it, fac = view.year("capex_it_usd"), view.year("capex_facility_usd")
        self.set_bars("it", x=x, height=it, y0=np.zeros_like(it))
        self.set_bars("facility", x=x, height=fac, y0=it)
        self.set_data("total", np.append(view.year_start, view.year_start[-1] + 1.0), view.year("capex_total_usd"))
        self.set_data("depreciation", x, view.year("depreciation_usd"))
        self.set_data("cumulative", x, np.cumsum(view.year("capex_ai_usd")))

    def style_items(self, theme) -> None:
        self.items["it"].setOpts(brush=self.brush(0, 220), pen=pg.mkPen(None))
        self.items["facility"].setOpts(brush=self.brush(1, 220), pen=pg.mkPen(None))
        self.items["total"].setPen(pg.mkPen(colour(theme.foreground), width=2))
        dep = self.items["depreciation"]
        dep.setPen(self.pen(3, 2))
        dep.setSymbolBrush(self.brush(3))
        dep.setSymbolPen(self.pen(3, 1))
        cum = self.items["cumulative"]
        cum.setPen(self.pen(7, 2, Qt.PenStyle.DotLine))
        cum.setSymbolBrush(self.brush(7))
        cum.setSymbolPen(self.pen(7, 1))

    def more_readout(self, view: ResultView, x: float) -> list[str]:
        i = view.year_index(x)
        if i is None:
            return []
        cumulative = np.cumsum(view.year("capex_ai_usd"))[i]
        return [_("Cumulative AI capex: {value} (flow, summed)").format(value=format_quantity(cumulative, "$B"))]


class FleetChart(Chart):
    key = "fleet"
    title = N_("GPU fleet by generation (stock)")
    short_title = N_("GPU fleet (stock)")
    y_unit = N_("M GPUs")
    overlay_series = "gpus_installed"
    series = ("gpus_installed", "gpus_powered", "gpus_stranded")
    readout_rows = (
        (N_("Installed"), "gpus_installed"),
        (N_("Powered"), "gpus_powered"),
        (N_("Stranded"), "gpus_stranded"),
        (N_("H100e"), "h100e_installed"),
    )
    right_series = ("h100e_installed",)

    def legend_columns(self) -> int:
        return 4

    def create_items(self, view: ResultView) -> None:
        names = view.results.generation_names
        # stacked areas: each curve is the running total up to its generation, drawn over the ones above
        for g, name in enumerate(names):
            name = name.split(" (")[0]  # "GB200 NVL72 (per GPU)" → "GB200 NVL72"
            item = pg.PlotDataItem(fillLevel=0.0)
            item.setZValue(-g)
            self.add(f"gen:{g}", item, name, sample=SwatchSample(item, self.brush(g, 200)))
        self.add("stranded", pg.PlotDataItem(), N_("Stranded"))
        # H100-equivalents grow much faster than GPU counts (newer chips): their own axis keeps both readable
        self.right_axis(N_("M H100e"))
        self.add("h100e", pg.PlotDataItem(), N_("H100e (right)"), right=True)

    def update_items(self, view: ResultView) -> None:
        x = view.x_month
        per_gen = view.results.by_generation["gpus_installed"][0] * SERIES["gpus_installed"].display_scale
        stacked = np.cumsum(per_gen, axis=1)
        for g in range(stacked.shape[1]):
            self.set_data(f"gen:{g}", x, stacked[:, g])
        self.set_data("h100e", x, view.month("h100e_installed"))
        self.set_data("stranded", x, view.month("gpus_stranded"))

    def style_items(self, theme) -> None:
        for key, item in self.items.items():
            if key.startswith("gen:"):
                g = int(key[4:])
                item.setPen(self.pen(g, 1))
                item.setBrush(self.brush(g, 200))
                self.samples[key].brush = self.brush(g, 200)
        self.items["h100e"].setPen(pg.mkPen(colour(theme.foreground), width=2))
        self.items["stranded"].setPen(pg.mkPen(colour(theme.bad), width=2, style=Qt.PenStyle.DashLine))

    def more_readout(self, view: ResultView, x: float) -> list[str]:
        i = view.month_index(x)
        if i is None:
            return []
        per_gen = view.results.by_generation["gpus_installed"][0, i] * 1e-6
        names = view.results.generation_names
        return [f"  {name}: {format_quantity(value, 'M GPUs')}" for name, value in zip(names, per_gen) if value > 0]


class PowerChart(Chart):
    key = "power"
    title = N_("Power: demand vs energized (stock)")
    short_title = N_("Power, facility (stock)")
    y_unit = N_("GW")
    overlay_series = "facility_power_mw"
    series = (
        "facility_power_mw",
        "facility_capacity_mw",
        "facility_power_served_mw",
        "it_power_mw",
        "power_gap_mw",
        "chip_power_mw",
    )
    readout_rows = (
        (N_("Facility demand"), "facility_power_mw"),
        (N_("Energized"), "facility_capacity_mw"),
        (N_("Gap"), "power_gap_mw"),
        (N_("IT power"), "it_power_mw"),
        (N_("Chip power"), "chip_power_mw"),
    )

    def create_items(self, view: ResultView) -> None:
        self.add("demand", pg.PlotDataItem(), N_("Facility demand"))
        self.add("capacity", pg.PlotDataItem(), N_("Energized capacity"))
        self.add("served", pg.PlotDataItem())
        self.add("it", pg.PlotDataItem(), N_("IT power"))
        gap = GapFill(self.items["demand"], self.items["served"])
        self.add("gap", gap, N_("Power gap (stranded)"), sample=SwatchSample(gap, pg.mkBrush(0, 0, 0, 0)))

    def update_items(self, view: ResultView) -> None:
        x = view.x_month
        gap_moved = self.set_data("demand", x, view.month("facility_power_mw"))
        self.set_data("capacity", x, view.month("facility_capacity_mw"))
        gap_moved |= self.set_data("served", x, view.month("facility_power_served_mw"))
        self.set_data("it", x, view.month("it_power_mw"))
        if gap_moved:
            self.items["gap"].updatePath()

    def style_items(self, theme) -> None:
        self.items["demand"].setPen(self.pen(1, 2))
        self.items["capacity"].setPen(self.pen(2, 2))
        self.items["served"].setPen(pg.mkPen(None))
        self.items["it"].setPen(self.pen(0, 1.5, Qt.PenStyle.DashLine))
        gap_brush = pg.mkBrush(colour(theme.bad, 90))
        self.items["gap"].setBrush(gap_brush)
        self.samples["gap"].brush = gap_brush


class EnergyChart(Chart):
    key = "energy"
    title = N_("Energy and electricity cost (flow)")
    short_title = N_("Energy and cost (flow)")
    y_unit = N_("TWh per year")
    overlay_series = "energy_twh"
    series = ("energy_twh",)
    readout_rows = (
        (N_("Energy"), "energy_twh"),
        (N_("Electricity cost"), "electricity_cost_usd"),
        (N_("Emissions"), "emissions_tco2"),
        (N_("Operating cost"), "opex_usd"),
    )
    right_series = ("electricity_cost_usd",)
    right_colour_index = 3
    overlay_annual = True

    def create_items(self, view: ResultView) -> None:
        self.add("energy", pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH), N_("Energy (facility)"))
        self.right_axis(N_("Electricity cost, $B per year"))
        self.add("cost", pg.PlotDataItem(symbol="o", symbolSize=5), N_("Electricity cost (right)"), right=True)

    def update_items(self, view: ResultView) -> None:
        self.set_bars("energy", x=view.x_year, height=view.year("energy_twh"))
        self.set_data("cost", view.x_year, view.year("electricity_cost_usd"))

    def style_items(self, theme) -> None:
        self.items["energy"].setOpts(brush=self.brush(2, 200), pen=pg.mkPen(None))
        cost = self.items["cost"]
        cost.setPen(self.pen(3, 2))
        cost.setSymbolBrush(self.brush(3))
        cost.setSymbolPen(self.pen(3, 1))


class ComputeChart(Chart):
    key = "compute"
    title = N_("Peak compute, powered fleet (stock)")
    short_title = N_("Peak compute (stock)")
    y_unit = N_("EFLOP/s, BF16")
    overlay_series = "peak_bf16_flops"
    series = ("peak_bf16_flops",)
    readout_rows = ((N_("Peak BF16"), "peak_bf16_flops"), (N_("H100e"), "h100e_installed"))
    log_y = True

    def create_items(self, view: ResultView) -> None:
        self.add("flops", pg.PlotDataItem(), N_("Peak BF16"))

    def update_items(self, view: ResultView) -> None:
        self.set_data("flops", view.x_month, self.positive(view.month("peak_bf16_flops")))

    def style_items(self, theme) -> None:
        self.items["flops"].setPen(self.pen(4, 2))


class LandChart(Chart):
    key = "land"
    title = N_("Campus land (facility, stock)")
    short_title = N_("Land (facility, stock)")
    y_unit = N_("Manhattans")
    overlay_series = "manhattans"
    series = ("manhattans",)
    readout_rows = ((N_("Land"), "manhattans"), (N_("Land"), "land_acres"))

    def create_items(self, view: ResultView) -> None:
        item = pg.PlotDataItem(fillLevel=0.0)
        self.add("manhattans", item, N_("Land in Manhattans"), sample=SwatchSample(item, self.brush(5, 70)))

    def update_items(self, view: ResultView) -> None:
        self.set_data("manhattans", view.x_month, view.month("manhattans"))

    def style_items(self, theme) -> None:
        self.items["manhattans"].setPen(self.pen(5, 2))
        self.items["manhattans"].setBrush(self.brush(5, 90))
        self.samples["manhattans"].brush = self.brush(5, 90)


class SeriesChart(Chart):
    """Any one series of the output contract: stocks month by month, flows and ratios year by year."""

    def __init__(self, name: str, theme=None, parent=None):
        spec = SERIES[name]
        self.name = name
        self.key = f"series:{name}"
        self.title = f"{spec.label} ({spec.tag()})"
        self.short_title = spec.label if len(spec.label) < 34 else spec.label[:32] + "…"
        unit = unit_text(spec.display_unit)
        self.y_unit = _("{unit} per year").format(unit=unit) if spec.kind == "flow" else unit
        self.overlay_series = name
        self.overlay_annual = spec.kind != "stock"
        self.series = (name,)
        self.readout_rows = ((spec.label, name),)
        super().__init__(theme or LIGHT, parent)

    def create_items(self, view: ResultView) -> None:
        spec = SERIES[self.name]
        if self.overlay_annual:
            self.add("value", pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH), spec.label)
        else:
            self.add("value", pg.PlotDataItem(), spec.label)

    def update_items(self, view: ResultView) -> None:
        if self.overlay_annual:
            self.set_bars("value", x=view.x_year, height=view.year(self.name))
        else:
            self.set_data("value", view.x_month, view.month(self.name))

    def style_items(self, theme) -> None:
        item = self.items["value"]
        if self.overlay_annual:
            item.setOpts(brush=self.brush(4, 200), pen=pg.mkPen(None))
        else:
            item.setPen(self.pen(4, 2))


CHARTS = (CapexChart, FleetChart, PowerChart, EnergyChart, ComputeChart, LandChart)
DEFAULT_LAYOUT = tuple(cls.key for cls in CHARTS)
# one click away, under the plots' shared key: what the six plots only show in their readouts
QUICK_SERIES = ("emissions_tco2", "opex_usd", "tco_per_gpu_hour_usd")


def make_chart(key: str, theme, parent=None) -> Chart:
    """A built-in chart by its key, or 'series:<name>' for any series of the output contract."""
    if key.startswith("series:"):
        return SeriesChart(key.removeprefix("series:"), theme, parent)
    cls = next(c for c in CHARTS if c.key == key)
    return cls(theme, parent)
