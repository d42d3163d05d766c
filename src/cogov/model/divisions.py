"""Administrative division codes: the tree a county's communities roll up along.

China's statistical division codes (统计用区划代码, published yearly by the National Bureau of
Statistics) give every community or village a 12-digit code: 6 digits of county (县/区),
3 of township-level division (乡镇/街道, a town or a street office) and 3 of the community
or village (社区/村).  Xiaoxiguan community is 420325100001: Fang county, Hubei (房县, 420325),
Chengguan town (城关镇, 100), community 001.  The prefixes are the tree: a community's street
is its first 9 digits, its county its first 6.  Here the township level is called
``street`` whether it is a town (镇), a township (乡) or a street office (街道).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from cogov.errors import InvalidFieldError

__all__ = ["DIVISION_LEVELS", "DIVISION_NAMES", "division_of", "is_division_code"]

#: roll-up level → the length of its code (a prefix of a community's 12 digits)
DIVISION_LEVELS: Final[Mapping[str, int]] = MappingProxyType({"county": 6, "street": 9, "community": 12})
#: bilingual labels of the levels
DIVISION_NAMES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "county": ("县(区)", "county"),
        "street": ("乡镇(街道)", "street"),
        "community": ("社区(村)", "community"),
    }
)


def is_division_code(code: str) -> bool:
    """Whether ``code`` is a 12-digit community (or village) division code."""
    return len(code) == DIVISION_LEVELS["community"] and code.isascii() and code.isdigit()


def division_of(code: str, level: str) -> str:
    """The code of the division at ``level`` that community ``code`` lies in (a prefix of it)."""
    length = DIVISION_LEVELS.get(level)
    if length is None:
        msg = f"unknown division level {level!r}; levels: {', '.join(DIVISION_LEVELS)}"
        raise InvalidFieldError(msg)
    if not is_division_code(code):
        msg = (
            f"community code {code!r} is not a 12-digit division code (6 county + 3 street + 3 community "
            "digits, e.g. 420325100001); give the community unit such a code to roll it up"
        )
        raise InvalidFieldError(msg)
    return code[:length]
