"""Names of inputs as people read them: 'Hyperion · Cost per MW', 'Total capex per year · 2025'."""

from __future__ import annotations

from ..analysis.inputs import InputInfo, input_info
from ..formatting import input_title
from ..model.fields import is_number, walk
from ..model.scenario import Scenario
from .units import edit_unit

SKIPPED = ("claims", "claim_tolerance")  # compared against the model, not inputs of it


def input_label(scenario: Scenario, path: str, short: bool = False) -> str:
    """The input's title with the item or key it belongs to (see :func:`explorer.formatting.input_title`)."""
    return input_title(scenario, path, short)


def numeric_inputs(scenario: Scenario) -> list[str]:
    """Dotted paths of every numeric input, in scenario order (ranged or not)."""
    return [
        leaf.path
        for leaf in walk(scenario)
        if leaf.path.split(".")[0] not in SKIPPED and is_number(leaf.value) and _numeric(scenario, leaf.path)
    ]


def _numeric(scenario: Scenario, path: str) -> bool:
    try:
        input_info(scenario, path)
    except (KeyError, ValueError):
        return False
    return True


def input_text(info: InputInfo, value: float) -> str:
    """A value of the input in the unit its editor shows: '$70.55B', '1.25 ×', '45 %'."""
    return edit_unit(info.unit, info.maximum).with_number(value)
