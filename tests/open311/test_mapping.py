"""The GeoReport v2 mapping: services, requests, JSON and XML, export and idempotent import."""

from __future__ import annotations

import json
import string
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import CHINA_TZ
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.model.events import AnsweredOnSpot, IssueClosed, IssueCollected
from cogov.open311 import (
    Open311Error,
    Submission,
    errors_document,
    export_requests,
    import_requests,
    read_requests,
    render,
    render_list,
    request_id,
    service_definition,
    service_requests,
    services,
)

from .conftest import GRID, HOUSEHOLD, INTAKE, Small, copy_store
from .shapes import (
    check_errors,
    check_requests_json,
    check_requests_xml,
    check_services_json,
    check_services_xml,
)

AT = datetime(2022, 3, 5, 9, 30, tzinfo=CHINA_TZ)


def _open(path: Path, example: Any) -> SQLiteStore:
    return SQLiteStore.open(path, example.charter, guards=example.guards)


def test_every_issue_kind_is_a_service_in_both_formats(example: Any) -> None:
    """Each issue kind of the charter is one service, shaped as the specification's services."""
    listed = services(example.charter, "en")
    assert [s["service_code"] for s in listed] == [k.key for k in example.charter.issue_kinds]
    as_json = check_services_json(render_list(listed, "json", "services", "service"))
    as_xml = check_services_xml(render_list(listed, "xml", "services", "service"))
    assert [s["service_name"] for s in as_json] == [k.en for k in example.charter.issue_kinds]
    assert [s["service_code"] for s in as_xml] == [s["service_code"] for s in as_json]
    chinese = services(example.charter, "zh")
    assert [s["service_name"] for s in chinese] == [k.zh for k in example.charter.issue_kinds]


def test_a_service_definition_lists_its_attributes_and_unknown_codes_are_404(example: Any) -> None:
    """A canonical kind's definition has no attributes; an unknown code is a 404 naming the codes."""
    definition = service_definition(example.charter, "dispute")
    assert definition == {"service_code": "dispute", "attributes": []}
    xml = render(definition, "xml", "service_definition")
    assert xml.endswith(
        b"<service_definition><service_code>dispute</service_code><attributes></attributes></service_definition>"
    )
    with pytest.raises(Open311Error) as caught:
        service_definition(example.charter, "pothole")
    assert caught.value.code == 404
    assert "dispute" in caught.value.description


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_take_the_specifications_shape(fmt: str) -> None:
    """Errors are a list of code and description, in JSON and in XML."""
    body = errors_document([(400, "service_code is required <&>")], fmt)  # type: ignore[arg-type]
    assert check_errors(body, fmt, 400) == "service_code is required <&>"


def test_an_issue_closes_as_a_closed_request_with_its_state_as_notes(example: Any) -> None:
    """A collected issue is open; answered on the spot and closed it is closed, with its times."""
    ledger = example.ledger()
    ledger.apply(
        IssueCollected(
            at=AT,
            actor=INTAKE,
            issue="I-1",
            kind="policy_question",
            unit=HOUSEHOLD,
            channel="app",
            summary="pension?",
        )
    )
    (opened,) = service_requests(ledger, lang="en")
    assert opened["status"] == "open"
    assert opened["requested_datetime"] == "2022-03-05T09:30:00+08:00"
    assert opened["expected_datetime"] == "2022-03-09T23:59:59+08:00"  # a Saturday + 3 working days
    assert opened["address_id"] == HOUSEHOLD
    assert opened["address"].startswith("Xiaoxiguan community grid 1")
    later = datetime(2022, 3, 5, 10, 0, tzinfo=CHINA_TZ)
    ledger.apply(AnsweredOnSpot(at=later, actor=INTAKE, issue="I-1", answer="explained"))
    ledger.apply(IssueClosed(at=later, actor=INTAKE, issue="I-1"))
    (closed,) = service_requests(ledger, lang="en")
    assert closed["status"] == "closed"
    assert closed["status_notes"] == ledger.workflow.state("closed").en
    assert closed["updated_datetime"] == "2022-03-05T10:00:00+08:00"
    assert [r["service_request_id"] for r in service_requests(ledger, statuses="open")] == []
    assert len(list(service_requests(ledger, statuses="open,closed", service_codes="policy_question"))) == 1
    assert list(service_requests(ledger, start=later)) == []


def test_importing_the_same_requests_twice_records_each_once(store_path: Path, example: Any) -> None:
    """A request imported twice, or twice in one file, is one issue: the second is counted as there."""
    request = {"service_code": "dispute", "description": "noise at night", "address_id": HOUSEHOLD}
    data = json.dumps([request, request, {**request, "address_id": GRID}]).encode()
    with _open(store_path, example) as store:
        first = import_requests(store, read_requests(data, "json"), actor=INTAKE)
        assert len(first.recorded) == 2
        assert len(first.existing) == 1
        again = import_requests(store, read_requests(data, "json"), actor=INTAKE)
        assert again.recorded == ()
        assert sorted(again.existing) == sorted([*first.recorded, first.recorded[0]])
        assert len(store) == 2
        store.verify()


def test_a_refused_request_records_nothing_of_the_import(store_path: Path, example: Any) -> None:
    """A request the ledger refuses (the actor may not record intake) stops the whole import."""
    data = json.dumps(
        [
            {"service_code": "dispute", "description": "a", "address_id": HOUSEHOLD},
            {"service_code": "dispute", "description": "b", "address_id": "no-such-unit"},
        ]
    ).encode()
    with _open(store_path, example) as store:
        with pytest.raises(Open311Error, match="request 1: address_id 'no-such-unit'"):
            import_requests(store, read_requests(data, "json"), actor=INTAKE)
        with pytest.raises(Open311Error) as refused:
            import_requests(
                store, read_requests(data[:1] + data[data.index(b"}") + 1 + 1 :], "json"), actor="xxg-nobody"
            )
        assert refused.value.code in (400, 403)
        assert len(store) == 0


def test_xml_with_a_doctype_is_refused_before_parsing() -> None:
    """An XML import with entity declarations is refused (no entity expansion)."""
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><service_requests></service_requests>'
    with pytest.raises(Open311Error, match="DOCTYPE"):
        read_requests(hostile, "xml")


def test_contact_details_are_not_recorded_and_numbers_in_descriptions_are_masked(
    store_path: Path, example: Any
) -> None:
    """Phone, e-mail and names sent with a request never reach the store; numbers typed are masked."""
    fields = {
        "service_code": "hidden_risk",
        "description": "gas smell, call me on 13812345678, ID 11010519491231002X",
        "address_id": GRID,
        "phone": "13912345678",
        "email": "someone@example.org",
        "first_name": "小明",
        "last_name": "王",
        "account_id": "13712345678",
    }
    with _open(store_path, example) as store:
        import_requests(store, [Submission.from_fields(fields)], actor=INTAKE)
        ledger = store.load()
    stored = store_path.read_bytes()
    for secret in (b"13812345678", b"13912345678", b"13712345678", b"11010519491231002X", "小明".encode()):
        assert secret not in stored
    (request,) = service_requests(ledger)
    assert "138****5678" in request["description"]
    assert "1101**********002X" in request["description"]


descriptions = st.text(string.ascii_letters + " 小区路灯坏了", min_size=1, max_size=40).filter(str.strip)


@given(
    picks=st.lists(
        st.tuples(
            st.sampled_from(["dispute", "hidden_risk", "complaint"]),
            descriptions,
            st.sampled_from([HOUSEHOLD, GRID]),
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda p: (p[1].strip(), p[2]),
    ),
    fmt=st.sampled_from(["json", "xml"]),
)
def test_a_request_exported_and_imported_again_is_the_same_request(
    picks: list[tuple[str, str, str]],
    fmt: str,
    small: Small,
    small_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Requests exported from one store and imported into a fresh one export the same again."""
    directory = tmp_path_factory.mktemp("roundtrip")
    first = copy_store(small_template, directory, "a.db")
    second = copy_store(small_template, directory, "b.db")
    submissions = [
        Submission(service_code=code, description=text, address_id=unit) for code, text, unit in picks
    ]
    example = small
    with _open(first, example) as store:
        import_requests(store, submissions, actor=INTAKE)
        exported = export_requests(store.load(), fmt)  # type: ignore[arg-type]
    check = check_requests_json if fmt == "json" else check_requests_xml
    check(exported)
    with _open(second, example) as store:
        result = import_requests(store, read_requests(exported, fmt), actor=INTAKE)  # type: ignore[arg-type]
        assert len(result.recorded) == len(picks)
        again = export_requests(store.load(), fmt)  # type: ignore[arg-type]
    assert again == exported


def test_a_request_id_does_not_depend_on_the_hidden_digits_of_a_number(small: Small) -> None:
    """Two descriptions that differ only in a phone number's masked digits get the same id."""
    one = Submission(service_code="dispute", description="call 13812345678", address_id=HOUSEHOLD)
    two = Submission(service_code="dispute", description="call 13899995678", address_id=HOUSEHOLD)
    assert request_id(one, HOUSEHOLD, INTAKE, None) == request_id(two, HOUSEHOLD, INTAKE, None)
