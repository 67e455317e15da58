"""The article's picture to scale: campus land beside an outline of Manhattan (no Qt).

The outline is approximate (about thirty shore points), scaled so its area is Manhattan's land area,
59.1 km² (22.83 sq mi, US Census); footprints are squares of the campus's land area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine.land import MANHATTAN_ACRES
from .formatting import KM2_PER_ACRE

MANHATTAN_KM2 = MANHATTAN_ACRES * KM2_PER_ACRE  # 59.1 km²

# (longitude, latitude) around the island, from the Battery up the Hudson and back down the East River.
_SHORE = (
    (-74.016, 40.701),
    (-74.013, 40.710),
    (-74.012, 40.725),
    (-74.010, 40.740),
    (-74.006, 40.755),
    (-73.998, 40.768),
    (-73.990, 40.780),
    (-73.980, 40.795),
    (-73.965, 40.815),
    (-73.952, 40.835),
    (-73.940, 40.855),
    (-73.930, 40.870),
    (-73.922, 40.878),
    (-73.910, 40.873),
    (-73.915, 40.862),
    (-73.928, 40.848),
    (-73.933, 40.835),
    (-73.934, 40.818),
    (-73.930, 40.803),
    (-73.940, 40.795),
    (-73.945, 40.780),
    (-73.958, 40.762),
    (-73.967, 40.747),
    (-73.972, 40.735),
    (-73.972, 40.720),
    (-73.980, 40.711),
    (-73.995, 40.707),
    (-74.006, 40.702),
)


def polygon_area(points: np.ndarray) -> float:
    """Shoelace area of a closed polygon given as (N, 2) vertices."""
    x, y = points[:, 0], points[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def manhattan_outline_km() -> np.ndarray:
    """(N, 2) outline in km (x east, y north, the Battery near the origin), area 59.1 km²."""
    lon, lat = np.array(_SHORE).T
    km_per_lon = 111.32 * np.cos(np.radians(40.78))
    points = np.column_stack([(lon - lon[0]) * km_per_lon, (lat - lat[0]) * 111.0])
    return points * np.sqrt(MANHATTAN_KM2 / polygon_area(points))


@dataclass(frozen=True)
class Footprint:
    name: str
    acres: float
    x: float  # lower-left corner  [km]
    y: float
    side: float  # [km]

    @property
    def km2(self) -> float:
        return self.acres * KM2_PER_ACRE


def footprints(acres_by_name: dict[str, float], left: float, gap: float = 0.4) -> list[Footprint]:
    """Squares of each campus's land, stacked upward from the island's south end in a column starting
    at ``left`` km; campuses without land yet are left out."""
    out, y = [], 0.0
    for name, acres in acres_by_name.items():
        if acres > 0:
            side = float(np.sqrt(acres * KM2_PER_ACRE))
            out.append(Footprint(name, float(acres), left, y, side))
            y += side + gap
    return out
