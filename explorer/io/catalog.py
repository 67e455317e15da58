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
