"""P10–P90 under each key figure while uncertainty is on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...formatting import RANGE_DASH, format_range
from ...series import SERIES
from ..kpi import KpiStrip

if TYPE_CHECKING:
    from ...presentation.sampling import Bands


class KpiRanges:
    def __init__(self, strip: KpiStrip):
        self.strip = strip
        self.bands: Bands | None = None
        self.stale = False
        strip.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        strip.basis_box.currentIndexChanged.connect(lambda _i: self.refresh())

    def set_bands(self, bands: Bands | None, stale: bool = False) -> None:
        self.bands, self.stale = bands, stale
        self.refresh()

    def refresh(self) -> None:
        bands, year = self.bands, self.strip.year
        annual = bands.results.annual(bands.basis(self.strip.basis)) if bands is not None else None
        col = annual.column(year) if annual is not None and year is not None else None
        for name, card in self.strip.cards.items():
            if bands is None or col is None:
                card.set_range(None)
                continue
            spec = SERIES[name]
            low, _, high = bands.year(name, self.strip.basis)[:, col]  # display units
            full, short = (format_range(low, high, spec.display_unit, n) for n in (3, 2))
            bare = format_range(low, high, "", 2)  # the card's caption names the unit
            card.set_range([f"P10{RANGE_DASH}P90 {full}", full, short, bare], enabled=not self.stale)

    def text_of(self, name: str) -> str:
        return self.strip.cards[name].range_text()
