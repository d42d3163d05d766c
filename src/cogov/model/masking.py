"""How personal identifiers are shown: masked, wherever the library shows one.

Resident ID numbers (身份证号) and mobile numbers never leave the library whole.  The rule
lives here, at the bottom of the layers, so the engine's messages and the boundary's
importers and reports mask alike.
"""

from __future__ import annotations

import re

__all__ = ["mask_id", "mask_phone", "shown_person"]

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


def shown_person(person: str) -> str:
    """A person id as a message shows it: masked when shaped like a resident ID or a mobile
    number (a register that used them as ids), as it is otherwise."""
    if _ID_SHAPED.fullmatch(person):
        return mask_id(person)
    if _MOBILE_SHAPED.fullmatch(person):
        return mask_phone(person)
    return person
