"""A time axis labelled in whole years, and value axes that keep our display units."""

from __future__ import annotations

import math

import pyqtgraph as pg


class YearAxis(pg.AxisItem):
    """Decimal years on the data, '2025' on the axis: ticks at year starts, never fractional labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph's name
        span = max(maxVal - minVal, 1e-9)
        pixels_per_year = size / span
        step = 1
        while pixels_per_year * step < 38:  # keep labels apart
            step *= 2 if step < 4 else 2.5
        return [(float(math.ceil(step)), 0.0)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [str(int(round(v))) for v in values]


class ValueAxis(pg.AxisItem):
    """A value axis whose unit is in the label; no automatic k/M/G prefixes (units are already human)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)


class LogValueAxis(ValueAxis):
    """On a log axis, label only the decades, in plain numbers (100, 1,000, 10,000)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802
        out = []
        for v in values:
            if abs(v - round(v)) > 1e-6:
                out.append("")
                continue
            number = 10.0 ** round(v)
            out.append(f"{number:,.0f}" if number >= 1 else f"{number:g}")
        return out
