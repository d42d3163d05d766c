"""Household-register import from Excel CSV: encodings, column mapping, one message per bad row."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cogov import Community, basic_charter
from cogov.boundary import codec
from cogov.boundary.household_register import RegisterColumns, read_register
from cogov.boundary.identifiers import id_check_character
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import RegisterImportError
from cogov.testing.samples import demo_community

G1, G2 = "420325100001-G01", "420325100001-G02"


def _id(first17: str) -> str:
    return first17 + id_check_character(first17)


ID_A, ID_B, ID_C = _id("42032519880101123"), _id("42032519900512002"), _id("42032520010230001"[:12] + "20001")
ROWS = [
    ["姓名", "身份证号", "联系电话", "户号", "楼栋", "网格", "政治面貌"],
    ["张伟", ID_A, "13812345678", "XG-0101", "XG-B7", G1, "中共党员"],
    ["李秀英", ID_B, "0719-3211234", "XG-0101", "XG-B7", G1, "群众"],
    ["王𠮷", "", "", "XG-0202", "XG-B8", G2, ""],
]


def _csv(rows: list[list[str]]) -> str:
    return "\r\n".join(",".join(cells) for cells in rows) + "\r\n"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_registers_with_chinese_names_import_in_any_excel_encoding(encoding: str, tmp_path: Path) -> None:
    """A register saved as GB18030, UTF-8 or UTF-8 with BOM is detected and imported exactly."""
    path = tmp_path / "花名册.csv"
    path.write_bytes(_csv(ROWS).encode(encoding))
    community = demo_community()
    result = read_register(path, community)
    assert result.encoding == ("utf-8" if encoding == "utf-8" else encoding)
    assert [p.name for p in result.people] == ["张伟", "李秀英", "王𠮷"]
    assert [(u.code, u.level, u.parent) for u in result.units] == [
        ("XG-B7", "building", G1),
        ("XG-0101", "household", "XG-B7"),
        ("XG-B8", "building", G2),
        ("XG-0202", "household", "XG-B8"),
    ]
    assert [p.id for p in result.people] == ["XG-0101-1", "XG-0101-2", "XG-0202-1"]
    assert result.people[0].has("party_member")
    assert not result.people[1].has("party_member")
    assert result.residents[0].id_number == ID_A
    assert result.residents[1].phone == "0719-3211234"
    assert ID_A not in repr(result)
    result.add_to(community)
    assert [p.name for p in community.members("XG-B7")] == ["张伟", "李秀英"]
    assert codec.loads_community(codec.dumps_community(community)) == community


def test_gbk_is_not_enough_for_every_name(tmp_path: Path) -> None:
    """A character outside GBK (𠮷) makes an explicit gbk choice fail with the row and the fix."""
    data = _csv(ROWS).encode("gb18030")
    with pytest.raises(
        RegisterImportError, match=r"row 4: not valid gbk text.*encoding='utf-8' or 'gb18030'"
    ):
        read_register(data, demo_community(), encoding="gbk")
    assert read_register(data, demo_community(), encoding="gb18030").people[2].name == "王𠮷"


def test_column_mapping_is_configurable() -> None:
    """English (or any) headers work once mapped; absent optional columns are simply not read."""
    rows = [["Name", "Flat", "Grid"], ["Ann", "F1", G1]]
    columns = RegisterColumns(
        name="Name",
        household="Flat",
        grid="Grid",
        building=None,
        id_number=None,
        phone=None,
        person_id=None,
        political_status=None,
    )
    result = read_register(_csv(rows).encode(), demo_community(), columns=columns)
    assert [(p.id, p.name, p.household) for p in result.people] == [("F1-1", "Ann", "F1")]
    assert result.units[0].parent == G1


def test_a_missing_column_is_named_with_the_headers_found() -> None:
    """A register without a required column is refused at row 1, naming what is there."""
    with pytest.raises(RegisterImportError, match=r"row 1: missing column\(s\) \['网格'\]"):
        read_register(_csv([["姓名", "户号"], ["张伟", "H1"]]).encode(), demo_community())


BAD = [
    *ROWS,
    ["", ID_C, "13812345678", "XG-0303", "XG-B7", G1, ""],  # row 5: no name
    [
        "赵敏",
        _id("42032519880101123")[:-1] + "0",
        "12345",
        "XG-0303",
        "XG-B7",
        G1,
        "",
    ],  # row 6: check digit, phone
    ["钱多", ID_A, "", "XG-0303", "XG-B7", G1, ""],  # row 7: same ID as row 2
    ["孙丽", "", "", "XG 0404", "XG-B7", "G-99", ""],  # row 8: bad household code, unknown grid
    ["周杰", "4.20325E+17", "", "XG-0404", "XG-B7", G1, ""],  # row 9: Excel-mangled ID
    ["吴刚", "", "", "XG-0101", "XG-B8", G1, ""],  # row 10: building belongs to another grid
]


def test_each_bad_row_gets_one_message_with_row_column_and_reason(caplog: pytest.LogCaptureFixture) -> None:
    """Strict import refuses the register with exactly one line per bad row; no identifier in full."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RegisterImportError) as caught:
        read_register(_csv(BAD).encode("gb18030"), demo_community())
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["row 5", "row 6", "row 7", "row 8", "row 9", "row 10"]
    assert problems[0] == "row 5: 姓名: the name is empty"
    assert "身份证号: 4203**********1230: the check character does not match" in problems[1]
    assert "联系电话: ***** is not a phone number" in problems[1]
    assert "is the same ID number as row 2" in problems[2]
    assert "户号: 'XG 0404' is not a valid code" in problems[3]
    assert "网格: 'G-99' is not a grid of the community" in problems[3]
    assert "Excel stored the column as a number" in problems[4]
    assert (
        problems[5]
        == "row 10: 楼栋: building 'XG-B8' belongs to grid '420325100001-G02', not '420325100001-G01'"
    )
    assert str(caught.value).startswith("register: 6 bad rows")
    shown = str(caught.value) + caplog.text
    for full in (ID_A, ID_B, ID_C, "13812345678"):
        assert full not in shown


def test_good_rows_still_import_when_asked() -> None:
    """With strict=False the good rows are imported and the bad ones reported."""
    community = demo_community()
    result = read_register(_csv(BAD).encode("utf-8-sig"), community, strict=False)
    assert [p.name for p in result.people] == ["张伟", "李秀英", "王𠮷"]
    assert [p.row for p in result.problems] == [5, 6, 7, 8, 9, 10]
    assert result.rows == 9
    result.add_to(community)
    assert community.person("XG-0101-1").name == "张伟"


def test_an_imported_register_is_a_store_community(tmp_path: Path) -> None:
    """Imported households and residents become the community a store is created for."""
    community = demo_community()
    read_register(_csv(ROWS).encode("gb18030"), community).add_to(community)
    with SQLiteStore.create(tmp_path / "ledger.db", basic_charter(), community) as store:
        assert store.community == community
    with SQLiteStore.open(tmp_path / "ledger.db", basic_charter()) as store:
        assert store.community.person("XG-0202-1").name == "王𠮷"
        assert isinstance(store.community, Community)


def test_importing_more_residents_of_a_known_household_gets_fresh_ids() -> None:
    """A second register naming households already imported numbers new residents after the old."""
    community = demo_community()
    read_register(_csv(ROWS).encode(), community).add_to(community)
    more = read_register(_csv([ROWS[0], ["赵六", "", "", "XG-0101", "XG-B7", G1, ""]]).encode(), community)
    assert [p.id for p in more.people] == ["XG-0101-3"]
    assert more.units == ()
    more.add_to(community)
