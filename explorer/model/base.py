"""Shared pieces of every scenario section: frozen models and fields whose bounds,
units and help text are declared once and read by validation, forms and the JSON Schema."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from ..i18n import N_
from .numbers import NUMBER_RULES, refuse_loose_numbers
from .ranges import Range

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _check_year_month(text: str) -> str:
    m = _YEAR_MONTH.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1950 <= int(m.group(1)) <= 2100:
        raise PydanticCustomError("year_month", "must be a month written YYYY-MM (e.g. 2025-01)")
    return text


YearMonth = Annotated[str, AfterValidator(_check_year_month)]


@lru_cache(maxsize=4096)  # a run reads every catalog date and site date: a few dozen strings
def month_number(ym: str) -> int:
    """Months since year 0: '2025-01' -> 2025*12."""
    year, month = ym.split("-")
    return int(year) * 12 + int(month) - 1


def month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


LanguageCode = Annotated[
    str, Field(title="Language", pattern=r"^[a-z]{2}$", description="Two-letter code of the language, e.g. 'fr'.")
]


def translations_field() -> Any:
    """People's text in other languages beside the English source of truth, written to files only when
    there is some: ``[{"language": "fr", "name": "…"}]``."""
    return Field(
        (),
        title="Translations",
        exclude_if=lambda value: not value,
        description="The same text in other languages, one entry per language.",
    )


def quantity(
    default: Any = ...,
    *,
    title: str,
    unit: str,
    description: str = "",
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    soft_max: float | None = None,
    **kwargs: Any,
) -> Any:
    """A numeric field: bounds, unit and help declared once.

    ``soft_max`` is the end of a slider's natural range; values above it stay valid up to ``le``.
    """
    extra: dict[str, str | float] = {"unit": unit}
    for key, bound in (("minimum", ge), ("maximum", le), ("exclusiveMinimum", gt), ("softMaximum", soft_max)):
        if bound is not None:
            extra[key] = bound
    return Field(default, title=title, description=description, json_schema_extra=dict(extra), **kwargs)


def field_extra(info: FieldInfo) -> dict[str, Any]:
    """What ``quantity(...)`` declared beyond pydantic's own: unit, bounds, soft maximum (the one reader)."""
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def _violation(x: float, ge: float | None, le: float | None, gt: float | None) -> tuple[str, float | None] | None:
    """The rule ``x`` breaks, as (message template, limit), or None."""
    if x != x or x in (float("inf"), float("-inf")):
        return N_("must be a finite number (got {got})"), None
    if ge is not None and x < ge:
        return N_("must be ≥ {limit} (got {got})"), ge
    if gt is not None and x <= gt:
        return N_("must be > {limit} (got {got})"), gt
    if le is not None and x > le:
        return N_("must be ≤ {limit} (got {got})"), le
    return None


def _points(value: Any, prefix: str = "") -> list[tuple[str, float]]:
    """Every number inside a field value, with the sub-path that names it."""
    if isinstance(value, Range):
        return [(f"{prefix}{part}", getattr(value, part)) for part in ("low", "base", "high")]
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [(prefix.rstrip("."), float(value))]
    if isinstance(value, dict):
        out: list[tuple[str, float]] = []
        for key, item in value.items():
            out += _points(item, f"{prefix}{key}.")
        return out
    return []


class Section(BaseModel):
    """A frozen part of a scenario. Edits build a new validated copy."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, **NUMBER_RULES)

    @model_validator(mode="before")
    @classmethod
    def _strict_numbers(cls, data: Any) -> Any:
        return refuse_loose_numbers(cls, data)

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        extra = field_extra(field) if field is not None else {}
        if not ({"minimum", "maximum", "exclusiveMinimum"} & extra.keys()):
            return value
        ge, le, gt = extra.get("minimum"), extra.get("maximum"), extra.get("exclusiveMinimum")
        for part, x in _points(value):
            problem = _violation(x, ge, le, gt)
            if problem:
                template, limit = problem
                context = {"part": part, "got": f"{x:g}", "limit": "" if limit is None else f"{limit:g}"}
                raise PydanticCustomError("bounds", template, context)
        return value
