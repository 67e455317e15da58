"""Fuzzing scenario files. Valid documents (every preset) are mutated field by field with values
drawn from the published JSON Schema — values the schema allows and hostile ones (NaN, ±Infinity,
huge numbers, text, booleans, null, the wrong container) — plus damaged raw bytes. Each file must
either load and simulate with every output finite (a ratio may be undefined, never infinite), or be
refused with a ScenarioFileError whose reasons name a field; never another exception, never a
changed file."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from explorer.engine import simulate
from explorer.io.presets import load_preset, preset_ids
from explorer.io.scenario_files import ScenarioFileError, json_schema, load_scenario, scenario_document
from explorer.series import SERIES

SCHEMA = json_schema()
DEFS = SCHEMA["$defs"]
SEEDS = [scenario_document(load_preset(pid)) for pid in preset_ids()]
PROBLEM = re.compile(r"^[^\s(][^:]*: \S")  # "dotted.field.path: the rule in words"
FUZZ = settings(
    max_examples=2000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
RAW = settings(
    max_examples=1000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
counts = {"loaded": 0, "refused": 0}

# --- strategies from the schema --------------------------------------------------------------------

HOSTILE = st.sampled_from(
    [
        math.nan,
        math.inf,
        -math.inf,
        1e308,
        -1e308,
        1e-320,
        -1,
        0,
        2**63,
        "6.25e10",
        "",
        "\x1b[2J",
        True,
        False,
        None,
        [],
        {},
        [1.0],
        {"low": 1},
    ]
)


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = {**DEFS[schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


_strategies: dict[str, st.SearchStrategy] = {}


def from_schema(schema: dict, bounds: tuple = (None, None), depth: int = 0) -> st.SearchStrategy:
    """Values the schema allows (bounds inherited from an enclosing field, as the model declares them)."""
    key = json.dumps([schema, bounds, depth], sort_keys=True)
    if key not in _strategies:
        _strategies[key] = _from_schema(resolve(schema), bounds, depth)
    return _strategies[key]


def _from_schema(schema: dict, bounds: tuple, depth: int) -> st.SearchStrategy:
    low, high = schema.get("minimum", bounds[0]), schema.get("maximum", bounds[1])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of([from_schema(s, (low, high), depth + 1) for s in schema[key]])
    kind = schema.get("type")
    if kind == "number":
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind == "integer":
        return st.integers(None if low is None else math.ceil(low), None if high is None else math.floor(high))
    if kind == "string":
        return st.text(max_size=12) | st.sampled_from(["2025-01", "h100", "b200", "1999-13"])
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if depth > 3:
        return st.none()
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), (low, high), depth + 1), max_size=13)
    if kind == "object":
        props = schema.get("properties", {})
        if props:
            return st.fixed_dictionaries(
                {}, optional={k: from_schema(v, (None, None), depth + 1) for k, v in props.items()}
            )
        extra = schema.get("additionalProperties", {})
        keys = st.sampled_from(["2024", "2025", "2026", "h100", "b200", "1800", "x"])
        return st.dictionaries(
            keys, from_schema(extra if isinstance(extra, dict) else {}, (low, high), depth + 1), max_size=3
        )
    return HOSTILE


def sub_schema(schema: dict, key: Any) -> dict:
    """The schema of ``key`` inside a value of ``schema`` ({} when the schema does not say)."""
    schema = resolve(schema)
    for union in ("oneOf", "anyOf"):
        for option in schema.get(union, []):
            found = sub_schema(option, key)
            if found:
                return found
    if isinstance(key, int):
        return schema.get("items", {})
    if key in schema.get("properties", {}):
        return schema["properties"][key]
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def places(doc: Any, schema: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every place in ``doc`` with the schema that governs it."""
    found = [(path, schema)] if path else []
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        found += places(value, sub_schema(schema, key), (*path, key))
    return found


def _at(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def put(doc: Any, path: tuple, value: Any, delete: bool = False) -> None:
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = value


class Mutation(tuple):
    def __repr__(self) -> str:  # the mutations, not the whole document
        return f"<{'; '.join(self[1])}>"


PLACES = [places(seed, SCHEMA) for seed in SEEDS]


@st.composite
def mutated_documents(draw) -> Mutation:
    which = draw(st.integers(0, len(SEEDS) - 1))
    doc = json.loads(json.dumps(SEEDS[which]))
    done = []
    for _ in range(draw(st.integers(1, 3))):
        path, schema = draw(st.sampled_from(PLACES[which]))
        try:
            _ = _at(doc, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this place
        how = draw(st.sampled_from(["schema", "schema", "hostile", "delete", "unknown key"]))
        if how == "unknown key":
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            if isinstance(parent, dict):
                parent["surprise"] = draw(HOSTILE)
            else:
                parent.append(draw(HOSTILE))
        else:
            put(doc, path, draw(from_schema(schema) if how == "schema" else HOSTILE), delete=how == "delete")
        done.append(f"{how} {'.'.join(map(str, path))}")
    return Mutation((doc, done))


# --- the checks --------------------------------------------------------------------------------------


def check_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        scenario = load_scenario(path)
    except ScenarioFileError as exc:
        counts["refused"] += 1
        assert str(exc).startswith(f"{path}: ")
        assert all(PROBLEM.match(p) and "Input should" not in p for p in exc.problems), exc.problems
    else:
        counts["loaded"] += 1
        results = simulate(scenario)
        for name, values in results.monthly.items():
            # a ratio is undefined over a zero denominator (shown as '–'), never infinite
            if name in SERIES and SERIES[name].kind == "ratio":
                values = values[~np.isnan(values)]
            assert np.all(np.isfinite(values)), name
    assert path.read_bytes() == data  # loading never writes


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def test_mutated_documents_load_and_simulate_or_are_refused_naming_a_field(fuzz_dir):
    started = time.perf_counter()
    counts.update(loaded=0, refused=0)

    @FUZZ
    @given(mutated_documents())
    def case(mutation):
        doc, done = mutation
        note(done)
        check_file(fuzz_dir / "mutated.gwx", json.dumps(doc, allow_nan=True).encode("utf-8"))

    case()
    print(
        f"\n{sum(counts.values())} mutated documents: {counts['loaded']} loaded and simulated, "
        f"{counts['refused']} refused, in {time.perf_counter() - started:.1f} s"
    )
    assert counts["loaded"] > 100 and counts["refused"] > 100  # both outcomes were exercised


@st.composite
def damaged_bytes(draw) -> bytes:
    original = json.dumps(draw(st.sampled_from(SEEDS))).encode("utf-8")
    how = draw(st.sampled_from(["random", "truncate", "flip", "insert", "duplicate key"]))
    if how == "random":
        return draw(st.binary(max_size=300))
    at = draw(st.integers(0, len(original)))
    if how == "truncate":
        return original[:at]
    if how == "flip":
        return original[:at] + draw(st.binary(min_size=1, max_size=4)) + original[at + 4 :]
    if how == "insert":
        junk = draw(st.sampled_from([b"[", b"{", b"\x00", b"NaN", b"\xff\xfe", b'"', b","]))
        return original[:at] + junk + original[at:]
    return original.replace(b'"name": ', b'"name": "twice", "name": ', 1)


def test_damaged_bytes_are_refused_or_loaded_never_crash(fuzz_dir):
    started = time.perf_counter()
    counts.update(loaded=0, refused=0)

    @RAW
    @given(damaged_bytes())
    def case(data):
        check_file(fuzz_dir / "damaged.gwx", data)

    case()
    print(
        f"\n{sum(counts.values())} damaged files: {counts['refused']} refused, {counts['loaded']} still loaded, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    assert counts["refused"] > 500
