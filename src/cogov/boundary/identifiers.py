"""Personal identifiers: resident ID numbers (居民身份证号码) and phone numbers.

Validation follows GB 11643-1999: 18 characters, a six-digit administrative-division code
whose first two digits name a province, an eight-digit date of birth, a three-digit
sequence number and an ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``).  Phone
numbers are mainland mobile numbers (``1[3-9]`` + 9 digits, optional ``+86``) or landlines
with an area code (``0710-1234567``).

Identifiers are never shown in full: every message and ``repr`` uses :func:`mask_id` /
:func:`mask_phone` (``4203**********1234``, ``138****5678``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from cogov.errors import InvalidFieldError
from cogov.masking import ID_RUN, LANDLINE_RUN, MOBILE_RUN, mask_id, mask_phone, redact

__all__ = [
    "check_phone",
    "check_resident_id",
    "id_check_character",
    "identifier_kind",
    "identifier_shaped",
    "mask_id",
    "mask_phone",
    "redact",
]

_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK: Final = "10X98765432"
#: first two digits of the division code: provinces, autonomous regions, municipalities, HK, MO, TW
_PROVINCES: Final = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def _excel_hint(value: str) -> str:
    if _SCIENTIFIC.fullmatch(value):
        return (
            " — it looks like Excel stored the column as a number and rounded it; "
            "format the column as text in Excel and export again"
        )
    return ""


def check_resident_id(value: str) -> str:
    """Return the 18-character resident ID normalised (upper-case ``X``), or raise.

    Raises :class:`~cogov.errors.InvalidFieldError` saying what is wrong, showing only the
    masked value.
    """
    normal = value.strip().upper()
    shown = mask_id(normal)
    if len(normal) != 18 or not normal[:17].isdigit() or not (normal[17].isdigit() or normal[17] == "X"):
        msg = (
            f"{shown} is not an 18-character resident ID number (17 digits and a digit or X)"
            f"{_excel_hint(normal)}"
        )
        raise InvalidFieldError(msg)
    if not normal[:17].isascii():
        msg = f"{shown} contains non-ASCII digits; type the number with 0-9"
        raise InvalidFieldError(msg)
    if normal[:2] not in _PROVINCES:
        msg = f"{shown} does not start with a province code; check the first two digits"
        raise InvalidFieldError(msg)
    try:
        born = date(int(normal[6:10]), int(normal[10:12]), int(normal[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1880 or born > date.today():
        msg = f"{shown} does not hold a valid date of birth (digits 7-14); check for a typing error"
        raise InvalidFieldError(msg)
    if id_check_character(normal[:17]) != normal[17]:
        msg = f"{shown}: the check character does not match the other digits; check for a typing error"
        raise InvalidFieldError(msg)
    return normal


def check_phone(value: str) -> str:
    """Return a mobile or landline number normalised (no spaces, no ``+86``), or raise."""
    normal = re.sub(r"[\s()]", "", value)
    for prefix in ("+86", "0086"):
        if normal.startswith(prefix):
            normal = normal[len(prefix) :].lstrip("-")
    if _MOBILE.fullmatch(normal) or _LANDLINE.fullmatch(normal):
        return normal
    msg = (
        f"{mask_phone(normal)} is not a phone number: expected an 11-digit mobile number "
        f"starting 13-19 or a landline with its area code (0710-1234567){_excel_hint(normal)}"
    )
    raise InvalidFieldError(msg)


def identifier_kind(value: str) -> str | None:
    """``"ID number"`` or ``"phone number"`` when ``value`` holds one (so it does not belong in
    a name or code column), else ``None``.

    A value of 18 digits counts only when it is a valid resident ID, so an 18-digit unit code
    is not mistaken for one; any other ID-shaped run (ending in X, inside a name) counts.
    """
    compact = re.sub(r"[\s()]", "", value)
    try:
        check_resident_id(compact)
    except InvalidFieldError:
        pass
    else:
        return "ID number"
    if not compact.isdigit() and ID_RUN.search(compact):
        return "ID number"
    if MOBILE_RUN.search(value) or LANDLINE_RUN.search(compact):
        return "phone number"
    return None


def identifier_shaped(value: str) -> str | None:
    """Like :func:`identifier_kind`, but any ID- or phone-shaped run counts, valid or not: for
    columns such as names, where a run of 11 or 18 digits is never right."""
    if ID_RUN.search(value):
        return "ID number"
    if MOBILE_RUN.search(value) or LANDLINE_RUN.search(value):
        return "phone number"
    return identifier_kind(value)
