"""The portfolio window: totals as stacked areas by member, key figures with each member's share on
hover, a Members dock (on/off and weights, undoable; double-click opens the member in the scenario
editor, whose edits flow back live), limits and claims, and the sites timeline."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...formatting import (
    claim_text,
    format_percent,
    format_series_value,
    localize_number,
    series_heading,
    translated,
    verdict_text,
)
from ...i18n import N_, _, in_english
from ...io.exports import central
from ...portfolio import PortfolioResults, ResolvedPortfolio, run_portfolio
from ...portfolio.exports import export_portfolio
from ...resources import resource
from ...series import SERIES
from ..document import Document
from ..safety import guarded
from ..theme import Theme, apply_to_application, resolve
from .bands import PortfolioBands
from .charts import StackedChart, member_colour
from .document import PortfolioDocument
from .report import write_portfolio_report
from .sites import SitesTimeline, rows_of

CHART_SERIES = ("capex_total_usd", "gpus_installed", "facility_capacity_mw", "energy_twh")
KEY_SERIES = (
    "capex_total_usd",
    "gpus_installed",
    "h100e_installed",
    "facility_capacity_mw",
    "energy_twh",
    "emissions_tco2",
)
DEFAULT_YEAR = 2026


class MembersPanel(QTableWidget):
    """One row per member: on/off, name, weight. Edits go to the document (undoable)."""

    COLUMNS = (N_("On"), N_("Member"), N_("Weight"), N_("Source"))

    def __init__(self, document: PortfolioDocument, open_member, colours: dict[str, str], parent=None):
        super().__init__(0, len(self.COLUMNS), parent)
        self.document = document
        self.colours = colours
        self.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.cellDoubleClicked.connect(lambda row, _col: open_member(self.document.portfolio.members[row].id))
        self.checks: dict[str, QCheckBox] = {}
        self.weights: dict[str, QDoubleSpinBox] = {}
        self.refresh()

    def refresh(self) -> None:
        portfolio = self.document.portfolio
        if self.rowCount() != len(portfolio.members):
            self._build()
        for member in portfolio.members:
            check, weight = self.checks[member.id], self.weights[member.id]
            for widget in (check, weight):
                widget.blockSignals(True)
            check.setChecked(member.enabled)
            weight.setValue(member.weight)
            for widget in (check, weight):
                widget.blockSignals(False)
            weight.setEnabled(member.enabled)

    def _build(self) -> None:
        members = self.document.portfolio.members
        self.setRowCount(len(members))
        names = {line.id: line.title for line in self.document.results.members}
        for row, member in enumerate(members):
            check = QCheckBox()
            check.setToolTip(_("Switch the member on or off (undoable)"))
            check.toggled.connect(guarded(lambda on, m=member.id: self.document.set_enabled(m, on)))
            weight = QDoubleSpinBox()
            weight.setRange(0.0, 10.0)
            weight.setSingleStep(0.1)
            weight.setDecimals(2)
            weight.setToolTip(_("Scales every series of the member: 0.5 = half the plan happens (undoable)"))
            weight.valueChanged.connect(guarded(lambda value, m=member.id: self.document.set_weight(m, value)))
            holder = QWidget()
            layout = QHBoxLayout(holder)
            layout.setContentsMargins(6, 0, 0, 0)
            layout.addWidget(check)
            self.setCellWidget(row, 0, holder)
            name = QTableWidgetItem(f"■ {member.id}")
            name.setForeground(QColor(self.colours[member.id]))
            name.setToolTip(
                names.get(member.id, member.id)
                + "\n"
                + _("Double-click to open it in the scenario editor; its edits update the portfolio live.")
            )
            self.setItem(row, 1, name)
            self.setCellWidget(row, 2, weight)
            self.setItem(row, 3, QTableWidgetItem(member.preset or member.path))
            self.checks[member.id], self.weights[member.id] = check, weight
        self.resizeColumnsToContents()


class ScenarioEditor(Protocol):
    """The window a member's scenario opens in (the main window is one)."""

    @property
    def document(self) -> Document | None: ...
    def add_document(self, document: Document) -> object: ...
    def show(self) -> None: ...
    def raise_(self) -> None: ...


class PortfolioWindow(QMainWindow):
    """The industry view of a portfolio; ``new_editor`` makes the window a member's scenario opens in."""

    def __init__(
        self,
        resolved: ResolvedPortfolio,
        path: str | Path | None = None,
        new_editor: Callable[[], ScenarioEditor] | None = None,
        parent=None,
        theme: Theme | None = None,
    ):
        super().__init__(parent)
        self.new_editor = new_editor
        self.theme = theme or resolve(None)
        apply_to_application(self.theme)  # widgets and plots on the same background
        self.document = PortfolioDocument(resolved, path, self)
        self.year = DEFAULT_YEAR
        self.stacked = True
        self.editors: dict[str, ScenarioEditor] = {}
        self._sites_key: tuple | None = None
        self.resize(1440, 900)

        self.charts = {name: StackedChart(name) for name in CHART_SERIES}
        grid = QWidget()
        layout = QGridLayout(grid)
        for i, chart in enumerate(self.charts.values()):
            layout.addWidget(chart, i // 2, i % 2)
        self.timeline = SitesTimeline()
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.timeline)
        self.tabs = QTabWidget()
        self.tabs.addTab(grid, _("Totals by member"))
        self.tabs.addTab(scroller, _("Sites timeline"))

        self.key_labels = {name: QLabel() for name in KEY_SERIES}
        keys = QWidget()
        key_layout = QHBoxLayout(keys)
        for label in self.key_labels.values():
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)  # a long caption takes two lines rather than widening the window
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)  # the figures in one row
            key_layout.addWidget(label)
        central_widget = QWidget()
        column = QVBoxLayout(central_widget)
        column.addWidget(keys)
        caption = QLabel(
            _(
                "Areas: members stacked in their colours (see Members). Dashed line: the total, "
                "overlaps counted once; grey: what the members count twice; hatched between dotted lines "
                "(Uncertainty on): P10–P90 of the total. Calendar years."
            )
        )
        caption.setWordWrap(True)
        column.addWidget(caption)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central_widget)

        self.members = MembersPanel(self.document, self.open_member, self.colours())
        self._dock(_("Members"), self.members, Qt.DockWidgetArea.LeftDockWidgetArea).setMinimumWidth(330)
        self.limits = QTextBrowser()
        self._dock(_("Limits, claims and warnings"), self.limits, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.bands = PortfolioBands(lambda: self.document.resolved, CHART_SERIES, self)
        self.bands.ready.connect(guarded(self._show_bands))
        self.bands.busyChanged.connect(guarded(lambda *_: self._show_band_state()))
        self._build_toolbar()
        self.document.computed.connect(guarded(self.show_results))
        self.document.computed.connect(lambda *_: self.bands.changed())
        self.document.undo_stack.indexChanged.connect(lambda *_: self.members.refresh())
        self.document.dirtyChanged.connect(lambda *_: self._update_title())
        self.show_results(self.document.results)

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Portfolio"), self)
        bar.setObjectName("portfolio-toolbar")
        self.addToolBar(bar)
        self.undo_action = self.document.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        bar.addSeparator()
        self.lines_action = QAction(_("Lines instead of stacked areas"), self, checkable=True)
        self.lines_action.toggled.connect(guarded(self.set_lines))
        bar.addAction(self.lines_action)
        self.uncertainty_action = QAction(_("Uncertainty (P10–P90)"), self, checkable=True)
        self.uncertainty_action.setToolTip(
            _(
                "Hatched band: the 10th to 90th percentile of each total, from {samples} runs drawing the "
                "shared inputs once per run for every member; the totals are summed run by run."
            ).format(samples=localize_number(f"{self.bands.samples:,}"))
        )
        self.uncertainty_action.toggled.connect(guarded(self.set_uncertainty))
        bar.addAction(self.uncertainty_action)
        self.band_state = QLabel()
        bar.addWidget(self.band_state)
        bar.addSeparator()
        bar.addWidget(QLabel(_(" Year ")))
        self.year_box = QSpinBox()
        years = self.document.results.total.calendar.years
        self.year_box.setRange(int(years[0]), int(years[-1]))
        self.year_box.setValue(min(max(self.year, int(years[0])), int(years[-1])))
        self.year_box.valueChanged.connect(guarded(self.set_year))
        bar.addWidget(self.year_box)
        bar.addSeparator()
        save = QAction(_("Save portfolio"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Save))
        save.triggered.connect(guarded(self.save))
        bar.addAction(save)
        export = QAction(_("Export…"), self)
        export.triggered.connect(guarded(self.export))
        bar.addAction(export)

    # ------------------------------------------------------------ showing results

    def colours(self) -> dict[str, str]:
        return {m.id: member_colour(i, self.theme) for i, m in enumerate(self.document.portfolio.members)}

    def show_results(self, out: PortfolioResults) -> None:
        colours = self.colours()
        for chart in self.charts.values():
            chart.stacked = self.stacked
            chart.show_results(out, colours, self.theme, self.year)
        self._show_key_figures(out)
        self._show_limits(out)
        self._show_sites(colours)
        self._show_bands()
        self._update_title()

    def _show_bands(self, _bands=None) -> None:
        bands = self.bands.bands if self.bands.enabled else None
        for chart in self.charts.values():
            chart.show_band(bands, stale=self.bands.stale)
        self._show_band_state()

    def _show_band_state(self) -> None:
        if not self.bands.enabled:
            text = ""
        elif self.bands.busy:
            text = _("sampling…")
        else:
            samples = self.bands.bands.samples if self.bands.bands else 0
            text = _("P10–P90 of {samples} runs").format(samples=localize_number(f"{samples:,}"))
        self.band_state.setText(f" {text} " if text else "")

    def _show_key_figures(self, out: PortfolioResults) -> None:
        annual = out.total.calendar
        col = annual.column(self.year)
        for name, label in self.key_labels.items():
            spec = SERIES[name]
            total = central(annual.values[name])[col] if col is not None else float("nan")
            label.setText(
                f"<small>{spec.label} {self.year} ({spec.tag()})</small><br><b>{format_series_value(name, total)}</b>"
            )
            shares = []
            for line in out.lines_of(name):
                value = line.sign * central(line.results.calendar.values[name])[col] if col is not None else 0.0
                share = format_percent(100 * value / total) if total else "–"
                shares.append(
                    _("{path}: {message}").format(
                        path=line.title, message=f"{format_series_value(name, value)} ({share})"
                    )
                )
            label.setToolTip("\n".join(shares))

    def _show_limits(self, out: PortfolioResults) -> None:
        parts = [_("<b>World limits</b> — the portfolio's plans as a share of what can be supplied per year")]
        for use in out.limits:
            d = use.as_dict()
            if self.year in d["years"]:
                i = d["years"].index(self.year)
                exceeded = _("exceeded")
                flag = f" <span style='color:{self.theme.bad}'>{exceeded}</span>" if d["excess"][i] > 0 else ""
                metric = use.limit.metric
                usage = _("{limit}, {year}: {planned} of {available} ({share})").format(
                    limit=translated(use.limit, "title"),
                    year=self.year,
                    planned=format_series_value(metric, d["planned"][i]),
                    available=format_series_value(metric, d["limit"][i]),
                    share=format_percent(100 * d["share"][i]),
                )
                parts.append(usage + flag)
        if out.overlaps:
            parts.append("<br><b>" + _("Overlaps") + "</b> — " + _("counted once in the totals"))
            parts += [
                _("{overlap}: {member} → counted in {counted_in}").format(
                    overlap=escape(line.title), member=line.members[0], counted_in=line.members[1]
                )
                for line in out.overlaps
            ]
        parts.append("<br><b>" + _("Industry claims") + "</b>")
        for c in out.claims:
            model = format_series_value(c.check.claim.metric, c.check.model)
            if c.share is not None:
                whole = format_series_value(c.check.claim.metric, c.check.stated[1])
                model += ", " + _("{share} of {whole}").format(share=format_percent(100 * c.share), whole=whole)
            parts.append(
                _("{claim}: model {model} — {verdict}").format(
                    claim=claim_text(c.check.claim), model=model, verdict=verdict_text(c.check)
                )
            )
        parts.append("<br><b>" + _("Warnings") + "</b>")
        parts += [w.message for w in out.warnings]
        self.limits.setHtml("<br>".join(parts))

    def _show_sites(self, colours: dict[str, str]) -> None:
        """Rows are rebuilt only when the members on or their scenarios change; otherwise the year moves."""
        portfolio = self.document.portfolio
        on = [m.id for m in portfolio.members if m.enabled]
        scenarios = {k: self.document.resolved.scenarios[k] for k in on}
        key = (tuple((k, id(v)) for k, v in scenarios.items()), portfolio.overlaps, self.theme.name)
        if key == self._sites_key:
            self.timeline.mark_year(self.year)
            return
        self._sites_key = key
        shared = {(o.member, o.site): o.counted_in for o in portfolio.overlaps if o.site}
        end = float(self.document.results.total.grid.months[-1] + 1) / 12.0
        self.timeline.show_rows(rows_of(scenarios, colours, shared), end, self.theme, self.year)

    def _update_title(self) -> None:
        star = "*" if self.document.dirty else ""
        name = translated(self.document.portfolio, "name")
        self.setWindowTitle(_("{name}{star} — portfolio — Gigawatt Explorer").format(name=name, star=star))

    # ------------------------------------------------------------ actions

    def set_lines(self, lines: bool) -> None:
        self.stacked = not lines
        self.show_results(self.document.results)

    def set_uncertainty(self, on: bool) -> None:
        self.bands.set_enabled(on)
        self._show_bands()

    def closeEvent(self, event) -> None:
        self.bands.shutdown()
        super().closeEvent(event)

    def set_year(self, year: int) -> None:
        self.year = year
        self.show_results(self.document.results)

    def open_member(self, member_id: str) -> ScenarioEditor | None:
        """The member's scenario in the usual editor; its edits update the portfolio live."""
        editor = self.editors.get(member_id)
        if editor is None:
            if self.new_editor is None:
                return None
            member = self.document.portfolio.member(member_id)
            folder = self.document.resolved.folder or Path.cwd()
            path = folder / member.path if member.path else None  # a preset opens as an unsaved copy
            editor = self.new_editor()
            document = Document(self.document.resolved.scenarios[member_id], path)
            editor.add_document(document)
            document.scenarioChanged.connect(
                guarded(lambda scenario, m=member_id: self.document.set_member_scenario(m, scenario))
            )
            self.editors[member_id] = editor
        editor.show()
        editor.raise_()
        return editor

    def save(self) -> None:
        path = self.document.path
        if path is None or path.parent == resource("portfolios"):  # never write into the bundled files
            name, _unused = QFileDialog.getSaveFileName(
                self, _("Save portfolio"), "portfolio.gwx", _("Portfolio (*.gwx)")
            )
            if not name:
                return
            path = Path(name)
        self.document.save(path)

    def export(self) -> None:
        name, _unused = QFileDialog.getSaveFileName(
            self,
            _("Export portfolio results"),
            "portfolio.xlsx",
            _("Workbook (*.xlsx);;JSON (*.json);;CSV breakdown (*.csv);;Report, PDF (*.pdf);;Report, HTML (*.html)"),
        )
        if name:
            self.export_to(name)

    def export_to(self, path: str | Path) -> Path:
        """Results (.xlsx, .json, .csv) or the report (.pdf, .html) of the portfolio as shown; results files
        carry English words whatever the reader's language, so they are run again in English."""
        if Path(path).suffix.lower() in (".pdf", ".html", ".htm"):
            return write_portfolio_report(
                path, self.document.portfolio, self.document.results, self.year, self.chart_images(), self.colours()
            )
        results = in_english(run_portfolio)(self.document.resolved)
        return in_english(export_portfolio)(path, self.document.portfolio, results)

    def chart_images(self) -> dict[str, tuple[str, QImage]]:
        """The totals charts as they are drawn, for the report."""
        return {name: (series_heading(name), chart.grab().toImage()) for name, chart in self.charts.items()}

    def wait_for_render(self, app) -> None:
        for _unused in range(5):
            app.processEvents()
