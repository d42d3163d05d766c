"""Spreadsheets: registers read from Excel as from CSV; events, issues and statistics written as CSV and Excel."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.boundary.export import event_table, export, issue_table, statistics_table
from cogov.boundary.household_register import read_register
from cogov.boundary.identifiers import id_check_character
from cogov.boundary.spreadsheet import (
    SpreadsheetError,
    read_register_file,
    read_register_xlsx,
    read_xlsx_rows,
    write_csv,
    write_xlsx,
)
from cogov.errors import RegisterImportError
from cogov.testing.samples import demo_community

openpyxl = pytest.importorskip("openpyxl", reason="Excel support is the optional extra cogov[excel]")

G1, G2 = "420325100001-G01", "420325100001-G02"


def _id(first17: str) -> str:
    return first17 + id_check_character(first17)


ID_A, ID_B = _id("42032519880101123"), _id("42032519900512002")
HEADER = ["姓名", "身份证号", "联系电话", "户号", "楼栋", "网格", "政治面貌"]
# what a register typed into Excel holds: numbers as numbers, text as text, an empty row
CELLS: list[list[object]] = [
    HEADER,
    ["张伟", ID_A, 13812345678, "XG-0101", "XG-B7", G1, "中共党员"],
    ["李秀英", ID_B, "0719-3211234", "XG-0101", "XG-B7", G1, "群众"],
    [None, None, None, None, None, None, None],
    ["王𠮷", None, None, 202, "XG-B8", G2, None],
]
# the same register saved from Excel as CSV
CSV_TEXT = (
    "姓名,身份证号,联系电话,户号,楼栋,网格,政治面貌\r\n"
    f"张伟,{ID_A},13812345678,XG-0101,XG-B7,{G1},中共党员\r\n"
    f"李秀英,{ID_B},0719-3211234,XG-0101,XG-B7,{G1},群众\r\n"
    ",,,,,,\r\n"
    f"王𠮷,,,202,XG-B8,{G2},\r\n"
)


def _workbook(path: Path, rows: list[list[object]], *, title: str = "花名册") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_excel_rows_are_the_rows_the_csv_reader_sees(tmp_path: Path) -> None:
    """A sheet's rows read as text equal the rows of the same register saved as CSV."""
    path = _workbook(tmp_path / "花名册.xlsx", CELLS)
    from_csv = [list(row) for row in csv.reader(io.StringIO(CSV_TEXT))]
    from_excel = list(read_xlsx_rows(path))
    assert [row + [""] * (7 - len(row)) for row in from_excel] == [
        row if any(row) else [""] * 7 for row in from_csv
    ]


def test_a_register_imports_from_excel_as_from_csv(tmp_path: Path) -> None:
    """Residents, households and identifiers are the same whether the register is .xlsx or CSV."""
    path = _workbook(tmp_path / "花名册.xlsx", CELLS)
    from_excel = read_register_xlsx(path, demo_community())
    from_csv = read_register(CSV_TEXT.encode("utf-8"), demo_community())
    assert from_excel.people == from_csv.people
    assert from_excel.units == from_csv.units
    assert [(r.row, r.id_number, r.phone) for r in from_excel.residents] == [
        (r.row, r.id_number, r.phone) for r in from_csv.residents
    ]
    assert [p.name for p in from_excel.people] == ["张伟", "李秀英", "王𠮷"]
    assert from_excel.residents[0].phone == "13812345678"  # typed as a number, read as the number
    assert read_register_file(path, demo_community()).people == from_excel.people


def test_a_bad_excel_row_is_named_as_excel_numbers_it_with_the_id_masked(tmp_path: Path) -> None:
    """A bad row's message gives its Excel row number and never the full ID number."""
    rows = [*CELLS, ["赵六", ID_A, None, "XG-0303", None, "no-such-grid", None]]
    path = _workbook(tmp_path / "bad.xlsx", rows)
    with pytest.raises(RegisterImportError) as caught:
        read_register_xlsx(path, demo_community())
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "row 6: " in message
    assert ID_A not in message
    kept = read_register_xlsx(path, demo_community(), strict=False)
    assert [p.name for p in kept.people] == ["张伟", "李秀英", "王𠮷"]
    assert [p.row for p in kept.problems] == [6]


def test_the_sheet_can_be_chosen_and_a_missing_one_is_named(tmp_path: Path) -> None:
    """``sheet=`` picks a sheet by name; a name the workbook lacks lists the sheets it has."""
    path = _workbook(tmp_path / "book.xlsx", CELLS, title="居民")
    assert len(read_register_xlsx(path, demo_community(), sheet="居民").people) == 3
    with pytest.raises(RegisterImportError, match=r"no sheet '名单'; the workbook has \['居民'\]"):
        read_register_xlsx(path, demo_community(), sheet="名单")


def test_a_file_that_is_not_a_workbook_gets_a_clear_error(tmp_path: Path) -> None:
    """A CSV renamed to .xlsx (or any other file) is refused with what to do, not a zipfile error."""
    path = tmp_path / "花名册.xlsx"
    path.write_text(CSV_TEXT, encoding="utf-8")
    with pytest.raises(RegisterImportError, match=r"not an Excel workbook \(\.xlsx\).*save it from Excel"):
        read_register_xlsx(path, demo_community())


# -- writing -----------------------------------------------------------------------------------
_xml_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(st.lists(st.lists(_xml_text, min_size=3, max_size=3), max_size=6))
def test_text_written_to_a_workbook_reads_back(rows: list[list[str]]) -> None:
    """Any text round-trips through a workbook: formula-like text stays text, control characters
    XML cannot hold become U+FFFD, line breaks are "\\n", and only trailing emptiness is dropped."""
    with tempfile.TemporaryDirectory() as folder:
        book = write_xlsx(Path(folder) / "x.xlsx", {"data": (["a", "b", "c"], rows)})
        back = list(read_xlsx_rows(book.read_bytes()))
    expected = [["a", "b", "c"]]
    for row in rows:
        cells = [
            "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n\r") else c for c in cell)
            .replace("\r\n", "\n")
            .replace("\r", "\n")
            for cell in row
        ]
        while cells and cells[-1] == "":
            cells.pop()
        expected.append(cells)
    while len(expected) > 1 and not expected[-1]:
        expected.pop()
    assert back == expected


def test_formula_like_text_is_never_a_formula(tmp_path: Path) -> None:
    """A summary such as '=HYPERLINK(...)' is text in the workbook and apostrophe-prefixed in CSV."""
    hostile = '=HYPERLINK("http://192.0.2.1/","click")'
    rows = [[hostile, "-3", "+1", "@SUM(A1)", "plain"]]
    book = write_xlsx(tmp_path / "x.xlsx", {"data": (["a", "b", "c", "d", "e"], rows)})
    sheet = openpyxl.load_workbook(book).active
    cells = [sheet.cell(row=2, column=i) for i in range(1, 6)]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert cells[0].value == hostile
    write_csv(tmp_path / "x.csv", ["a", "b", "c", "d", "e"], rows)
    (row,) = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text(encoding="utf-8-sig"))))[1:]
    assert row == ["'" + hostile, "'-3", "'+1", "'@SUM(A1)", "plain"]


@pytest.fixture(scope="module")
def year():  # type: ignore[no-untyped-def]
    recorded = pytest.importorskip("cogov_xiaoxiguan.recorded")
    from cogov import CHINA_TZ  # noqa: PLC0415
    from cogov.evaluation import Period, compute_statistics  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    return ledger, compute_statistics(ledger, period=Period.year(2022, CHINA_TZ))


def test_events_issues_and_statistics_export_to_csv_and_excel_alike(year, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The workbook's three sheets hold, as text, exactly the rows of the three CSV files."""
    ledger, statistics = year
    book = export(ledger, tmp_path / "year.xlsx", statistics=statistics)
    assert openpyxl.load_workbook(book, read_only=True).sheetnames == ["events", "issues", "statistics"]
    for table in ("events", "issues", "statistics"):
        path = export(ledger, tmp_path / f"{table}.csv", tables=[table], statistics=statistics)
        from_csv = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        from_excel = list(read_xlsx_rows(book, sheet=table))
        width = len(from_csv[0])
        padded = [row + [""] * (width - len(row)) for row in from_excel]
        assert [[_same(cell) for cell in row] for row in padded] == [
            [_same(cell) for cell in row] for row in from_csv
        ], table


def _same(text: str) -> object:
    """A cell compared by value: Excel shows the number 1.0 as 1, and keeps 15 significant digits."""
    try:
        return float(f"{float(text):.15g}")
    except ValueError:
        return text


def test_exported_tables_hold_the_ledger(year) -> None:  # type: ignore[no-untyped-def]
    """One row per event and per issue; the statistics give the recorded year's figures as data."""
    ledger, statistics = year
    header, rows = event_table(ledger.events)
    rows = list(rows)
    assert header[:4] == ("seq", "type", "at", "actor") or list(header[:4]) == ["seq", "type", "at", "actor"]
    assert len(rows) == len(ledger.events)
    assert [row[0] for row in rows] == list(range(len(ledger.events)))
    _, issues = issue_table(ledger)
    assert len(list(issues)) == len(ledger.issues) == 121
    _, figures = statistics_table(statistics)
    by_name = {(f, k): v for f, k, v in figures}
    assert by_name[("issues_collected", "")] == 121
    assert by_name[("resolved", "")] == 110
    assert 0 < by_name[("resolution_rate", "")] < 1  # a fraction in data, percent only in display
    assert by_name[("collected_by_channel", "household_meeting")] == 121


def test_export_refuses_what_it_cannot_write(year, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Unknown suffixes and tables, several tables in one CSV, statistics without figures: clear errors."""
    ledger, _ = year
    with pytest.raises(SpreadsheetError, match=r"\.csv or an \.xlsx"):
        export(ledger, tmp_path / "x.txt")
    with pytest.raises(SpreadsheetError, match="unknown table"):
        export(ledger, tmp_path / "x.xlsx", tables=["people"])
    with pytest.raises(SpreadsheetError, match="holds one table"):
        export(ledger, tmp_path / "x.csv", tables=["events", "issues"])
    with pytest.raises(SpreadsheetError, match="needs statistics="):
        export(ledger, tmp_path / "x.xlsx")
