"""How stored SI/USD numbers are shown in edit widgets: $B for budgets, % for fractions, TFLOP/s."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..formatting import localize_number, number_style, parse_number, unit_text
from ..i18n import N_, _
from ..series import SERIES


@dataclass(frozen=True)
class EditUnit:
    suffix: str  # shown after the number, e.g. "$B"
    div: float = 1.0  # stored = display × div ÷ mult; two factors keep 70 $B == 70e9 exactly
    mult: float = 1.0
    decimals: int = 2

    def to_display(self, stored: float) -> float:
        return stored * self.mult / self.div

    def to_stored(self, display: float) -> float:
        return display * self.div / self.mult

    @property
    def shown(self) -> str:
        """The suffix as people read it in their language ('$B' reads 'Md$' in French)."""
        return unit_text(self.suffix)

    def text(self, stored: float) -> str:
        """A compact display string: thousands separated, no trailing zeros, in the language's marks."""
        out = f"{self.to_display(stored):,.{self.decimals}f}"
        return localize_number(out.rstrip("0").rstrip(".") if "." in out else out)

    def with_number(self, stored: float) -> str:
        """'$70.55B', '45 %', '70,55 Md$': a value with its suffix, the currency first where the language
        writes it so."""
        number = self.text(stored)
        if self.shown.startswith("$") and number_style()["currency_first"]:
            return f"${number}{self.shown[1:]}"
        return f"{number} {self.shown}".strip()


# edit suffixes that are no series' unit, for the catalogue
_SUFFIXES = (N_("$M/MW"), N_("$/MWh"), N_("%"), N_("%/yr"), N_("TFLOP/s"), N_("$"), N_("kgCO₂/MWh"))


# stored unit -> edit unit; USD depends on magnitude (budgets in $B, prices in $)
_UNITS = {
    "USD/MW": EditUnit("$M/MW", div=1e6, decimals=2),
    "USD/MWh": EditUnit("$/MWh", decimals=1),
    "fraction": EditUnit("%", mult=100, decimals=1),
    "fraction/yr": EditUnit("%/yr", mult=100, decimals=1),
    "FLOP/s": EditUnit("TFLOP/s", div=1e12, decimals=1),
    "W": EditUnit("W", decimals=0),
    "MW": EditUnit("MW", decimals=0),
    "GPUs": EditUnit("GPUs", decimals=0),
    "×": EditUnit("×", decimals=2),
    "months": EditUnit("months", decimals=1),
    "years": EditUnit("years", decimals=1),
    "month": EditUnit("", decimals=0),
    "H100e": EditUnit("H100e", decimals=3),
    "MW/acre": EditUnit("MW/acre", decimals=2),
    "kgCO2/MWh": EditUnit("kgCO₂/MWh", decimals=0),
}


def edit_unit(unit: str, maximum: float | None = None) -> EditUnit:
    if unit == "USD":
        if maximum is not None and maximum >= 1e10:
            return EditUnit("$B", div=1e9, decimals=2)
        return EditUnit("$", decimals=0)  # per-unit prices: whole dollars
    return _UNITS.get(unit, EditUnit(unit, decimals=3))


def metric_unit(metric: str, measure: str) -> EditUnit:
    """A claim's stated value is entered the way the metric is displayed ('growth' is a ratio)."""
    spec = SERIES.get(metric)
    if measure == "growth" or spec is None:
        return EditUnit("×", decimals=3)
    div = round(1 / spec.display_scale) if spec.display_scale < 1 else 1.0
    mult = spec.display_scale if spec.display_scale >= 1 else 1.0
    return EditUnit(spec.display_unit, div=div, mult=mult, decimals=3)


_SEPARATOR = re.compile(r"\s*(?:–|—|\.\.|/|\s-\s|(?<=\d)-(?=\d))\s*")


def parse_numbers(text: str) -> list[float]:
    """'60 – 62.5 – 65' or '1,200' (in French '62,5' or '1 200') -> numbers; raises ValueError with the
    rule in words."""
    rule = _("must be a number or a range 'low – base – high'")
    parts = [p for p in _SEPARATOR.split(text.strip()) if p]
    if not 1 <= len(parts) <= 3:
        raise ValueError(rule)
    try:
        return [parse_number(p) for p in parts]
    except ValueError:
        raise ValueError(rule) from None
