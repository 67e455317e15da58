"""The accelerator catalog shipped in resources/ (each entry with its source)."""

from __future__ import annotations

import json
from functools import lru_cache

from ..model.catalog import Accelerator
from ..resources import resource


@lru_cache(maxsize=1)
def default_catalog() -> tuple[Accelerator, ...]:
    doc = json.loads(resource("catalog.json").read_text(encoding="utf-8"))
    return tuple(Accelerator.model_validate(a) for a in doc["accelerators"])


REFERENCE_ID = "h100"  # the unit of H100-equivalents (h100e = 1)


def reference_accelerator() -> Accelerator:
    """The catalog's H100, where a new generation starts when a scenario has none to copy."""
    return next(a for a in default_catalog() if a.id == REFERENCE_ID)
