"""The live report at ``/`` in headless Chromium, served by a real ``cogov serve``: the charts draw."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from tests.report.browser import find_chromium, open_page

from .conftest import fresh_store
from .server import make_keys, running

CHROMIUM = find_chromium()

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI must have Chromium: .ci/run installs Debian's chromium package", pytrace=False)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable (apt-get install chromium)")


def test_the_served_report_loads_and_draws_its_charts(tmp_path: Path, template: Path) -> None:
    """Requests POSTed over HTTP show in the report Chromium loads from the server, its charts drawn.

    (Three issues leave the score cards not rated and the satisfaction charts empty: those
    draw nothing on purpose, so only charts with data are counted.)
    """
    assert CHROMIUM is not None
    store = fresh_store(template, tmp_path)
    keys = make_keys(tmp_path / "keys.json")
    with running(store, tmp_path / "keys.json", keys, "--rate", "0") as server, server.client() as client:
        for number, grid in enumerate(["420325100001001", "420325100001002", "420325100001003"]):
            response = client.post(
                "/open311/v2/requests.json",
                data={
                    "api_key": keys["desk"],
                    "service_code": "dispute",
                    "description": f"noise {number}",
                    "address_id": grid,
                },
            )
            assert response.status_code == 201
        loaded = open_page(CHROMIUM, f"{server.url}/?api_key={keys['reader']}&lang=en")
    assert loaded.errors == []
    assert loaded.state["ready"] == "true"
    per_chart = {name: (drawn, marks) for name, drawn, marks in loaded.state["per_chart"]}
    drawn, marks = per_chart["funnel"]
    assert drawn == marks > 0
    assert per_chart["grid_map"] == (14, 14)
    assert per_chart["grids"][0] == 3  # one bar per grid that has an issue
    assert per_chart["months"][0] >= 1


def grid_squares(codes: list[str]) -> dict[str, object]:
    """Each grid a square on the ground, four to a row."""
    features = []
    for i, code in enumerate(codes):
        x, y = 110.75 + (i % 4) * 0.002, 32.05 + (i // 4) * 0.002
        ring = [[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"code": code},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def test_with_geography_requests_are_placed_and_the_map_draws_real_outlines(
    tmp_path: Path, template: Path, example: Any
) -> None:
    """With --geo a lat/long POST lands in its grid, grids export as GeoJSON, the map draws outlines."""
    assert CHROMIUM is not None
    codes = [u.code for u in example.community.units_at("grid")]
    geo = tmp_path / "grids.geojson"
    geo.write_text(json.dumps(grid_squares(codes)), encoding="utf-8")
    store = fresh_store(template, tmp_path)
    keys = make_keys(tmp_path / "keys.json")
    with (
        running(store, tmp_path / "keys.json", keys, "--rate", "0", "--geo", str(geo)) as server,
        server.client() as client,
    ):
        # the middle of the sixth square (second row, second column)
        placed = client.post(
            "/open311/v2/requests.json",
            data={
                "api_key": keys["desk"],
                "service_code": "dispute",
                "description": "noise",
                "lat": "32.053",
                "long": "110.753",
            },
        )
        assert placed.status_code == 201, placed.text
        issue = placed.json()[0]["service_request_id"]
        (found,) = client.get(f"/open311/v2/requests/{issue}.json", params={"api_key": keys["reader"]}).json()
        assert found["address_id"] == codes[5]
        assert found["lat"] == pytest.approx(32.053, abs=0.001)
        outside = client.post(
            "/open311/v2/requests.json",
            data={"api_key": keys["desk"], "service_code": "dispute", "lat": "10", "long": "10"},
        )
        assert outside.status_code == 400
        collection = client.get("/api/v1/grids.geojson", params={"api_key": keys["reader"]}).json()
        assert len(collection["features"]) == 14
        counts = {
            f["properties"]["code"]: f["properties"]["issues_collected"] for f in collection["features"]
        }
        assert counts[codes[5]] == 1
        assert sum(counts.values()) == 1
        page = client.get("/", params={"api_key": keys["reader"], "lang": "en"}).text
        loaded = open_page(CHROMIUM, f"{server.url}/?api_key={keys['reader']}&lang=en")
    assert (
        page.count('<path class="mark"') == 2 * 14
    )  # outlines, not tiles (drawn for wide and narrow screens)
    assert loaded.errors == []
    per_chart = {name: (drawn, marks) for name, drawn, marks in loaded.state["per_chart"]}
    assert per_chart["grid_map"] == (14, 14)
    if os.environ.get("COGOV_SCREENSHOT"):
        Path(os.environ["COGOV_SCREENSHOT"]).write_bytes(loaded.screenshot)
