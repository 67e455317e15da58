"""The land picture's geometry: Manhattan's outline has Manhattan's area; footprints have the campuses'."""

import numpy as np
import pytest

from explorer.engine.land import MANHATTAN_ACRES
from explorer.land_scale import KM2_PER_ACRE, MANHATTAN_KM2, footprints, manhattan_outline_km, polygon_area


def test_the_outline_has_manhattans_land_area_and_shape():
    outline = manhattan_outline_km()
    assert polygon_area(outline) == pytest.approx(59.1, abs=0.05)
    assert pytest.approx(MANHATTAN_ACRES * KM2_PER_ACRE) == MANHATTAN_KM2
    width, height = np.ptp(outline, axis=0)
    assert 18 < height < 23 and width < height / 2  # a long island running north


def test_footprints_are_squares_of_the_campus_land_stacked_without_overlap():
    feet = footprints({"Hyperion": 2222.0, "Not started": 0.0, "Prometheus": 714.0}, left=10.0)
    assert [f.name for f in feet] == ["Hyperion", "Prometheus"]
    for foot in feet:
        assert foot.side**2 == pytest.approx(foot.acres * KM2_PER_ACRE) and foot.x == 10.0
    assert feet[1].y >= feet[0].y + feet[0].side
