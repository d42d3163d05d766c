"""JSON text from outside, parsed strictly: every hostile input ends in one clear error.

:func:`parse_json` is the only way cogov parses JSON a user hands it (event streams,
documents, the CLI's format sniffing).  Beside what :mod:`json` already refuses, it refuses:

* duplicate keys in one object (``{"hours": 1, "hours": 2}``): :mod:`json` keeps the last
  silently, so the value read would not be the one a reviewer saw first;
* ``NaN``, ``Infinity`` and ``-Infinity``, which are not JSON;
* integers of more than :data:`MAX_INTEGER_DIGITS` digits, which no field of cogov can hold
  (a float field cannot take a number beyond ``1e308``) and whose conversion costs time
  quadratic in their length;
* nesting deeper than the interpreter's recursion allows (cogov documents nest a few levels).

A leading UTF-8 byte order mark is accepted (Excel and Notepad write one).  Each refusal is
an :class:`~cogov.errors.InvalidFieldError` (a ``ValueError``) whose message says what is
wrong and where when the parser knows it; callers add the path or line.
"""

from __future__ import annotations

import json
import reprlib
from typing import Any, Final

from cogov.errors import InvalidFieldError

__all__ = ["BOM", "MAX_INTEGER_DIGITS", "parse_json", "shown"]

#: the byte order mark some editors put before UTF-8 text
BOM: Final = "\ufeff"
#: the longest integer literal accepted: larger magnitudes fit no cogov field (floats end at ~1e308)
MAX_INTEGER_DIGITS: Final = 308


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number; write a finite number"
    raise InvalidFieldError(msg)


def _integer(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        msg = (
            f"an integer of {digits:,} digits is too large for any cogov field "
            f"(at most {MAX_INTEGER_DIGITS} digits)"
        )
        raise InvalidFieldError(msg)
    return int(literal)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                msg = f"the key {key!r} appears twice in one object; keep one (JSON keys must be unique)"
                raise InvalidFieldError(msg)
            seen.add(key)
    return document


_decode: Final = json.JSONDecoder(
    parse_constant=_reject_constant, parse_int=_integer, object_pairs_hook=_unique_keys
).decode
_decode_last_wins: Final = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_integer).decode


def parse_json(text: str, *, unique_keys: bool = True) -> Any:
    """Parse ``text`` as strict JSON (see the module docstring); raise :class:`InvalidFieldError`.

    ``unique_keys=False`` lets a later duplicate key win, for a caller that only peeks at a
    header (the CLI sniffing a file's format) and leaves the refusal to the decoder that
    can say where the duplicate is.
    """
    try:
        return (_decode if unique_keys else _decode_last_wins)(text.removeprefix(BOM))
    except json.JSONDecodeError as error:
        msg = f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        raise InvalidFieldError(msg) from None
    except RecursionError:
        msg = "JSON nested too deeply to read; cogov documents nest only a few levels"
        raise InvalidFieldError(msg) from None


_SHORT: Final = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 80
_SHORT.maxlong = 40
_SHORT.maxlevel = 3
_SHORT.maxlist = _SHORT.maxdict = 6


def shown(value: Any) -> str:
    """``repr(value)`` cut to a readable length, for quoting outside data in a message: a
    megabyte-long string or a list nested 900 deep is named, not echoed."""
    return _SHORT.repr(value)
