"""What a form needs to know about one model field, read from its pydantic declaration."""

from __future__ import annotations

from ...i18n import _

import types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from ...model.base import YearMonth
from ...model.ranges import Range

Kind = Literal["uncertain", "float", "int", "choice", "text", "month", "other"]

_MONTH_CHECK = get_args(YearMonth)[1]


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


def _mentions(annotation: Any, target: type) -> bool:
    if annotation is target:
        return True
    return any(_mentions(arg, target) for arg in get_args(annotation))


def _is_optional(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def field_meta(name: str, info: FieldInfo) -> FieldMeta:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    ann = info.annotation
    if get_origin(ann) in (dict, tuple):
        kind: Kind = "other"
    elif _mentions(ann, Range):
        kind = "uncertain"
    elif get_origin(ann) is Literal:
        kind = "choice"
    elif ann is int:
        kind = "int"
    elif ann is float:
        kind = "float"
    elif ann is str:
        kind = "month" if _MONTH_CHECK in info.metadata else "text"
    else:
        kind = "other"
    max_length = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
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
        optional=_is_optional(ann),
        choices=tuple(get_args(ann)) if kind == "choice" else (),
        max_length=max_length,
    )


def section_fields(model: type) -> list[FieldMeta]:
    """Every field of a model class, in declaration order."""
    return [field_meta(name, info) for name, info in model.model_fields.items()]
