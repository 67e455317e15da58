"""Compute stage: H100-equivalents and peak FLOP/s of the powered fleet."""

from __future__ import annotations

import numpy as np


def fleet_total(powered: np.ndarray, per_gpu: np.ndarray) -> np.ndarray:
    """Σ_g powered[s, t, g] × per_gpu[s, g]  → (S, T)  [per_gpu's unit]."""
    return np.einsum("stg,sg->st", powered, per_gpu)
