"""The rules every number in a scenario obeys, whichever model holds it: finite, and a number in the
file — never text that looks like one ("6.25e10") nor true/false."""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

# NaN and ±Infinity are refused in every float field, with "must be a finite number".
NUMBER_RULES = ConfigDict(allow_inf_nan=False)


Check = Callable[[Any, str], None]


def refuse_loose_numbers(model: type[BaseModel], data: Any) -> Any:
    """Before validation: a number field given text or a boolean is refused, naming the field."""
    if isinstance(data, dict):
        for name, check in _plan(model):
            if name in data:
                check(data[name], name)
    return data


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, Check], ...]:
    """The fields of ``model`` that hold numbers, each with its check (built once per model)."""
    found = ((name, _checker(field.annotation)) for name, field in model.model_fields.items())
    return tuple((name, check) for name, check in found if check is not None)


def _checker(annotation: Any) -> Check | None:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _checker(args[0])
    if origin in (Union, types.UnionType):
        options = _options(annotation)
        return _check_number if str not in options and (int in options or float in options) else None
    if annotation in (int, float):
        return _check_number
    if origin is dict and (inner := _checker(args[1])) is not None:

        def check_values(value: Any, part: str) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    inner(item, f"{part}.{key}")

        return check_values
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and (item_check := _checker(args[0])):

        def check_items(value: Any, part: str) -> None:
            if isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    item_check(item, f"{part}.{i}")

        return check_items
    return None  # text, choices and sections (which check their own fields)


def _options(annotation: Any) -> set[Any]:
    """The plain types a union (of annotated unions…) accepts."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _options(args[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_options(a) for a in args))
    return {annotation}


def _check_number(value: Any, part: str) -> None:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "number_type", "must be a number, not {got}", {"part": part, "got": str(value).lower()}
        )
    if isinstance(value, str):
        raise PydanticCustomError(
            "number_type", 'must be a number, not text (got "{got}")', {"part": part, "got": value[:40]}
        )


__all__ = ["NUMBER_RULES", "refuse_loose_numbers"]
