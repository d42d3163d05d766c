"""Hostile JSON ends in a DecodeError that says what is wrong, never another exception."""

from __future__ import annotations

import json

import pytest

from cogov.boundary import codec
from cogov.boundary.strict_json import MAX_INTEGER_DIGITS, parse_json
from cogov.errors import DecodeError, InvalidFieldError

HEADER = '{"format":"cogov.events","version":1}'
ACTIVITY = (
    '{"type":"activity_held","at":"2022-01-06T10:00:00+08:00","actor":"xxg-police",'
    '"activity":"A1","kind":"anti_fraud_talk","unit":"420325100001","participants":[],"hours":%s}'
)

HOSTILE_EVENTS = {
    "array nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "object nested 100,000 deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "integer of 5,000 digits": ACTIVITY % ("9" * 5000),
    "integer beyond a float": ACTIVITY % ("9" * 400),
    "type tag is a list": '{"type":["issue_collected"]}',
    "type tag is an object": '{"type":{"issue_collected":1}}',
    "type tag is a number": '{"type":7}',
    "duplicate key": ACTIVITY % '1,"hours":2',
    "NaN": ACTIVITY % "NaN",
}


@pytest.mark.parametrize("text", HOSTILE_EVENTS.values(), ids=HOSTILE_EVENTS.keys())
def test_loads_event_refuses_hostile_json_with_a_decode_error(text: str) -> None:
    """Every hostile single event raises DecodeError (a CogovError), nothing else."""
    with pytest.raises(DecodeError) as caught:
        codec.loads_event(text)
    assert len(str(caught.value)) < 500


@pytest.mark.parametrize("text", HOSTILE_EVENTS.values(), ids=HOSTILE_EVENTS.keys())
def test_event_streams_and_documents_refuse_hostile_json(text: str) -> None:
    """The same inside a JSON Lines stream (named by its line) and a JSON document."""
    with pytest.raises(DecodeError) as caught:
        codec.loads_events(f"{HEADER}\n{text}\n")
    assert "line 2" in str(caught.value) or "$.events[0]" in str(caught.value)
    with pytest.raises(DecodeError):
        codec.loads_events_document(f'{{"format":"cogov.events","version":1,"events":[{text}]}}')


def test_messages_say_what_is_wrong() -> None:
    """Each refusal names its cause: depth, length, the tag's type, the repeated key."""
    cases = {
        "array nested 100,000 deep": "nested too deeply",
        "integer of 5,000 digits": "5,000 digits",
        "type tag is a list": "'type' tag must be a string",
        "duplicate key": "'hours' appears twice",
    }
    for name, phrase in cases.items():
        with pytest.raises(DecodeError, match=phrase):
            codec.loads_event(HOSTILE_EVENTS[name])


def test_duplicate_keys_are_refused_not_last_wins() -> None:
    """json keeps the last of two equal keys silently; cogov refuses the object."""
    assert json.loads('{"a":1,"a":2}') == {"a": 2}
    with pytest.raises(InvalidFieldError, match="'a' appears twice"):
        parse_json('{"a":1,"a":2}')
    assert parse_json('{"a":1,"a":2}', unique_keys=False) == {"a": 2}


def test_integers_up_to_the_limit_are_read() -> None:
    """The longest accepted integer literal still parses exactly."""
    assert parse_json("9" * MAX_INTEGER_DIGITS) == int("9" * MAX_INTEGER_DIGITS)
    assert parse_json("-" + "9" * MAX_INTEGER_DIGITS) == -int("9" * MAX_INTEGER_DIGITS)


def test_a_byte_order_mark_is_accepted_as_text_and_bytes() -> None:
    """Text saved by Notepad or Excel starts with a BOM; every decoder reads past it."""
    line = ACTIVITY % "1"
    expected = codec.loads_event(line)
    assert codec.loads_event("\ufeff" + line) == expected
    assert codec.loads_event(b"\xef\xbb\xbf" + line.encode()) == expected
    assert codec.loads_events(f"\ufeff{HEADER}\n{line}\n") == [expected]
    assert codec.loads_events(f"\ufeff{HEADER}\n{line}\n".encode()) == [expected]
    document = f'\ufeff{{"format":"cogov.events","version":1,"events":[{line}]}}'
    assert codec.loads_events_document(document) == [expected]


@pytest.mark.parametrize(
    "value",
    ['"' + "x" * 1_000_000 + '"', "[" * 900 + "]" * 900, "[" + ",".join(["1"] * 100_000) + "]"],
    ids=["a megabyte string", "a list 900 deep", "a list of 100,000 items"],
)
def test_a_huge_wrong_value_is_named_not_echoed(value: str) -> None:
    """A wrong value of any size is quoted shortened: the message stays a readable line."""
    with pytest.raises(DecodeError) as caught:
        codec.loads_event(ACTIVITY % value)
    assert len(str(caught.value)) < 500
