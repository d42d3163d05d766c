"""Spreadsheets: tables written as CSV or Excel workbooks, and registers read from Excel.

A *table* here is a header and rows of cells (str, int, float, bool or ``None``).  CSV is
written as UTF-8 with a byte-order mark, which is what Excel needs to open Chinese text
correctly; Excel workbooks (``.xlsx``) are written and read with openpyxl, an optional
dependency (``pip install 'cogov[excel]'``).

Cells are data, never formulas: text that begins like a formula (``=``, ``+``, ``-``, ``@``)
is stored as text in a workbook and prefixed with an apostrophe in CSV, so a hostile
summary such as ``=HYPERLINK(...)`` cannot run when the file is opened (CSV injection).

:func:`read_xlsx_rows` yields a sheet's rows as lists of strings, exactly as the CSV reader
of :func:`~cogov.boundary.household_register.read_register` sees a CSV file's rows;
:func:`read_register_xlsx` imports a household register from Excel through the same checks.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cogov.boundary.household_register import RegisterColumns, RegisterImport, read_register
from cogov.errors import RegisterImportError, SpreadsheetError
from cogov.model.structure import Community

__all__ = [
    "Cell",
    "SpreadsheetError",
    "Table",
    "read_register_file",
    "read_register_xlsx",
    "read_xlsx_rows",
    "write_csv",
    "write_table",
    "write_xlsx",
]

Cell = str | int | float | bool | None
#: a header and its rows
Table = tuple[Sequence[str], Iterable[Sequence[Cell]]]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: characters an .xlsx (XML 1.0) cannot hold
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Excel's limit on a sheet name
_SHEET_NAME_MAX = 31


def _openpyxl() -> Any:
    try:
        import openpyxl  # noqa: PLC0415 - an optional dependency, needed only for .xlsx
    except ImportError:
        msg = "Excel files need openpyxl: pip install 'cogov[excel]' (or pip install openpyxl)"
        raise SpreadsheetError(msg) from None
    return openpyxl


def _csv_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text by spreadsheet programs, never evaluated
    return value


def write_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Path:
    """Write one table as CSV (UTF-8 with BOM, so Excel reads Chinese correctly)."""
    target = Path(path)
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_cell(cell) for cell in row])
    return target


def write_xlsx(path: str | os.PathLike[str], sheets: Mapping[str, Table]) -> Path:
    """Write an Excel workbook with one sheet per table, in the order given."""
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook(write_only=True)
    for name, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=name[:_SHEET_NAME_MAX])
        sheet.append(list(header))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    target = Path(path)
    workbook.save(target)
    return target


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # Excel has no NaN or infinity
    if isinstance(value, str):
        # a write-only cell typed as text: openpyxl would otherwise store "=..." as a formula
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - optional dependency

        # XML 1.0 cannot hold most control characters (U+FFFD stands in for them) and reads
        # every line break as "\n", so that is what is written
        text = _XML_ILLEGAL.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return value


def write_table(
    path: str | os.PathLike[str],
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet: str = "data",
) -> Path:
    """Write one table as CSV or as an Excel workbook, by the file's suffix (``.csv``, ``.xlsx``)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(path, {sheet: (header, rows)})
    if suffix == ".csv":
        return write_csv(path, header, rows)
    msg = f"{path}: write a .csv or an .xlsx file, not {suffix or 'a file without a suffix'}"
    raise SpreadsheetError(msg)


# -- reading -----------------------------------------------------------------------------------
def _text(value: Any) -> str:
    """A cell's value as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # a household number typed as 101 is read back as 101.0
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_xlsx_rows(
    source: str | os.PathLike[str] | bytes, *, sheet: str | None = None
) -> Iterator[list[str]]:
    """The rows of a sheet (default: the first) as lists of text, header first.

    Values are what Excel shows (the cached result of a formula, not the formula); numbers
    that are whole print without ``.0``; dates as ``YYYY-MM-DD``.  Trailing empty rows are
    left out, as Excel leaves them out of a CSV.
    """
    openpyxl = _openpyxl()
    handle = io.BytesIO(source) if isinstance(source, bytes) else Path(source)
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except FileNotFoundError:
        raise
    except (
        OSError,
        KeyError,
        ValueError,
        TypeError,
        zipfile.BadZipFile,
        openpyxl.utils.exceptions.InvalidFileException,
    ) as error:
        name = "the workbook" if isinstance(source, bytes) else str(source)
        msg = f"{name}: not an Excel workbook (.xlsx) ({type(error).__name__}); save it from Excel as .xlsx or as CSV"
        raise SpreadsheetError(msg) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            msg = f"no sheet {sheet!r}; the workbook has {workbook.sheetnames}"
            raise SpreadsheetError(msg)
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        pending: list[list[str]] = []  # empty rows, kept until a row with content follows
        for values in worksheet.iter_rows(values_only=True):
            row = [_text(v) for v in values]
            while row and row[-1] == "":
                row.pop()
            if not row:
                pending.append([])
                continue
            yield from pending
            pending.clear()
            yield row
    finally:
        workbook.close()


def read_register_xlsx(
    source: str | os.PathLike[str] | bytes,
    community: Community,
    *,
    columns: RegisterColumns | None = None,
    strict: bool = True,
    sheet: str | None = None,
) -> RegisterImport:
    """Read a household register from an Excel workbook, with the checks of
    :func:`~cogov.boundary.household_register.read_register` (rows numbered as Excel numbers them).

    The sheet's rows go through the CSV reader unchanged, so a register behaves the same
    whether it was saved as ``.xlsx`` or as CSV.
    """
    name = "register" if isinstance(source, bytes) else str(source)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    try:
        rows = read_xlsx_rows(source, sheet=sheet)
        header = next(rows, [])
        writer.writerow(header)
        # each row as wide as the header, as Excel saves a sheet as CSV: a blank row stays a
        # row (",,,"), so the rows after it keep their Excel numbers
        writer.writerows(row + [""] * (len(header) - len(row)) for row in rows)
    except SpreadsheetError as error:
        raise RegisterImportError([str(error)], source=name) from None
    data = buffer.getvalue().encode("utf-8")
    try:
        return read_register(data, community, columns=columns, encoding="utf-8", strict=strict)
    except RegisterImportError as error:
        raise RegisterImportError(error.problems, source=name) from None


def read_register_file(
    path: str | os.PathLike[str],
    community: Community,
    *,
    columns: RegisterColumns | None = None,
    strict: bool = True,
    sheet: str | None = None,
) -> RegisterImport:
    """Read a register from ``path``: an Excel workbook (``.xlsx``) or a CSV file (anything else)."""
    if Path(path).suffix.lower() == ".xlsx":
        return read_register_xlsx(path, community, columns=columns, strict=strict, sheet=sheet)
    return read_register(path, community, columns=columns, strict=strict)
