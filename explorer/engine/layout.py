"""How the engine lays out and walks its large arrays.

(S, T, G) arrays are stored generation by generation, so each generation's (S, T) slice is one
contiguous block; loops over generations then stream through memory instead of striding over it.
Loops that combine several such slices walk the samples in blocks small enough for the CPU cache.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

SAMPLES_PER_BLOCK = 256  # a block of every generation's (samples, months) temporaries stays in the CPU cache

# At most this many (sample, generation) rows: numpy calls over every row at once, since their fixed
# cost is what a run this small pays for; above it, calls that keep a block in the CPU cache.
FEW_ROWS = 32


def generation_major(samples: int, months: int, gens: int, zeros: bool = False) -> np.ndarray:
    """An (S, T, G) array stored generation by generation, uninitialised unless ``zeros``."""
    return (np.zeros if zeros else np.empty)((gens, samples, months)).transpose(1, 2, 0)


def sample_blocks(samples: int) -> Iterator[slice]:
    for start in range(0, samples, SAMPLES_PER_BLOCK):
        yield slice(start, start + SAMPLES_PER_BLOCK)


def by_value(values: np.ndarray) -> Iterator[tuple[int, slice | np.ndarray]]:
    """(value, rows) for each distinct value of a (S,) whole-number array (a lag, a life).

    ``rows`` is a plain slice when every sample agrees (the deterministic run and most sampled
    runs), so a shift along the months is one slice operation instead of a gather.
    """
    first = values.flat[0]
    if (values == first).all():
        yield int(first), slice(None)
        return
    for value in np.unique(values):
        yield int(value), np.nonzero(values == value)[0]
