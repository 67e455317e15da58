"""Validation problems in words: one line per problem, naming the field path and the rule."""

from __future__ import annotations

import itertools
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..i18n import _

_TAGS = {"value", "range"}  # union tags pydantic puts in locations; users never see them


def problem_path(error: ErrorDetails | dict[str, Any]) -> str:
    parts = [str(p) for p in error.get("loc", ()) if p not in _TAGS and p != "[key]"]
    part = (error.get("ctx") or {}).get("part")
    if part:
        parts.append(str(part))
    return ".".join(parts) or "(scenario)"


def problem_message(error: ErrorDetails | dict[str, Any]) -> str:
    msg = str(error.get("msg", ""))
    kind = error.get("type", "")
    if kind == "missing":
        return _("is required")
    if kind == "extra_forbidden":
        return _("is not a known field")
    if error.get("loc", ())[-1:] == ("[key]",):
        return _("is not a year: keys here are years such as 2025")
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if msg.startswith("Input should be "):  # pydantic's wording, in the words of every other rule
        msg = "must be " + msg.removeprefix("Input should be ").replace("a valid dictionary", "an object {…}")
    if kind == "finite_number":
        return _("must be a finite number")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return _("must be a number")
    if error.get("ctx"):
        return _with_context(msg, error["ctx"])
    return _(msg)  # our rules' fixed wording is in the catalogue; pydantic's own stays as it says it


def _with_context(msg: str, ctx: dict[str, Any]) -> str:
    """A rule's message with values ('must be ≤ base (62.5)') in the reader's language: the catalogue
    holds the rule's template ('must be ≤ base ({base})', extracted from the PydanticCustomError that
    raises it), found again by putting the placeholders back in place of the values."""
    values = {key: str(value) for key, value in ctx.items() if str(value)}
    for order in itertools.permutations(values):
        template = msg
        for key in order:
            template = template.replace(values[key], "{" + key + "}")
            translated = _(template)
            if translated != template:
                return translated.format(**ctx)
    return _(msg)


def problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(field path, rule) pairs, in the order pydantic found them."""
    return [(problem_path(e), problem_message(e)) for e in exc.errors()]


def describe(exc: ValidationError) -> list[str]:
    return [_("{path}: {message}").format(path=path, message=message) for path, message in problems(exc)]
