"""What the analysis needs to know about one input: its value, bounds and whether the engine can
vary it per sample."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..model.base import field_bounds
from ..model.paths import get_path
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
        low = f"> {self.exclusive_minimum:g}" if self.minimum is None and self.exclusive_minimum is not None \
            else f"{self.lower:g}"
        return f"{low} … {self.upper:g} {self.unit}".strip()


def _allows_range(annotation: Any) -> bool:
    if annotation is Range:
        return True
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated) or args:
        return any(_allows_range(a) for a in args if not isinstance(a, (str, int, float)))
    return False


def _key(node: Any, key: str) -> str:
    """Items of a tuple are named by id or name when they have one, as the engine names them."""
    if isinstance(node, (tuple, list)) and key.isdigit() and int(key) < len(node):
        item = node[int(key)]
        return getattr(item, "id", None) or getattr(item, "name", None) or key
    return key


def input_info(scenario: Scenario, path: str) -> InputInfo:
    """Bounds and kind of the numeric input at ``path``; KeyError when there is none, ValueError when
    it is not a number. The path comes back in the form the engine draws it by."""
    value = get_path(scenario, path)
    node: Any = scenario
    field = None
    keys = []
    for key in path.split("."):
        if isinstance(node, BaseModel) and key in type(node).model_fields:
            field = type(node).model_fields[key]
        keys.append(_key(node, key))
        node = get_path(node, key)
    path = ".".join(keys)
    if field is None or isinstance(value, bool) or not isinstance(value, (int, float, Range)):
        raise ValueError(f"'{path}' is not a numeric input")
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    ge, le, gt = field_bounds(extra)
    uncertain = _allows_range(field.annotation)
    return InputInfo(path, value, field.title or path, extra.get("unit", ""), ge, gt, le,
                     extra.get("softMaximum"), uncertain, not uncertain and field.annotation is int)


def engine_inputs(node: Any, prefix: str = "") -> Iterator[tuple[str, float | Range]]:
    """Every number the engine draws per sample (fields declared as a number or range), ranged or not,
    as (dotted path, value) with items named as the engine names them. Claims are not inputs."""
    if not isinstance(node, BaseModel):
        return
    for name, field in type(node).model_fields.items():
        value = getattr(node, name)
        if name == "claims":
            continue
        if _allows_range(field.annotation):
            items = value.items() if isinstance(value, dict) else [("", value)]
            for key, item in items:
                if isinstance(item, (int, float, Range)) and not isinstance(item, bool):
                    yield (f"{prefix}{name}.{key}" if key != "" else f"{prefix}{name}"), item
        elif isinstance(value, BaseModel):
            yield from engine_inputs(value, f"{prefix}{name}.")
        elif isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                yield from engine_inputs(item, f"{prefix}{name}.{_key(value, str(i))}.")
