"""The OpenAPI document fuzzed with schemathesis against a real server: no request gets a 5xx.

Each generated call carries a key that may read and submit, so the fuzzing reaches past the
key check into every route.  Every 4xx is an error in GeoReport's shape (a list of code and
description).  The number of calls made is printed at the end of the module (pytest -s).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")

from .conftest import fresh_store  # noqa: E402 - after the skip for a missing schemathesis
from .server import Server, make_keys, running  # noqa: E402

SERVICE_CODES = (
    "policy_question",
    "reasonable_demand",
    "dispute",
    "hidden_risk",
    "service_request",
    "complaint",
)
PLACES = ("420325100001", "420325100001001", "420325100001001010101")
CALLS: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


@pytest.fixture(scope="module", autouse=True)
def run_size() -> Iterator[None]:
    """Print how many calls the run made, by status (shown with -s)."""
    yield
    print(
        f"\nschemathesis: {sum(CALLS.values())} calls over {len(CALLS)} operations; statuses {dict(STATUSES)}"
    )


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("fuzz")
    store = fresh_store(template, directory)
    keys = make_keys(directory / "keys.json")
    with running(store, directory / "keys.json", keys, "--rate", "0") as server:
        yield server


SHIPPED = Path(__file__).parents[2] / "src/cogov/serve/openapi.json"
SCHEMA = schemathesis.openapi.from_path(str(SHIPPED))
OPERATIONS = {f"{op.method.upper()} {op.path}": op for op in (r.ok() for r in SCHEMA.get_all_operations())}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@given(data=st.data())
def test_no_generated_request_gets_a_server_error(
    operation: str, data: st.DataObject, fuzzed: Server
) -> None:
    """Whatever the generator sends, the answer is not a 5xx; a 4xx is a GeoReport error list."""
    case = data.draw(OPERATIONS[operation].as_strategy())
    if case.query and "api_key" in case.query:
        case.query["api_key"] = fuzzed.keys["desk"]  # a made-up key stops at the door (tested elsewhere)
    if case.method == "POST" and isinstance(case.body, dict) and data.draw(st.booleans()):
        # past the service and place checks, so the rest of the generated body reaches the ledger
        case.body["service_code"] = data.draw(st.sampled_from(SERVICE_CODES))
        case.body["address_id"] = data.draw(st.sampled_from(PLACES))
        case.body.pop("api_key", None)
    response = case.call(base_url=fuzzed.url, headers={"X-API-Key": fuzzed.keys["desk"]}, timeout=30)
    CALLS[operation] += 1
    STATUSES[response.status_code] += 1
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    if 400 <= response.status_code < 500 and not response.text.startswith("<?xml"):
        errors = json.loads(response.text)
        assert all(set(error) == {"code", "description"} for error in errors)
