"""JSON and JSON Lines for every model and event type: the one converter of cogov.

:func:`make_converter` builds a cattrs converter and :func:`configure_converter` lists
every rule it follows.  On top of it sit the document functions callers use:

* events: :func:`dumps_events` / :func:`loads_events` (JSON Lines, a header line then one
  event per line), :func:`dumps_events_document` / :func:`loads_events_document` (one JSON
  document), :func:`dumps_event` / :func:`loads_event` (a single event object);
* the community structure: :func:`dumps_community` / :func:`loads_community_document`
  (levels, units, people and initial appointments);
* the charter: :func:`dumps_charter` / :func:`loads_charter` (everything but ``rules``,
  which are code, not data);
* any other model value: :func:`dumps` / :func:`loads`.

Decoding never shows a traceback for bad data: it raises :class:`~cogov.errors.DecodeError`
whose ``problems`` list every bad value with its JSON path, e.g.
``$.events[3].at: naive date-time '2022-05-01T09:00:00' has no UTC offset; ...``.  In a JSON
Lines stream ``$.events[i]`` is the event on line ``i + 2`` (line 1 is the header).  The
report is built by :mod:`cogov.boundary.diagnostics` only when fast decoding fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Final, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_union_passthrough

from cogov.boundary.diagnostics import TAG, diagnose, message, unknown_tag
from cogov.boundary.strict_json import parse_json, shown
from cogov.engine.genesis import Genesis
from cogov.errors import CogovError, DecodeError, InvalidFieldError
from cogov.model.added_fields import added_fields
from cogov.model.charter import Charter
from cogov.model.events import EVENT_TYPES, Event
from cogov.model.fields import shared_zone
from cogov.model.roles import Appointment
from cogov.model.structure import Association, Community, Level, Person, Unit

__all__ = [
    "CHARTER_FORMAT",
    "COMMUNITY_FORMAT",
    "EVENTS_FORMAT",
    "FORMAT_VERSION",
    "GENESIS_FORMAT",
    "CommunityDocument",
    "configure_converter",
    "dumps",
    "dumps_charter",
    "dumps_community",
    "dumps_event",
    "dumps_events",
    "dumps_events_document",
    "dumps_genesis",
    "loads",
    "loads_charter",
    "loads_community",
    "loads_community_document",
    "loads_event",
    "loads_events",
    "loads_events_document",
    "loads_genesis",
    "make_converter",
    "structure_event",
    "unstructure_event",
]

T = TypeVar("T")

#: version of every document format below; bump it when a recorded field changes meaning
FORMAT_VERSION: Final = 1
EVENTS_FORMAT: Final = "cogov.events"
COMMUNITY_FORMAT: Final = "cogov.community"
CHARTER_FORMAT: Final = "cogov.charter"


@attrs.frozen
class CommunityDocument:
    """The community structure as data: levels, units (parents first), people, associations
    and appointments.

    This is what a :class:`~cogov.model.structure.Community` serialises to, together with
    the appointments in force before the first event (a ledger replays from both).
    """

    levels: tuple[Level, ...]
    units: tuple[Unit, ...]
    people: tuple[Person, ...] = ()
    associations: tuple[Association, ...] = ()
    appointments: tuple[Appointment, ...] = ()

    @classmethod
    def of(cls, community: Community, appointments: Iterable[Appointment] = ()) -> CommunityDocument:
        return cls(
            community.levels,
            tuple(community.units),
            tuple(community.people),
            tuple(community.associations),
            tuple(appointments),
        )

    def community(self) -> Community:
        """Build the community; every refused unit or person is reported with its path."""
        community = Community(self.levels)
        problems: list[str] = []
        for i, unit in enumerate(self.units):
            try:
                community.add_unit(unit)
            except CogovError as error:
                problems.append(f"$.units[{i}]: {error}")
        for i, person in enumerate(self.people):
            try:
                community.add_person(person)
            except CogovError as error:
                problems.append(f"$.people[{i}]: {error}")
        for i, association in enumerate(self.associations):
            try:
                community.add_association(association)
            except CogovError as error:
                problems.append(f"$.associations[{i}]: {error}")
        if problems:
            raise DecodeError(problems, what="community document")
        return community


# -- strict primitives -----------------------------------------------------------------------
def _structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        msg = f"expected a string, got {shown(value)}"
        raise InvalidFieldError(msg)
    return value


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is not int:
        msg = f"expected an integer, got {shown(value)}"
        raise InvalidFieldError(msg)
    return value


def _structure_float(value: Any, _: Any) -> float:
    # An integer stays an integer: ``2`` and ``2.0`` hash differently in the chain, so the
    # value read back must be the value written.
    if type(value) is float or type(value) is int:
        return value
    msg = f"expected a number, got {shown(value)}"
    raise InvalidFieldError(msg)


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        msg = f"expected true or false, got {shown(value)}"
        raise InvalidFieldError(msg)
    return value


def _structure_datetime(value: Any, _: Any) -> datetime:
    if type(value) is not str:
        msg = f"expected an ISO 8601 date-time string with offset, got {shown(value)}"
        raise InvalidFieldError(msg)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        msg = f"{shown(value)} is not an ISO 8601 date-time; write e.g. '2022-05-01T09:00:00+08:00'"
        raise InvalidFieldError(msg) from None
    if parsed.utcoffset() is None:
        msg = (
            f"naive date-time {shown(value)} has no UTC offset; add the offset it was recorded in, "
            f"e.g. '{value}+08:00'"
        )
        raise InvalidFieldError(msg)
    return shared_zone(parsed)


def _structure_date(value: Any, _: Any) -> date:
    if type(value) is not str:
        msg = f"expected an ISO 8601 date string, got {shown(value)}"
        raise InvalidFieldError(msg)
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"{shown(value)} is not an ISO 8601 date; write e.g. '2022-10-01'"
        raise InvalidFieldError(msg) from None


def _unstructure_datetime(value: datetime) -> str:
    if value.utcoffset() is None:
        msg = f"cannot write naive datetime {value!r}; give it a tzinfo"
        raise InvalidFieldError(msg)
    return value.isoformat()


def _sorted_list(value: frozenset[Any]) -> list[Any]:
    return sorted(value)


def _sorted_dates(value: frozenset[date]) -> list[str]:
    return [d.isoformat() for d in sorted(value)]


def _frozenset_of(item: Callable[[Any, Any], Any], what: str) -> Callable[[Any, Any], frozenset[Any]]:
    def structure(value: Any, _: Any) -> frozenset[Any]:
        if not isinstance(value, list):
            msg = f"expected a list of {what}, got {shown(value)}"
            raise InvalidFieldError(msg)
        return frozenset(item(v, None) for v in value)

    return structure


def _is_frozenset_of(item_type: type) -> Callable[[Any], bool]:
    def matches(tp: Any) -> bool:
        return get_origin(tp) is frozenset and get_args(tp) == (item_type,)

    return matches


# -- events as a tagged union ----------------------------------------------------------------
def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` cogov's JSON rules.

    * Strings, integers, floats and booleans are checked, never coerced: ``5`` is not a
      string and ``"5"`` is not a number.  An integer is accepted where a float is expected
      and stays an integer, so a value reads back exactly as written (``2`` vs ``2.0``).
    * Datetimes are ISO 8601 strings with their UTC offset (``2022-05-01T09:00:00+08:00``);
      a naive datetime is refused both ways.  Dates are ``YYYY-MM-DD``.
    * Frozensets (person attributes, duties, transition sources, calendar days) are sorted
      lists, so the same value always gives the same bytes.
    * Tuples are lists; ``None`` is ``null``; enums (:class:`~cogov.model.workflow.Category`)
      are their values.  Every field is written, defaults included, except a field added to a
      recorded class later (:mod:`cogov.model.added_fields`), which is left out at its default
      so a record from before it keeps its bytes.
    * Unknown keys are an error (a misspelt field never vanishes silently).
    * Events are a tagged union: each object carries ``"type"``, the event class's stable
      :attr:`~cogov.model.events.Event.type` name, first.  ``Event`` as a target type
      decodes any of :data:`~cogov.model.events.EVENT_TYPES`.
    * :class:`~cogov.model.charter.Charter` is written without ``rules`` (rules are code
      supplied by plugins, not data); decoding gives a charter with no rules.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    for item_type, unstructure, structure in (
        (str, _sorted_list, _frozenset_of(_structure_str, "strings")),
        (int, _sorted_list, _frozenset_of(_structure_int, "integers")),
        (date, _sorted_dates, _frozenset_of(_structure_date, "dates")),
    ):
        is_target = _is_frozenset_of(item_type)
        converter.register_unstructure_hook_func(is_target, unstructure)
        converter.register_structure_hook_func(is_target, structure)
    configure_union_passthrough(Union[str, bool, int, float, None], converter)  # noqa: UP007 - cattrs wants a Union

    def leave_out_added(cls: type) -> dict[str, Any]:
        return {f.name: override(omit_if_default=True) for f in added_fields(cls)}

    converter.register_unstructure_hook_factory(
        lambda cls: attrs.has(cls) and bool(added_fields(cls)),
        lambda cls: make_dict_unstructure_fn(cls, converter, **leave_out_added(cls)),
    )
    converter.register_unstructure_hook(
        Charter,
        make_dict_unstructure_fn(Charter, converter, rules=override(omit=True), **leave_out_added(Charter)),
    )
    converter.register_structure_hook(
        Charter, make_dict_structure_fn(Charter, converter, rules=override(omit=True))
    )

    unstructurers: dict[type[Event], Callable[[Any], dict[str, Any]]] = {}
    structurers: dict[str, tuple[type[Event], Callable[[Any, Any], Event]]] = {}
    for cls in EVENT_TYPES:
        unstructurers[cls] = make_dict_unstructure_fn(cls, converter, **leave_out_added(cls))
        structurers[cls.type] = (cls, make_dict_structure_fn(cls, converter))

    def unstructure_tagged(event: Event) -> dict[str, Any]:
        cls = type(event)
        document = {TAG: cls.type}
        document.update(unstructurers[cls](event))
        return document

    def structure_tagged(document: Any, _: Any) -> Event:
        if not isinstance(document, dict):
            msg = f"expected an event object, got {shown(document)}"
            raise InvalidFieldError(msg)
        tag = document.get(TAG)
        # A tag that is not a string (a list, an object) is unhashable: refuse it by name.
        entry = structurers.get(tag) if type(tag) is str else None
        if entry is None:
            raise unknown_tag(tag)
        event_cls, structure = entry
        body = dict(document)
        del body[TAG]
        return structure(body, event_cls)

    targets: tuple[type[Event], ...] = (Event, *EVENT_TYPES)
    for target in targets:
        converter.register_unstructure_hook(target, unstructure_tagged)
        converter.register_structure_hook(target, structure_tagged)


def make_converter(*, detailed_validation: bool = False) -> cattrs.Converter:
    """A new converter configured by :func:`configure_converter`.

    ``detailed_validation`` makes cattrs collect errors per field (slower); the document
    functions of this module use the fast converter and re-run a detailed diagnosis only
    when decoding fails.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    configure_converter(converter)
    return converter


_CONVERTER: Final = make_converter()
_DETAILED: Final = make_converter(detailed_validation=True)

_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_encode_pretty = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False).encode


_decode_json = parse_json


def _structure_or_explain(value: Any, tp: type[T] | Any, path: str, what: str) -> T:
    try:
        return _CONVERTER.structure(value, tp)  # type: ignore[no-any-return]
    except Exception as error:
        problems = diagnose(value, tp, path, _DETAILED) or [f"{path}: {message(error)}"]
        raise DecodeError(problems, what=what) from None


def _parse(text: str | bytes, what: str, where: str = "$") -> Any:
    try:
        return _decode_json(text if isinstance(text, str) else text.decode("utf-8"))
    except UnicodeDecodeError as error:
        msg = f"{where}: not UTF-8 text ({error.reason} at byte {error.start}); re-save the file as UTF-8"
        raise DecodeError([msg], what=what) from None
    except InvalidFieldError as error:
        raise DecodeError([f"{where}: {error}"], what=what) from None


def _check_header(document: Any, fmt: str, what: str) -> None:
    if not isinstance(document, dict):
        raise DecodeError([f"$: expected a {fmt!r} object, got {type(document).__name__}"], what=what)
    found, version = document.get("format"), document.get("version")
    problems = []
    if found != fmt:
        problems.append(f"$.format: expected {fmt!r}, got {found!r}; is this the right kind of file?")
    if type(version) is not int:
        problems.append(f"$.version: expected an integer format version, got {version!r}")
    elif version > FORMAT_VERSION:
        problems.append(
            f"$.version: format version {version} was written by a newer cogov "
            f"(this one reads up to {FORMAT_VERSION}); upgrade cogov"
        )
    elif version < 1:
        problems.append(f"$.version: format versions start at 1, got {version}")
    if problems:
        raise DecodeError(problems, what=what)


def _header(fmt: str) -> dict[str, Any]:
    return {"format": fmt, "version": FORMAT_VERSION}


# -- events ----------------------------------------------------------------------------------
def unstructure_event(event: Event) -> dict[str, Any]:
    """``event`` as a JSON-ready dict, ``"type"`` first."""
    return _CONVERTER.unstructure(event, Event)  # type: ignore[no-any-return]


def structure_event(document: Any, path: str = "$") -> Event:
    """Decode one event object; :class:`DecodeError` names every bad value under ``path``."""
    return _structure_or_explain(document, Event, path, "event")


def dumps_event(event: Event) -> str:
    """One event as compact JSON (the form the stores keep): deterministic, one line."""
    return _encode_json(_CONVERTER.unstructure(event, Event))


def loads_event(text: str | bytes, path: str = "$") -> Event:
    """One event from its JSON (as :func:`dumps_event` writes it); ``path`` prefixes the errors.

    Raises :class:`~cogov.errors.DecodeError` listing every bad field by its JSON path.
    """
    return structure_event(_parse(text, "event", path), path)


def dumps_events(events: Iterable[Event]) -> str:
    """JSON Lines: a header line ``{"format":"cogov.events","version":1}``, then one event per line."""
    encode = dumps_event
    lines = [_encode_json(_header(EVENTS_FORMAT)), *(encode(e) for e in events)]
    return "\n".join(lines) + "\n"


def loads_events(text: str | bytes | Iterable[str]) -> list[Event]:
    """Decode a JSON Lines event stream; every bad line and value is reported at once."""
    if isinstance(text, bytes):
        text = _decode_utf8(text, "event stream")
    # Split on "\n" only: str.splitlines() also breaks at U+0085, U+2028 and other characters
    # that JSON leaves raw inside strings.
    raw_lines = text.split("\n") if isinstance(text, str) else list(text)
    # (line number as an editor shows it, text): blank lines are skipped but still counted
    lines = [(n, line.removesuffix("\r")) for n, line in enumerate(raw_lines, start=1) if line.strip()]
    if not lines:
        raise DecodeError(["line 1: empty stream; expected a header line"], what="event stream")
    header = _parse(lines[0][1], "event stream", f"line {lines[0][0]}")
    _check_header(header, EVENTS_FORMAT, "event stream")
    events: list[Event] = []
    problems: list[str] = []
    structure = _CONVERTER.structure
    for i, (number, line) in enumerate(lines[1:]):
        path = f"$.events[{i}]"
        try:
            events.append(structure(_decode_json(line), Event))
        except Exception:
            try:
                document = _parse(line, "event stream", f"line {number}: {path}")
            except DecodeError as error:
                problems.extend(error.problems)
                continue
            found = diagnose(document, Event, path, _DETAILED) or [f"{path}: cannot be decoded"]
            problems.extend(f"line {number}: {problem}" for problem in found)
    if problems:
        raise DecodeError(problems, what="event stream")
    return events


def _decode_utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        msg = f"byte {error.start}: not UTF-8 text ({error.reason}); re-save the file as UTF-8"
        raise DecodeError([msg], what=what) from None


def dumps_events_document(events: Iterable[Event], *, indent: bool = False) -> str:
    """One JSON document ``{"format": "cogov.events", "version": 1, "events": [...]}``."""
    document = {**_header(EVENTS_FORMAT), "events": [unstructure_event(e) for e in events]}
    return (_encode_pretty if indent else _encode_json)(document)


def loads_events_document(text: str | bytes) -> list[Event]:
    """The events of a ``cogov.events`` JSON document (as :func:`dumps_events_document` writes it).

    Every bad event and field is reported at once in one :class:`~cogov.errors.DecodeError`.
    """
    document = _parse(text, "event document")
    _check_header(document, EVENTS_FORMAT, "event document")
    extra = sorted(set(document) - {"format", "version", "events"})
    raw = document.get("events")
    problems = [f"$: unknown field(s) {extra}; remove them"] if extra else []
    if not isinstance(raw, list):
        problems.append(f"$.events: expected a list of events, got {shown(raw)}")
        raise DecodeError(problems, what="event document")
    problems.extend(p for i, item in enumerate(raw) for p in _event_problems(item, i))
    if problems:
        raise DecodeError(problems, what="event document")
    structure = _CONVERTER.structure
    return [structure(item, Event) for item in raw]


def _event_problems(item: Any, i: int) -> list[str]:
    try:
        _CONVERTER.structure(item, Event)
    except Exception:
        path = f"$.events[{i}]"
        return diagnose(item, Event, path, _DETAILED) or [f"{path}: cannot be decoded"]
    return []


# -- community and charter documents ---------------------------------------------------------
def dumps_community(
    community: Community | CommunityDocument, appointments: Iterable[Appointment] = (), *, indent: bool = True
) -> str:
    """The community structure (and initial appointments) as a ``cogov.community`` document."""
    document = (
        community
        if isinstance(community, CommunityDocument)
        else CommunityDocument.of(community, appointments)
    )
    body = {**_header(COMMUNITY_FORMAT), **_CONVERTER.unstructure(document)}
    return (_encode_pretty if indent else _encode_json)(body)


def loads_community_document(text: str | bytes) -> CommunityDocument:
    """Decode a ``cogov.community`` document (not yet built into a :class:`Community`)."""
    document = _parse(text, "community document")
    _check_header(document, COMMUNITY_FORMAT, "community document")
    body = {k: v for k, v in document.items() if k not in ("format", "version")}
    return _structure_or_explain(body, CommunityDocument, "$", "community document")


def loads_community(text: str | bytes) -> Community:
    """Decode a ``cogov.community`` document and build the community it describes."""
    return loads_community_document(text).community()


def dumps_charter(charter: Charter, *, indent: bool = True) -> str:
    """The charter as a ``cogov.charter`` document (``rules`` are left out: they are code)."""
    body = {**_header(CHARTER_FORMAT), **_CONVERTER.unstructure(charter)}
    return (_encode_pretty if indent else _encode_json)(body)


def loads_charter(text: str | bytes) -> Charter:
    """A charter from a ``cogov.charter`` document (as :func:`dumps_charter` writes it).

    The charter's own checks run as it is built; a bad document raises
    :class:`~cogov.errors.DecodeError` naming the field and what was expected.
    """
    document = _parse(text, "charter document")
    _check_header(document, CHARTER_FORMAT, "charter document")
    body = {k: v for k, v in document.items() if k not in ("format", "version")}
    return _structure_or_explain(body, Charter, "$", "charter document")


# -- any model value -------------------------------------------------------------------------
def dumps(value: Any) -> str:
    """Any model value (unit, person, workflow, event, …) as compact JSON, without a header."""
    tp: Any = Event if isinstance(value, Event) else type(value)
    return _encode_json(_CONVERTER.unstructure(value, tp))


def loads(text: str | bytes, cls: type[T]) -> T:
    """Decode JSON written by :func:`dumps` as ``cls``; errors name every bad value's path."""
    return _structure_or_explain(_parse(text, cls.__name__), cls, "$", cls.__name__)


# -- the genesis record ----------------------------------------------------------------------
GENESIS_FORMAT: Final = "cogov.genesis"


def dumps_genesis(genesis: Genesis, *, indent: bool = True) -> str:
    """A ledger's genesis record as a ``cogov.genesis`` document."""
    body = {**_header(GENESIS_FORMAT), **_CONVERTER.unstructure(genesis)}
    return (_encode_pretty if indent else _encode_json)(body)


def loads_genesis(text: str | bytes) -> Genesis:
    """Decode a ``cogov.genesis`` document; errors name every bad value's path."""
    document = _parse(text, "genesis record")
    _check_header(document, GENESIS_FORMAT, "genesis record")
    body = {k: v for k, v in document.items() if k not in ("format", "version")}
    return _structure_or_explain(body, Genesis, "$", "genesis record")
