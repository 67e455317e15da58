"""Analysis in the explorer window: the Uncertainty tool bar, bands on the plots, ranges on the key
figures, claims judged against the band, and the Analysis menu (tornado, goal seek, comparison)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabWidget, QWidget

from ...formatting import format_number
from ...i18n import _
from ..safety import guarded
from .bands import BandLayer
from .kpi_ranges import KpiRanges
from .uncertainty import UncertaintyController
from .uncertainty_bar import UncertaintyBar

if TYPE_CHECKING:
    from ...presentation.sampling import Bands
    from .tornado import TornadoView
    from .variance import VarianceView

if TYPE_CHECKING:
    from ...engine.results import Results
    from ..claims_panel import ClaimsPanel
    from ..document import Document
    from ..kpi import KpiStrip
    from ..panels.inputs import InputsPanel
    from ..plots.dashboard import Dashboard
    from ..recompute import Recomputer
    from ..theme import Theme
    from ..workspace import Entry, Workspace
    from .compare import CompareView
    from .goal_seek import GoalSeekDialog

TORNADO_WIDTH = 430


class AnalysisHost(QMainWindow):
    """The explorer window as the analysis add-on sees it: the views it draws on, its named menus and
    dock places, and the signal it follows. The add-on uses nothing else of the window."""

    themeChanged = Signal(object)  # the Theme now applied: add-ons restyle what they drew

    theme: Theme
    workspace: Workspace
    recomputer: Recomputer
    results: Results | None  # of the active scenario's deterministic run
    kpis: KpiStrip
    dashboard: Dashboard
    claims: ClaimsPanel
    inputs: InputsPanel | None
    inputs_dock: QDockWidget
    menus: dict[str, QMenu]  # by name, never by their label
    view_docks_end: QAction  # add-ons list their docks above this in the View menu

    @property
    def document(self) -> Document | None:
        """The active scenario's document."""
        raise NotImplementedError

    def place_side_dock(self, dock: QDockWidget, width: int) -> None:
        """Show a side view ``width`` pixels wide where the window has room for it."""
        raise NotImplementedError


class WindowAnalysis(QObject):
    def __init__(self, window: AnalysisHost):
        super().__init__(window)
        self.window = window
        self.controller = UncertaintyController(self)
        self.bar = UncertaintyBar(self.controller, window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bands = BandLayer(window.dashboard)
        self.kpi_ranges = KpiRanges(window.kpis)
        self._views: tuple[TornadoView, VarianceView, QTabWidget] | None = None  # made when first shown
        self.tornado_dock = QDockWidget(_("Sensitivity"), window)
        self.tornado_dock.setObjectName("SensitivityDock")
        self.tornado_dock.setAccessibleName(_("Sensitivity"))
        self.tornado_dock.setWidget(QWidget())
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tornado_dock)
        self.tornado_dock.hide()
        self.compare: CompareView | None = None
        self.goal_seek: GoalSeekDialog | None = None
        self._menus()

        self.controller.bandsReady.connect(self._bands_ready)
        self.controller.enabledChanged.connect(self._enabled)
        window.recomputer.computed.connect(self._deterministic)
        window.workspace.activeChanged.connect(self._active_changed)
        window.kpis.basisChanged.connect(lambda _b: self.bands.refresh())
        self.tornado_dock.visibilityChanged.connect(lambda on: self._follow_tornado() if on else None)
        window.themeChanged.connect(self._restyle)

    def _sensitivity_views(self) -> tuple[TornadoView, VarianceView, QTabWidget]:
        """The tornado and the contribution to variance, made the first time they are asked for:
        most sessions never open them, and the window's first paint does not wait for them."""
        if self._views is None:
            from .tornado import TornadoView
            from .variance import VarianceView

            tornado, variance = TornadoView(self.window.theme), VarianceView(self.window.theme)
            tabs = QTabWidget()
            tabs.addTab(tornado, _("Tornado"))
            tabs.addTab(variance, _("Contribution to variance"))
            self.tornado_dock.setWidget(tabs)
            tornado.inputClicked.connect(self.select_input)
            variance.inputClicked.connect(self.select_input)
            variance.samplingRequested.connect(lambda: self.bar.toggle.setChecked(True))
            self._views = (tornado, variance, tabs)
            if self.controller.enabled:
                variance.set_bands(self.controller.bands)
        return self._views

    @property
    def tornado(self) -> TornadoView:
        return self._sensitivity_views()[0]

    @property
    def variance(self) -> VarianceView:
        return self._sensitivity_views()[1]

    @property
    def sensitivity_tabs(self) -> QTabWidget:
        return self._sensitivity_views()[2]

    def _set_variance_bands(self, bands: Bands | None) -> None:
        if self._views is not None:
            self.variance.set_bands(bands)

    def _menus(self) -> None:
        window = self.window
        menu = QMenu(_("&Analysis"), window)
        window.menuBar().insertMenu(window.menus["help"].menuAction(), menu)
        window.menus["analysis"] = menu
        menu.addAction(self.bar.toggle)
        menu.addSeparator()
        self.tornado_action = self._action(
            menu, _("&Sensitivity (tornado, contribution to variance)"), self.show_tornado, "Ctrl+T"
        )
        self.goal_seek_action = self._action(menu, _("&Goal seek…"), self.show_goal_seek, "Ctrl+G")
        self.compare_action = self._action(menu, _("&Compare scenarios…"), self.show_compare, "Ctrl+K")
        view = window.menus["view"]
        view.insertAction(window.view_docks_end, self.tornado_dock.toggleViewAction())
        bar_action = self.bar.toggleViewAction()
        bar_action.setText(_("Uncertainty tool bar"))  # "Uncertainty" itself is the Analysis menu's on/off
        view.insertAction(window.view_docks_end, bar_action)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        return action

    # --- uncertainty
    @guarded
    def _active_changed(self, entry: Entry | None) -> None:
        self.controller.follow(entry.document if entry else None)
        self.bands.set_bands(None)
        self._set_variance_bands(None)
        self.kpi_ranges.set_bands(None)
        self._follow_tornado()

    @guarded
    def _deterministic(self, results: Results, _ms: float) -> None:
        """The deterministic view just updated: the band is drawn faint until its batch catches up."""
        scenario = self.window.recomputer.computed_for
        self.bands.show_scenario(scenario)
        bands = self.controller.bands if self.controller.enabled else None
        fresh = bands is not None and bands.scenario is scenario
        self.kpi_ranges.set_bands(bands, stale=not fresh)
        if bands is not None and fresh:
            self._judge_claims(bands)
        else:
            self.window.claims.set_note("")  # the claims show the base run
        if self.tornado_dock.isVisible():
            self.tornado.set_scenario(scenario)
            self.variance.set_scenario(scenario)

    @guarded
    def _bands_ready(self, bands: Bands) -> None:
        self.bands.set_bands(bands)
        self._set_variance_bands(bands)
        current = bands.scenario is self.window.recomputer.computed_for
        self.kpi_ranges.set_bands(bands, stale=not current)
        if current:
            self._judge_claims(bands)

    def _judge_claims(self, bands: Bands) -> None:
        claims = self.window.claims
        claims.set_note(" — " + _("model P10–P90 of {n} samples").format(n=format_number(bands.samples)))
        claims.show_results(bands.results)

    @guarded
    def _enabled(self, on: bool) -> None:
        self.bands.set_enabled(on)
        if not on:
            self.bands.set_bands(None)
            self._set_variance_bands(None)
            self.kpi_ranges.set_bands(None)
            self.window.claims.set_note("")
            if self.window.results is not None:
                self.window.claims.show_results(self.window.results)

    def _restyle(self, theme: Theme) -> None:
        self.bands.apply_theme(theme)
        if self._views is not None:
            self.tornado.apply_theme(theme)
            self.variance.apply_theme(theme)
        if self.compare is not None:
            self.compare.apply_theme(theme)

    # --- analysis views
    def show_tornado(self) -> None:
        self.window.place_side_dock(self.tornado_dock, TORNADO_WIDTH)
        self._follow_tornado(now=True)

    def _follow_tornado(self, now: bool = False) -> None:
        document = self.window.document
        if self.tornado_dock.isVisible() or now:
            self.tornado.set_scenario(document.scenario if document else None, now=now)
            self.variance.set_scenario(document.scenario if document else None, now=now)

    def select_input(self, path: str) -> None:
        inputs = self.window.inputs
        if inputs is not None:
            self.window.inputs_dock.show()
            self.window.inputs_dock.raise_()
            inputs.select_input(path)

    @guarded
    def show_goal_seek(self) -> GoalSeekDialog | None:
        from .goal_seek import GoalSeekDialog

        document = self.window.document
        if document is None:
            return None
        if self.goal_seek is not None:
            self.goal_seek.close()
        self.goal_seek = GoalSeekDialog(document, self.window)
        self.goal_seek.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.goal_seek.destroyed.connect(lambda *_: setattr(self, "goal_seek", None))
        self.goal_seek.show()
        return self.goal_seek

    @guarded
    def show_compare(self) -> CompareView:
        from .compare import CompareView

        if self.compare is None:
            self.compare = CompareView(self.window.workspace, self.window.dashboard.theme)
            self.compare.setWindowFlag(Qt.WindowType.Window)
            self.compare.setParent(self.window, Qt.WindowType.Window)
        self.compare.show()
        self.compare.raise_()
        return self.compare


def install_analysis(window: AnalysisHost) -> WindowAnalysis:
    return WindowAnalysis(window)
