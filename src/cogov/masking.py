"""How personal identifiers are shown: masked, wherever the library shows one.

Resident ID numbers (身份证号) and phone numbers never leave the library whole.  The rule
lives here, below every other layer, so that the errors themselves (every
:class:`~cogov.errors.CogovError` message is redacted as it is made), the engine's messages
and the boundary's importers, reports and HTTP answers mask alike.
"""

from __future__ import annotations

import re

__all__ = ["ID_RUN", "LANDLINE_RUN", "MOBILE_RUN", "mask_id", "mask_phone", "redact", "shown_person"]

_ID_SHAPED = re.compile(r"[0-9]{17}[0-9Xx]")
_MOBILE_SHAPED = re.compile(r"1[3-9][0-9]{9}")


def mask_id(value: str) -> str:
    """``420325198801011234`` → ``4203**********1234``; short values are masked entirely."""
    value = value.strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``; short values are masked entirely."""
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# Runs that may be an identifier wherever they stand in a message: an 18-character ID (valid
# or mistyped), a mobile number, a landline with its area code.  Not inside longer digit runs,
# so 21-digit unit codes such as 420325100001001020102 stay readable.
ID_RUN = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE_RUN = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
LANDLINE_RUN = re.compile(r"(?<![0-9])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])")


def redact(text: str) -> str:
    """``text`` with every ID- or phone-shaped run masked: the last guard before a message,
    log line or output leaves cogov (a shifted cell can put an ID number anywhere)."""
    text = ID_RUN.sub(lambda m: mask_id(m.group()), text)
    text = MOBILE_RUN.sub(lambda m: mask_phone(m.group()), text)
    return LANDLINE_RUN.sub(lambda m: mask_phone(m.group()), text)


def shown_person(person: str) -> str:
    """A person id as a message shows it: masked when shaped like a resident ID or a mobile
    number (a register that used them as ids), as it is otherwise."""
    if _ID_SHAPED.fullmatch(person):
        return mask_id(person)
    if _MOBILE_SHAPED.fullmatch(person):
        return mask_phone(person)
    return person
