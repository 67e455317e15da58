"""The rules every number in a scenario obeys, whichever model holds it: finite, and a number in the
file — never text that looks like one ("6.25e10") nor true/false."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

# NaN and ±Infinity are refused in every float field, with "must be a finite number".
NUMBER_RULES = ConfigDict(allow_inf_nan=False)


def refuse_loose_numbers(model: type[BaseModel], data: Any) -> Any:
    """Before validation: a number field given text or a boolean is refused, naming the field."""
    if not isinstance(data, dict):
        return data
    for name, field in model.model_fields.items():
        if name in data:
            _check(field.annotation, data[name], name)
    return data


def _check(annotation: Any, value: Any, part: str) -> None:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        _check(args[0], value, part)
    elif origin in (Union, types.UnionType):
        options = _options(annotation)
        if str not in options and (int in options or float in options):
            _check_number(value, part)
    elif annotation in (int, float):
        _check_number(value, part)
    elif origin is dict and isinstance(value, dict):
        for key, item in value.items():
            _check(args[1], item, f"{part}.{key}")
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis and isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check(args[0], item, f"{part}.{i}")


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
        raise PydanticCustomError("number_type", "must be a number, not {got}",
                                  {"part": part, "got": str(value).lower()})
    if isinstance(value, str):
        raise PydanticCustomError("number_type", "must be a number, not text (got \"{got}\")",
                                  {"part": part, "got": value[:40]})


__all__ = ["NUMBER_RULES", "refuse_loose_numbers"]
