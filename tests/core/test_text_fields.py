"""Labels and free text hold characters only: a lone surrogate is refused where it is built."""

from __future__ import annotations

from datetime import datetime

import pytest

from cogov import CHINA_TZ, Person, Unit
from cogov.boundary import codec
from cogov.errors import DecodeError, InvalidFieldError
from cogov.events import IssueCollected


@pytest.mark.parametrize("bad", ["\ud800", "网格\udfff", "a\udc80b"])
def test_lone_surrogates_are_refused_in_names_and_text(bad: str) -> None:
    """A lone surrogate (what JSON's "\\ud800" decodes to) cannot be written as UTF-8: refused."""
    with pytest.raises(InvalidFieldError, match="lone surrogate"):
        Person("p1", bad)
    with pytest.raises(InvalidFieldError, match="lone surrogate"):
        Unit("U1", "grid", bad, "grid 1")
    with pytest.raises(InvalidFieldError, match="lone surrogate"):
        IssueCollected(
            at=datetime(2022, 5, 1, tzinfo=CHINA_TZ),
            actor="p1",
            issue="I-1",
            kind="dispute",
            unit="U1",
            channel="walk_in",
            summary=bad,
        )


def test_a_lone_surrogate_escape_in_json_is_a_decode_error() -> None:
    """The escape itself is valid JSON; the decoder names the field that holds it."""
    text = (
        '{"type":"issue_collected","at":"2022-05-01T09:00:00+08:00","actor":"p1","issue":"I-1",'
        '"kind":"dispute","unit":"U1","channel":"walk_in","summary":"\\ud800","reporter":null,"meeting":null}'
    )
    with pytest.raises(DecodeError, match=r"\$\.summary: .*lone surrogate"):
        codec.loads_event(text)


def test_pairs_and_other_scripts_are_text() -> None:
    """Characters outside the basic plane (a proper surrogate pair in JSON) are accepted."""
    assert Person("p1", "𠀀 张三 😀").name == "𠀀 张三 😀"
