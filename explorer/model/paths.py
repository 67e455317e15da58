"""Dotted paths into a scenario ('capex.by_year.2025', 'accelerators.h100.tdp_w').

Tuples of items with an ``id`` or ``name`` may be addressed by it as well as by index.
Setting a value builds a new validated scenario; the old one is untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .fields import _join, matches, row_key
from .ranges import Range

ModelT = TypeVar("ModelT", bound=BaseModel)


def _step(node: Any, key: str) -> Any:
    if isinstance(node, BaseModel):
        if key not in type(node).model_fields:
            raise KeyError(key)
        return getattr(node, key)
    if isinstance(node, dict):
        for k, v in node.items():
            if str(k) == key:
                return v
        raise KeyError(key)
    if isinstance(node, (tuple, list)):
        return node[_index(node, key)]
    raise KeyError(key)


def _index(items: Any, key: str) -> int:
    if key.isdigit():
        index = int(key)
        if index < len(items):
            return index
        raise KeyError(key)
    for i, item in enumerate(items):
        if matches(item, key):
            return i
    raise KeyError(key)


def get_path(root: Any, path: str) -> Any:
    node = root
    for key in path.split("."):
        try:
            node = _step(node, key)
        except (KeyError, IndexError):
            raise KeyError(f"no input at '{path}' (stopped at '{key}')") from None
    return node


def _fields(model: BaseModel) -> dict[str, Any]:
    return {name: getattr(model, name) for name in type(model).model_fields}


def _set(node: Any, keys: list[str], value: Any) -> Any:
    """``node`` with the value at ``keys`` replaced, as plain data along the path only.

    Everything off the path stays a validated model instance, which pydantic accepts without
    validating it again: an edit revalidates the sections it passes through, not the scenario.
    """
    if not keys:
        return value
    key, rest = keys[0], keys[1:]
    if isinstance(node, BaseModel):
        fields = _fields(node)
        if key not in fields and rest:
            raise KeyError(key)
        fields[key] = _set(fields.get(key), rest, value)  # an unknown field fails validation by name
        if not rest and fields.get("translations") and value != getattr(node, key, None):
            fields["translations"] = _without(fields["translations"], key)
        return fields
    if isinstance(node, dict):
        match = next((k for k in node if str(k) == key), None)
        if match is None and rest:
            raise KeyError(key)
        copy = dict(node)
        copy[match if match is not None else (int(key) if key.isdigit() else key)] = _set(node.get(match), rest, value)
        return copy
    if isinstance(node, (list, tuple)):
        i = _index(node, key)
        items = list(node)
        items[i] = _set(node[i], rest, value)
        return items
    raise KeyError(key)


def _without(translations: Any, key: str) -> list[Any]:
    """The translations of an item whose text ``key`` was edited: they translated the text before, so
    they are dropped for that text (the edited text is then what every language reads); an entry left
    with nothing translated goes."""
    kept = []
    for entry in translations:
        if getattr(entry, key, ""):
            entry = entry.model_copy(update={key: ""})
        if any(getattr(entry, name) for name in type(entry).model_fields if name != "language"):
            kept.append(entry)
    return kept


def set_path(scenario: ModelT, path: str, value: Any) -> ModelT:
    """A new scenario with ``path`` set to ``value`` (validated; raises ValidationError).

    Validation errors name the full path from the scenario, as when a whole file is read.
    """
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="python")
    try:
        data = _set(scenario, path.split("."), value)
    except (KeyError, IndexError):
        raise KeyError(f"no input at '{path}'") from None
    return type(scenario).model_validate(data)


def uncertain_inputs(node: Any, prefix: str = "") -> Iterator[tuple[str, Range]]:
    """Every numeric input that is a range, as (dotted path, Range): the ranges ``walk`` finds, in its
    order, without a leaf for every input (each sampled portfolio member asks for them)."""
    found: list[tuple[str, Range]] = []
    _collect_ranges(node, prefix, found)
    return iter(found)


def _collect_ranges(node: Any, prefix: str, found: list[tuple[str, Range]]) -> None:
    if isinstance(node, Range):
        found.append((prefix, node))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            _collect_ranges(getattr(node, name), _join(prefix, name), found)
    elif isinstance(node, dict):
        for key, value in node.items():
            _collect_ranges(value, _join(prefix, key), found)
    elif isinstance(node, (tuple, list)):
        for i, item in enumerate(node):
            _collect_ranges(item, _join(prefix, row_key(item, i)), found)


def field_at(root: BaseModel, path: str) -> FieldInfo | None:
    """The model field that holds the input at ``path`` (for 'capex.by_year.2025', ``by_year``)."""
    node: Any = root
    info = None
    for key in path.split("."):
        if isinstance(node, BaseModel) and key in type(node).model_fields:
            info = type(node).model_fields[key]
        node = get_path(node, key)
    return info
