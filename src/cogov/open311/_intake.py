"""GeoReport requests in: a submitted or exported request becomes an intake event.

A request is recorded as an :class:`~cogov.model.events.IssueCollected` on the ``app``
channel (社会治理App), by the person the submitting key belongs to, and authorised exactly as
any other event: that person must hold the intake duty over the unit.  A resident who
submits through the app is the issue's *reporter* and an intake person of the community is
its actor.

The place is, in this order: ``address_id`` (a unit code), ``lat`` / ``long`` (the deepest
unit whose area in the community's geography contains the point), ``address_string`` (a
unit's exact name in either language).

**Idempotent.** A request's id is its fingerprint: a hash of who submits it, the service, the
description, the unit and the time given with it, so the same request submitted twice (a
retry, an import run twice) names the same issue and is recorded once.  A request that
carries a ``service_request_id`` (an exported one) keeps it.

**Personal data.** Contact fields (``email``, ``first_name``, ``last_name``, ``phone``,
``device_id``, ``account_id``) are never written to the chain and take no part in the
fingerprint (an 11-digit phone number is too small a space to hide behind a hash); ID- and
phone-shaped runs in a description are masked before it is recorded.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import attrs

from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.errors import CogovError
from cogov.model.events import IssueCollected
from cogov.model.fields import CODE_RE
from cogov.model.structure import Community
from cogov.open311._formats import Open311Error

__all__ = ["CHANNEL", "MAX_DESCRIPTION", "Submission", "intake_event", "request_id"]

#: the intake channel GeoReport requests come by: the community's governance app
CHANNEL: Final = "app"
MAX_DESCRIPTION: Final = 4000
#: contact fields a client may send; accepted and dropped, never recorded
CONTACT_FIELDS: Final = frozenset(
    {"email", "first_name", "last_name", "phone", "device_id", "account_id", "api_key", "jurisdiction_id"}
)
_ATTRIBUTE = re.compile(r"attribute\[([^\]]+)\](?:\[\])?")


def _number(value: object, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        msg = f"{name}: {value!r} is not a number"
        raise Open311Error(400, msg) from None
    if not math.isfinite(number):
        msg = f"{name}: {value!r} is not a finite number"
        raise Open311Error(400, msg)
    return number


def _text(value: object, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        value = str(value)
    if not isinstance(value, str):
        msg = f"{name}: expected text, got {type(value).__name__}"
        raise Open311Error(400, msg)
    return value.strip() or None


def _datetime(value: object, name: str) -> datetime | None:
    text = _text(value, name)
    if text is None:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        msg = f"{name}: {text!r} is not an ISO 8601 date and time (e.g. 2022-03-05T09:30:00+08:00)"
        raise Open311Error(400, msg) from None
    if at.tzinfo is None:
        msg = f"{name}: {text!r} has no timezone; add Z or an offset such as +08:00"
        raise Open311Error(400, msg)
    return at


@attrs.frozen
class Submission:
    """What a GeoReport request asks for, contact fields left out."""

    service_code: str
    description: str | None = None
    address_id: str | None = None
    address_string: str | None = None
    lat: float | None = None
    long: float | None = None
    media_url: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    requested_datetime: datetime | None = None
    service_request_id: str | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any], *, where: str = "request") -> Submission:
        """Read a POST's form fields or an exported request (JSON object or XML element).

        ``attribute[code]`` fields (and an ``attributes`` mapping) become attributes; unknown
        fields and the contact fields are ignored.
        """
        try:
            return cls._read(fields)
        except Open311Error as error:
            raise Open311Error(error.code, f"{where}: {error.description}") from None

    @classmethod
    def _read(cls, fields: Mapping[str, Any]) -> Submission:
        code = _text(fields.get("service_code"), "service_code")
        if code is None:
            msg = "service_code is required"
            raise Open311Error(400, msg)
        description = _text(fields.get("description"), "description")
        if description is not None and len(description) > MAX_DESCRIPTION:
            msg = f"description: {len(description)} characters; at most {MAX_DESCRIPTION} are accepted"
            raise Open311Error(400, msg)
        lat, long = _number(fields.get("lat"), "lat"), _number(fields.get("long"), "long")
        if (lat is None) != (long is None):
            msg = "lat and long go together: give both or neither"
            raise Open311Error(400, msg)
        attributes: dict[str, str] = {}
        for name, value in fields.items():
            match = _ATTRIBUTE.fullmatch(str(name))
            if match:
                attributes[match.group(1)] = str(value)
        given = fields.get("attributes")
        if isinstance(given, Mapping):
            attributes.update({str(k): str(v) for k, v in given.items()})
        return cls(
            service_code=code,
            description=description,
            address_id=_text(fields.get("address_id"), "address_id"),
            address_string=_text(fields.get("address_string") or fields.get("address"), "address_string"),
            lat=lat,
            long=long,
            media_url=_text(fields.get("media_url"), "media_url"),
            attributes=tuple(sorted(attributes.items())),
            requested_datetime=_datetime(fields.get("requested_datetime"), "requested_datetime"),
            service_request_id=_text(fields.get("service_request_id"), "service_request_id"),
        )


def _unit_named(community: Community, name: str) -> str | None:
    matches = [u.code for u in community.units if name in (u.name_zh, u.name_en, u.code)]
    return matches[0] if len(matches) == 1 else None


def place_of(submission: Submission, community: Community, geography: Geography | None) -> str:
    """The unit a request is about, or a 400 :class:`Open311Error` saying what to give."""
    if submission.address_id is not None:
        if not community.has_unit(submission.address_id):
            msg = f"address_id {submission.address_id!r} is not a unit of this community"
            raise Open311Error(400, msg)
        return submission.address_id
    if submission.lat is not None and submission.long is not None:
        try:
            found = geography.locate(submission.lat, submission.long, community) if geography else None
        except CogovError as error:
            raise Open311Error(400, str(error)) from None
        if found is None:
            msg = f"lat/long ({submission.lat}, {submission.long}) is not inside any unit of this community's geography"
            raise Open311Error(400, msg)
        return found
    if submission.address_string is not None:
        found = _unit_named(community, submission.address_string)
        if found is None:
            msg = f"address_string {redact(submission.address_string)!r} does not name exactly one unit; give address_id (a unit code) or lat/long"
            raise Open311Error(400, msg)
        return found
    msg = "a location is required: address_id (a unit code), lat and long, or address_string"
    raise Open311Error(400, msg)


def request_id(submission: Submission, unit: str, actor: str, reporter: str | None) -> str:
    """The request's id: the one it carries, else a fingerprint of what it asks."""
    if submission.service_request_id is not None:
        if CODE_RE.fullmatch(submission.service_request_id) is None:
            msg = f"service_request_id {submission.service_request_id!r} is not a valid id (1-64 letters, digits, '.', '_', '-')"
            raise Open311Error(400, msg)
        return submission.service_request_id
    fields = [
        actor,
        reporter,
        submission.service_code,
        # the masked text: the id is public, and a hash over a phone number's hidden digits
        # would give them back to anyone who tries the 10,000 candidates
        redact((submission.description or "").strip()),
        unit,
        submission.media_url,
        list(submission.attributes),
        None if submission.requested_datetime is None else submission.requested_datetime.isoformat(),
    ]
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()
    return f"r{digest[:23]}"


def intake_event(
    submission: Submission,
    community: Community,
    *,
    actor: str,
    at: datetime,
    reporter: str | None = None,
    geography: Geography | None = None,
    service_name: str | None = None,
) -> IssueCollected:
    """The intake event a request records (not yet validated by a ledger)."""
    unit = place_of(submission, community, geography)
    if submission.attributes:
        codes = ", ".join(code for code, _ in submission.attributes)
        msg = f"service {submission.service_code!r} takes no attributes (its definition lists none); got {codes}"
        raise Open311Error(400, msg)
    summary = redact((submission.description or "").strip() or service_name or submission.service_code)
    try:
        return IssueCollected(
            at=submission.requested_datetime or at,
            actor=actor,
            issue=request_id(submission, unit, actor, reporter),
            kind=submission.service_code,
            unit=unit,
            channel=CHANNEL,
            summary=summary,
            reporter=reporter,
        )
    except CogovError as error:
        raise Open311Error(400, redact(str(error))) from None
