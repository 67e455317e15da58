"""P10–P90 under each key figure while uncertainty is on."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ...formatting import RANGE_DASH, format_range
from ...series import SERIES
from ..kpi import KpiStrip
from .sampling import Bands


class KpiRanges:
    def __init__(self, strip: KpiStrip):
        self.strip = strip
        self.bands: Bands | None = None
        self.stale = False
        self.labels: dict[str, QLabel] = {}
        for name, card in strip.cards.items():
            label = QLabel("")
            label.setObjectName("kpiRange")
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            label.setFont(font)
            label.setToolTip("10th to 90th percentile of the sampled runs, with its unit")
            label.hide()
            card.layout().insertWidget(1, label)
            self.labels[name] = label
        strip.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        strip.basis_box.currentIndexChanged.connect(lambda _i: self.refresh())

    def set_bands(self, bands: Bands | None, stale: bool = False) -> None:
        self.bands, self.stale = bands, stale
        self.refresh()

    def refresh(self) -> None:
        bands, year = self.bands, self.strip.year
        annual = bands.results.annual(bands.basis(self.strip.basis)) if bands is not None else None
        col = annual.column(year) if annual is not None and year is not None else None
        for name, label in self.labels.items():
            if col is None:
                label.hide()
                continue
            spec = SERIES[name]
            low, _, high = bands.year(name, self.strip.basis)[:, col]
            text = f"P10{RANGE_DASH}P90 {format_range(low, high, spec.display_unit)}"  # bands are in display units
            label.setText(text)
            label.setEnabled(not self.stale)
            label.setAccessibleDescription(f"{spec.label} ({spec.tag()}) {text}")
            label.show()

    def text_of(self, name: str) -> str:
        label = self.labels[name]
        return "" if label.isHidden() else label.text()
