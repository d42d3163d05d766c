"""Unit places: points and polygons, locating a point in its grid, GeoJSON out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.boundary.geography import Geography
from cogov.errors import InvalidFieldError
from cogov.open311 import Open311Error, Submission, intake_event

from .conftest import GRID, HOUSEHOLD, INTAKE, Small

COMMUNITY = "420325100001"


def square(x: float, y: float, size: float) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code: str, geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": {"code": code}}


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        feature(COMMUNITY, square(110.0, 32.0, 1.0)),
        feature(GRID, square(110.0, 32.0, 0.5)),
        feature(HOUSEHOLD, {"type": "Point", "coordinates": [110.1, 32.1]}),
    ],
}


@given(long=st.floats(110.0, 110.5), lat=st.floats(32.0, 32.5))
def test_a_point_inside_the_grid_is_placed_in_the_grid(long: float, lat: float, small: Small) -> None:
    """The deepest unit whose polygon covers the point wins over the community around it."""
    geography = Geography.from_geojson(GEOJSON)
    assert geography.locate(lat, long, small.community) == GRID


@given(long=st.floats(110.5, 111.0, exclude_min=True), lat=st.floats(32.5, 33.0, exclude_min=True))
def test_a_point_outside_the_grid_but_inside_the_community_is_placed_in_the_community(
    long: float, lat: float, small: Small
) -> None:
    """Outside every grid, the community's own polygon holds the point."""
    assert Geography.from_geojson(GEOJSON).locate(lat, long, small.community) == COMMUNITY


def test_a_request_with_lat_long_is_recorded_at_the_grid_and_far_away_is_refused(small: Small) -> None:
    """Intake places lat/long in the grid; a point outside the community is a 400."""
    geography = Geography.from_geojson(GEOJSON)
    now = datetime.now(UTC)
    event = intake_event(
        Submission(service_code="dispute", lat=32.2, long=110.2),
        small.community,
        actor=INTAKE,
        at=now,
        geography=geography,
    )
    assert event.unit == GRID
    with pytest.raises(Open311Error, match="not inside any unit") as caught:
        intake_event(
            Submission(service_code="dispute", lat=10.0, long=10.0),
            small.community,
            actor=INTAKE,
            at=now,
            geography=geography,
        )
    assert caught.value.code == 400
    with pytest.raises(Open311Error, match="not on Earth"):
        intake_event(
            Submission(service_code="dispute", lat=100.0, long=10.0),
            small.community,
            actor=INTAKE,
            at=now,
            geography=geography,
        )


def test_points_are_known_and_grids_export_as_geojson_with_figures(small: Small) -> None:
    """A household's point is its lat/long; grids export with the figures given for them."""
    geography = Geography.from_geojson(GEOJSON)
    assert geography.point(HOUSEHOLD) == (32.1, 110.1)
    lat, long = geography.point(GRID) or (0.0, 0.0)
    assert 32.0 < lat < 32.5
    assert 110.0 < long < 110.5
    collection = geography.feature_collection(small.community, "grid", {GRID: {"issues": 3}})
    (grid,) = collection["features"]
    assert grid["properties"] == {"code": GRID, "name_zh": "第一网格", "name_en": "grid 1", "issues": 3}
    assert grid["geometry"]["type"] == "Polygon"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"type": "Feature"}, "FeatureCollection"),
        (
            {
                "type": "FeatureCollection",
                "features": [feature("x", {"type": "LineString", "coordinates": []})],
            },
            "Point, Polygon",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "geometry": None, "properties": {}}],
            },
            "properties.code",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [feature("x", {"type": "Point", "coordinates": [500, 0]})],
            },
            "not on Earth",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    feature(
                        "x", {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
                    )
                ],
            },
            "not valid",
        ),
    ],
)
def test_a_bad_geography_says_which_feature_and_why(document: dict[str, Any], message: str) -> None:
    """Malformed GeoJSON is refused with the feature's position and the reason."""
    with pytest.raises(InvalidFieldError, match=message):
        Geography.from_geojson(document)
