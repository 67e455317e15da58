"""The Inputs panel: every scenario input in collapsible sections, generated from the model.

It follows ``document.scenarioChanged`` (each binding refreshes only when its own value changed)
and edits through ``document.edit`` / ``document.replace``; refused edits come back through
``editRejected`` and are shown beside the input they concern.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget
from superqt import QCollapsible

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
    Source,
    StartingPoint,
    Timeline,
)
from ...presentation.units import metric_unit
from ...series import SERIES
from ..document import Document
from .capex_years import CapexYears, MonthlyProfile
from .form import Form
from .key_value import InputSources
from .mix_table import Candidates, MixTable
from .record_table import RecordTable

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
    path: str

    def show_scenario(self, scenario: Any) -> None: ...
    def show_baseline(self, scenario: Any | None) -> None: ...
    def activate(self) -> None: ...
    def show_error(self, path: str, message: str) -> None: ...
    def focus_path(self, path: str) -> bool: ...
    def focus_widget(self, path: str) -> QWidget: ...


class Section(QCollapsible):
    """A collapsible group whose content keeps its natural height (rows may be added later)."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.toggleButton().setAccessibleName(f"{title} section")
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 2, 4, 8)
        self.body_layout.setSpacing(6)
        self.content().layout().addWidget(self.body)

    def add(self, widget: QWidget) -> QWidget:
        self.body_layout.addWidget(widget)
        return widget

    def expand(self, animate: bool = True) -> None:
        super().expand(animate=False)
        self.content().setMaximumHeight(16777215)

    def collapse(self, animate: bool = True) -> None:
        super().collapse(animate=False)


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
        self.bindings: list[tuple[str, Binding]] = []  # (section key, binding)
        self._build()
        self.layout_.addStretch(1)
        self.setWidget(body)
        # never narrower than its widest row: with no horizontal scroll bar, a cut row could not be reached
        self.setMinimumWidth(body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())
        document.scenarioChanged.connect(self._scenario_changed)
        document.editRejected.connect(self._edit_rejected)
        self._scenario_changed(document.scenario)

    # --- construction
    def _section(self, key: str, title: str) -> Section:
        section = Section(title)
        section.toggled.connect(lambda expanded: expanded and self._opened(key))
        self.sections[key] = section
        self.layout_.addWidget(section)
        return section

    def _register(self, key: str, widget: QWidget) -> QWidget:
        self.bindings += [(key, f) for f in widget.fields] if isinstance(widget, Form) else [(key, widget)]
        return widget

    def _bind(self, key: str, widget: QWidget) -> QWidget:
        self.sections[key].add(widget)
        return self._register(key, widget)

    def _build(self) -> None:
        doc = self.document
        self._section("scenario", _("Scenario and sources"))
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

        self._section("timeline", _("Timeline"))
        self._bind("timeline", Form(doc, Timeline, "timeline"))

        self._section("spending", _("Capex plan"))
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

        self._section("accelerators", _("Accelerators"))
        self._bind(
            "accelerators",
            RecordTable(doc, "accelerators", Accelerator, N_("accelerator"), new_item=self._new_accelerator),
        )

        self._section("mix", _("Procurement mix"))
        self._bind("mix", Form(doc, ProcurementMix, "mix"))
        self._bind("mix", MixTable(doc))
        self._bind("mix", Candidates(doc))

        self._section("starting_point", _("Starting point"))
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

        self._section("power", _("Power chain"))
        self._bind("power", Form(doc, PowerChain, "power", texts={"allocation": _ALLOCATION_TEXTS}))

        self._section("facilities", _("Sites"))
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

        self._section("operations", _("Operations and finance"))
        self._bind("operations", Form(doc, Operations, "operations"))

        self._section("claims", _("Claims"))
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
        plan = scenario.mode == "plan"
        self.capex_box.setVisible(not plan)
        self.purchases.setVisible(plan)
        self.sections["spending"].setText(_("Purchase plan") if plan else _("Capex plan"))
        for key, count, noun in (
            ("accelerators", len(scenario.accelerators), "Accelerators"),
            ("facilities", len(scenario.facilities.sites), "Sites"),
            ("claims", len(scenario.claims), "Claims"),
        ):
            self.sections[key].setText(f"{_(noun)} ({count})")

    def show_baseline(self, scenario: Scenario | None) -> None:
        """Mark every slider at its value in ``scenario`` (the scenario before the edits; None: no marks)."""
        for _key, binding in self.bindings:
            binding.show_baseline(scenario)

    # --- refused edits
    def binding_for(self, path: str) -> tuple[str, Binding] | None:
        matches = [(k, b) for k, b in self.bindings if path == b.path or path.startswith(b.path + ".")]
        return max(matches, key=lambda kb: len(kb[1].path), default=None)

    def field_for(self, path: str) -> QWidget | None:
        """The innermost widget bound to ``path`` (a field, or the table holding it)."""
        found = self.binding_for(path)
        if found is None:
            return None
        inner = getattr(found[1], "field_for", None)
        return (inner(path) if inner else None) or found[1]

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
        self.widget().layout().activate()
        self.ensureWidgetVisible(target, 0, 40)
        return True

    def expand_all(self) -> None:
        for section in self.sections.values():
            section.expand()
