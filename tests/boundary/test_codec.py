"""The JSON codec: round-trips for every serialised type, and errors that name every bad value."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import CHINA_TZ, Charter, MeetingKind, basic_charter
from cogov.boundary import codec
from cogov.boundary.event_rows import decode_row, decode_row_for_folding, encode_row, parse_row
from cogov.engine.chain import chain_hash
from cogov.errors import DecodeError
from cogov.events import EVENT_TYPES, Event, IssueCollected, MeetingHeld
from cogov.testing import SERIALISED_VALUES, communities, events_of

AT = datetime(2022, 3, 5, 9, 0, tzinfo=CHINA_TZ)


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda c: c.type)
@given(data=st.data())
def test_every_event_type_round_trips(cls: type[Event], data: st.DataObject) -> None:
    """Each event type decodes to an equal event with the same chain hash, through both encoders."""
    event = data.draw(events_of(cls))
    text = codec.dumps_event(event)
    assert json.loads(text)["type"] == cls.type
    back = codec.loads_event(text)
    assert back == event
    assert type(back) is cls
    assert chain_hash(bytes(16), back) == chain_hash(bytes(16), event)
    assert codec.dumps_event(back) == text
    # The store's generated row codec writes exactly the converter's bytes and reads them back.
    assert encode_row(event) == text
    assert decode_row(parse_row(text.encode())) == event
    assert decode_row_for_folding(parse_row(text.encode())) == event


@pytest.mark.parametrize("name", sorted(SERIALISED_VALUES))
@given(data=st.data())
def test_every_model_type_round_trips(name: str, data: st.DataObject) -> None:
    """Each model type decodes from its JSON to an equal value, and re-encodes to the same text."""
    value = data.draw(SERIALISED_VALUES[name])
    text = codec.dumps(value)
    back = codec.loads(text, type(value))
    assert back == value
    assert codec.dumps(back) == text


@given(events=st.lists(st.one_of([events_of(cls) for cls in EVENT_TYPES]), max_size=5))
def test_event_streams_round_trip_as_json_lines_and_documents(events: list[Event]) -> None:
    """A mixed event stream survives JSON Lines and the JSON document form unchanged, in order."""
    lines = codec.dumps_events(events)
    assert lines.split("\n")[0] == '{"format":"cogov.events","version":1}'
    assert codec.loads_events(lines) == events
    assert codec.loads_events_document(codec.dumps_events_document(events)) == events


@given(community=communities())
def test_community_documents_round_trip(community: Any) -> None:
    """A community (units, people) rebuilds equal from its document."""
    text = codec.dumps_community(community)
    assert json.loads(text)["format"] == "cogov.community"
    assert codec.loads_community(text) == community


@given(charter=SERIALISED_VALUES["Charter"])
def test_charter_documents_round_trip(charter: Charter) -> None:
    """A charter document carries every part but the rules, and decodes to an equal charter."""
    text = codec.dumps_charter(charter)
    assert "rules" not in json.loads(text)
    assert codec.loads_charter(text) == charter


def test_basic_charter_round_trips() -> None:
    """The shipped basic charter survives a round trip."""
    assert codec.loads_charter(codec.dumps_charter(basic_charter())) == basic_charter()


def _line(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_every_bad_value_is_reported_with_its_path() -> None:
    """A stream with many mistakes gets one line per bad value, each with its JSON path, no traceback."""
    good = codec.dumps_event(
        IssueCollected(
            at=AT, actor="p-1", issue="I-1", kind="dispute", unit="H1", channel="app", summary="噪音"
        )
    )
    bad_fields = json.loads(good) | {"at": "2022-03-05T09:00:00", "actor": 5, "channel": "App"}
    stream = "\n".join(
        [
            '{"format":"cogov.events","version":1}',
            good,
            json.dumps(bad_fields),
            _line(type="no_such_event"),
            _line(type="issue_closed", actor="x y", issu="I-1"),
            "{not json",
        ]
    )
    with pytest.raises(DecodeError) as caught:
        codec.loads_events(stream)
    problems = caught.value.problems
    assert problems[0].startswith(
        "line 3: $.events[1].at: naive date-time '2022-03-05T09:00:00' has no UTC offset"
    )
    assert "line 3: $.events[1].actor: expected a string, got 5" in problems
    assert any(p.startswith("line 3: $.events[1].channel: 'App' is not a valid key") for p in problems)
    assert any(p.startswith("line 4: $.events[2].type: unknown event type 'no_such_event'") for p in problems)
    assert any(p.startswith("line 5: $.events[3]: unknown field 'issu'") for p in problems)
    assert "line 5: $.events[3].at: required field is missing" in problems
    assert any(p.startswith("line 5: $.events[3].actor: 'x y' is not a valid code") for p in problems)
    assert any(p.startswith("line 6: $.events[4]: not valid JSON") for p in problems)
    assert len(problems) == 9
    assert "Traceback" not in str(caught.value)


def test_json_lines_problems_name_the_line_as_an_editor_numbers_it() -> None:
    """Blank lines are skipped but counted: a bad event is reported at its line in the file."""
    good = codec.dumps_event(
        IssueCollected(
            at=AT, actor="p-1", issue="I-1", kind="dispute", unit="H1", channel="app", summary="噪音"
        )
    )
    bad = json.loads(good) | {"at": "yesterday"}
    stream = "\n".join(['{"format":"cogov.events","version":1}', "", good, "   ", "", json.dumps(bad), ""])
    with pytest.raises(DecodeError) as caught:
        codec.loads_events(stream)
    assert caught.value.problems[0].startswith("line 6: $.events[1].at: ")


@pytest.mark.parametrize(
    "value",
    ["2022-03-05T09:00:00", "2022-03-05 09:00", "yesterday", 1646442000],
)
def test_naive_and_malformed_datetimes_are_refused(value: object) -> None:
    """Only ISO 8601 date-times with an offset are accepted."""
    document = json.loads(codec.dumps_event(MeetingHeld(at=AT, actor="p", meeting="m", kind="k", unit="u")))
    document["at"] = value
    with pytest.raises(DecodeError, match=r"\$\.at: "):
        codec.structure_event(document)


def test_offsets_are_kept() -> None:
    """A datetime keeps its offset through JSON (it is written, not converted to UTC)."""
    at = datetime(2022, 3, 5, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    text = codec.dumps_event(MeetingHeld(at=at, actor="p", meeting="m", kind="k", unit="u"))
    assert '"at":"2022-03-05T09:00:00-05:00"' in text
    assert codec.loads_event(text).at.utcoffset() == timedelta(hours=-5)


def test_naive_datetimes_are_refused_on_output() -> None:
    """Writing an event whose datetime lost its tzinfo fails instead of writing an ambiguous time."""
    event = MeetingHeld(at=AT, actor="p", meeting="m", kind="k", unit="u")
    object.__setattr__(event, "at", AT.replace(tzinfo=None))
    with pytest.raises(ValueError, match="naive"):
        codec.dumps_event(event)
    with pytest.raises(ValueError, match="naive"):
        encode_row(event)


def test_headers_are_checked() -> None:
    """A stream from a newer cogov, or a file of another kind, is refused with the reason."""
    with pytest.raises(DecodeError, match="newer cogov"):
        codec.loads_events('{"format":"cogov.events","version":99}\n')
    with pytest.raises(DecodeError, match="right kind of file"):
        codec.loads_events('{"format":"cogov.community","version":1}\n')
    with pytest.raises(DecodeError, match="expected a header"):
        codec.loads_events("")


def test_numbers_are_not_strings_and_strings_are_not_numbers() -> None:
    """The converter checks JSON types instead of coercing them (``"5"`` is not 5)."""
    with pytest.raises(DecodeError, match=r"\$\.cadence_days: expected an integer"):
        codec.loads(
            '{"key":"m","zh":"会","en":"m","level":"grid","cadence_days":"7","duty":"convene"}',
            MeetingKind,
        )
    with pytest.raises(DecodeError, match="not a JSON number"):
        codec.loads_event('{"type":"activity_held","hours":NaN}')


def test_community_document_problems_name_units_and_people() -> None:
    """A community document with a dangling parent and household names both by path."""
    text = json.dumps(
        {
            "format": "cogov.community",
            "version": 1,
            "levels": [
                {"key": "community", "zh": "社区", "en": "community"},
                {"key": "household", "zh": "户", "en": "household"},
            ],
            "units": [
                {"code": "C1", "level": "community", "name_zh": "社区", "name_en": "c", "parent": None},
                {"code": "H1", "level": "household", "name_zh": "户", "name_en": "h", "parent": "C9"},
            ],
            "people": [{"id": "p-1", "name": "张三", "household": "H1", "attributes": []}],
        },
        ensure_ascii=False,
    )
    with pytest.raises(DecodeError) as caught:
        codec.loads_community(text)
    assert caught.value.problems[0].startswith("$.units[1]: unit 'H1': parent 'C9' is not in the structure")
    assert caught.value.problems[1].startswith("$.people[0]: person 'p-1': household 'H1'")
