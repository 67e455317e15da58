"""The explorer window: inputs on the left, key figures over the dashboard, claims and warnings below."""

from __future__ import annotations

import gc
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..engine import simulate
from ..engine.results import Basis, Results
from ..formatting import localize_number
from ..i18n import LANGUAGES, N_, _
from ..io.presets import load_preset, preset_titles
from ..io.references import resolve_reference
from ..io.scenario_files import EXTENSION, ScenarioFileError
from ..model.scenario import Scenario
from . import settings
from . import theme as themes
from .analysis.window import AnalysisHost, install_analysis
from .autosave import AutosaveStore, Recovered
from .claims_panel import ClaimsPanel
from .document import Document
from .kpi import KpiStrip
from .panels.inputs import InputsPanel
from .plots import Dashboard
from .plots.claim_marks import drawable
from .qt import layout_of
from .recompute import Recomputer
from .safety import guarded, set_reporter
from .scenarios_panel import ScenariosPanel
from .warnings_panel import WarningsPanel
from .workspace import Entry, Workspace

if TYPE_CHECKING:
    from .land_view import LandView
    from .portfolio import PortfolioWindow

log = logging.getLogger("explorer.gui")

APP_NAME = "Gigawatt Explorer"
AUTOSAVE_MS = 60_000
SETTINGS_VERSION = 1  # bump when the dock layout changes incompatibly: old states are then ignored
THEME_NAMES = (N_("System"), N_("Light"), N_("Dark"))  # the theme menu, for the catalogue


def file_filter() -> str:
    return _("Gigawatt Explorer scenarios (*{extension});;All files (*)").format(extension=EXTENSION)


_FRESH = object()  # no baseline decided yet
# Below this height the claims and warnings share one tabbed dock, so the plots keep their room;
# below WIDE a side view (sensitivity) shares the inputs' column instead of taking its own.
COMPACT_HEIGHT = 960
WIDE = 1700


class MainWindow(AnalysisHost):
    def __init__(self, persistent: bool = True, parent: QWidget | None = None, theme_choice: str | None = None):
        """``persistent``: read and write settings, autosave and the clean-exit marker (off for screenshots);
        ``theme_choice``: 'light', 'dark' or 'system' instead of the saved choice."""
        super().__init__(parent)
        self.persistent = persistent
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.theme_choice = theme_choice or (settings.theme_choice() if persistent else "system")
        self.theme = themes.resolve(self.theme_choice)
        themes.apply_to_application(self.theme)

        self.workspace = Workspace(self)
        self.recomputer = Recomputer(self)
        self.results: Results | None = None
        self.inputs: InputsPanel | None = None
        self._side_windows: list[QWidget] = []  # portfolios and sites timelines opened from here

        self.kpis = KpiStrip()
        self.dashboard = Dashboard(self.theme)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.kpis)
        column.addWidget(self.dashboard, 1)
        self.setCentralWidget(central)

        self.scenarios = ScenariosPanel(self.workspace, self.theme)
        self.claims = ClaimsPanel(self.theme)
        self.warnings = WarningsPanel()
        self.inputs_dock = self._dock(_("Inputs"), "InputsDock", QWidget(), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.scenarios_dock = self._dock(
            _("Scenarios"), "ScenariosDock", self.scenarios, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.claims_dock = self._dock(_("Claims"), "ClaimsDock", self.claims, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.warnings_dock = self._dock(
            _("Warnings"), "WarningsDock", self.warnings, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.splitDockWidget(self.scenarios_dock, self.inputs_dock, Qt.Orientation.Vertical)
        self.splitDockWidget(self.claims_dock, self.warnings_dock, Qt.Orientation.Horizontal)
        self.land: LandView | None = None  # built on first use: most sessions never open it
        self.land_dock = self._dock(_("Land to scale"), "LandDock", QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
        self.land_dock.hide()
        self.land_dock.visibilityChanged.connect(lambda on: self._show_land() if on else None)
        self.kpis.year_box.currentIndexChanged.connect(lambda _i: self._show_land())
        self.kpis.basisChanged.connect(lambda _b: self._show_land())
        self._docks_sized = False
        self.compact: bool | None = None  # claims and warnings tabbed (None: not decided yet)
        self._opening_basis: Basis | None = None  # calendar or fiscal years for a scenario being opened
        self._baseline_for: object = _FRESH  # the snapshot drawn as the baseline (None: none drawn)

        self.recompute_label = QLabel("")
        self.recompute_label.setAccessibleName(_("Recompute time of the last edit"))
        self.statusBar().addPermanentWidget(self.recompute_label)
        set_reporter(self.report_error)

        self.store = AutosaveStore(settings.data_dir()) if persistent else None
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)

        self._build_actions()
        self.recomputer.computed.connect(self._show_results)
        self.workspace.activeChanged.connect(self._active_changed)
        self.workspace.overlaysChanged.connect(self._overlays_changed)
        self.workspace.entriesChanged.connect(self._update_title)
        self.workspace.entriesChanged.connect(self._follow_baseline)  # e.g. saved: no edits to compare
        self.scenarios.closeRequested.connect(self.close_scenario)
        self.kpis.basisChanged.connect(self.dashboard.set_basis)
        self.kpis.basisChanged.connect(lambda _b: self.dashboard.claim_marks.show_checks(self.claims.checks))
        self.claims.checksChanged.connect(self.dashboard.claim_marks.show_checks)
        self.claims.claimSelected.connect(self._claim_selected)
        self.claims.table.cellDoubleClicked.connect(lambda row, _col: self.show_claim(row))
        self.analysis = install_analysis(self)
        self.resize(1440, 900)
        self.claims.set_compact(self.height() < COMPACT_HEIGHT)  # before the first results fill it
        if persistent:
            self._restore_settings()
            self.autosave_timer.start()

    def setVisible(self, visible: bool) -> None:
        if visible and not self._docks_sized:  # first show without a saved layout: sensible proportions,
            self._docks_sized = True  # set before the first paint so the plots are laid out once
            layout_of(self).activate()  # the docks' places first: resizing them needs them laid out
            self.fit_docks(force=True)
        super().setVisible(visible)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, _freeze_start_up_objects)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._docks_sized and self.isVisible():
            self.fit_docks()

    def fit_docks(self, force: bool = False) -> None:
        """Share the window between inputs, plots, claims and warnings by its size: on short windows
        the claims and warnings become tabs of one dock, lower than on tall ones."""
        compact = self.height() < COMPACT_HEIGHT
        if compact == self.compact and not force:
            return
        self.compact = compact
        self.claims.set_compact(compact)
        if compact and not self.tabifiedDockWidgets(self.claims_dock):
            warnings_open = self.warnings_dock.isVisibleTo(self)  # before the first show too
            self.tabifyDockWidget(self.claims_dock, self.warnings_dock)
            self.warnings_dock.setVisible(warnings_open)
            self.claims_dock.raise_()
        elif not compact and self.tabifiedDockWidgets(self.claims_dock):
            warnings_open = self.warnings_dock.isVisibleTo(self)  # before the first show too
            self.removeDockWidget(self.warnings_dock)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.warnings_dock)
            self.splitDockWidget(self.claims_dock, self.warnings_dock, Qt.Orientation.Horizontal)
            self.warnings_dock.setVisible(warnings_open)
        self.resizeDocks([self.inputs_dock], [min(410, max(280, self.width() * 23 // 100))], Qt.Orientation.Horizontal)
        self.resizeDocks([self.scenarios_dock, self.inputs_dock], [110, 700], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.claims_dock],
            [max(166, self.height() * 22 // 100) if compact else max(150, self.height() * 26 // 100)],
            Qt.Orientation.Vertical,
        )
        if not compact:
            self.resizeDocks(
                [self.claims_dock, self.warnings_dock],
                [self.width() * 2 // 3, self.width() // 3],
                Qt.Orientation.Horizontal,
            )

    def place_side_dock(self, dock: QDockWidget, width: int) -> None:
        """Show a side view (e.g. sensitivity): beside the plots on wide windows, as a tab of the inputs'
        column on narrower ones, so the plots keep their room."""
        first = dock.isHidden()
        if self.width() >= WIDE:
            if self.dockWidgetArea(dock) != Qt.DockWidgetArea.RightDockWidgetArea or self.tabifiedDockWidgets(dock):
                self.removeDockWidget(dock)
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.show()
            if first:
                self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        else:
            if dock not in self.tabifiedDockWidgets(self.inputs_dock):
                self.tabifyDockWidget(self.inputs_dock, dock)
            dock.show()
        dock.raise_()

    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    # ------------------------------------------------------------------ actions and menus
    def _language_menu(self, menu: QMenu) -> None:
        """The language of the window, kept in the settings and applied at the next start."""
        group = QActionGroup(self)
        chosen = settings.language_choice() if self.persistent else ""
        for code, name in [("", _("System language")), *LANGUAGES.items()]:
            action = QAction(name, self, checkable=True)
            action.setChecked(code == chosen)
            action.setData(code)
            action.triggered.connect(lambda _unused=False, c=code: self.set_language(c))
            group.addAction(action)
            menu.addAction(action)
        self.language_actions = group

    def set_language(self, code: str) -> None:
        if self.persistent:
            settings.set_language_choice(code)
        self.statusBar().showMessage(_("The language changes when Gigawatt Explorer starts again."), 10_000)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(_("&File"))
        self.menus: dict[str, QMenu] = {"file": file}  # by name, for add-ons (never by their label)
        self.new_action = self._action(
            _("&New from preset…"),
            self.new_from_preset,
            QKeySequence.StandardKey.New,
            _("Start a new scenario from a bundled preset"),
        )
        self.open_action = self._action(_("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.open_portfolio_action = self._action(
            _("Open &portfolio…"), self.open_portfolio_dialog, None, _("Several scenarios at once: the industry view")
        )
        self.recent_menu = file.addMenu(_("Open &Recent"))
        self.save_action = self._action(_("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(_("Save &As…"), self.save_as, QKeySequence.StandardKey.SaveAs)
        self.revert_action = self._action(_("Re&vert"), self.revert, None, _("Back to the saved version"))
        self.close_action = self._action(
            _("&Close scenario"), lambda: self.close_scenario(self.workspace.active), QKeySequence.StandardKey.Close
        )
        file.insertAction(self.recent_menu.menuAction(), self.new_action)
        file.insertAction(self.recent_menu.menuAction(), self.open_action)
        file.insertAction(self.recent_menu.menuAction(), self.open_portfolio_action)
        file.addSeparator()
        for action in (self.save_action, self.save_as_action, self.revert_action, self.close_action):
            file.addAction(action)
        file.addSeparator()
        export = file.addMenu(_("&Export"))
        export.addAction(self._action(_("Data (CSV, XLSX, JSON)…"), self.export_data, "Ctrl+E"))
        export.addAction(self._action(_("Dashboard image (PNG, SVG)…"), self.export_dashboard))
        self.plot_export_menu = export.addMenu(_("Plot image"))
        for key, chart in self.dashboard.charts.items():
            self.plot_export_menu.addAction(self._action(chart.title + "…", lambda k=key: self.export_plot(k)))
        export.addAction(self._action(_("Land to scale image…"), self.export_land))
        export.addAction(self._action(_("Report (HTML, PDF)…"), self.export_report, "Ctrl+Shift+E"))
        file.addSeparator()
        file.addAction(self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

        edit = self.menus["edit"] = bar.addMenu(_("&Edit"))
        stack_undo = self._action(_("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        stack_redo = self._action(_("&Redo"), self.redo, QKeySequence("Ctrl+Shift+Z"))
        stack_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        self.undo_action, self.redo_action = stack_undo, stack_redo
        edit.addAction(stack_undo)
        edit.addAction(stack_redo)

        view = self.menus["view"] = bar.addMenu(_("&View"))
        for dock in (self.inputs_dock, self.scenarios_dock, self.claims_dock, self.warnings_dock):
            view.addAction(dock.toggleViewAction())
        view.addAction(
            self._action(
                _("&Sites timeline"),
                self.show_sites_timeline,
                None,
                _("Every campus of the scenario from construction to full capacity"),
            )
        )
        self.view_docks_end = view.addSeparator()  # add-ons list their docks above this
        theme_menu = view.addMenu(_("&Theme"))
        group = QActionGroup(self)
        for choice in themes.THEME_CHOICES:
            action = QAction(_(choice.capitalize()), self, checkable=True)
            action.setChecked(choice == self.theme_choice)
            action.triggered.connect(lambda _unused=False, c=choice: self.set_theme(c))
            group.addAction(action)
            theme_menu.addAction(action)
        self._language_menu(view.addMenu(_("&Language")))
        self.land_action = self._action(
            _("&Land to scale"), self.show_land, None, _("Campus land drawn to scale over an outline of Manhattan")
        )
        view.insertAction(self.view_docks_end, self.land_action)
        self.baseline_action = self._action(
            _("&Baseline (before your edits)"),
            self._follow_baseline,
            None,
            _("A faint line of the scenario as opened or last saved on every plot"),
        )
        self.baseline_action.setCheckable(True)
        self.baseline_action.setChecked(True)
        view.addAction(self.baseline_action)
        self.claims_on_charts_action: QAction = self._action(
            _("&Claims on charts"),
            lambda: self.set_claims_on_charts(self.claims_on_charts_action.isChecked()),
            None,
            _("Each claim's stated value or range on the plot of its metric"),
        )
        self.claims_on_charts_action.setCheckable(True)
        self.claims_on_charts_action.setChecked(True)
        view.addAction(self.claims_on_charts_action)
        basis = view.addMenu(_("&Years"))
        basis.addAction(self._action(_("Calendar years"), lambda: self.kpis.set_basis("calendar")))
        basis.addAction(self._action(_("Fiscal years"), lambda: self.kpis.set_basis("fiscal")))

        help_menu = self.menus["help"] = bar.addMenu(_("&Help"))
        help_menu.addAction(
            self._action(_("How the model &works"), self.show_help, QKeySequence.StandardKey.HelpContents)
        )
        help_menu.addAction(self._action(_("&About Gigawatt Explorer"), self.show_about))

    def open_portfolio_dialog(self) -> None:
        from ..io.references import bundled_portfolio_ids
        from ..resources import resource

        start = str(resource("portfolios", f"{bundled_portfolio_ids()[0]}.gwx"))
        path, _unused = QFileDialog.getOpenFileName(self, _("Open portfolio"), start, _("Portfolio (*.gwx)"))
        if path:
            self.open_portfolio(path)

    def open_portfolio(self, ref: str):
        """A portfolio in its own window; problems are reported naming the member and the field."""
        from ..portfolio import PortfolioFileError

        try:
            window = portfolio_window(ref, self.theme)
        except PortfolioFileError as exc:
            self.report_error(str(exc))
            return None
        self._side_windows.append(window)
        window.show()
        return window

    def show_sites_timeline(self):
        if self.document is None:
            return None
        from .portfolio.sites import ScenarioSites

        window = ScenarioSites(self.document, self.theme, self)
        self._side_windows.append(window)
        window.show()
        return window

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files() if self.persistent else []
        for i, path in enumerate(files):
            action = self.recent_menu.addAction(f"&{i + 1} {Path(path).name}")
            action.setStatusTip(path)
            action.triggered.connect(lambda _unused=False, p=path: self.open_path(p))
        if not files:
            self.recent_menu.addAction(_("No recent files")).setEnabled(False)

    # ------------------------------------------------------------------ the active scenario
    @property
    def document(self) -> Document | None:
        return self.workspace.active.document if self.workspace.active else None

    def add_document(self, document: Document) -> Entry:
        return self.workspace.add(document, activate=True)

    @guarded
    def _active_changed(self, entry: Entry | None) -> None:
        document = entry.document if entry else None
        if self.inputs is not None:
            self.inputs.deleteLater()
            self.inputs = None
        if document is not None:
            self.inputs = InputsPanel(document)
            self.inputs_dock.setWidget(self.inputs)
            self._baseline_for = _FRESH  # a new panel: mark its sliders afresh
            spending = self.inputs.sections.get("spending")  # the inputs people change first
            if spending is not None:
                spending.expand(False)
            document.editRejected.connect(self._edit_rejected)
            document.scenarioChanged.connect(self._edit_applied)
            document.undo_stack.canUndoChanged.connect(self._update_undo_actions)
            document.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        else:
            self.inputs_dock.setWidget(QWidget())
        self.claims.set_document(document)
        self.recomputer.follow(document)
        self._update_undo_actions()
        self._update_title()
        if document is not None:
            claims = document.scenario.claims
            # read the figures the way the claims are made, once the scenario's results are in
            self._opening_basis = "fiscal" if 2 * sum(c.fiscal for c in claims) > len(claims) else None
            self.dashboard.rebuild_items()  # another scenario
            self.recomputer.run_now()

    @guarded
    def _show_results(self, results: Results, ms: float) -> None:
        self.results = results
        entry = self.workspace.active
        if entry is not None:
            entry.remember(results, entry.document.scenario)
        self.dashboard.show_results(results)
        self._follow_baseline()
        claims = entry.document.scenario.claims if entry else ()
        self.kpis.show_results(results, preferred_year=claims[0].year if claims else None)
        if self._opening_basis is not None:
            self.kpis.set_basis(self._opening_basis)
            self._opening_basis = None
        self.claims.show_results(results)
        self.warnings.show_results(results)
        self.warnings_dock.setWindowTitle(
            _("Warnings ({n})").format(n=len(results.warnings)) if results.warnings else _("Warnings")
        )
        self.recompute_label.setText(_("Recomputed in {ms} ms").format(ms=localize_number(f"{ms:.1f}")))
        self._show_land()

    @guarded
    def _overlays_changed(self) -> None:
        self.dashboard.set_overlays(
            [(e.key, e.name, self.scenarios.colour_of(e), e.results()) for e in self.workspace.overlays()]
        )

    def _edit_rejected(self, path: str, message: str) -> None:
        self.statusBar().showMessage(_("Not applied — {path}: {message}").format(path=path, message=message), 10_000)

    def _edit_applied(self, _scenario) -> None:
        refused = _("Not applied — {path}: {message}").split("{")[0]
        if self.statusBar().currentMessage().startswith(refused):  # the last refusal is history
            self.statusBar().clearMessage()

    def report_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)

    def _update_title(self) -> None:
        document = self.document
        if document is None:
            self.setWindowTitle(APP_NAME)
            return
        dirty = document.dirty
        self.setWindowTitle(f"{document.title}{'*' if dirty else ''} — {APP_NAME}")
        self.save_action.setEnabled(True)
        self.revert_action.setEnabled(document.path is not None and dirty)

    def _update_undo_actions(self, *_args) -> None:
        stack = self.document.undo_stack if self.document else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))

    def undo(self) -> None:
        if self.document:
            self.document.undo_stack.undo()

    def redo(self) -> None:
        if self.document:
            self.document.undo_stack.redo()

    # ------------------------------------------------------------------ files
    def open_reference(self, ref: str) -> Entry | None:
        """A .gwx path (opened as that file) or a preset id (opened as a new, unsaved scenario)."""
        if resolve_reference(ref).kind == "preset":
            return self.add_document(Document(load_preset(ref)))
        return self.open_path(ref, report=False)

    @guarded
    def new_from_preset(self) -> None:
        titles = preset_titles()
        labels = [f"{title}  [{pid}]" for pid, title in titles.items()]
        label, ok = QInputDialog.getItem(self, _("New from preset"), _("Start from:"), labels, 0, False)
        if ok and label:
            pid = list(titles)[labels.index(label)]
            self.add_document(Document(load_preset(pid)))

    @guarded
    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document and self.document.path else ""
        path, _unused = QFileDialog.getOpenFileName(self, _("Open scenario"), start, file_filter())
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path, report: bool = True) -> Entry | None:
        """Open a scenario file beside the ones already open. A file already open is shown again;
        if it has unsaved changes the user decides whether to reload it from disk."""
        path = Path(path)
        existing = self.workspace.find_path(path)
        if existing is not None:
            if existing.document.dirty and not self.confirm_discard(existing, N_("reload it from disk")):
                self.workspace.set_active(existing)
                return existing
            try:
                scenario = Document.open(path).scenario
            except ScenarioFileError as exc:
                self._file_error(_("Cannot open the scenario"), exc, report)
                return None
            existing.document.reload(scenario)
            self.workspace.set_active(existing)
            return existing
        try:
            document = Document.open(path)
        except ScenarioFileError as exc:
            if self.persistent:
                settings.remove_recent_file(str(path.resolve()))
            self._file_error(_("Cannot open the scenario"), exc, report)
            return None
        if self.persistent:
            settings.add_recent_file(path)
        return self.add_document(document)

    def _file_error(self, title: str, exc: Exception, report: bool) -> None:
        if not report:
            raise exc
        self.statusBar().showMessage(str(exc).splitlines()[0], 15_000)
        QMessageBox.warning(self, title, str(exc))

    def save(self, entry: Entry | None = None) -> bool:
        entry = entry or self.workspace.active
        if entry is None:
            return False
        if entry.document.path is None:
            return self.save_as(entry)
        return self._write(entry, entry.document.path)

    def save_as(self, entry: Entry | None = None) -> bool:
        entry = entry or self.workspace.active
        if entry is None:
            return False
        doc = entry.document
        suggested = str(doc.path) if doc.path else _file_name_for(doc.scenario)
        path, _unused = QFileDialog.getSaveFileName(self, _("Save scenario as"), suggested, file_filter())
        if not path:
            return False
        if not path.lower().endswith(EXTENSION):
            path += EXTENSION
        return self._write(entry, Path(path))

    def _write(self, entry: Entry, path: Path) -> bool:
        try:
            entry.document.save(path)
        except (OSError, ValueError) as exc:
            QMessageBox.critical(
                self, _("Cannot save the scenario"), _("{path}: {message}").format(path=path, message=exc)
            )
            return False
        if self.persistent:
            settings.add_recent_file(path)
        if self.store is not None:
            self.store.remove(entry.key)
        self.statusBar().showMessage(_("Saved {path}").format(path=path), 5000)
        self._update_title()
        return True

    def revert(self) -> None:
        doc = self.document
        if doc is None or not doc.dirty:
            return
        answer = QMessageBox.question(
            self,
            _("Revert"),
            _("Discard the changes to “{name}” since it was saved?").format(name=doc.title),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            doc.revert()

    def confirm_discard(self, entry: Entry, doing: str = N_("close it")) -> bool:
        """True when the user saved or chose to discard the unsaved changes; False to cancel."""
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("“{name}” has unsaved changes. Save them before you {doing}?").format(name=entry.name, doing=_(doing)),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save(entry)
        return answer == QMessageBox.StandardButton.Discard

    @guarded
    def close_scenario(self, entry: Entry | None) -> bool:
        if entry is None:
            return False
        if entry.document.dirty and not self.confirm_discard(entry):
            return False
        if self.store is not None:
            self.store.remove(entry.key)
        self.workspace.remove(entry)
        return True

    def closeEvent(self, event) -> None:
        for entry in self.workspace.dirty_entries():
            self.workspace.set_active(entry)
            if not self.confirm_discard(entry, N_("quit")):
                event.ignore()
                return
        if self.persistent:
            self._save_settings()
            self.autosave_timer.stop()
        if self.store is not None:
            self.store.close()
        set_reporter(None)
        event.accept()

    # --- drag a .gwx onto the window
    def dragEnterEvent(self, event) -> None:
        if any(url.toLocalFile().lower().endswith(EXTENSION) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith(EXTENSION):
                self.open_path(url.toLocalFile())
        event.acceptProposedAction()

    # ------------------------------------------------------------------ autosave and recovery
    @guarded
    def autosave_now(self) -> int:
        """Write every scenario with unsaved changes to the autosave folder; returns how many."""
        if self.store is None:
            return 0
        written = 0
        for entry in self.workspace.entries:
            if entry.document.dirty:
                self.store.write(entry.key, entry.document.scenario, entry.document.path)
                written += 1
            else:
                self.store.remove(entry.key)
        return written

    def pending_recovery(self) -> list[Recovered]:
        return self.store.recoverable() if self.store is not None else []

    def offer_recovery(self) -> None:
        """Offer the scenarios autosaved by windows that did not close properly, newest first."""
        if self.store is None:
            return
        items = self.pending_recovery()  # a clean exit removes its autosaves: any left mean it was not clean
        if not items:
            return
        names = "\n".join(f"• {item.scenario.name} — autosaved {item.saved_at:%Y-%m-%d %H:%M}" for item in items)
        answer = QMessageBox.question(
            self,
            _("Recover unsaved scenarios"),
            _("A Gigawatt Explorer window did not close properly. Recover these unsaved scenarios?") + f"\n\n{names}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.recover(items)
        elif self.store is not None:
            self.store.discard(items)

    def recover(self, items: list[Recovered]) -> None:
        """Open recovered scenarios as unsaved changes of their original files (or as new scenarios)."""
        for item in items:
            document = Document(item.scenario)
            document.mark_unsaved()
            if item.original_path is not None:
                try:
                    document = Document.open(item.original_path)
                except ScenarioFileError:
                    document = Document(item.scenario)
                else:
                    document.replace(item.scenario, "Recovered changes")
            self.add_document(document)
        if self.store is not None:
            self.store.discard(items)
        self.autosave_now()

    # ------------------------------------------------------------------ settings and look
    def _restore_settings(self) -> None:
        store = settings.app_settings()
        try:  # the charts chosen last time (kept apart from the dock layout's version)
            self.dashboard.restore_layout(json.loads(str(store.value("view/charts", "{}"))))
        except (ValueError, TypeError, AttributeError):
            log.warning("ignoring unreadable chart choice in the settings")
        version = store.value("window/version", 0)
        if not isinstance(version, int | str) or int(version or 0) != SETTINGS_VERSION:
            return
        geometry = store.value("window/geometry")
        state = store.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and self.restoreState(state, SETTINGS_VERSION):
            self._docks_sized = True

    def _save_settings(self) -> None:
        store = settings.app_settings()
        store.setValue("view/charts", json.dumps(self.dashboard.layout_state()))
        store.setValue("window/version", SETTINGS_VERSION)
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState(SETTINGS_VERSION))
        store.sync()

    def set_theme(self, choice: str) -> None:
        self.theme_choice = choice
        if self.persistent:
            settings.set_theme_choice(choice)
        self.apply_theme(themes.resolve(choice))

    def apply_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        themes.apply_to_application(theme)
        self.dashboard.apply_theme(theme)
        self.claims.apply_theme(theme)
        self.scenarios.apply_theme(theme)
        if self.land is not None:
            self.land.apply_theme(theme)
        self._show_land()
        self._overlays_changed()
        self.themeChanged.emit(theme)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.ThemeChange and self.theme_choice == "system":
            resolved = themes.resolve("system")
            if resolved != self.theme:
                self.apply_theme(resolved)
        super().changeEvent(event)

    def _follow_baseline(self) -> None:
        """Draw the active scenario as opened or last saved while it has edits (and the View asks)."""
        document = self.document
        wanted = (
            document.saved if (document is not None and document.dirty and self.baseline_action.isChecked()) else None
        )
        if wanted is self._baseline_for:
            return
        self._baseline_for = wanted
        self.dashboard.set_baseline(None if wanted is None else simulate(wanted))
        if self.inputs is not None:
            self.inputs.show_baseline(wanted)

    @guarded
    def _claim_selected(self, claim_id: str) -> None:
        """Highlight the claim's mark; a claim whose series no shown plot draws opens a plot of it."""
        check = next((c for c in self.claims.checks if c.claim.id == claim_id), None)
        marks = self.dashboard.claim_marks
        if (
            check is not None
            and marks.mark(claim_id) is None
            and drawable(check.claim.metric, check.claim.measure)
            and not check.claim.site
        ):
            shown = self.dashboard.visible_charts().values()
            if not any(check.claim.metric in chart.series + chart.right_series for chart in shown):
                self.dashboard.show_extra(f"series:{check.claim.metric}")
                marks.show_checks(self.claims.checks)
        marks.select(claim_id or None)

    @guarded
    def show_claim(self, row: int):
        """A claim in full, its source, and goal seek towards it."""
        from .claim_details import ClaimDetails

        if not 0 <= row < len(self.claims.checks) or self.document is None:
            return None
        check = self.claims.checks[row]
        details = ClaimDetails(check, self.document.scenario, self)
        details.seek_button.clicked.connect(details.accept)
        details.seek_button.clicked.connect(lambda: self.seek_claim(check))
        details.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        details.show()
        return details

    def seek_claim(self, check):
        """Goal seek on the claim as it reads the model (its period, fiscal or not, or its campus), aiming
        at the stated value."""
        dialog = self.analysis.show_goal_seek()
        if dialog is not None:
            dialog.set_claim_goal(check.claim, check.stated[1])
        return dialog

    def show_land(self) -> None:
        if self.land is None:
            from .land_view import LandView

            self.land = LandView(self.theme)
            self.land_dock.setWidget(self.land)
        self.place_side_dock(self.land_dock, 480)
        self._show_land()

    def _show_land(self) -> None:
        if self.land is not None and not self.land_dock.isHidden():  # follows every edit and the year
            self.land.show_year(self.results, self.kpis.year, self.kpis.basis)

    def set_claims_on_charts(self, on: bool) -> None:
        self.claims_on_charts_action.setChecked(on)
        self.dashboard.claim_marks.set_enabled(on)

    # ------------------------------------------------------------------ help, export (in their own modules)
    def show_help(self) -> None:
        from .help import show_model_help

        show_model_help(self)

    def show_about(self) -> None:
        from .help import show_about

        show_about(self)

    @guarded
    def export_data(self) -> None:
        from .exporting import export_data_dialog

        export_data_dialog(self)

    @guarded
    def export_dashboard(self) -> None:
        from .exporting import export_dashboard_dialog

        export_dashboard_dialog(self)

    @guarded
    def export_plot(self, key: str) -> None:
        from .exporting import export_plot_dialog

        export_plot_dialog(self, key)

    @guarded
    def export_land(self) -> None:
        from .exporting import export_land_dialog

        export_land_dialog(self)

    @guarded
    def export_report(self) -> None:
        from .exporting import export_report_dialog

        export_report_dialog(self)

    # ------------------------------------------------------------------ first render
    def wait_for_first_paint(self, app) -> None:
        """Process events until the newest edit is computed and the window has painted it: the first screen
        a person sees (the look for claims that restate an input waits for a pause, as after an edit)."""
        for _unused in range(200):
            app.processEvents()
            if not self.recomputer.pending and self.results is not None:
                break
        app.processEvents()  # the paints the last events asked for

    def wait_for_render(self, app) -> None:
        """The first paint, then the claims as they read after a pause in editing, painted."""
        self.wait_for_first_paint(app)
        self.claims.find_restated()
        app.processEvents()
        self.repaint()
        app.processEvents()


def _freeze_start_up_objects() -> None:
    """Once per run: the modules, widgets and models built at start-up live as long as the program,
    so the garbage collector stops re-scanning them — a full pass over them paused editing for
    40–100 ms every few hundred edits."""
    global _start_up_frozen
    if not _start_up_frozen:
        _start_up_frozen = True
        gc.freeze()


_start_up_frozen = False


def _file_name_for(scenario: Scenario) -> str:
    stem = "".join(c if c.isalnum() or c in "-_ " else "" for c in scenario.name).strip().replace(" ", "-")
    return (stem or "scenario").lower() + EXTENSION


def portfolio_window(ref: str, theme: themes.Theme | None = None) -> PortfolioWindow:
    """The window of a bundled portfolio or a portfolio file (in ``theme``, the system's by default); a
    member opens in a scenario window."""
    from ..portfolio import open_portfolio
    from .portfolio import PortfolioWindow

    return PortfolioWindow(
        open_portfolio(ref),
        ref if Path(ref).is_file() else None,
        new_editor=lambda: MainWindow(persistent=False, theme_choice=theme.name if theme else None),
        theme=theme,
    )
