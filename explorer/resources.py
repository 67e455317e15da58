"""Where the shipped data lives: beside the package when installed, at the repository top otherwise."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [here / "resources", here.parent / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "explorer" / "resources")
    for path in candidates:
        if (path / "catalog.json").is_file():
            return path
    raise FileNotFoundError("Gigawatt Explorer's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
