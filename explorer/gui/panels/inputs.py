"""The Inputs panel: every scenario input in collapsible sections, generated from the model.

It follows ``document.scenarioChanged`` (each binding refreshes only when its own value changed)
and edits through ``document.edit`` / ``document.replace``; refused edits come back through
``editRejected`` and are shown beside the input they concern.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ...i18n import N_, _
from ...io.catalog import reference_accelerator
from ...model.catalog import Accelerator
from ...model.claims import Claim
from ...model.fields import field_meta, matches
from ...model.paths import get_path
from ...model.scenario import (
    CapexPlan,
    Facilities,
    FleetCohort,
    Operations,
    PowerChain,
    ProcurementMix,
    Purchase,
    QuarterCapex,
    Scenario,
    Site,
    StartingPoint,
    Timeline,
)
from ...model.sources import Source
from ...presentation.units import metric_unit
from ...series import SERIES
from ..document import Document
from ..qt import layout_of
from .capex_years import CapexYears, MonthlyProfile
from .fields import InputField
from .form import Form
from .key_value import InputSources
from .mix_table import Candidates, MixTable
from .record_table import RecordTable
from .whole_value import WholeValueEditor

QWIDGETSIZE_MAX = (1 << 24) - 1

# first key of a path -> section that edits it
_SECTION_OF = {
    "name": "scenario",
    "organisation": "scenario",
    "description": "scenario",
    "currency": "scenario",
    "sources": "scenario",
    "input_sources": "scenario",
    "translations": "scenario",
    "timeline": "timeline",
    "mode": "spending",
    "capex": "spending",
    "purchases": "spending",
    "accelerators": "accelerators",
    "mix": "mix",
    "starting_point": "starting_point",
    "power": "power",
    "facilities": "facilities",
    "operations": "operations",
    "claims": "claims",
    "claim_tolerance": "claims",
}
_MODE_TEXTS = {"budget": N_("Budget — capex buys GPUs"), "plan": N_("Plan — GPUs bought set capex")}
_ALLOCATION_TEXTS = {
    "installed_first": N_("Installed first — new arrivals wait"),
    "newest_first": N_("Newest first — older GPUs switched off"),
}


class Binding(Protocol):
    """What the panel asks of a widget bound to an input path."""

    path: str

    def show_scenario(self, scenario: Any) -> None: ...
    def show_baseline(self, scenario: Any | None) -> None: ...
    def activate(self) -> None: ...
    def show_error(self, path: str, message: str) -> None: ...
    def focus_path(self, path: str) -> bool: ...
    def focus_widget(self, path: str) -> QWidget: ...
    def widget_for(self, path: str) -> QWidget: ...


# The widgets that are bindings (each one a QWidget with every hook of Binding).
Bound = InputField | RecordTable | CapexYears | WholeValueEditor


class Section(QFrame):
    """A collapsible group of inputs. Its rows are made by ``build`` the first time it opens (or one of
    its inputs is looked up): most sections stay closed, and the window's first paint does not wait for them."""

    toggled = Signal(bool)  # expanded
    built = Signal()  # its rows were just made

    def __init__(self, title: str, build: Callable[[Section], None] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._build = build
        self.button = QToolButton()
        self.button.setText(title)
        self.button.setCheckable(True)
        self.button.setAutoRaise(True)
        self.button.setArrowType(Qt.ArrowType.RightArrow)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.button.setAccessibleName(_("{title} section").format(title=title))
        self.button.toggled.connect(lambda on: self.expand() if on else self.collapse())
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(9, 2, 4, 8)
        self.body_layout.setSpacing(6)
        self.body.setMaximumHeight(0)  # closed: no height, but its rows keep counting for the panel's width
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.button)
        layout.addWidget(self.body)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def toggleButton(self) -> QToolButton:
        return self.button

    def text(self) -> str:
        return self.button.text()

    def setText(self, text: str) -> None:
        self.button.setText(text)

    def build(self) -> None:
        """Make the rows now (once)."""
        build, self._build = self._build, None
        if build is not None:
            self.body.hide()  # rows made under a hidden body show with it at once, not an event later
            build(self)
            self.body.show()
            self.built.emit()

    def add(self, widget: QWidget) -> QWidget:
        self.body_layout.addWidget(widget)
        return widget

    def isExpanded(self) -> bool:
        return self.button.isChecked()

    def expand(self, animate: bool = True) -> None:
        self._show(True)

    def collapse(self, animate: bool = True) -> None:
        self._show(False)

    def _show(self, expanded: bool) -> None:
        if expanded:
            self.build()
        self.button.blockSignals(True)
        self.button.setChecked(expanded)
        self.button.blockSignals(False)
        self.button.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setMaximumHeight(QWIDGETSIZE_MAX if expanded else 0)
        self.toggled.emit(expanded)


def canonical_path(scenario: Scenario, path: str) -> str:
    """Names and ids in a path become row numbers: 'facilities.sites.Hyperion.x' -> '…sites.2.x'."""
    node: Any = scenario
    out = []
    for key in path.split("."):
        if isinstance(node, (tuple, list)) and not key.isdigit():
            index = next((i for i, item in enumerate(node) if matches(item, key)), None)
            if index is None:
                raise KeyError(f"no input at '{path}'")
            key = str(index)
        node = get_path(node, key)
        out.append(key)
    return ".".join(out)


def _unique(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


class InputsPanel(QScrollArea):
    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setAccessibleName(_("Inputs"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(2)
        self.sections: dict[str, Section] = {}
        self.bindings: list[tuple[str, Binding]] = []  # (section key, binding) of the sections built
        self.capex_box: QWidget | None = None
        self.purchases: QWidget | None = None
        self._baseline: Scenario | None = None
        self._build()
        self.layout_.addStretch(1)
        self.setWidget(body)
        body.installEventFilter(self)  # rows made or shown later widen the panel: see eventFilter
        self._fit_width()
        document.scenarioChanged.connect(self._scenario_changed)
        document.editRejected.connect(self._edit_rejected)
        self._scenario_changed(document.scenario)

    # --- construction
    def _section(self, key: str, title: str, build: Callable[[], None]) -> Section:
        section = Section(title, lambda _section: self._built(key, build))
        section.toggled.connect(lambda expanded: self._opened(key) if expanded else None)
        section.built.connect(self._fit_width)  # now, so the panel is painted at its width, not widened later
        self.sections[key] = section
        self.layout_.addWidget(section)
        return section

    def _built(self, key: str, build: Callable[[], None]) -> None:
        """Make a section's rows and show the scenario (and the baseline's marks) in them."""
        build()
        scenario = self.document.scenario
        for section_key, binding in self.bindings:
            if section_key == key:
                binding.show_scenario(scenario)
                binding.show_baseline(self._baseline)
        if key == "spending":
            self._show_mode(scenario)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.widget():
            QTimer.singleShot(0, self, self._fit_width)  # once the rows' layouts have settled
        return super().eventFilter(watched, event)

    def _fit_width(self) -> None:
        """Never narrower than its widest open row: with no horizontal scroll bar, a cut row could not be
        reached."""
        body = self.widget()
        if body is not None:
            # settle the rows' layouts inner first: a parent's size hint is stale until its rows' are
            for widget in reversed(body.findChildren(QWidget)):
                inner = widget.layout()
                if inner is not None:
                    inner.activate()
            layout_of(body).activate()
            self.setMinimumWidth(body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())

    def _register(self, key: str, widget: Form | Bound) -> Form | Bound:
        self.bindings += [(key, f) for f in widget.fields] if isinstance(widget, Form) else [(key, widget)]
        return widget

    def _bind(self, key: str, widget: Form | Bound) -> Form | Bound:
        self.sections[key].add(widget)
        return self._register(key, widget)

    def _build(self) -> None:
        """Every section's header now; its rows when it first opens."""
        self._section("scenario", _("Scenario and sources"), self._build_scenario)
        self._section("timeline", _("Timeline"), self._build_timeline)
        self._section("spending", _("Capex plan"), self._build_spending)
        self._section("accelerators", _("Accelerators"), self._build_accelerators)
        self._section("mix", _("Procurement mix"), self._build_mix)
        self._section("starting_point", _("Starting point"), self._build_starting_point)
        self._section("power", _("Power chain"), self._build_power)
        self._section("facilities", _("Sites"), self._build_facilities)
        self._section("operations", _("Operations and finance"), self._build_operations)
        self._section("claims", _("Claims"), self._build_claims)

    def _build_scenario(self) -> None:
        doc = self.document
        self._bind("scenario", Form(doc, Scenario, "", only=("name", "organisation", "description", "currency")))
        self._bind(
            "scenario",
            RecordTable(
                doc,
                "sources",
                Source,
                N_("source"),
                detail=False,
                heading=_("Sources"),
                new_item=lambda s: {"title": _("New source")},
            ),
        )
        sources_meta = field_meta("input_sources", Scenario.model_fields["input_sources"])
        self._bind("scenario", InputSources(doc, sources_meta.title, sources_meta.description))

    def _build_timeline(self) -> None:
        doc = self.document
        self._bind("timeline", Form(doc, Timeline, "timeline"))

    def _build_spending(self) -> None:
        doc = self.document
        self._bind("spending", Form(doc, Scenario, "", only=("mode",), texts={"mode": _MODE_TEXTS}))
        self.capex_box = QWidget()
        box = QVBoxLayout(self.capex_box)
        box.setContentsMargins(0, 0, 0, 0)
        quarters = RecordTable(
            doc,
            "capex.quarters",
            QuarterCapex,
            N_("quarter"),
            heading=_("Capex by quarter"),
            new_item=lambda s: {"quarter": f"{s.timeline.first_year}-Q1", "capex_usd": 10e9},
        )
        for widget in (CapexYears(doc), quarters, Form(doc, CapexPlan, "capex"), MonthlyProfile(doc)):
            box.addWidget(self._register("spending", widget))
        self.sections["spending"].add(self.capex_box)
        self.purchases = self._bind(
            "spending",
            RecordTable(
                doc,
                "purchases.purchases",
                Purchase,
                N_("purchase"),
                heading=_("Purchases"),
                choices={"generation": self._generations},
                new_item=lambda s: {"month": s.timeline.start, "generation": self._first_generation(), "units": 10_000},
            ),
        )

    def _build_accelerators(self) -> None:
        doc = self.document
        self._bind(
            "accelerators",
            RecordTable(doc, "accelerators", Accelerator, N_("accelerator"), new_item=self._new_accelerator),
        )

    def _build_mix(self) -> None:
        doc = self.document
        self._bind("mix", Form(doc, ProcurementMix, "mix"))
        self._bind("mix", MixTable(doc))
        self._bind("mix", Candidates(doc))

    def _build_starting_point(self) -> None:
        doc = self.document
        self._bind(
            "starting_point",
            RecordTable(
                doc,
                "starting_point.fleet",
                FleetCohort,
                N_("cohort"),
                heading=_("GPUs in service"),
                choices={"generation": self._generations},
                new_item=lambda s: {"generation": self._first_generation(), "count": 10_000, "age_months": 0},
            ),
        )
        self._bind("starting_point", Form(doc, StartingPoint, "starting_point"))

    def _build_power(self) -> None:
        doc = self.document
        self._bind("power", Form(doc, PowerChain, "power", texts={"allocation": _ALLOCATION_TEXTS}))

    def _build_facilities(self) -> None:
        doc = self.document
        self._bind("facilities", Form(doc, Facilities, "facilities", only=("mode",)))
        self._bind(
            "facilities",
            RecordTable(
                doc,
                "facilities.sites",
                Site,
                N_("site"),
                heading=_("Sites"),
                new_item=lambda s: {
                    "name": _unique(_("Site") + " ", {x.name for x in s.facilities.sites}),
                    "capacity_mw": 1000.0,
                    "construction_start": s.timeline.start,
                },
            ),
        )
        self._bind("facilities", Form(doc, Facilities, "facilities", skip=("mode",)))

    def _build_operations(self) -> None:
        doc = self.document
        self._bind("operations", Form(doc, Operations, "operations"))

    def _build_claims(self) -> None:
        doc = self.document
        self._bind("claims", Form(doc, Scenario, "", only=("claim_tolerance",)))
        self._bind(
            "claims",
            RecordTable(
                doc,
                "claims",
                Claim,
                N_("claim"),
                unit_for=self._claim_unit,
                choices={"metric": lambda: sorted(SERIES)},
                new_item=lambda s: {
                    "id": _unique("claim-", {c.id for c in s.claims}),
                    "metric": "capex_total_usd",
                    "period": str(s.timeline.first_year + 1),
                    "measure": "total",
                    "stated": 0.0,
                },
            ),
        )

    def _opened(self, key: str) -> None:
        for section_key, binding in self.bindings:
            if section_key == key:
                binding.activate()

    def _generations(self) -> list[str]:
        return [a.id for a in self.document.scenario.accelerators]

    def _first_generation(self) -> str:
        ids = self._generations()
        return ids[0] if ids else ""  # an empty catalog: the refusal explains what is missing

    @staticmethod
    def _claim_unit(meta, claim):
        return metric_unit(claim.metric, claim.measure) if meta.name == "stated" else None

    def _new_accelerator(self, scenario: Scenario) -> dict:
        """A new generation starts as a copy of the newest one under a fresh id, or of the catalog's H100
        (with its sources) when there is none."""
        taken = {a.id for a in scenario.accelerators}
        base = max(scenario.accelerators, key=lambda a: a.available_from, default=None)
        if base is None:
            item = reference_accelerator().model_dump(mode="python")
            item.update(id=_unique("gpu-", taken), name=_("New accelerator"), available_from=scenario.timeline.start)
            return item
        item = base.model_dump(mode="python")
        item.update(id=_unique("gpu-", taken), name=_("New accelerator"), sources={})
        return item

    # --- model -> widgets
    def _scenario_changed(self, scenario: Scenario) -> None:
        for _key, binding in self.bindings:
            binding.show_scenario(scenario)
        self._show_mode(scenario)
        for key, count, noun in (
            ("accelerators", len(scenario.accelerators), "Accelerators"),
            ("facilities", len(scenario.facilities.sites), "Sites"),
            ("claims", len(scenario.claims), "Claims"),
        ):
            self.sections[key].setText(f"{_(noun)} ({count})")

    def _show_mode(self, scenario: Scenario) -> None:
        plan = scenario.mode == "plan"
        if self.capex_box is not None and self.purchases is not None:
            self.capex_box.setVisible(not plan)
            self.purchases.setVisible(plan)
        self.sections["spending"].setText(_("Purchase plan") if plan else _("Capex plan"))

    def show_baseline(self, scenario: Scenario | None) -> None:
        """Mark every slider at its value in ``scenario`` (the scenario before the edits; None: no marks)."""
        self._baseline = scenario
        for _key, binding in self.bindings:
            binding.show_baseline(scenario)

    # --- refused edits
    def binding_for(self, path: str) -> tuple[str, Binding] | None:
        section = self.sections.get(_SECTION_OF.get(path.split(".")[0], ""))
        if section is not None:
            section.build()  # an input of a section not opened yet: its rows are made now
        matches = [(k, b) for k, b in self.bindings if path == b.path or path.startswith(b.path + ".")]
        return max(matches, key=lambda kb: len(kb[1].path), default=None)

    def field_for(self, path: str) -> QWidget | None:
        """The innermost widget bound to ``path`` (a field, or the table holding it)."""
        found = self.binding_for(path)
        if found is None:
            return None
        return found[1].widget_for(path)

    def _edit_rejected(self, path: str, message: str) -> None:
        found = self.binding_for(path)
        if found is not None:
            found[1].show_error(path, message)

    # --- navigation
    def select_input(self, path: str) -> bool:
        """Expand the section of a dotted input path and focus its widget (rows may be named)."""
        try:
            path = canonical_path(self.document.scenario, path)
        except KeyError:
            return False
        found = self.binding_for(path)
        key = found[0] if found else _SECTION_OF.get(path.split(".")[0])
        if key is None:
            return False
        section = self.sections[key]
        section.expand()
        if found is None:
            self.ensureWidgetVisible(section)
            return True
        binding = found[1]
        binding.focus_path(path)
        target = binding.focus_widget(path)
        self.layout_.activate()
        self.ensureWidgetVisible(target, 0, 40)
        return True

    def expand_all(self) -> None:
        for section in self.sections.values():
            section.expand()
