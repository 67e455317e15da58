"""The KPI strip: headline figures for one year, each saying its layer and whether it is a stock or a flow."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..engine.results import Basis, Results
from ..formatting import format_land_area, format_series_value, split_quantity, unit_text, with_unit
from ..i18n import N_, _
from ..series import SERIES
from .qt import set_item_enabled

KPIS = (
    ("capex_total_usd", N_("Capex")),
    ("gpus_installed", N_("GPUs installed")),
    ("facility_power_mw", N_("Facility power")),
    ("energy_twh", N_("Energy")),
    ("capex_per_gpu_usd", N_("AI capex per GPU")),
    ("manhattans", N_("Land")),
)


class KpiCard(QFrame):
    """One headline figure: its value (shortened rather than cut when the card is narrow), a slot for
    its range, and a caption naming its layer and stock/flow."""

    def __init__(self, name: str, title: str, parent=None):
        super().__init__(parent)
        self.name = name
        spec = SERIES[name]
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        self.value = QLabel("–")
        self.value.setObjectName("kpiValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.value.setFont(font)
        self.range = QLabel("")  # e.g. the P10–P90 of sampled runs, filled by whoever computes it
        self.range.setObjectName("kpiRange")
        small = self.range.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.range.setFont(small)
        self.range.hide()
        # long units ("Manhattans") go under the number so the number keeps its room
        self.unit_in_caption = len(spec.display_unit) > 6 and not spec.display_unit.startswith("$")
        heading = f"{title} ({unit_text(spec.display_unit)})" if self.unit_in_caption else title
        self.caption = QLabel(f"{heading}<br><span style='font-size:small'>{spec.tag()}</span>")
        self.caption.setWordWrap(True)
        self.setMinimumWidth(90)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caption.setToolTip(spec.description or spec.label)
        self.caption.setObjectName("kpiCaption")
        layout.addWidget(self.value)
        layout.addWidget(self.range)
        layout.addWidget(self.caption)
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.figure: float | None = None
        self.range_texts = [""]

    def elided(self) -> bool:
        """The figure (or its range) does not fit its card."""
        return any(
            label.isVisible() and label.fontMetrics().horizontalAdvance(label.text()) > label.contentsRect().width()
            for label in (self.value, self.range)
        )

    def show_value(self, value: float | None) -> None:
        self.figure = value
        self._fit()

    def set_range(self, texts: list[str] | None, enabled: bool = True) -> None:
        """A range under the figure, from the fullest to the shortest way of writing it: the first that
        fits is shown (None hides it)."""
        self.range_texts = list(texts) if texts else [""]
        self.range.setEnabled(enabled)
        self.range.setVisible(bool(texts))
        self._fit()

    def range_text(self) -> str:
        """The range in full (the card may show it without its prefix)."""
        return "" if self.range.isHidden() else self.range_texts[0]

    def _texts(self) -> list[str]:
        """The figure from most to least precise: the first that fits is shown."""
        spec = SERIES[self.name]
        if self.figure is None:
            return ["–"]
        out = []
        for significant in (3, 2):
            number, unit = split_quantity(spec.display(self.figure), spec.display_unit, significant)
            out.append(number if self.unit_in_caption and unit == spec.display_unit else with_unit(number, unit))
        if " " in unit and not unit.startswith("$"):  # '1.2 M': the caption says what is counted
            out.append(f"{number} {unit.split()[0]}")
        return out

    def _fit(self) -> None:
        texts = self._texts()
        metrics, room = self.value.fontMetrics(), self.value.contentsRect().width()
        text = next((t for t in texts if metrics.horizontalAdvance(t) <= room), texts[-1])
        self.value.setText(text)
        metrics, room = self.range.fontMetrics(), self.range.contentsRect().width()
        self.range.setText(
            next((t for t in self.range_texts if metrics.horizontalAdvance(t) <= room), self.range_texts[-1])
        )
        self.range.setToolTip(self.range_texts[0])
        full = format_series_value(self.name, self.figure)
        self.value.setToolTip(full if text != full else "")
        self.setAccessibleDescription(f"{self.accessibleName()} ({SERIES[self.name].tag()}): {full}")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class KpiStrip(QWidget):
    basisChanged = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_("Key figures"))
        self.results: Results | None = None
        self.basis: Basis = "calendar"
        self.year: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        picker = QVBoxLayout()
        self.year_box = QComboBox()
        self.year_box.setAccessibleName(_("Year of the key figures"))
        self.year_box.setToolTip(_("Year the key figures are read for"))
        self.basis_box = QComboBox()
        self.basis_box.addItem(_("Calendar years"), "calendar")
        self.basis_box.addItem(_("Fiscal years"), "fiscal")
        self.basis_box.setAccessibleName(_("Calendar or fiscal years"))
        self.basis_box.setToolTip(_("Sum flows and read stocks per calendar year or per the scenario's fiscal year"))
        picker.addWidget(self.year_box)
        picker.addWidget(self.basis_box)
        layout.addLayout(picker)
        self.cards = {name: KpiCard(name, _(title), self) for name, title in KPIS}
        for card in self.cards.values():
            layout.addWidget(card, 1)
        self.year_box.currentIndexChanged.connect(self._year_picked)
        self.basis_box.currentIndexChanged.connect(self._basis_picked)

    def show_results(self, results: Results, preferred_year: int | None = None) -> None:
        self.results = results
        fiscal_possible = results.fiscal_year_start_month > 1
        set_item_enabled(self.basis_box, 1, fiscal_possible)
        if not fiscal_possible and self.basis == "fiscal":
            self.set_basis("calendar")
        annual = results.annual(self.basis)
        labels = [f"FY{y}" if self.basis == "fiscal" else str(y) for y in annual.years]
        if [self.year_box.itemText(i) for i in range(self.year_box.count())] != labels:
            keep = self.year if self.year in annual.years else preferred_year
            if keep not in annual.years:
                complete = annual.years[annual.complete]
                keep = int(complete[0] if len(complete) else annual.years[0])
            self.year_box.blockSignals(True)
            self.year_box.clear()
            for label, year in zip(labels, annual.years):
                self.year_box.addItem(label, int(year))
            self.year_box.setCurrentIndex(int(list(annual.years).index(keep)))
            self.year_box.blockSignals(False)
            self.year = keep
        self._refresh()

    def set_basis(self, basis: Basis) -> None:
        self.basis_box.setCurrentIndex(0 if basis == "calendar" else 1)

    def set_year(self, year: int) -> None:
        index = self.year_box.findData(year)
        if index >= 0:
            self.year_box.setCurrentIndex(index)

    def _year_picked(self, index: int) -> None:
        if index >= 0:
            self.year = self.year_box.itemData(index)
            self._refresh()

    def _basis_picked(self, index: int) -> None:
        self.basis = self.basis_box.itemData(index)
        if self.results is not None:
            self.show_results(self.results)
        self.basisChanged.emit(self.basis)

    def _refresh(self) -> None:
        if self.results is None:
            return
        annual = self.results.annual(self.basis)
        col = annual.column(self.year) if self.year is not None else None
        for name, card in self.cards.items():
            card.show_value(None if col is None else float(annual.values[name][0, col]))
        land = self.cards.get("manhattans")
        if land is not None:  # a share of Manhattan says little without the area it stands for
            acres = None if col is None else float(annual.values["land_acres"][0, col])
            land.caption.setText(
                _("Land (Manhattans)") + "<br>"
                f"<span style='font-size:small'>{format_land_area(acres)}"
                f"<br>{SERIES['manhattans'].tag()}</span>"
            )

    def text_of(self, name: str) -> str:
        return self.cards[name].value.text()
