"""Numbers as people read them: one Qt-free formatter for the window, the command line and the report."""

from __future__ import annotations

import math

from .series import SERIES


def format_number(value: float | None) -> str:
    """Three significant figures, thousands separated: 62.5, 1.98, 0.289, 1,234; '–' when not defined."""
    if value is None or not math.isfinite(value):
        return "–"
    if value == 0:
        return "0"
    decimals = min(6, max(0, 2 - math.floor(math.log10(abs(value)))))
    return f"{value:,.{decimals}f}"


def format_series_value(name: str, value: float | None) -> str:
    """A value of series ``name`` (stored units) in its display unit: '$62.5B', '1.98 M GPUs', '2.98 GW'."""
    spec = SERIES[name]
    text = format_number(None if value is None else spec.display(value))
    unit = spec.display_unit
    return f"${text}{unit[1:]}" if unit.startswith("$") else f"{text} {unit}"
