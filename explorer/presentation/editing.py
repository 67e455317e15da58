"""What an input editor shows besides the number: a refused entry's rule in words and a slider's span."""

from __future__ import annotations

import re

from ..model.fields import FieldMeta
from .units import EditUnit

_NUMBER = re.compile(r"(?:(?<=[≥≤<>] )|(?<=\()|(?<=got ))-?\d[\d.]*(?:e[-+]?\d+)?")


def humanize(message: str, path: str, unit: EditUnit | None = None) -> str:
    """The rule as the user reads it: no path of the field itself, numbers in the unit edited."""
    lines = []
    for line in message.split("; "):
        where, sep, rule = line.partition(": ")
        if not sep:
            where, rule = "", line
        if unit is not None and unit.suffix:
            rule = _NUMBER.sub(lambda m: f"{unit.text(float(m.group()))} {unit.shown}", rule)
        if where == path or not where:
            lines.append(rule)
        elif where.startswith(path + "."):
            lines.append(f"{where[len(path) + 1 :]}: {rule}")
        else:
            lines.append(f"{where}: {rule}")
    return "\n".join(lines)


def natural_range(meta: FieldMeta, unit: EditUnit) -> tuple[float, float] | None:
    """Display-unit ends of the slider: lower bound .. soft maximum (or a modest maximum)."""
    if meta.lower is None:
        return None
    low = unit.to_display(meta.lower)
    if meta.soft_maximum is not None:
        return low, unit.to_display(meta.soft_maximum)
    if meta.maximum is not None and unit.to_display(meta.maximum) - low <= 1000:
        return low, unit.to_display(meta.maximum)
    return None
