"""No response of the server carries a full resident ID number or phone number.

A property test over generated registers: unit names, residents' names and issue summaries
hold ID and phone numbers (a shifted spreadsheet cell, a resident typing their number into
the description); every route the server has is asked, and no answer holds one in full.
The app runs in-process behind Starlette's test client (each example builds its own store).
"""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

import cogov
from cogov import CHINA_TZ, Appointment, Community, Person, Unit
from cogov.boundary.identifiers import check_resident_id, id_check_character
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import InvalidFieldError
from cogov.model.events import IssueCollected
from cogov.serve import Desk, Keyring, Settings, add_key, create_app

COMMUNITY, GRID = "420325100001", "420325100001001"
HOUSEHOLD = "420325100001001010101"
_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["11", "31", "42"])) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
    first17 = region + born.strftime("%Y%m%d") + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return first17 + id_check_character(first17)


phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
numbers = st.one_of(resident_ids(), phones)


def _with(number: st.SearchStrategy[str], text: str) -> st.SearchStrategy[str]:
    return number.map(lambda n: f"{text} {n}")


def full_identifiers(body: str) -> list[str]:
    found = []
    for match in _ID.finditer(body):
        try:
            check_resident_id(match.group())
        except InvalidFieldError:
            continue
        found.append(match.group())
    return found + _MOBILE.findall(body)


ROUTES = (
    "/open311/v2/services.json",
    "/open311/v2/requests.json",
    "/open311/v2/requests.xml",
    "/open311/v2/requests/I-1.json",
    "/open311/v2/requests/I-1.xml",
    "/api/v1/statistics",
    "/api/v1/statistics?level=household",
    "/api/v1/scores",
    "/api/v1/grids.geojson",
    "/?lang=en",
    "/?lang=zh",
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    grid_name=_with(numbers, "网格"),
    household_name=_with(numbers, "户"),
    resident_name=_with(numbers, "王"),
    summaries=st.lists(_with(numbers, "call me"), min_size=1, max_size=3),
)
def test_no_response_holds_a_full_id_or_phone_number(
    grid_name: str, household_name: str, resident_name: str, summaries: list[str]
) -> None:
    """Whatever numbers the register and the summaries hold, every route answers them masked."""
    community = Community()
    community.extend(
        units=[
            Unit(COMMUNITY, "community", "社区", "community"),
            Unit(GRID, "grid", grid_name, grid_name, parent=COMMUNITY),
            Unit(HOUSEHOLD, "household", household_name, household_name, parent=GRID),
        ],
        people=[
            Person("p-cadre", "李干部", attributes={"cadre"}),
            Person("p-resident", resident_name, household=HOUSEHOLD),
        ],
    )
    start = datetime(2022, 1, 1, tzinfo=CHINA_TZ)
    appointments = [Appointment("a-cadre", "p-cadre", "community_cadre", COMMUNITY, start)]
    charter = cogov.basic_charter()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.db"
        with SQLiteStore.create(path, charter, community, appointments) as store:
            now = datetime.now(UTC) - timedelta(minutes=1)
            store.append(
                [
                    IssueCollected(
                        at=now,
                        actor="p-cadre",
                        issue=f"I-{n}",
                        kind="dispute",
                        unit=HOUSEHOLD,
                        channel="app",
                        summary=summary,
                        reporter="p-resident",
                    )
                    for n, summary in enumerate(summaries, start=1)
                ]
            )
        key = add_key(Path(directory) / "keys.json", key_id="reader", person="p-cadre", scopes=["read"])
        desk = Desk(lambda: SQLiteStore.open(path, charter))
        app = create_app(desk, Keyring.read(Path(directory) / "keys.json"), Settings(rate=0))
        with TestClient(app) as client:
            for route in ROUTES:
                response = client.get(route, headers={"X-API-Key": key})
                assert response.status_code == 200, (route, response.text[:300])
                assert full_identifiers(response.text) == [], route
