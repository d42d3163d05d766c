"""``cogov serve`` over real HTTP: GeoReport v2 shapes, writes as authorised events, limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.open311.shapes import (
    check_errors,
    check_requests_json,
    check_requests_xml,
    check_services_json,
    check_services_xml,
)

from cogov.boundary.sqlite_store import SQLiteStore

from .conftest import fresh_store
from .server import INTAKE, RESIDENT, RESIDENT_NAME, Server, make_keys, running

V2 = "/open311/v2"
GRID = "420325100001001"
HOUSEHOLD = "420325100001001010101"

#: every route that needs a key to read, with a path that exists
READ_ROUTES = (
    f"{V2}/services.json",
    f"{V2}/services.xml",
    f"{V2}/services/dispute.json",
    f"{V2}/requests.json",
    f"{V2}/requests.xml",
    f"{V2}/requests/x.json",
    f"{V2}/tokens/x.xml",
    "/api/v1/statistics",
    "/api/v1/scores",
    "/api/v1/grids.geojson",
    "/",
)


def post(client: httpx.Client, key: str, fmt: str = "json", **fields: str) -> httpx.Response:
    return client.post(f"{V2}/requests.{fmt}", data={"api_key": key, **fields})


def test_discovery_is_public_and_points_at_the_endpoint(server: Server) -> None:
    """Discovery needs no key and names the v2 endpoint with both formats."""
    with server.client() as client:
        document = client.get(f"{V2}/discovery.json").json()
        assert document["endpoints"][0]["url"] == f"{server.url}{V2}/"
        assert set(document["endpoints"][0]["formats"]) == {"application/json", "text/xml"}
        xml = client.get(f"{V2}/discovery.xml")
        assert xml.headers["content-type"].startswith("text/xml")
        assert b"<discovery><changeset>" in xml.content


def test_services_take_the_specifications_shape(server: Server, example: Any) -> None:
    """GET services in JSON and XML list the charter's issue kinds in the documented shape."""
    key = server.keys["reader"]
    with server.client() as client:
        as_json = check_services_json(client.get(f"{V2}/services.json", params={"api_key": key}).content)
        as_xml = check_services_xml(client.get(f"{V2}/services.xml", params={"api_key": key}).content)
        definition = client.get(f"{V2}/services/dispute.json", params={"api_key": key}).json()
    assert [s["service_code"] for s in as_json] == [k.key for k in example.charter.issue_kinds]
    assert [s["service_code"] for s in as_xml] == [s["service_code"] for s in as_json]
    assert definition == {"service_code": "dispute", "attributes": []}


def test_a_posted_request_is_recorded_once_and_read_back_in_both_formats(server: Server) -> None:
    """POST gives 201 and an id; the same POST again gives 200 and the same id; GET finds it."""
    key = server.keys["desk"]
    with server.client() as client:
        first = post(client, key, service_code="hidden_risk", description="broken railing", address_id=GRID)
        assert first.status_code == 201, first.text
        (created,) = first.json()
        issue = created["service_request_id"]
        again = post(client, key, service_code="hidden_risk", description="broken railing", address_id=GRID)
        assert again.status_code == 200
        assert again.json()[0]["service_request_id"] == issue
        (found,) = check_requests_json(
            client.get(f"{V2}/requests/{issue}.json", params={"api_key": key}).content
        )
        assert found["status"] == "open"
        assert found["description"] == "broken railing"
        assert found["address_id"] == GRID
        listed = check_requests_xml(client.get(f"{V2}/requests.xml", params={"api_key": key}).content)
        assert issue in [r["service_request_id"] for r in listed]
        filtered = client.get(
            f"{V2}/requests.json", params={"api_key": key, "service_code": "dispute", "status": "closed"}
        ).json()
        assert issue not in [r["service_request_id"] for r in filtered]
        token = client.get(f"{V2}/tokens/{issue}.json", params={"api_key": key}).json()
        assert token == [{"service_request_id": issue, "token": issue}]
        missing = client.get(f"{V2}/requests/nothing.xml", params={"api_key": key})
        assert missing.status_code == 404
        check_errors(missing.content, "xml", 404)


def test_a_resident_reports_through_the_app_and_is_never_shown(server: Server, example: Any) -> None:
    """A resident's key records an app intake by the intake account with the resident as reporter."""
    with server.client() as client:
        response = post(
            client,
            server.keys["resident"],
            service_code="reasonable_demand",
            description="street light out, call 13812345678",
            address_id=HOUSEHOLD,
            phone="13912345678",
            first_name="英德",
        )
        assert response.status_code == 201, response.text
        issue = response.json()[0]["service_request_id"]
        shown = client.get(f"{V2}/requests/{issue}.json", params={"api_key": server.keys["reader"]}).text
    assert "138****5678" in shown
    for secret in ("13812345678", "13912345678", RESIDENT_NAME, RESIDENT):
        assert secret not in shown
    with SQLiteStore.open(server.store, example.charter, guards=example.guards, readonly=True) as store:
        record = store.load().issues[issue]
        events = store.load().events
    assert record.reporter == RESIDENT
    assert record.channel == "app"
    assert events[record.seqs[0]].actor == INTAKE
    assert b"13912345678" not in server.store.read_bytes()


@pytest.mark.parametrize("route", READ_ROUTES)
def test_every_route_refuses_a_missing_unknown_or_underprivileged_key(server: Server, route: str) -> None:
    """No key or an unknown one is 401, a key without the read scope is 403, in the spec's format."""
    fmt = "xml" if route.endswith(".xml") else "json"
    with server.client() as client:
        for params, status in (
            ({}, 401),
            ({"api_key": "not-a-key"}, 401),
            ({"api_key": server.keys["resident"]}, 403),
        ):
            response = client.get(route, params=params)
            assert response.status_code == status, (route, params, response.text)
            check_errors(response.content, fmt, status)
        allowed = client.get(route, params={"api_key": server.keys["reader"]})
        assert allowed.status_code in (200, 404), allowed.text


def test_writes_refuse_missing_unknown_and_underprivileged_keys(server: Server) -> None:
    """POST needs a key with submit or report; a person without the intake duty is refused by the ledger."""
    fields = {"service_code": "dispute", "description": "x", "address_id": GRID}
    with server.client() as client:
        assert client.post(f"{V2}/requests.json", data=fields).status_code == 401
        assert post(client, "not-a-key", **fields).status_code == 401
        reader = post(client, server.keys["reader"], "xml", **fields)
        assert reader.status_code == 403
        check_errors(reader.content, "xml", 403)
        outsider = post(client, server.keys["outsider"], **fields)
        assert outsider.status_code == 403, outsider.text
        assert "xxg-r001010104-2" in check_errors(outsider.content, "json", 403)


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ({"description": "no service"}, 400, "service_code is required"),
        ({"service_code": "pothole", "address_id": GRID}, 404, "not a service"),
        ({"service_code": "dispute"}, 400, "a location is required"),
        ({"service_code": "dispute", "address_id": "nowhere"}, 400, "not a unit"),
        ({"service_code": "dispute", "address_id": GRID, "lat": "x", "long": "1"}, 400, "not a number"),
        (
            {"service_code": "dispute", "address_id": GRID, "attribute[size]": "big"},
            400,
            "takes no attributes",
        ),
    ],
)
def test_bad_requests_are_clear_4xx_errors(
    server: Server, fields: dict[str, str], status: int, words: str
) -> None:
    """A malformed POST is refused with a status and a description that says what is wrong."""
    with server.client() as client:
        response = post(client, server.keys["desk"], **fields)
    assert response.status_code == status
    assert words in check_errors(response.content, "json", status)


def test_bodies_over_the_limit_are_413_and_cors_is_off(server: Server) -> None:
    """A body past the limit is refused before it is read; no CORS header is sent by default."""
    with server.client() as client:
        big = post(
            client, server.keys["desk"], service_code="dispute", address_id=GRID, description="x" * 70_000
        )
        assert big.status_code == 413
        check_errors(big.content, "json", 413)
        preflight = client.get(
            f"{V2}/services.json",
            params={"api_key": server.keys["reader"]},
            headers={"Origin": "https://app.example"},
        )
        assert "access-control-allow-origin" not in preflight.headers


def test_statistics_scores_and_the_report_answer_any_period_unit_and_level(server: Server) -> None:
    """The JSON API gives statistics by level, scores, and the report; a bad period is a 400."""
    key = server.keys["reader"]
    with server.client() as client:
        post(client, server.keys["desk"], service_code="complaint", description="late bus", address_id=GRID)
        whole = client.get("/api/v1/statistics", params={"api_key": key}).json()
        assert whole["statistics"]["issues_collected"] >= 1
        by_grid = client.get(
            "/api/v1/statistics", params={"api_key": key, "level": "grid", "year": "2026"}
        ).json()
        assert by_grid["level"] == "grid"
        assert len(by_grid["units"]) == 14
        assert client.get("/api/v1/statistics", params={"api_key": key, "unit": GRID}).json()["unit"] == GRID
        assert (
            client.get("/api/v1/statistics", params={"api_key": key, "from": "2026-13-01"}).status_code == 400
        )
        assert client.get("/api/v1/statistics", params={"api_key": key, "unit": "nowhere"}).status_code == 404
        assert "scores" in client.get("/api/v1/scores", params={"api_key": key}).json()
        page = client.get("/", params={"api_key": key, "lang": "en"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")


def test_the_openapi_document_is_served_and_shipped(server: Server) -> None:
    """/openapi.json is the document shipped in the package."""
    shipped = Path(__file__).parents[2] / "src/cogov/serve/openapi.json"
    with server.client() as client:
        served = client.get("/openapi.json").json()
    assert served == json.loads(shipped.read_text(encoding="utf-8"))


def test_a_key_past_its_rate_is_told_to_wait(tmp_path: Path, template: Path) -> None:
    """Calls past a key's burst get 429 with Retry-After; another key is unaffected."""
    store = fresh_store(template, tmp_path)
    keys = make_keys(tmp_path / "keys.json")
    with (
        running(store, tmp_path / "keys.json", keys, "--rate", "1", "--burst", "3") as limited,
        limited.client() as client,
    ):
        codes = [
            client.get(f"{V2}/services.json", params={"api_key": keys["reader"]}).status_code
            for _ in range(5)
        ]
        assert codes[:3] == [200, 200, 200]
        assert 429 in codes[3:]
        refused = client.get(f"{V2}/services.json", params={"api_key": keys["reader"]})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert client.get(f"{V2}/services.json", params={"api_key": keys["desk"]}).status_code == 200


def test_requests_are_listed_newest_first_whatever_order_they_arrive_in(server: Server) -> None:
    """A request dated earlier (in another offset) but posted later is listed after the newer one."""
    key = server.keys["desk"]
    earlier = (datetime.now(UTC) - timedelta(hours=1)).astimezone(timezone(timedelta(hours=8)))
    with server.client() as client:
        newer = post(client, key, service_code="complaint", description="order: newer", address_id=GRID)
        older = post(
            client,
            key,
            service_code="complaint",
            description="order: older",
            address_id=GRID,
            requested_datetime=earlier.isoformat(timespec="seconds"),
        )
        assert newer.status_code == older.status_code == 201, older.text
        listed = client.get(
            f"{V2}/requests.json", params={"api_key": key, "service_code": "complaint"}
        ).json()
    ids = [r["service_request_id"] for r in listed]
    assert ids.index(newer.json()[0]["service_request_id"]) < ids.index(older.json()[0]["service_request_id"])
    times = [datetime.fromisoformat(r["requested_datetime"]) for r in listed]
    assert times == sorted(times, reverse=True)
