"""Shared attrs validators for model fields (why: one definition of "a well-formed key")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Final

import attrs

from cogov.errors import InvalidFieldError

#: keys (role, state, action, kind …) are lower-case identifiers, stable across versions
KEY_RE = re.compile(r"[a-z][a-z0-9_]*(?::[a-z0-9_]+)*")
#: codes and ids: administrative-division digits or any short token of safe characters
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,63}")


def _owner(instance: Any) -> str:
    return type(instance).__name__


def key(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a key such as ``grid_head`` or ``convene:weekly_joint_meeting``."""
    if not isinstance(value, str) or KEY_RE.fullmatch(value) is None:
        msg = (
            f"{_owner(instance)}.{attribute.name}: {value!r} is not a valid key; "
            "use lower-case letters, digits and '_' (optionally ':'-separated), e.g. 'grid_head'"
        )
        raise InvalidFieldError(msg)


def code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a unit code, person id or record id such as ``420325100001`` or ``p-17``."""
    if not isinstance(value, str) or CODE_RE.fullmatch(value) is None:
        msg = (
            f"{_owner(instance)}.{attribute.name}: {value!r} is not a valid code or id; "
            "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
        raise InvalidFieldError(msg)


def optional_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        code(instance, attribute, value)


#: half of a UTF-16 surrogate pair on its own: JSON's "\ud800" decodes to one, but it is not
#: text and cannot be written as UTF-8 (a store or a report would fail on it later)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.isascii() and (found := _LONE_SURROGATE.search(value)) is not None:
        msg = (
            f"{_owner(instance)}.{attribute.name}: holds a lone surrogate U+{ord(found.group()):04X} at "
            f"position {found.start()}, which is not a character; re-type or re-export the text"
        )
        raise InvalidFieldError(msg)


def label(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a human label: a non-blank string of characters (no lone surrogates)."""
    if not isinstance(value, str) or not value.strip():
        msg = f"{_owner(instance)}.{attribute.name}: a non-empty label is required, got {value!r}"
        raise InvalidFieldError(msg)
    _encodable(instance, attribute, value)


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate free text that may be empty (a note); it must still be a string of characters."""
    if not isinstance(value, str):
        msg = f"{_owner(instance)}.{attribute.name}: expected text (a str, may be empty), got {value!r}"
        raise InvalidFieldError(msg)
    _encodable(instance, attribute, value)


def non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a finite number >= 0 (hours, amounts)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < float("inf"):
        msg = f"{_owner(instance)}.{attribute.name}: expected a finite number >= 0, got {value!r}"
        raise InvalidFieldError(msg)


def as_float(value: Any) -> float:
    """Converter: a number to ``float``, so ``2`` and ``2.0`` are one value (and one hash).

    Non-numbers are left as they are for :func:`non_negative` to reject with a clear message.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value  # type: ignore[no-any-return]


#: The supported span of time: the calendar years 1900 to 2200 as written (in the time's own
#: UTC offset), up to and including the first instant of 2201, so that a period or an
#: appointment may end where year 2200 ends.  Wide enough for any real record; narrow enough
#: that deadlines, working days and periods computed from a time never leave what
#: :class:`datetime` can hold (a time in year 9999 overflowed the working-day arithmetic).
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2200
_EARLIEST: Final = datetime(FIRST_YEAR, 1, 1)  # naive: compared with wall-clock times
_LATEST: Final = datetime(LAST_YEAR + 1, 1, 1)  # naive: compared with wall-clock times


def aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a timezone-aware datetime (naive times are ambiguous across regions) within
    the supported years (:data:`FIRST_YEAR` to :data:`LAST_YEAR`)."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        msg = (
            f"{_owner(instance)}.{attribute.name}: {value!r} must be a timezone-aware datetime; "
            "pass tzinfo, e.g. datetime(2022, 5, 1, 9, tzinfo=CHINA_TZ)"
        )
        raise InvalidFieldError(msg)
    if not _EARLIEST <= value.replace(tzinfo=None) <= _LATEST:
        msg = (
            f"{_owner(instance)}.{attribute.name}: {value.isoformat()} is outside the supported years "
            f"{FIRST_YEAR}-{LAST_YEAR}; check the date"
        )
        raise InvalidFieldError(msg)


def optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        aware(instance, attribute, value)


def codes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a tuple of codes or ids."""
    if not isinstance(value, tuple):
        msg = f"{_owner(instance)}.{attribute.name}: expected a tuple of ids, got {value!r}"
        raise InvalidFieldError(msg)
    for item in value:
        code(instance, attribute, item)


def keys(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a frozenset of keys."""
    if not isinstance(value, frozenset):
        msg = f"{_owner(instance)}.{attribute.name}: expected a frozenset of keys, got {value!r}"
        raise InvalidFieldError(msg)
    for item in value:
        key(instance, attribute, item)


def keyset(value: Iterable[str]) -> frozenset[str]:
    """Converter: any iterable of keys to a frozenset (lists and sets read naturally in charters)."""
    if isinstance(value, str):
        msg = f"expected a collection of keys, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return frozenset(value)


def strs(value: Iterable[str]) -> tuple[str, ...]:
    """Converter: any iterable of ids or keys to a tuple."""
    if isinstance(value, str):
        msg = f"expected a collection of ids, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return tuple(value)


def tuple_of(cls: type[Any]) -> Any:
    """Validator: a tuple whose items are all ``cls`` instances."""
    return attrs.validators.deep_iterable(
        attrs.validators.instance_of(cls), attrs.validators.instance_of(tuple)
    )


def non_negative_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an int >= 0 (a sequence number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{_owner(instance)}.{attribute.name}: expected an int >= 0, got {value!r}"
        raise InvalidFieldError(msg)


def pairs(value: Iterable[Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """Converter: ``(field, value)`` pairs (lists read naturally from JSON) to a tuple of tuples."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # field_changes says what is wrong
    out = []
    for pair in value:
        if isinstance(pair, str | bytes) or not isinstance(pair, Iterable):
            return value  # type: ignore[return-value]
        out.append(tuple(pair))
    return tuple(out)  # type: ignore[arg-type]


def field_changes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a non-empty tuple of ``(field name, JSON text)`` pairs, each field named once."""
    where = f"{_owner(instance)}.{attribute.name}"
    if not isinstance(value, tuple) or not value:
        msg = f"{where}: expected at least one (field, value) pair, got {value!r}"
        raise InvalidFieldError(msg)
    seen: set[str] = set()
    for pair in value:
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or not all(isinstance(part, str) and part for part in pair)
        ):
            msg = (
                f"{where}: each change is a (field name, JSON value) pair of non-empty strings, got {pair!r}"
            )
            raise InvalidFieldError(msg)
        if pair[0] in seen:
            msg = f"{where}: field {pair[0]!r} is changed twice; give each field once"
            raise InvalidFieldError(msg)
        seen.add(pair[0])


#: China Standard Time (UTC+8), the offset of the shipped community set-ups
CHINA_TZ = timezone(timedelta(hours=8), "CST")

#: one tzinfo object per offset met so far (+08:00 is CHINA_TZ)
_ZONES: dict[tzinfo, tzinfo] = {CHINA_TZ: CHINA_TZ}


def shared_zone(value: datetime) -> datetime:
    """``value`` with the one tzinfo object cogov keeps for its offset.

    Why: comparing two aware datetimes costs about fifteen times more when their tzinfo
    objects differ (each offset is computed), and ``datetime.fromisoformat`` makes a new
    one for every string it parses; the ledger compares times several times per event.
    """
    zone = value.tzinfo
    if zone is None:
        return value
    shared = _ZONES.setdefault(zone, zone)
    if shared is zone:
        return value
    try:  # astimezone to an equal offset keeps every field and is about twice as fast as replace()
        return value.astimezone(shared)
    except OverflowError:  # at the very ends of datetime's range (refused later as unsupported)
        return value.replace(tzinfo=shared)


def keyed_texts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate ``(key, text)`` pairs, each key given once (a convention's articles)."""
    where = f"{_owner(instance)}.{attribute.name}"
    if not isinstance(value, tuple):
        msg = f"{where}: expected (key, text) pairs, got {value!r}"
        raise InvalidFieldError(msg)
    seen: set[str] = set()
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            msg = f"{where}: each item is a (key, text) pair of strings, got {pair!r}"
            raise InvalidFieldError(msg)
        key(instance, attribute, pair[0])
        label(instance, attribute, pair[1])
        if pair[0] in seen:
            msg = f"{where}: key {pair[0]!r} is given twice; give each once"
            raise InvalidFieldError(msg)
        seen.add(pair[0])


def keyed_numbers(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate ``(key, number)`` pairs, the number written as text (a limit, a measure)."""
    where = f"{_owner(instance)}.{attribute.name}"
    if not isinstance(value, tuple):
        msg = f"{where}: expected (key, number) pairs, got {value!r}"
        raise InvalidFieldError(msg)
    seen: set[str] = set()
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            msg = f"{where}: each item is a (key, number written as text) pair, got {pair!r}"
            raise InvalidFieldError(msg)
        key(instance, attribute, pair[0])
        try:
            number = float(pair[1])
        except ValueError:
            number = float("nan")
        if not 0 <= number < float("inf"):
            msg = f"{where}: {pair[0]!r} must be a finite number >= 0 written as text (e.g. '20'), got {pair[1]!r}"
            raise InvalidFieldError(msg)
        if pair[0] in seen:
            msg = f"{where}: key {pair[0]!r} is given twice; give each once"
            raise InvalidFieldError(msg)
        seen.add(pair[0])


def positive_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an int >= 1 (a count of places)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{_owner(instance)}.{attribute.name}: expected an int >= 1, got {value!r}"
        raise InvalidFieldError(msg)
