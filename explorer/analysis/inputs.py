"""What the analysis needs to know about one input: its value, bounds and whether the engine can
vary it per sample."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..i18n import _
from ..model.fields import allows_range, field_meta, is_number, row_key, walk
from ..model.paths import field_at, get_path
from ..model.ranges import Range, base_of
from ..model.scenario import Scenario


@dataclass(frozen=True)
class InputInfo:
    path: str
    value: float | Range
    title: str
    unit: str
    minimum: float | None  # inclusive lower bound
    exclusive_minimum: float | None
    maximum: float | None
    soft_maximum: float | None
    uncertain: bool  # declared as a number-or-range: the engine draws it per sample
    integer: bool

    @property
    def base(self) -> float:
        return base_of(self.value)

    @property
    def lower(self) -> float:
        """Smallest allowed value (just above an exclusive minimum)."""
        if self.minimum is not None:
            return self.minimum
        if self.exclusive_minimum is not None:
            step = max(abs(self.exclusive_minimum) * 1e-9, 1e-12)
            return self.exclusive_minimum + (1.0 if self.integer else step)
        return -1e15

    @property
    def upper(self) -> float:
        return self.maximum if self.maximum is not None else 1e15

    def bounds_text(self) -> str:
        """'1 … 3', '> 0 … 1e+15 USD', with the reader's decimal mark and unit."""
        from ..formatting import localize_number, unit_text

        low = (
            f"> {self.exclusive_minimum:g}"
            if self.minimum is None and self.exclusive_minimum is not None
            else f"{self.lower:g}"
        )
        return localize_number(f"{low} … {self.upper:g}") + f" {unit_text(self.unit)}".rstrip()


def _named(node: Any, key: str) -> str:
    """Items of a tuple are named by id or name when they have one, as the engine names them."""
    if isinstance(node, (tuple, list)) and key.isdigit() and int(key) < len(node):
        return row_key(node[int(key)], int(key))
    return key


def input_info(scenario: Scenario | BaseModel, path: str) -> InputInfo:
    """Bounds and kind of the numeric input at ``path`` of a scenario (or a portfolio); KeyError when
    there is none, ValueError when it is not a number. The path comes back in the form the engine draws it by."""
    value = get_path(scenario, path)
    node: Any = scenario
    keys = []
    for key in path.split("."):
        keys.append(_named(node, key))
        node = get_path(node, key)
    info = field_at(scenario, path)
    path = ".".join(keys)
    if info is None or not is_number(value):
        raise ValueError(_("'{path}' is not a numeric input").format(path=path))
    meta = field_meta(path, info)
    uncertain = allows_range(info.annotation)
    return InputInfo(
        path,
        value,
        info.title or path,
        meta.unit,
        meta.minimum,
        meta.exclusive_minimum,
        meta.maximum,
        meta.soft_maximum,
        uncertain,
        not uncertain and info.annotation is int,
    )


def engine_inputs(node: Any, prefix: str = "") -> Iterator[tuple[str, float | Range]]:
    """Every number the engine draws per sample (fields declared as a number or range), ranged or not,
    as (dotted path, value) with items named as the engine names them. Claims are not inputs."""
    for leaf in walk(node, prefix, skip=("claims",)):
        if leaf.info is not None and allows_range(leaf.info.annotation) and is_number(leaf.value):
            yield leaf.path, leaf.value
