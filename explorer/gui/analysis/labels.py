"""Names of inputs as people read them: 'Hyperion · Cost per MW', 'Total capex per year · 2025'."""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel

from ...analysis.inputs import InputInfo, input_info
from ...formatting import input_title
from ...model.ranges import Range
from ...model.scenario import Scenario
from ..panels.units import edit_unit

SKIPPED = ("claims", "claim_tolerance")  # compared against the model, not inputs of it


def input_label(scenario: Scenario, path: str, short: bool = False) -> str:
    """The input's title with the item or key it belongs to (see :func:`explorer.formatting.input_title`)."""
    return input_title(scenario, path, short)


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
    return edit_unit(info.unit, info.maximum).with_number(value)
