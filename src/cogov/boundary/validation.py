"""Check an incoming event stream against a community and charter, reporting every problem.

Decoding (:mod:`cogov.boundary.codec`) catches malformed values; this catches well-formed
events that refer to things that do not exist or steps that are not allowed, each reported
with its JSON path::

    $.events[3].actor: unknown person 'p-77'; did you mean 'p-7'?
    $.events[5].kind: charter 'basic' has no issue kind 'noise'; known: [...]
    $.events[9]: issue 'I-2' is closed (已办结); 'resolve' is not allowed from there. ...

Events are applied to a scratch ledger in order; a refused event is skipped and checking
goes on, so one run lists every problem (a refused event can make later events of the same
issue fail too; fix from the top).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cogov.boundary.codec import structure_event
from cogov.engine.guards import Guard
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError, DecodeError
from cogov.model.charter import Charter
from cogov.model.events import (
    ActivityHeld,
    Appointed,
    Event,
    FollowUpVisited,
    IssueCollected,
    MeetingHeld,
    PersonRegistered,
    UnitAdded,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["validate_events"]

_PERSON_FIELDS = ("actor", "reporter", "responsible", "mediator", "lawyer", "person")
_PEOPLE_FIELDS = ("attendees", "participants")


def _vocabulary_checks(
    charter: Charter,
) -> dict[type[Event], tuple[tuple[str, Callable[[str], object]], ...]]:
    return {
        IssueCollected: (("kind", charter.issue_kind), ("channel", charter.channel)),
        MeetingHeld: (("kind", charter.meeting_kind),),
        ActivityHeld: (("kind", charter.activity_kind),),
        FollowUpVisited: (("satisfaction", charter.satisfaction),),
        Appointed: (("role", charter.role_set.__getitem__),),
    }


def _checks_of(cls: type[Event], vocabulary: Mapping[type[Event], Any]) -> Any:
    """The vocabulary checks of ``cls`` or of the nearest base that has them: a refined event
    (an association's activity is an activity) names its kinds as its base does."""
    for base in cls.__mro__:
        found = vocabulary.get(base)
        if found is not None:
            return found
    return ()


#: fields that introduce a new id rather than refer to a known one
_INTRODUCED: dict[type[Event], str] = {PersonRegistered: "person", UnitAdded: "unit"}


def _reference_problems(
    event: Event, path: str, community: Community, vocabulary: Mapping[type[Event], Any]
) -> list[str]:
    problems: list[str] = []
    introduced = _INTRODUCED.get(type(event))
    for name in _PERSON_FIELDS:
        if name == introduced:
            continue
        value = getattr(event, name, None)
        if isinstance(value, str) and not community.has_person(value):
            problems.append(f"{path}.{name}: {community.unknown_person(value)}")
    for name in _PEOPLE_FIELDS:
        for i, value in enumerate(getattr(event, name, ())):
            if not community.has_person(value):
                problems.append(f"{path}.{name}[{i}]: {community.unknown_person(value)}")
    unit = getattr(event, "unit", None)
    if introduced != "unit" and isinstance(unit, str) and not community.has_unit(unit):
        problems.append(f"{path}.unit: {community.unknown_unit(unit)}")
    for name, lookup in _checks_of(type(event), vocabulary):
        try:
            lookup(getattr(event, name))
        except CogovError as error:
            problems.append(f"{path}.{name}: {error}")
    return problems


def validate_events(
    community: Community,
    charter: Charter,
    documents: Iterable[Mapping[str, Any] | Event],
    *,
    appointments: Iterable[Appointment] = (),
    guards: Mapping[str, Guard] | None = None,
) -> list[str]:
    """Every problem with ``documents`` (parsed JSON objects or events), one line each.

    An empty list means the whole stream would be accepted by a ledger starting from
    ``community`` and ``appointments`` under ``charter``.
    """
    ledger = Ledger(charter, community, appointments=appointments, guards=guards)
    vocabulary = _vocabulary_checks(charter)
    problems: list[str] = []
    for i, document in enumerate(documents):
        path = f"$.events[{i}]"
        if isinstance(document, Event):
            event = document
        else:
            try:
                event = structure_event(document, path)
            except DecodeError as error:
                problems.extend(error.problems)
                continue
        # References are checked against the community as the events so far made it.
        found = _reference_problems(event, path, ledger.community, vocabulary)
        if found:
            problems.extend(found)
            continue
        try:
            ledger.apply(event)
        except CogovError as error:
            problems.append(f"{path}: {error}")
    return problems
