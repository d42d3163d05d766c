"""The live report at ``/`` in headless Chromium, served by a real ``cogov serve``: the charts draw."""

from __future__ import annotations

import os
from pathlib import Path

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
