"""Uncertain numbers: a plain value or a low / base / high range with a distribution."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, model_validator
from pydantic_core import PydanticCustomError

from .numbers import NUMBER_RULES, refuse_loose_numbers

Distribution = Literal["uniform", "triangular", "pert"]


class Range(BaseModel):
    """A value known only as a range. The deterministic run uses ``base``."""

    model_config = ConfigDict(frozen=True, extra="forbid", **NUMBER_RULES)

    @model_validator(mode="before")
    @classmethod
    def _strict_numbers(cls, data: Any) -> Any:
        return refuse_loose_numbers(cls, data)

    low: float
    base: float
    high: float
    dist: Distribution = "triangular"

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.low > self.base:
            raise PydanticCustomError(
                "range_order", "must be ≤ base ({base})", {"part": "low", "base": f"{self.base:g}"}
            )
        if self.base > self.high:
            raise PydanticCustomError(
                "range_order", "must be ≥ base ({base})", {"part": "high", "base": f"{self.base:g}"}
            )
        return self

    @property
    def is_point(self) -> bool:
        return self.low == self.high


def _kind(value: Any) -> str | None:
    if isinstance(value, (Range, dict)):
        return "range"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "value"
    if isinstance(value, str):
        return "value"  # let float parsing produce the message
    return None


# A number or a range. Tags keep pydantic from reporting both union members on bad input.
Uncertain = Annotated[
    Union[Annotated[float, Tag("value")], Annotated[Range, Tag("range")]],
    Discriminator(
        _kind,
        custom_error_type="uncertain_type",
        custom_error_message="must be a number or a {low, base, high} range",
    ),
]


def base_of(value: float | Range) -> float:
    return value.base if isinstance(value, Range) else float(value)


def low_of(value: float | Range) -> float:
    return value.low if isinstance(value, Range) else float(value)


def high_of(value: float | Range) -> float:
    return value.high if isinstance(value, Range) else float(value)


def as_point(value: float | Range, which: Literal["low", "base", "high"]) -> float:
    return {"low": low_of, "base": base_of, "high": high_of}[which](value)
