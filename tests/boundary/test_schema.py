"""The shipped JSON Schemas: generated from the model, never stale, and enforced by a real validator."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import basic_charter
from cogov.boundary import codec
from cogov.boundary.schema import SCHEMA_NAMES, generate_schema, print_schema, shipped_schema, write_schemas
from cogov.errors import UnknownKeyError
from cogov.events import EVENT_TYPES, Event
from cogov.testing import SERIALISED_VALUES, communities, events_of
from cogov.testing.samples import demo_appointments, demo_community

from .histories import every_type_history


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = shipped_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


EVENTS, COMMUNITY, CHARTER = _validator("events"), _validator("community"), _validator("charter")


def _part(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}


def _errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schemas_equal_freshly_generated_ones(name: str, tmp_path: Path) -> None:
    """The files in the package are exactly what the model generates today (regenerate with write_schemas)."""
    assert shipped_schema(name) == generate_schema(name)
    write_schemas(tmp_path)
    shipped = Path(__file__).parents[2] / "src" / "cogov" / "boundary" / "schemas" / f"{name}.schema.json"
    assert (tmp_path / f"{name}.schema.json").read_text("utf-8") == shipped.read_text("utf-8")


def test_print_schema_prints_the_shipped_file() -> None:
    """print_schema writes the schema as JSON; an unknown name says which exist."""
    out = io.StringIO()
    print_schema("events", file=out)
    assert json.loads(out.getvalue())["title"] == "cogov event stream"
    with pytest.raises(UnknownKeyError, match="schemas are events, community, charter"):
        print_schema("evnts")


def test_the_event_schema_covers_every_event_type() -> None:
    """Every event type has a definition tagged with its stable type name."""
    defs = shipped_schema("events")["$defs"]
    assert {defs[c.__name__]["properties"]["type"]["const"] for c in EVENT_TYPES} == {
        c.type for c in EVENT_TYPES
    }
    assert len(defs["Event"]["oneOf"]) == len(EVENT_TYPES)


def test_generated_documents_are_valid() -> None:
    """An event document using every type, a community and the basic charter validate."""
    assert _errors(EVENTS, json.loads(codec.dumps_events_document(every_type_history()))) == []
    assert _errors(COMMUNITY, json.loads(codec.dumps_community(demo_community(), demo_appointments()))) == []
    assert _errors(CHARTER, json.loads(codec.dumps_charter(basic_charter()))) == []


@given(events=st.lists(st.one_of([events_of(cls) for cls in EVENT_TYPES]), max_size=5))
def test_any_encoded_event_stream_is_valid(events: list[Event]) -> None:
    """Whatever the codec writes for any events, JSON Lines included, the schema accepts."""
    assert _errors(EVENTS, json.loads(codec.dumps_events_document(events))) == []
    header, *lines = codec.dumps_events(events).rstrip("\n").split("\n")
    schema = shipped_schema("events")
    line_validator = jsonschema.Draft202012Validator(_part(schema, "Event"))
    assert _errors(jsonschema.Draft202012Validator(_part(schema, "Header")), json.loads(header)) == []
    for line in lines:
        assert _errors(line_validator, json.loads(line)) == []


@given(community=communities(), charter=SERIALISED_VALUES["Charter"])
def test_any_community_and_charter_document_is_valid(community: Any, charter: Any) -> None:
    """Community and charter documents the codec writes always validate."""
    assert _errors(COMMUNITY, json.loads(codec.dumps_community(community))) == []
    assert _errors(CHARTER, json.loads(codec.dumps_charter(charter))) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e.pop("actor"), "'actor' is a required property"),
        (lambda e: e.update(at="2022-03-05T09:00:00"), "does not match"),
        (lambda e: e.update(type="issue_colected"), "is not valid under any of the given schemas"),
        (lambda e: e.update(colour="red"), "Additional properties are not allowed"),
        (lambda e: e.update(kind="Dispute"), "does not match"),
        (lambda e: e.update(summary=""), "should be non-empty"),
        (lambda e: e.update(reporter=7), "is not valid under any of the given schemas"),
    ],
)
def test_malformed_events_are_rejected(change: Any, expected: str) -> None:
    """A missing field, a naive time, an unknown tag, an extra field or a bad value fails validation."""
    document = json.loads(codec.dumps_events_document(every_type_history()[3:4]))
    assert _errors(EVENTS, document) == []
    change(document["events"][0])
    errors = _errors(EVENTS, document)
    assert errors
    assert any(expected in e for e in errors) or any(
        expected in sub.message for err in EVENTS.iter_errors(document) for sub in (err.context or [])
    ), errors


def test_malformed_community_and_headers_are_rejected() -> None:
    """A unit with a bad code, and a document of the wrong format or a newer version, fail validation."""
    document = json.loads(codec.dumps_community(demo_community()))
    document["units"][0]["code"] = "has space"
    assert any("does not match" in e for e in _errors(COMMUNITY, document))
    document = json.loads(codec.dumps_events_document([]))
    document["version"] = 2
    assert any("maximum" in e for e in _errors(EVENTS, document))
    document["format"] = "cogov.community"
    assert any("cogov.events" in e for e in _errors(EVENTS, document))
