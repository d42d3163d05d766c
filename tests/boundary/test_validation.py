"""Referential checks of an incoming stream: every unknown person, unit or kind, with its path."""

from __future__ import annotations

import json

from cogov import basic_charter
from cogov.boundary import codec
from cogov.boundary.validation import validate_events
from cogov.testing.samples import demo_appointments, demo_community, demo_events


def _documents(count: int) -> list[dict[str, object]]:
    return [json.loads(codec.dumps_event(e)) for e in demo_events(count)]


def test_a_valid_stream_has_no_problems() -> None:
    """A stream a ledger accepts yields an empty list."""
    assert (
        validate_events(demo_community(), basic_charter(), _documents(40), appointments=demo_appointments())
        == []
    )


def test_every_problem_is_listed_with_its_path() -> None:
    """Unknown people, units and kinds, malformed values and refused steps each get a path-bearing line."""
    documents = _documents(20)
    documents[3]["actor"] = "p-77"
    documents[4]["kind"] = "noise"
    documents[4]["unit"] = "H-404"
    documents[19]["attendees"] = ["p-1-1a", "p-9-9z"]
    documents[7]["at"] = "2022-01-03T08:07:00"
    documents[14]["issue"] = "I-nope"
    problems = validate_events(demo_community(), basic_charter(), documents, appointments=demo_appointments())
    expected = [
        "$.events[3].actor: unknown person 'p-77'",
        "$.events[4].unit: unknown unit code 'H-404'",
        "$.events[4].kind: charter 'basic' has no issue kind 'noise'",
        "$.events[7].at: naive date-time '2022-01-03T08:07:00' has no UTC offset",
        "$.events[14]: unknown issue 'I-nope'",
        "$.events[19].attendees[1]: unknown person 'p-9-9z'",
    ]
    for line in expected:
        assert sum(p.startswith(line) for p in problems) == 1, (line, problems)
    # The refused intake of event 4 makes the later steps of its issue fail too, each named.
    assert "$.events[5]: unknown issue 'I-0000001'" in "\n".join(problems)
