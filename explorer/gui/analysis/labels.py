"""Names of inputs as people read them: 'Hyperion · Cost per MW', 'Total capex per year · 2025'."""

from __future__ import annotations

import re
from typing import Any, Iterator

from pydantic import BaseModel

from ...analysis.inputs import InputInfo, input_info
from ...model.paths import get_path
from ...model.ranges import Range
from ...model.scenario import Scenario
from ..panels.units import edit_unit

SKIPPED = ("claims", "claim_tolerance")  # compared against the model, not inputs of it


def _item_name(scenario: Scenario, item: Any) -> str | None:
    name = getattr(item, "name", None) or getattr(item, "id", None)
    generation = getattr(item, "generation", None)
    if name is None and generation is not None:
        try:
            generation = scenario.accelerator(generation).name
        except (KeyError, ValueError, StopIteration):
            pass
        return f"Starting fleet {generation}"
    return name


def input_label(scenario: Scenario, path: str, short: bool = False) -> str:
    """The input's title with the item or key it belongs to; ``short`` drops remarks in brackets."""
    label = _label(scenario, path)
    return re.sub(r" \([^)]*\)", "", label) if short else label


def _label(scenario: Scenario, path: str) -> str:
    try:
        title = input_info(scenario, path).title
    except (KeyError, ValueError):
        title = _field_title(scenario, path)
        if title is None:
            return path
    context, keys_after = [], []  # item names go before the title, dictionary keys after it
    node: Any = scenario
    keys = path.split(".")
    for key in keys:
        child = get_path(node, key)
        if isinstance(node, (tuple, list)) and not isinstance(child, BaseModel):
            keys_after.append(str(int(key) + 1))  # e.g. the month of a profile
        elif isinstance(node, (tuple, list)):
            context.append(_item_name(scenario, child) or key)
        elif isinstance(node, dict):
            keys_after.append(str(key))
        node = child
    return " · ".join([*context, title, *keys_after])


def _field_title(scenario: Scenario, path: str) -> str | None:
    """The title of the model field at the end of ``path`` (lists and whole items have one too)."""
    node: Any = scenario
    title = None
    for key in path.split("."):
        title = type(node).model_fields[key].title if isinstance(node, BaseModel) and \
            key in type(node).model_fields else None
        try:
            node = get_path(node, key)
        except KeyError:
            return None
    return title


def numeric_inputs(scenario: Scenario) -> list[str]:
    """Dotted paths of every numeric input, in scenario order (ranged or not)."""
    return [path for path in _leaves(scenario, "") if _numeric(scenario, path)]


def _leaves(node: Any, prefix: str) -> Iterator[str]:
    if isinstance(node, (int, float, Range)) and not isinstance(node, bool):
        yield prefix
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if not (prefix == "" and name in SKIPPED):
                yield from _leaves(getattr(node, name), f"{prefix}{'.' if prefix else ''}{name}")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{prefix}.{key}")
    elif isinstance(node, (tuple, list)):
        for i, item in enumerate(node):
            key = getattr(item, "id", None) or getattr(item, "name", None) or str(i)
            yield from _leaves(item, f"{prefix}.{key}")


def _numeric(scenario: Scenario, path: str) -> bool:
    try:
        input_info(scenario, path)
    except (KeyError, ValueError):
        return False
    return True


def input_text(info: InputInfo, value: float) -> str:
    """A value of the input in the unit its editor shows: '$70.55B', '1.25 ×', '45 %'."""
    unit = edit_unit(info.unit, info.maximum)
    number = unit.text(value)
    if unit.suffix.startswith("$"):
        return f"${number}{unit.suffix[1:]}"
    return f"{number} {unit.suffix}".strip()
