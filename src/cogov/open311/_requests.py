"""GeoReport service requests from a ledger's issues.

One issue is one service request: its id, ``open`` while its state's category is open and
``closed`` otherwise (the state's label is the ``status_notes``), the kind as the service,
the summary it was collected with as the description, the role that holds it as
``agency_responsible``, the times from its events (``requested_datetime`` when collected,
``updated_datetime`` at its last step, ``expected_datetime`` from its plan's deadline or its
kind's deadline in working days), its unit as ``address`` and ``address_id``, and ``lat`` /
``long`` when the community's geography places the unit.

Nothing personal leaves: no reporter, and any ID- or phone-shaped run in a summary is masked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, time
from typing import Any, Final

from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.engine.folded import IssueRecord
from cogov.engine.ledger import Ledger
from cogov.model.events import IssueCollected
from cogov.model.workflow import Category
from cogov.open311._services import Lang, service_name

__all__ = ["REQUEST_FIELDS", "address_of", "expected_at", "iso", "service_request", "service_requests"]

#: a service request's fields, in the specification's order
REQUEST_FIELDS: Final = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


def iso(at: datetime | None) -> str | None:
    """ISO 8601 with its UTC offset (the specification's w3c subset), to the second."""
    return None if at is None else at.isoformat(timespec="seconds")


def address_of(ledger: Ledger, unit: str, lang: Lang) -> str:
    """The unit's names from the community down, e.g. ``小西关社区 第一网格 101户``."""
    community = ledger.community
    codes = [*community.ancestors(unit), unit] if community.has_unit(unit) else [unit]
    levels = [level.key for level in community.levels]
    start = levels.index("community") if "community" in levels else 0
    names = []
    for code in codes:
        if not community.has_unit(code):
            continue
        found = community.unit(code)
        if found.level in levels and levels.index(found.level) < start:
            continue
        names.append(found.name_zh if lang == "zh" else found.name_en)
    return " ".join(names) or unit


def expected_at(ledger: Ledger, record: IssueRecord) -> datetime | None:
    """When the issue is due: its plan's deadline, else its kind's deadline in working days."""
    if record.deadline is not None:
        return record.deadline
    days = ledger.charter.issue_kind(record.kind).resolve_within_days
    if days is None:
        return None
    opened = record.opened_at
    due = ledger.charter.calendar.add_working_days(opened.date(), days)
    return datetime.combine(due, time(23, 59, 59), opened.tzinfo)


def _agency(ledger: Ledger, record: IssueRecord, last: Any, lang: Lang) -> str | None:
    """The label of the role the issue's latest step was taken under (as appointments stand now)."""
    roles = ledger.charter.role_set
    authority = ledger.authority
    chosen = None
    transitions = ledger.workflow.transitions_for(getattr(last, "action", ""))
    duty = transitions[0].duty if transitions else None
    if duty is not None:
        chosen = authority.may(last.actor, duty, record.unit, last.at).appointment
    if chosen is None:
        person = record.responsible or last.actor
        held = authority.of_person(person)
        chosen = held[0] if held else None
    if chosen is None:
        return None
    spec = roles[chosen.role]
    return spec.text(lang)


def _notice(ledger: Ledger, record: IssueRecord, lang: Lang) -> str | None:
    days = ledger.charter.issue_kind(record.kind).resolve_within_days
    if days is None:
        return None
    return f"{days}个工作日内办结" if lang == "zh" else f"to be resolved within {days} working days"


def service_request(
    ledger: Ledger, record: IssueRecord, *, lang: Lang = "zh", geography: Geography | None = None
) -> dict[str, Any]:
    """The GeoReport service request of one issue."""
    charter = ledger.charter
    events = ledger.corrected_events
    collected = events[record.seqs[0]]
    last = events[record.seqs[-1]]
    state = ledger.workflow.state(record.state)
    kind = charter.issue_kind(record.kind)
    summary = collected.summary if isinstance(collected, IssueCollected) else ""
    point = geography.point(record.unit) if geography is not None else None
    return {
        "service_request_id": record.id,
        "status": "open" if state.category is Category.OPEN else "closed",
        "status_notes": state.text(lang),
        "service_name": service_name(kind, lang),
        "service_code": kind.key,
        "description": redact(summary),
        "agency_responsible": _agency(ledger, record, last, lang),
        "service_notice": _notice(ledger, record, lang),
        "requested_datetime": iso(record.opened_at),
        "updated_datetime": iso(record.last_at),
        "expected_datetime": iso(expected_at(ledger, record)),
        "address": address_of(ledger, record.unit, lang),
        "address_id": record.unit,
        "zipcode": None,
        "lat": None if point is None else point[0],
        "long": None if point is None else point[1],
        "media_url": None,
    }


def _listed(values: str | Iterable[str] | None) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(",")
    return frozenset(v.strip() for v in values if v.strip())


def service_requests(
    ledger: Ledger,
    *,
    lang: Lang = "zh",
    geography: Geography | None = None,
    ids: str | Iterable[str] | None = None,
    service_codes: str | Iterable[str] | None = None,
    statuses: str | Iterable[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """The service requests of ``ledger``'s issues, filtered as GeoReport's GET requests is.

    ``ids``, ``service_codes`` and ``statuses`` are comma-separated strings or iterables;
    ``start`` / ``end`` bound ``requested_datetime`` (inclusive).
    """
    wanted_ids, codes, wanted_status = _listed(ids), _listed(service_codes), _listed(statuses)
    records: Iterable[IssueRecord]
    if wanted_ids is not None:
        records = [ledger.issues[i] for i in sorted(wanted_ids) if i in ledger.issues]
    else:
        records = ledger.issues.values()
    for record in records:
        if codes is not None and record.kind not in codes:
            continue
        if start is not None and record.opened_at < start:
            continue
        if end is not None and record.opened_at > end:
            continue
        request = service_request(ledger, record, lang=lang, geography=geography)
        if wanted_status is not None and request["status"] not in wanted_status:
            continue
        yield request


def by_id(requests: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {str(r["service_request_id"]): r for r in requests}
