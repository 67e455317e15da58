"""What every layer knows about a scenario's inputs, read from the pydantic declarations in one place:
a field's metadata (``FieldMeta``), the key an item of a list goes by (``row_key``) and one walk over
every input (``walk``). Forms, exports, analysis and the engine all ask here."""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..i18n import _
from .base import YearMonth, field_extra
from .ranges import Range

Kind = Literal["uncertain", "float", "int", "choice", "text", "month", "other"]

_MONTH_CHECK = get_args(YearMonth)[1]


# ---------------------------------------------------------------- items of a list


def row_key(item: Any, index: int) -> str:
    """The key an item of a list goes by in a path: its id, else its name, else its index."""
    if isinstance(item, dict):
        return str(item.get("id") or item.get("name") or index)
    if isinstance(item, BaseModel):  # its fields are in __dict__; asking for one it lacks costs an exception
        item = vars(item)
        return str(item.get("id") or item.get("name") or index)
    return str(getattr(item, "id", None) or getattr(item, "name", None) or index)


def keyed(items: Sequence[Any]) -> list[tuple[str, Any]]:
    """(row key, item) for each item of a list."""
    return [(row_key(item, i), item) for i, item in enumerate(items)]


def input_path(*keys: object) -> str:
    """A dotted path from its keys: ``input_path("facilities.sites", "Hyperion", "capacity_mw")``."""
    return ".".join(map(str, keys))


def matches(item: Any, key: str) -> bool:
    """Whether ``item`` has ``key`` as its id or its name."""
    if isinstance(item, dict):
        return key in (item.get("id"), item.get("name"))
    return key in (getattr(item, "id", None), getattr(item, "name", None))


# ---------------------------------------------------------------- one field


def allows_range(annotation: Any) -> bool:
    """Whether a field declared with ``annotation`` takes a low/base/high range (the engine draws it)."""
    if annotation is Range:
        return True
    return any(allows_range(arg) for arg in get_args(annotation) if not isinstance(arg, (str, int, float)))


@dataclass(frozen=True)
class FieldMeta:
    name: str
    title: str
    description: str
    kind: Kind
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    soft_maximum: float | None = None
    optional: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None

    @property
    def lower(self) -> float | None:
        return self.minimum if self.minimum is not None else self.exclusive_minimum

    @property
    def numeric(self) -> bool:
        return self.kind in ("uncertain", "float", "int")


def _is_optional(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def _kind(info: FieldInfo) -> Kind:
    ann = info.annotation
    if get_origin(ann) in (dict, tuple):
        return "other"
    if allows_range(ann):
        return "uncertain"
    if get_origin(ann) is Literal:
        return "choice"
    if ann is int:
        return "int"
    if ann is float:
        return "float"
    if ann is str:
        return "month" if _MONTH_CHECK in info.metadata else "text"
    return "other"


def field_meta(name: str, info: FieldInfo) -> FieldMeta:
    """Title, help, kind, unit and bounds of one declared field."""
    extra = field_extra(info)
    kind = _kind(info)
    return FieldMeta(
        name=name,
        title=_(info.title) if info.title else name.replace("_", " ").capitalize(),  # English in the model
        description=_(info.description or ""),
        kind=kind,
        unit=extra.get("unit", ""),
        minimum=extra.get("minimum"),
        maximum=extra.get("maximum"),
        exclusive_minimum=extra.get("exclusiveMinimum"),
        soft_maximum=extra.get("softMaximum"),
        optional=_is_optional(info.annotation),
        choices=tuple(get_args(info.annotation)) if kind == "choice" else (),
        max_length=next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None),
    )


def section_fields(model: type[BaseModel]) -> list[FieldMeta]:
    """Every field of a model class, in declaration order."""
    return [field_meta(name, info) for name, info in model.model_fields.items()]


# ---------------------------------------------------------------- every input


@dataclass(frozen=True)
class Leaf:
    """One input: its dotted path (items named by ``row_key``), its value and the model fields it sits in,
    outermost first (a dict's entries and a list's numbers sit in the field that holds them)."""

    path: str
    value: Any
    fields: tuple[tuple[BaseModel, str], ...]

    @property
    def info(self) -> FieldInfo | None:
        if not self.fields:
            return None
        model, name = self.fields[-1]
        return type(model).model_fields[name]

    @property
    def meta(self) -> FieldMeta | None:
        return field_meta(self.fields[-1][1], self.info) if self.info is not None else None


def _join(prefix: str, key: object) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def walk(
    node: Any,
    prefix: str = "",
    skip: tuple[str, ...] = (),
    whole_lists: bool = False,
    _fields: tuple[tuple[BaseModel, str], ...] = (),
) -> Iterator[Leaf]:
    """Every input below ``node``: numbers, ranges, texts and choices, depth first in declaration order.
    Fields named in ``skip`` are left out at every level; with ``whole_lists`` a list of plain values is
    one input rather than one per item."""
    if isinstance(node, Range) or not isinstance(node, (BaseModel, dict, tuple, list)):
        yield Leaf(prefix, node, _fields)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in skip:
                yield from walk(getattr(node, name), _join(prefix, name), skip, whole_lists, (*_fields, (node, name)))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, _join(prefix, key), skip, whole_lists, _fields)
    elif whole_lists and node and not any(isinstance(v, (BaseModel, dict, tuple, list)) for v in node):
        yield Leaf(prefix, node, _fields)
    else:
        for i, item in enumerate(node):
            yield from walk(item, _join(prefix, row_key(item, i)), skip, whole_lists, _fields)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Range)) and not isinstance(value, bool)
