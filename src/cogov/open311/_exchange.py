"""Requests out of a ledger and into a store, offline: files of GeoReport requests.

:func:`export_requests` writes every issue as a GeoReport request (JSON or XML);
:func:`read_requests` reads such a file back (or a list of POST-like requests);
:func:`import_requests` records them in a store as intake events, idempotently: a request
whose id is already an issue, or that appears twice, is recorded once.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.boundary.store import EventStore
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError
from cogov.model.events import IssueCollected
from cogov.open311._formats import Format, Open311Error, render_list
from cogov.open311._intake import Submission, intake_event
from cogov.open311._requests import service_requests
from cogov.open311._services import Lang, service_name

__all__ = ["ImportResult", "export_requests", "import_requests", "intake_events", "read_requests"]

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def export_requests(
    ledger: Ledger, fmt: Format = "json", *, lang: Lang = "zh", geography: Geography | None = None
) -> bytes:
    """Every issue of ``ledger`` as GeoReport service requests, in ``fmt``."""
    requests = list(service_requests(ledger, lang=lang, geography=geography))
    return render_list(requests, fmt, "service_requests", "request")


def _xml_fields(element: ET.Element) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for child in element:
        if child.tag == "attributes":
            fields["attributes"] = {a.tag: (a.text or "") for a in child}
        else:
            fields[child.tag] = child.text
    return fields


def read_requests(data: bytes, fmt: Format, source: str = "requests") -> list[Submission]:
    """The requests in a GeoReport JSON list or ``<service_requests>`` document."""
    if fmt == "xml":
        if _DTD.search(data):
            msg = f"{source}: XML with a DOCTYPE or entity declarations is refused"
            raise Open311Error(400, msg)
        try:
            root = ET.fromstring(data)  # noqa: S314 - no DTD (checked above), so no entity expansion
        except ET.ParseError as error:
            msg = f"{source}: not well-formed XML: {error}"
            raise Open311Error(400, msg) from None
        if root.tag != "service_requests":
            msg = f"{source}: the root element is <{root.tag}>; expected <service_requests>"
            raise Open311Error(400, msg)
        items: list[Any] = [_xml_fields(child) for child in root if child.tag == "request"]
    else:
        try:
            parsed = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            msg = f"{source}: not JSON: {error}"
            raise Open311Error(400, msg) from None
        if not isinstance(parsed, list):
            msg = f"{source}: expected a JSON list of requests, got {type(parsed).__name__}"
            raise Open311Error(400, msg)
        items = parsed
    submissions = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            msg = f"{source}: request {index}: expected an object"
            raise Open311Error(400, msg)
        submissions.append(Submission.from_fields(item, where=f"{source}: request {index}"))
    return submissions


@attrs.frozen
class ImportResult:
    """What an import did: the ids recorded now and those already there (or repeated)."""

    recorded: tuple[str, ...]
    existing: tuple[str, ...]


def intake_events(
    ledger: Ledger,
    submissions: Iterable[Submission],
    *,
    actor: str,
    reporter: str | None = None,
    at: datetime | None = None,
    geography: Geography | None = None,
) -> tuple[list[IssueCollected], list[str]]:
    """The intake events of ``submissions`` not yet in ``ledger`` (and the ids already there)."""
    at = at or datetime.now(UTC)
    charter = ledger.charter
    kinds = {k.key: k for k in charter.issue_kinds}
    events: list[IssueCollected] = []
    existing: list[str] = []
    seen: set[str] = set()
    for index, submission in enumerate(submissions):
        kind = kinds.get(submission.service_code)
        if kind is None:
            msg = f"request {index}: service_code {submission.service_code!r} is not a service here; services are: {', '.join(kinds)}"
            raise Open311Error(404, msg)
        try:
            event = intake_event(
                submission,
                ledger.community,
                actor=actor,
                at=at,
                reporter=reporter,
                geography=geography,
                service_name=service_name(kind, "zh"),
            )
        except Open311Error as error:
            raise Open311Error(error.code, f"request {index}: {error.description}") from None
        if event.issue in ledger.issues or event.issue in seen:
            existing.append(event.issue)
            continue
        seen.add(event.issue)
        events.append(event)
    return events, existing


def import_requests(
    store: EventStore,
    submissions: Iterable[Submission],
    *,
    actor: str,
    reporter: str | None = None,
    at: datetime | None = None,
    geography: Geography | None = None,
) -> ImportResult:
    """Record ``submissions`` in ``store`` as intake events by ``actor``, all or nothing.

    A refused request (unknown service, no place, the actor not allowed to record intake at
    the unit, a time outside the recording window) raises with its position; nothing of the
    import is written then.
    """
    ledger = store.load()
    events, existing = intake_events(
        ledger, submissions, actor=actor, reporter=reporter, at=at, geography=geography
    )
    if events:
        try:
            store.append(events)
        except CogovError as error:
            raise Open311Error(
                403 if isinstance(error, PermissionError) else 400, redact(str(error))
            ) from None
    return ImportResult(tuple(e.issue for e in events), tuple(existing))
