"""Comparison of two open scenarios: the inputs that differ, chosen outputs side by side, and a
waterfall that attributes the difference in one output to groups of inputs plus their interaction."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...analysis import Waterfall, diff_inputs, outputs_table, waterfall
from ...analysis.compare import DEFAULT_METRICS, common_years, group_text
from ...analysis.inputs import input_info
from ...analysis.metrics import describe
from ...formatting import format_number, format_percent, format_series_value
from ...i18n import N_, _
from ...model.ranges import Range
from ...model.scenario import Scenario
from ...presentation.labels import input_label, input_text
from ...series import SERIES
from ..plots.axes import ValueAxis
from ..plots.chart import colour
from ..qt import idle_timer
from ..theme import LIGHT, Theme
from ..workspace import Workspace
from .tornado import fill_years, metric_box

DEBOUNCE_MS = 200
BAR_WIDTH = 0.6
TABLE_YEARS = 3  # years ticked at first


def value_text(scenario: Scenario, path: str, value) -> str:
    """An input's value the way its editor shows it; whole items and lists in words."""
    if value is None:
        return "absent"
    if isinstance(value, dict):
        return "present"
    if isinstance(value, tuple):
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Range)):
        return str(value)
    try:
        info = input_info(scenario, path)
    except (KeyError, ValueError):
        return f"{value.base:g}" if isinstance(value, Range) else f"{value:g}"
    if isinstance(value, Range) and not value.is_point:
        return f"{input_text(info, value.base)} ({input_text(info, value.low)} – {input_text(info, value.high)})"
    return input_text(info, value.base if isinstance(value, Range) else value)


def _checklist(name: str) -> QListWidget:
    box = QListWidget()
    box.setAccessibleName(name)
    box.setMaximumHeight(110)
    return box


class CompareView(QWidget):
    def __init__(self, workspace: Workspace, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Compare scenarios — Gigawatt Explorer"))
        self.setAccessibleName(_("Compare scenarios"))
        self.workspace = workspace
        self.theme = theme
        self.fall: Waterfall | None = None
        layout = QVBoxLayout(self)
        pick = QHBoxLayout()
        self.a_box, self.b_box = QComboBox(), QComboBox()
        self.a_box.setAccessibleName(_("Scenario A"))
        self.b_box.setAccessibleName(_("Scenario B"))
        pick.addWidget(QLabel("A:"))
        pick.addWidget(self.a_box, 1)
        pick.addWidget(QLabel("B:"))
        pick.addWidget(self.b_box, 1)
        layout.addLayout(pick)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.inputs_title = QLabel(_("Inputs that differ"))
        column.addWidget(self.inputs_title)
        self.inputs_table = self._table((N_("Group"), N_("Input"), "A", "B"), N_("Inputs that differ"))
        column.addWidget(self.inputs_table, 3)
        choose = QGridLayout()
        choose.addWidget(QLabel(_("Outputs")), 0, 0)
        choose.addWidget(QLabel(_("Years")), 0, 1)
        self.metric_list = _checklist(_("Outputs in the table"))
        for name, spec in SERIES.items():
            item = QListWidgetItem(f"{spec.label} ({spec.tag()})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setCheckState(Qt.CheckState.Checked if name in DEFAULT_METRICS else Qt.CheckState.Unchecked)
            self.metric_list.addItem(item)
        self.year_list = _checklist(_("Years in the table"))
        self.year_list.setMaximumWidth(120)
        choose.addWidget(self.metric_list, 1, 0)
        choose.addWidget(self.year_list, 1, 1)
        column.addLayout(choose)
        self.outputs_table = self._table((N_("Output"), N_("Year"), "A", "B", "B − A"), N_("Outputs side by side"))
        column.addWidget(self.outputs_table, 3)
        splitter.addWidget(left)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.fall_metric = metric_box(_("Output of the waterfall"), "gpus_installed", kinds=("stock", "flow"))
        self.fall_year = QComboBox()
        self.fall_year.setAccessibleName(_("Year of the waterfall"))
        row.addWidget(QLabel(_("Waterfall of")))
        row.addWidget(self.fall_metric, 1)
        row.addWidget(self.fall_year)
        column.addLayout(row)
        self.fall_title = QLabel("")
        self.fall_title.setWordWrap(True)
        column.addWidget(self.fall_title)
        self.plot = pg.PlotWidget(axisItems={"left": ValueAxis("left")})
        self.plot.setAccessibleName(_("Waterfall chart from A to B"))
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.totals = pg.BarGraphItem(x=[], y0=[], height=[], width=BAR_WIDTH)
        self.ups = pg.BarGraphItem(x=[], y0=[], height=[], width=BAR_WIDTH)
        self.downs = pg.BarGraphItem(x=[], y0=[], height=[], width=BAR_WIDTH)
        for item in (self.totals, self.ups, self.downs):
            self.plot.addItem(item)
        self.value_labels: list[pg.TextItem] = []
        column.addWidget(self.plot, 1)
        self.fall_note = QLabel("")
        self.fall_note.setWordWrap(True)
        column.addWidget(self.fall_note)
        splitter.addWidget(right)
        splitter.setSizes([680, 560])
        layout.addWidget(splitter, 1)

        self._timer = idle_timer(self, DEBOUNCE_MS, self.refresh)
        for box in (self.a_box, self.b_box):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.fall_metric.currentIndexChanged.connect(lambda _i: self.refresh_waterfall())
        self.fall_year.currentIndexChanged.connect(lambda _i: self.refresh_waterfall())
        self.metric_list.itemChanged.connect(lambda _i: self.refresh_outputs())
        self.year_list.itemChanged.connect(lambda _i: self.refresh_outputs())
        workspace.entriesChanged.connect(self._entries_changed)
        self._watched: list = []
        self.apply_theme(theme)
        self.resize(1240, 760)
        self._entries_changed()

    def _table(self, columns: tuple[str, ...], name: str) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels([_(c) for c in columns])
        table.setAccessibleName(_(name))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        stretch = 1 if columns[0] == "Group" else 0
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        if columns[0] == "Group":  # values can be long (a whole profile): elided, in full in the tooltip
            for col in (2, 3):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                table.setColumnWidth(col, 150)
        return table

    # --- scenarios
    def _entries_changed(self) -> None:
        entries = self.workspace.entries
        keys = [e.key for e in entries]
        for box, default in ((self.a_box, 0), (self.b_box, 1)):
            current = box.currentData()
            if [box.itemData(i) for i in range(box.count())] != keys or any(
                box.itemText(i) != e.name for i, e in enumerate(entries)
            ):
                box.blockSignals(True)
                box.clear()
                for e in entries:
                    box.addItem(e.name, e.key)
                index = box.findData(current)
                box.setCurrentIndex(index if index >= 0 else min(default, len(entries) - 1))
                box.blockSignals(False)
        for document in self._watched:
            document.scenarioChanged.disconnect(self._timer.start)
        self._watched = [e.document for e in entries]
        for document in self._watched:
            document.scenarioChanged.connect(self._timer.start)
        self._timer.start()

    def set_pair(self, a_key: str, b_key: str) -> None:
        self.a_box.setCurrentIndex(self.a_box.findData(a_key))
        self.b_box.setCurrentIndex(self.b_box.findData(b_key))
        self.refresh()

    def scenarios(self) -> tuple[Scenario, Scenario] | None:
        by_key = {e.key: e.document.scenario for e in self.workspace.entries}
        a, b = by_key.get(self.a_box.currentData()), by_key.get(self.b_box.currentData())
        return (a, b) if a is not None and b is not None else None

    # --- contents
    def refresh(self) -> None:
        self._timer.stop()
        pair = self.scenarios()
        if pair is None:
            return
        a, b = pair
        diffs = diff_inputs(a, b)
        self.inputs_title.setText(
            _("Inputs that differ ({n})").format(n=len(diffs)) if diffs else _("The two scenarios have the same inputs")
        )
        rows = [
            (
                group_text(d.group),
                input_label(a if d.a_value is not None else b, d.path, short=True),
                value_text(a, d.path, d.a_value),
                value_text(b, d.path, d.b_value),
                d.path,
            )
            for d in diffs
        ]
        self._fill(self.inputs_table, [r[:4] for r in rows], tips=[r[4] for r in rows])
        years = common_years(a, b)
        self._fill_year_list(years)
        fill_years(self.fall_year, years, "calendar", 2025 if 2025 in years else (years[0] if years else None))
        self.refresh_outputs()
        self.refresh_waterfall()

    def _fill_year_list(self, years: list[int]) -> None:
        have = [self.year_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.year_list.count())]
        if have == years:
            return
        ticked = {
            self.year_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.year_list.count())
            if self.year_list.item(i).checkState() == Qt.CheckState.Checked
        } or set(years[:TABLE_YEARS])
        self.year_list.blockSignals(True)
        self.year_list.clear()
        for year in years:
            item = QListWidgetItem(str(year))
            item.setData(Qt.ItemDataRole.UserRole, year)
            item.setCheckState(Qt.CheckState.Checked if year in ticked else Qt.CheckState.Unchecked)
            self.year_list.addItem(item)
        self.year_list.blockSignals(False)

    @staticmethod
    def _checked(box: QListWidget) -> list:
        return [
            box.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked
        ]

    def refresh_outputs(self) -> None:
        pair = self.scenarios()
        metrics, years = self._checked(self.metric_list), self._checked(self.year_list)
        if pair is None or not metrics or not years:
            self._fill(self.outputs_table, [])
            return
        rows = []
        for r in outputs_table(*pair, metrics, years):
            spec = SERIES[r.metric]
            diff = format_percent(r.diff_pct, signed=True)
            rows.append(
                (
                    f"{spec.label} ({spec.tag()})",
                    str(r.year),
                    format_series_value(spec.name, r.a),
                    format_series_value(spec.name, r.b),
                    diff,
                )
            )
        self._fill(self.outputs_table, rows)

    def _fill(self, table: QTableWidget, rows: list[tuple], tips: list[str] | None = None) -> None:
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (c >= 2 and table is self.outputs_table) or (table is self.inputs_table and c >= 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if tips:
                    item.setToolTip(f"{tips[r]}: {text}" if c >= 2 else tips[r])
                table.setItem(r, c, item)

    # --- waterfall
    def refresh_waterfall(self) -> None:
        pair = self.scenarios()
        metric, year = self.fall_metric.currentData(), self.fall_year.currentData()
        if pair is None or year is None:
            return
        try:
            self.fall = waterfall(*pair, metric, year)
        except ValueError as exc:
            self.fall = None
            self.fall_note.setText(str(exc))
            return
        self._draw(self.fall)

    def bars(self) -> list[tuple[str, float, float]]:
        """(label, bottom, top) of every bar left to right, in display units: A, steps, interaction, B."""
        return list(self._bars)

    def _draw(self, fall: Waterfall) -> None:
        spec = SERIES[fall.metric]
        scale = spec.display_scale
        names = self.scenarios()
        steps = [(group, delta) for group, delta in fall.steps]
        steps.append((N_("interaction"), fall.interaction))
        bars = [("A", 0.0, fall.start * scale)]
        level = fall.start
        for group, delta in steps:
            bars.append((group_text(group), level * scale, (level + delta) * scale))
            level += delta
        bars.append(("B", 0.0, fall.end * scale))
        self._bars = bars
        xs = np.arange(len(bars), dtype=float)
        totals = [0, len(bars) - 1]
        up = [i for i in range(1, len(bars) - 1) if bars[i][2] >= bars[i][1]]
        down = [i for i in range(1, len(bars) - 1) if bars[i][2] < bars[i][1]]

        def opts(idx):
            return dict(
                x=xs[idx],
                y0=np.array([min(bars[i][1:]) for i in idx]),
                height=np.array([abs(bars[i][2] - bars[i][1]) for i in idx]),
                width=BAR_WIDTH,
            )

        self.totals.setOpts(**opts(totals))
        self.ups.setOpts(**opts(up))
        self.downs.setOpts(**opts(down))
        for label in self.value_labels:
            self.plot.removeItem(label)
        self.value_labels = []
        tolerance = 1e-9 * max(abs(fall.start), abs(fall.end), 1.0) * scale
        for i, (_name, bottom, top) in enumerate(bars):
            delta = top - bottom
            if 0 < i < len(bars) - 1:  # steps without the unit: it is on the axis, and bars are narrow
                text = "0" if abs(delta) <= tolerance else ("+" if delta > 0 else "−") + format_number(abs(delta))
            else:
                text = format_number(top)
            label = pg.TextItem(text, anchor=(0.5, 1.0), color=colour(self.theme.foreground))
            label.setFont(QFont(self.font().family(), 8))
            label.setPos(xs[i], max(bottom, top))
            self.plot.addItem(label)
            self.value_labels.append(label)
        ticks = [(float(x), name.replace(" + ", " +\n").replace(" ", "\n")) for x, (name, _, _) in zip(xs, bars)]
        self.plot.getPlotItem().getAxis("bottom").setTicks([ticks, []])
        self.plot.getPlotItem().getAxis("bottom").setHeight(40)
        self.plot.getPlotItem().setLabel("left", spec.display_unit)
        tops = [v for _, b, t in bars for v in (b, t)]
        self.plot.getPlotItem().setYRange(min(0.0, min(tops)), max(tops) * 1.08, padding=0.02)
        self.plot.getPlotItem().setXRange(-0.6, len(bars) - 0.4, padding=0)
        a_name, b_name = (self.a_box.currentText(), self.b_box.currentText()) if names else ("A", "B")
        self.fall_title.setText(f"<b>{describe(fall.metric, fall.year, fall.basis)}</b>: A = {a_name} → B = {b_name}")
        self.fall_note.setText(
            _(
                "Each group of inputs is swapped from A's to B's with the rest of A kept; what the swaps do not "
                "explain together is the interaction. Steps and interaction add up to B − A = {total}."
            ).format(total=format_series_value(spec.name, fall.end - fall.start))
        )

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plot.setBackground(theme.background)
        pi = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            pi.getAxis(name).setPen(pg.mkPen(colour(theme.muted)))
            pi.getAxis(name).setTextPen(pg.mkPen(colour(theme.foreground)))
        pi.getAxis("left").setGrid(int(theme.grid_alpha * 255))
        self.totals.setOpts(brush=pg.mkBrush(colour(theme.series[0], 220)), pen=pg.mkPen(None))
        self.ups.setOpts(brush=pg.mkBrush(colour(theme.good, 220)), pen=pg.mkPen(None))
        self.downs.setOpts(brush=pg.mkBrush(colour(theme.bad, 220)), pen=pg.mkPen(None))
        for label in self.value_labels:
            label.setColor(colour(theme.foreground))
