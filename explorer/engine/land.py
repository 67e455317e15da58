"""Land stage: campus acres and how many Manhattans they make."""

from __future__ import annotations

import numpy as np

# Manhattan's land area: 22.83 sq mi × 640 acres per sq mi (US Census).
MANHATTAN_ACRES = 22.83 * 640.0


def acres(capacity_mw: np.ndarray, mw_per_acre: np.ndarray) -> np.ndarray:
    """Campus land  [acres] = facility capacity [MW] / density [MW/acre]."""
    return capacity_mw / mw_per_acre


def manhattans(land_acres: np.ndarray) -> np.ndarray:
    """Land as a multiple of Manhattan's land area."""
    return land_acres / MANHATTAN_ACRES
