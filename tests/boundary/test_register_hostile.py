"""Hostile registers end in a RegisterImportError (or InvalidFieldError for a bad argument)
that says what is wrong; no message or log line ever shows a full ID or phone number."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.boundary.household_register import read_register
from cogov.boundary.identifiers import id_check_character, identifier_kind, redact
from cogov.errors import InvalidFieldError, RegisterImportError
from cogov.testing.samples import demo_community

G1 = "420325100001-G01"
HEADER = ["姓名", "身份证号", "联系电话", "户号", "楼栋", "网格"]


def _id(first17: str) -> str:
    return first17 + id_check_character(first17)


ID = _id("42032519880101123")
PHONE = "13812345678"


def _csv(*rows: list[str]) -> bytes:
    return ("\r\n".join(",".join(cells) for cells in (HEADER, *rows)) + "\r\n").encode()


def _problems(data: bytes, caplog: pytest.LogCaptureFixture) -> str:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RegisterImportError) as caught:
        read_register(data, demo_community())
    shown = str(caught.value) + caplog.text
    for secret in (ID, PHONE):
        assert secret not in shown
    return str(caught.value)


def test_a_missing_cell_is_named_and_the_shifted_id_is_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    """A row one cell short (the building left out) would put the ID number under 网格; the row is
    refused as short, and neither its ID nor its phone appears anywhere."""
    shown = _problems(_csv(["张伟", ID, PHONE, "XG-0101", G1]), caplog)
    assert "row 2: *: the row has 5 cells but the header has 6; a cell is missing" in shown


def test_an_extra_cell_is_named(caplog: pytest.LogCaptureFixture) -> None:
    """A row with a cell too many is refused as such."""
    shown = _problems(_csv(["张伟", ID, PHONE, "XG-0101", "XG-B7", G1, PHONE]), caplog)
    assert "the row has 7 cells but the header has 6" in shown


@pytest.mark.parametrize(
    ("row", "column", "kind"),
    [
        (["张伟", "", "", "XG-0101", "XG-B7", ID], "网格", "ID number"),
        ([ID, "", "", "XG-0101", "XG-B7", G1], "姓名", "ID number"),
        (["张伟" + PHONE, "", "", "XG-0101", "XG-B7", G1], "姓名", "phone number"),
        (["张伟", "", "", PHONE, "XG-B7", G1], "户号", "phone number"),
        (["张伟", "", "", "XG-0101", "0719-3211234", G1], "楼栋", "phone number"),
        (["张伟", "", "", "XG-0101", ID[:17] + "X", G1], "楼栋", "ID number"),
    ],
)
def test_identifiers_in_name_or_code_columns_are_refused(
    row: list[str], column: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """An ID- or phone-shaped value in a name or code column is refused, and not shown."""
    shown = _problems(_csv(row), caplog)
    assert f"{column}: holds what looks like a {kind}" in shown
    assert "0719-3211234" not in shown


def test_unit_codes_are_not_mistaken_for_identifiers() -> None:
    """Administrative-division codes (12 or 21 digits) and short codes are not identifiers."""
    for code in ("420325100001", "420325100001001020102", "XG-0101", G1, "p-17", "2022"):
        assert identifier_kind(code) is None
        assert redact(code) == code


def test_a_cell_over_the_csv_limit_is_a_clear_error() -> None:
    """A cell over 128 KiB (an unclosed quote swallows the file) names its row, not _csv.Error."""
    data = _csv(["张伟", "", "", "XG-0101", "XG-B7", G1], ['"' + "x" * 140_000, "", "", "", "", G1])
    with pytest.raises(
        RegisterImportError, match=r"row 3: not readable as CSV: a cell is longer than 131,072"
    ):
        read_register(data, demo_community())
    with pytest.raises(RegisterImportError, match="row 1: not readable as CSV"):
        read_register(b"x" * 140_000 + b"\n", demo_community())


def test_a_bad_path_is_a_register_import_error(tmp_path: Path) -> None:
    """A missing file or a folder gives a RegisterImportError naming the file, not a raw OSError."""
    with pytest.raises(
        RegisterImportError, match=r"(?s)nothing\.csv: 1 bad row.*cannot read the file: No such file"
    ):
        read_register(tmp_path / "nothing.csv", demo_community())
    with pytest.raises(RegisterImportError, match="cannot read the file: Is a directory"):
        read_register(tmp_path, demo_community())


@pytest.mark.parametrize("delimiter", ["", ",,", "\n", '"', 5, None])
def test_a_bad_delimiter_is_refused_in_words(delimiter: object) -> None:
    """The delimiter must be one character; anything else is an InvalidFieldError, not a TypeError."""
    with pytest.raises(InvalidFieldError, match="delimiter must be one character"):
        read_register(_csv(), demo_community(), delimiter=delimiter)  # type: ignore[arg-type]


ids = st.builds(
    lambda division, born, sequence: _id(f"{division}{born:%Y%m%d}{sequence:03d}"),
    st.sampled_from(["420325", "110101", "440305"]),
    st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    st.integers(0, 999),
)
phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(
    secret=ids | phones,
    position=st.integers(0, 5),
    drop=st.integers(0, 5),
)
def test_no_problem_shows_an_identifier_wherever_it_lands(secret: str, position: int, drop: int) -> None:
    """Put an ID or phone number in any column of a row, with any one cell missing or not: the
    register is refused or imported, and no problem text holds the full identifier."""
    row = ["张伟", "", "", "XG-0101", "XG-B7", G1]
    row[position] = secret
    rows = [row, [c for i, c in enumerate(row) if i != drop]]
    result = read_register(_csv(*rows), demo_community(), strict=False)
    text = " ".join(str(p) for p in result.problems) + repr(result)
    assert secret not in text
    assert re.search(r"(?<![0-9])" + re.escape(secret) + r"(?![0-9])", text) is None
