"""No error cogov raises carries a resident ID or phone number in full.

Every :class:`~cogov.errors.CogovError` message is redacted as it is made, so an identifier
that reaches a message (a register that uses ID numbers as person ids, a close-match
suggestion naming another resident, a shifted cell) is masked wherever the error goes.
"""

from __future__ import annotations

import re
import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import Ledger, Person, basic_charter
from cogov import errors as cogov_errors
from cogov.boundary.identifiers import id_check_character
from cogov.errors import CogovError, NotAuthorisedError, UnknownKeyError
from cogov.events import IssueCollected
from cogov.testing import EPOCH
from cogov.testing.samples import small_appointments, small_community

_ID = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
    first17 = "420325" + born.strftime("%Y%m%d") + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return first17 + id_check_character(first17)


numbers = st.one_of(resident_ids(), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="0123456789"), max_size=10
)
#: text after a number: not a Latin letter either (a run glued to letters reads as a code, not an ID)
trailing = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="0123456789" + string.ascii_letters
    ),
    max_size=10,
)


def _every_error_class() -> list[type[CogovError]]:
    found, todo = [], [CogovError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in found if c.__module__ == cogov_errors.__name__]


def _made(cls: type[CogovError], message: str) -> CogovError:
    """An error of ``cls`` carrying ``message`` (each with the arguments it takes)."""
    if cls is cogov_errors.TamperedHistoryError:
        return cls(message, 3)
    if cls in (cogov_errors.DecodeError, cogov_errors.RegisterImportError):
        return cls([message])
    if cls is cogov_errors.Open311Error:
        return cls(400, message)
    return cls(message)


@pytest.mark.parametrize("cls", _every_error_class(), ids=lambda c: c.__name__)
@given(before=texts, number=numbers, after=trailing)
def test_no_error_message_holds_an_identifier_in_full(
    cls: type[CogovError], before: str, number: str, after: str
) -> None:
    """Whatever the message, its text as raised shows the number masked, keeping its ends."""
    shown = str(_made(cls, f"{before}{number}{after}"))
    assert number not in shown
    assert number[:3] in shown
    assert number[-4:] in shown


def test_a_close_match_never_shows_another_residents_id() -> None:
    """A register keyed by ID numbers: a mistyped id is refused without naming either in full."""
    community = small_community()
    first17 = "42032519880101123"
    resident = first17 + id_check_character(first17)
    community.add_person(Person(resident, "王五", household="H0101"))
    typo = resident[:-2] + "99"
    with pytest.raises(UnknownKeyError) as refused:
        community.person(typo)
    message = str(refused.value)
    assert "did you mean" in message
    assert not _ID.search(message), message


def test_a_refusal_of_a_person_keyed_by_id_number_masks_it() -> None:
    """The authority's refusal names the person by masked id."""
    community = small_community()
    first17 = "42032519900202456"
    resident = first17 + id_check_character(first17)
    community.add_person(Person(resident, "赵六", household="H0101"))
    ledger = Ledger(basic_charter(), community, appointments=small_appointments(EPOCH))
    event = IssueCollected(
        at=EPOCH,
        actor=resident,
        issue="I-1",
        kind="dispute",
        unit="H0101",
        channel="grid_visit",
        summary="噪音 noise",
        reporter=None,
    )
    with pytest.raises(NotAuthorisedError) as refused:
        ledger.apply(event)
    assert resident not in str(refused.value)
    assert resident[:4] + "**********" + resident[-4:] in str(refused.value)
