"""Sweep files: JSON with 'format' and 'schema_version', validated like scenario files.

    {"format": "gigawatt-explorer-sweep", "schema_version": 2,
     "scenarios": ["meta-2025-guidance", "my-plan.gwx"],
     "design": {"method": "lhs", "points": 64},
     "inputs": [{"path": "power.design_pue"}, {"path": "capex.ai_share", "low": 0.5, "high": 0.9}],
     "samples": 100, "seed": 0,
     "outputs": ["facility_power_mw", "gpus_installed"], "years": [2026, 2030]}

Scenarios are preset ids or paths relative to the sweep file. A grid design takes ``levels`` per
input (every combination is a point); Latin hypercube ('lhs') and Sobol designs spread ``points``
over each input's low … high (the scenario's own range unless the file gives one). At each point
``samples`` Monte Carlo draws of every other ranged input are run (1: the deterministic run).

``portfolios`` (bundled ids or portfolio files) run beside the scenarios, one row per run of the
portfolio's total. Their inputs are shared ones (``accelerators.h100.unit_price_usd``,
``shared.electricity_price_usd_per_mwh`` …: every member that has it takes the value) or a member's
own, given with ``"member": "meta"``. Schema 1 had no portfolios; its files read unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..i18n import _
from ..io.scenario_files import ScenarioFileError, read_document
from ..model.errors import problems
from ..series import SERIES

FORMAT = "gigawatt-explorer-sweep"
SCHEMA_VERSION = 2
DEFAULT_CHUNK_ROWS = 4096


class SweepFileError(ScenarioFileError):
    """A sweep file that cannot be used, with the reasons in words (reported like a scenario file's)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SweptInput(_Frozen):
    path: str = Field(
        title="Input path",
        min_length=1,
        description="Dotted path of a numeric input that accepts a range, e.g. power.design_pue.",
    )
    member: str | None = Field(
        None,
        title="Member",
        min_length=1,
        description="Portfolios: the member whose own input this is (none: a shared input).",
    )
    levels: tuple[float, ...] | None = Field(
        None, title="Levels", min_length=1, description="Grid design: the values this input takes."
    )
    low: float | None = Field(
        None, title="Low", description="LHS / Sobol design: the lowest value (default: the scenario's range)."
    )
    high: float | None = Field(None, title="High", description="LHS / Sobol design: the highest value.")

    @model_validator(mode="after")
    def _ordered(self) -> SweptInput:
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise PydanticCustomError(
                "sweep_range",
                "low must be below high ({low} ≥ {high})",
                {"low": f"{self.low:g}", "high": f"{self.high:g}"},
            )
        if (self.low is None) != (self.high is None):
            raise PydanticCustomError("sweep_range", "give both low and high, or neither")
        return self


class Design(_Frozen):
    method: Literal["grid", "lhs", "sobol"] = Field(
        "grid",
        title="Method",
        description="grid: every combination of the inputs' levels; lhs: Latin "
        "hypercube; sobol: scrambled Sobol sequence.",
    )
    points: int | None = Field(
        None, title="Points", ge=1, le=10_000_000, description="LHS / Sobol: how many points (Sobol: a power of two)."
    )

    @model_validator(mode="after")
    def _points(self) -> Design:
        if self.method == "grid" and self.points is not None:
            raise PydanticCustomError(
                "sweep_design",
                "points: a grid has one point per combination of levels; remove 'points' or choose lhs / sobol",
            )
        if self.method != "grid" and self.points is None:
            raise PydanticCustomError(
                "sweep_design", "points: is required for the {method} design", {"method": self.method}
            )
        if self.method == "sobol" and self.points is not None and self.points & (self.points - 1):
            raise PydanticCustomError(
                "sweep_design",
                "points: must be a power of two for a Sobol design (64, 128, 256 …), not {points}",
                {"points": self.points},
            )
        return self


class SweepFile(_Frozen):
    """What to run: scenarios × design points × Monte Carlo samples, and what to keep of each run."""

    name: str = Field("Sweep", title="Name", max_length=120)
    scenarios: tuple[Annotated[str, Field(min_length=1)], ...] = Field(
        (), title="Scenarios", description="Preset ids or scenario files (relative to this file)."
    )
    portfolios: tuple[Annotated[str, Field(min_length=1)], ...] = Field(
        (), title="Portfolios", description="Bundled portfolio ids or portfolio files (relative to this file)."
    )
    design: Design = Field(default_factory=Design, title="Design")
    inputs: tuple[SweptInput, ...] = Field((), title="Inputs to vary")
    samples: int = Field(
        1,
        title="Samples per point",
        ge=1,
        le=10_000_000,
        description="Monte Carlo draws of every other ranged input at each point "
        "(1: every other input at its base value).",
    )
    seed: int = Field(0, title="Seed", ge=0, description="One seed for the whole sweep.")
    outputs: tuple[str, ...] = Field(
        title="Outputs", min_length=1, description="Series to keep, e.g. facility_power_mw."
    )
    years: tuple[int, ...] = Field(title="Years", min_length=1, description="Years to keep of each output.")
    basis: Literal["calendar", "fiscal"] = Field("calendar", title="Year basis")
    chunk_rows: int = Field(
        DEFAULT_CHUNK_ROWS,
        title="Rows per chunk",
        ge=1,
        le=1_000_000,
        description="Engine runs per chunk (a portfolio row is one per member): bounds memory and is the unit "
        "of resuming (results do not depend on it).",
    )

    @field_validator("outputs")
    @classmethod
    def _known_outputs(cls, outputs: tuple[str, ...]) -> tuple[str, ...]:
        for name in outputs:
            if name not in SERIES:
                raise PydanticCustomError(
                    "sweep_output",
                    "unknown output '{name}'; choose from: {known}",
                    {"name": name, "known": ", ".join(SERIES)},
                )
        return outputs

    @model_validator(mode="after")
    def _inputs_fit_design(self) -> SweepFile:
        if not self.scenarios and not self.portfolios:
            raise PydanticCustomError("sweep_runs", "scenarios: name at least one scenario or portfolio")
        paths = [(i.member, i.path) for i in self.inputs]
        if len(set(paths)) != len(paths):
            raise PydanticCustomError("sweep_inputs", "inputs: each path may appear once (per member)")
        if any(i.member for i in self.inputs) and self.scenarios:
            raise PydanticCustomError(
                "sweep_inputs",
                "inputs: a member's input is for portfolios; sweep the scenarios in a file of their own",
            )
        for k, item in enumerate(self.inputs):
            if self.design.method == "grid" and item.levels is None:
                raise PydanticCustomError(
                    "sweep_inputs",
                    "inputs.{k}.levels: a grid design needs the levels of {path}",
                    {"k": k, "path": item.path},
                )
            if self.design.method != "grid" and item.levels is not None:
                raise PydanticCustomError(
                    "sweep_inputs",
                    "inputs.{k}.levels: only a grid design takes levels; give low and high (or neither) for {method}",
                    {"k": k, "method": self.design.method},
                )
        return self


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 added portfolios and members' inputs: a schema-1 sweep means the same."""
    return data


# MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def sweep_from_document(doc: Any, path: str | os.PathLike[str] | None = None) -> SweepFile:
    if not isinstance(doc, dict):
        raise SweepFileError(path, _("is not a sweep: the file holds JSON but not an object"))
    if doc.get("format") != FORMAT:
        raise SweepFileError(
            path, _("is not a Gigawatt Explorer sweep (format should be '{format}')").format(format=FORMAT)
        )
    version = doc.get("schema_version")
    if isinstance(version, bool) or (version not in MIGRATIONS and version != SCHEMA_VERSION):
        raise SweepFileError(path, f"has schema_version {version!r}; this version reads sweep schema {SCHEMA_VERSION}")
    data = {k: v for k, v in doc.items() if k not in ("format", "schema_version")}
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    try:
        return SweepFile.model_validate(data)
    except ValidationError as exc:
        lines = [
            message if where == "(scenario)" else _("{path}: {message}").format(path=where, message=message)
            for where, message in problems(exc)
        ]
        raise SweepFileError(path, _("has invalid values"), lines) from None


def load_sweep_file(path: str | os.PathLike[str]) -> SweepFile:
    """Read and validate a sweep file (its scenarios are resolved by ``plan_sweep``)."""
    try:
        return sweep_from_document(read_document(path), path)
    except SweepFileError:
        raise
    except ScenarioFileError as exc:  # unreadable, damaged JSON …: same words, sweep's own type
        raise SweepFileError(path, exc.message) from None


def sweep_document(sweep: SweepFile) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, **sweep.model_dump(mode="json", exclude_none=True)}


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of sweep files."""
    schema = SweepFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://gigawatt-explorer.org/schema/sweep-v{SCHEMA_VERSION}.json"
    schema["properties"] = {
        "format": {"const": FORMAT, "title": "Format"},
        "schema_version": {"const": SCHEMA_VERSION, "title": "Schema version"},
        **schema.get("properties", {}),
    }
    schema["required"] = sorted(set(schema.get("required", [])) | {"format", "schema_version"})
    return schema
