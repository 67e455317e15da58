"""Turns scenario inputs into arrays with a leading sample axis.

With one sample every input is its base value (the deterministic run). With more, each range is
drawn from its distribution with a stream seeded by (seed, input path), so a given input draws the
same numbers whatever else the scenario holds.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..model.fields import input_path, row_key
from ..model.ranges import Range


def _constant(samples: int, value: float) -> np.ndarray:
    out = np.empty(samples)  # np.full costs more than the fill itself: about a hundred inputs per run
    out.fill(value)
    return out


def draw(value: float | Range, samples: int, rng: np.random.Generator | None) -> np.ndarray:
    """(samples,) values of one input  [the input's unit]."""
    if not isinstance(value, Range):
        return _constant(samples, float(value))
    if rng is None or value.is_point:
        return _constant(samples, value.base)
    low, base, high = value.low, value.base, value.high
    if value.dist == "uniform":
        return rng.uniform(low, high, samples)
    if value.dist == "triangular":
        return rng.triangular(low, base, high, samples)
    width = high - low  # PERT: a beta distribution with mode at base
    alpha = 1.0 + 4.0 * (base - low) / width
    beta = 1.0 + 4.0 * (high - base) / width
    return low + width * rng.beta(alpha, beta, samples)


def _per_sample(values: np.ndarray | float, samples: int) -> np.ndarray:
    """(samples,) read-only values from one value or (samples,) of them."""
    array = np.asarray(values, dtype=float)
    return array if array.shape == (samples,) else np.broadcast_to(array, (samples,))


class Sampler:
    """Draws inputs by dotted path.

    ``overrides`` pins chosen inputs to given per-sample values, {path: (samples,)}; every other
    input then stays at its base value, so a batch of what-if variants runs as one set of samples.
    """

    def __init__(self, samples: int = 1, seed: int | None = 0, overrides: Mapping[str, np.ndarray] | None = None):
        if samples < 1:
            raise ValueError("samples must be ≥ 1")
        self.samples = samples
        self.seed = 0 if seed is None else int(seed)
        self.overrides = {path: _per_sample(v, samples) for path, v in (overrides or {}).items()}
        self.random = samples > 1 and overrides is None

    def __call__(self, path: str, value: float | Range) -> np.ndarray:
        if path in self.overrides:
            return self.overrides[path].copy()
        if self.random and isinstance(value, Range) and not value.is_point:
            return draw(value, self.samples, np.random.default_rng([self.seed, zlib.crc32(path.encode())]))
        return _constant(self.samples, value.base if isinstance(value, Range) else float(value))

    def each(self, prefix: str, records: Sequence[Any], name: str, rows: Sequence[int] | None = None) -> np.ndarray:
        """(samples, N): the input ``name`` of each record of a list (of its ``rows``, all by default),
        drawn at '<prefix>.<row key>.<name>'.

        One field of every generation (prefix 'accelerators', key its id) or of every site.
        """
        return self.fields(prefix, records, (name,), rows)[0]

    def fields(
        self, prefix: str, records: Sequence[Any], names: Sequence[str], rows: Sequence[int] | None = None
    ) -> list[np.ndarray]:
        """``each`` of several inputs of the same records, [(samples, N) per name]: on base values, one
        table for all of them (and no row keys: no path is asked for)."""
        rows = range(len(records)) if rows is None else rows
        if not rows:
            return [np.zeros((self.samples, 0)) for _ in names]
        if not self.random and not self._overridden(prefix):  # every input at its base value
            values = [getattr(records[i], name) for name in names for i in rows]
            table = np.empty((len(names), self.samples, len(rows)))
            table[:] = np.array([v.base if isinstance(v, Range) else v for v in values]).reshape(len(names), 1, -1)
            return list(table)
        items = [(row_key(records[i], i), records[i]) for i in rows]
        return [
            np.stack([self(input_path(prefix, key, name), getattr(item, name)) for key, item in items], axis=1)
            for name in names
        ]

    def _overridden(self, prefix: str) -> bool:
        """Whether an override pins some input under '<prefix>.'."""
        return bool(self.overrides) and any(
            path.startswith(prefix) and path[len(prefix) : len(prefix) + 1] == "." for path in self.overrides
        )
