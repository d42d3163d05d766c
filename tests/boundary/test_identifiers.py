"""Resident ID and phone validation, and masking that never shows an identifier in full."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.boundary.identifiers import check_phone, check_resident_id, id_check_character, mask_id, mask_phone
from cogov.errors import InvalidFieldError

provinces = st.sampled_from(["11", "31", "42", "44", "65"])


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(provinces) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    first17 = region + born.strftime("%Y%m%d") + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return first17 + id_check_character(first17)


def test_the_standard_sample_is_valid() -> None:
    """The example number of GB 11643 (check character X) is accepted, lower-case x normalised."""
    assert check_resident_id("11010519491231002x") == "11010519491231002X"


@given(number=resident_ids())
def test_valid_ids_are_accepted(number: str) -> None:
    """Any number with a province, a real birth date and the right check character passes."""
    assert check_resident_id(f" {number} ") == number


@given(number=resident_ids(), position=st.integers(0, 16), delta=st.integers(1, 9))
def test_any_single_digit_error_is_caught_and_masked(number: str, position: int, delta: int) -> None:
    """Changing one digit is always refused, and the message never shows the number in full."""
    digit = (int(number[position]) + delta) % 10
    typo = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(InvalidFieldError) as caught:
        check_resident_id(typo)
    message = str(caught.value)
    assert typo not in message
    assert number not in message
    assert mask_id(typo) in message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("4203251988010112", "not an 18-character"),
        ("4.20325E+17", "Excel stored the column as a number"),
        ("990325198801011235", "province code"),
        ("420325198813011235", "date of birth"),
        ("420325198801011234", "check character does not match"),
    ],
)
def test_bad_ids_say_why(value: str, reason: str) -> None:
    """Each kind of bad ID number gets its own reason."""
    with pytest.raises(InvalidFieldError, match=reason):
        check_resident_id(value)


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0710-1234567", "0710-1234567"),
        ("(0719)87654321", "071987654321"),
    ],
)
def test_phone_numbers_are_normalised(value: str, normal: str) -> None:
    """Mobile and landline numbers are accepted with spaces, brackets or +86 and normalised."""
    assert check_phone(value) == normal


@pytest.mark.parametrize("value", ["12345678901", "1381234567", "138123456789", "hello", "1.38123E+10"])
def test_bad_phone_numbers_are_refused_masked(value: str) -> None:
    """A bad phone number is refused with the number masked."""
    with pytest.raises(InvalidFieldError) as caught:
        check_phone(value)
    assert value not in str(caught.value) or len(value) <= 7


def test_masks() -> None:
    """Masks keep four digits each end of an ID, three and four of a phone, and hide short values."""
    assert mask_id("420325198801011235") == "4203**********1235"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id("1234") == "****"
