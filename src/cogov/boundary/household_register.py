"""Household-register import: residents and households from CSV as exported from Excel.

A township's resident register (居民花名册) is a spreadsheet with one row per resident: name
(姓名), resident ID number (身份证号), phone (联系电话), household number (户号), grid (网格),
optionally building (楼栋), a person number (人员编号) and political status (政治面貌).  Excel
saves CSV as UTF-8 (with or without a BOM) or, on Chinese Windows, as GBK/GB18030; the
encoding is detected or chosen.  Column names are configurable (:class:`RegisterColumns`).

:func:`read_register` returns the :class:`~cogov.model.structure.Unit` and
:class:`~cogov.model.structure.Person` values to add to a community (buildings and
households created under grids that must already exist), and the personal identifiers
kept apart in :class:`Resident` records: ID and phone numbers never enter the ledger, and are
masked in every message, ``repr`` and log line.

Each bad row gets one :class:`RowProblem` naming the row (as Excel numbers it: the header is
row 1), each bad column and why.  ``strict=True`` (the default) refuses the whole register
when any row is bad; ``strict=False`` imports the good rows and reports the bad ones.
"""

from __future__ import annotations

import csv
import io
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from cogov.boundary.identifiers import (
    check_phone,
    check_resident_id,
    identifier_kind,
    identifier_shaped,
    mask_id,
    mask_phone,
    redact,
)
from cogov.errors import InvalidFieldError, RegisterImportError
from cogov.model.events import Event, PersonRegistered, UnitAdded
from cogov.model.fields import CODE_RE
from cogov.model.structure import Community, Person, PersonAttribute, Unit

__all__ = ["RegisterColumns", "RegisterImport", "Resident", "RowProblem", "read_register"]

log = logging.getLogger(__name__)

Encoding = Literal["auto", "utf-8", "utf-8-sig", "gb18030", "gbk"]
_PARTY_WORDS: Final = ("党员",)  # 中共党员, 中共预备党员


@attrs.frozen
class RegisterColumns:
    """Which header names hold which data (defaults: the usual Chinese headers).

    ``None`` for an optional column means the register has no such column.
    """

    name: str = "姓名"
    household: str = "户号"
    grid: str = "网格"
    building: str | None = "楼栋"
    id_number: str | None = "身份证号"
    phone: str | None = "联系电话"
    person_id: str | None = "人员编号"
    political_status: str | None = "政治面貌"

    def required(self) -> tuple[str, ...]:
        return (self.name, self.household, self.grid)


@attrs.frozen
class RowProblem:
    """Everything wrong with one row: ``(column, reason)`` pairs.  Identifiers are masked."""

    row: int
    issues: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return f"row {self.row}: " + "; ".join(f"{column}: {reason}" for column, reason in self.issues)


@attrs.frozen
class Resident:
    """A person read from the register with their personal identifiers (masked in ``repr``)."""

    person: Person
    row: int
    id_number: str | None = attrs.field(default=None, repr=lambda v: "None" if v is None else mask_id(v))
    phone: str | None = attrs.field(default=None, repr=lambda v: "None" if v is None else mask_phone(v))


@attrs.frozen
class RegisterImport:
    """The result of reading a register: what to add to the community, and what was refused."""

    units: tuple[Unit, ...]
    people: tuple[Person, ...]
    residents: tuple[Resident, ...]
    problems: tuple[RowProblem, ...]
    encoding: str
    rows: int

    def add_to(self, community: Community) -> None:
        """Add the new units (parents first) and people to ``community`` (one not yet in a ledger)."""
        community.extend(units=self.units, people=self.people)

    def events(self, actor: str, at: datetime) -> tuple[Event, ...]:
        """The register changes as ledger events by ``actor`` at ``at``: the new units (parents
        first), then the people.  Append them to a live ledger or store (a ledger's community
        changes only by events); the identifiers in :attr:`residents` stay out of the ledger."""
        units: list[Event] = [
            UnitAdded(
                at=at,
                actor=actor,
                unit=unit.code,
                level=unit.level,
                name_zh=unit.name_zh,
                name_en=unit.name_en,
                parent=unit.parent,
            )
            for unit in self.units
            if unit.parent is not None
        ]
        people: list[Event] = [
            PersonRegistered(
                at=at,
                actor=actor,
                person=person.id,
                name=person.name,
                household=person.household,
                attributes=person.attributes,
            )
            for person in self.people
        ]
        return (*units, *people)


def _decode(data: bytes, encoding: Encoding, source: str) -> tuple[str, str]:
    if encoding == "auto":
        if data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        else:
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                encoding = "gb18030"  # a superset of GBK and GB2312: what Chinese Excel writes
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        msg = (
            f"row {row}: not valid {encoding} text at byte {error.start}; choose the encoding the file "
            "was saved in (encoding='utf-8' or 'gb18030'), or leave encoding='auto'"
        )
        raise RegisterImportError([msg], source=source) from None


def _csv_problem(error: csv.Error, row: int) -> str:
    reason = str(error)
    if "field larger than field limit" in reason:
        reason = (
            f"a cell is longer than {csv.field_size_limit():,} characters; "
            "is a closing quote missing, or is this not the register?"
        )
    return f"row {row}: not readable as CSV: {redact(reason)}"


def _cell(row: dict[str, str | None], column: str | None) -> str:
    if column is None:
        return ""
    value = row.get(column) or ""
    # Excel users force text with a leading apostrophe or tab; neither is part of the value.
    return value.strip().lstrip("'\t").strip()


def read_register(
    source: str | os.PathLike[str] | bytes,
    community: Community,
    *,
    columns: RegisterColumns | None = None,
    encoding: Encoding = "auto",
    strict: bool = True,
    delimiter: str = ",",
) -> RegisterImport:
    """Read residents and households from a CSV register for ``community``.

    ``source`` is a path or the file's bytes.  Grid codes must name grid-level units already
    in ``community``; buildings and households are created below them when missing (a
    household without a building column sits directly under its grid).
    """
    columns = columns or RegisterColumns()
    if type(delimiter) is not str or len(delimiter) != 1 or delimiter in '\r\n"':
        msg = f"delimiter must be one character other than a quote or a line break, e.g. ',' or ';', got {delimiter!r}"
        raise InvalidFieldError(msg)
    if isinstance(source, bytes):
        data, name = source, "register"
    else:
        name = redact(str(source))
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            msg = f"cannot read the file: {error.strerror or error}"
            raise RegisterImportError([msg], source=name) from None
    text, used = _decode(data, encoding, name)
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in reader.fieldnames or []]
    except csv.Error as error:
        raise RegisterImportError([_csv_problem(error, 1)], source=name) from None
    reader.fieldnames = headers
    missing = [c for c in columns.required() if c not in headers]
    if missing:
        msg = (
            f"row 1: missing column(s) {missing}; the header has {headers}. Rename the columns or pass "
            "columns=RegisterColumns(name=..., household=..., grid=...)"
        )
        raise RegisterImportError([msg], source=name)
    builder = _Builder(community, columns)
    count = 0
    try:
        for number, row in enumerate(reader, start=2):
            if not any(_cell(row, header) for header in headers):
                continue  # a blank row, as registers keep between blocks: not a resident
            count += 1
            builder.add(number, row)
    except csv.Error as error:
        raise RegisterImportError([_csv_problem(error, count + 2)], source=name) from None
    problems = tuple(builder.problems)
    log.info(
        "register %s: %d rows, %d residents, %d bad rows (%s)",
        name,
        count,
        len(builder.residents),
        len(problems),
        used,
    )
    if problems and strict:
        raise RegisterImportError([str(p) for p in problems], source=name)
    return RegisterImport(
        units=tuple(builder.units.values()),
        people=tuple(r.person for r in builder.residents),
        residents=tuple(builder.residents),
        problems=problems,
        encoding=used,
        rows=count,
    )


class _Builder:
    """Row-by-row checks; a bad row adds nothing, so ``strict=False`` keeps only good rows."""

    def __init__(self, community: Community, columns: RegisterColumns) -> None:
        self.community = community
        self.columns = columns
        self.units: dict[str, Unit] = {}
        self.residents: list[Resident] = []
        self.problems: list[RowProblem] = []
        self.person_ids: dict[str, int] = {}
        self.id_numbers: dict[str, int] = {}
        self.per_household: dict[str, int] = {}

    def _unit(self, code: str) -> Unit | None:
        return self.units.get(code) or (self.community.unit(code) if self.community.has_unit(code) else None)

    def add(self, number: int, row: dict[Any, Any]) -> None:
        issues = self._shape_issues(row)
        if issues:
            # Cells are out of place: any value read now could be another column's (an ID
            # number in the grid column), so nothing of the row is checked or shown.
            self.problems.append(RowProblem(number, tuple(issues)))
            return
        self._add(number, row)

    def _shape_issues(self, row: dict[Any, Any]) -> list[tuple[str, str]]:
        """A row with fewer or more cells than the header, or an identifier in a name or code column."""
        c = self.columns
        cells = len(row) - (1 if None in row else 0)
        if None in row:
            extra = len(row[None] or [])
            return [
                ("*", f"the row has {cells + extra} cells but the header has {cells}; remove the extra cells")
            ]
        missing = [column for column, value in row.items() if value is None]
        if missing:
            return [
                (
                    "*",
                    f"the row has {cells - len(missing)} cells but the header has {cells}; "
                    "a cell is missing, so the cells after it are out of place",
                )
            ]
        issues = []
        for column in (c.name, c.grid, c.building, c.household, c.person_id):
            if column is None:
                continue
            # a name never holds a run of 11 or 18 digits; a code may, unless it is a real identifier
            kind = (identifier_shaped if column == c.name else identifier_kind)(_cell(row, column))
            if kind is not None:
                issues.append(
                    (column, f"holds what looks like a {kind}; check that the cells are in their columns")
                )
        return issues

    def _add(self, number: int, row: dict[str, str | None]) -> None:
        c = self.columns
        issues: list[tuple[str, str]] = []
        name = _cell(row, c.name)
        if not name:
            issues.append((c.name, "the name is empty"))
        grid, building, household = _cell(row, c.grid), _cell(row, c.building), _cell(row, c.household)
        grid_unit = self._check_grid(grid, issues)
        before = len(issues)
        building_unit = self._check_building(building, grid_unit, issues)
        # A refused building leaves the household's place unknown: do not report it twice.
        parent = None if len(issues) > before else building_unit or grid_unit
        household_unit = self._check_household(household, parent, issues)
        id_number = self._check_id(_cell(row, c.id_number), number, issues)
        phone = self._check_phone(_cell(row, c.phone), issues)
        person_id = _cell(row, c.person_id)
        if person_id:
            if CODE_RE.fullmatch(person_id) is None:
                issues.append(
                    (str(c.person_id), f"{person_id!r} is not a valid id (letters, digits, '.', '_', '-')")
                )
            elif person_id in self.person_ids or self.community.has_person(person_id):
                where = self.person_ids.get(person_id)
                issues.append(
                    (
                        str(c.person_id),
                        f"{person_id!r} is already used" + (f" by row {where}" if where else ""),
                    )
                )
        if issues:
            # the last guard: no value shown in a message is a full identifier
            self.problems.append(RowProblem(number, tuple((col, redact(why)) for col, why in issues)))
            return
        assert household_unit is not None
        while not person_id or person_id in self.person_ids or self.community.has_person(person_id):
            # Numbered within the household, skipping ids already taken (a re-import).
            index = self.per_household.get(household_unit.code, 0) + 1
            self.per_household[household_unit.code] = index
            person_id = f"{household_unit.code}-{index}"
        status = _cell(row, c.political_status)
        attributes = {PersonAttribute.PARTY_MEMBER} if any(w in status for w in _PARTY_WORDS) else set()
        person = Person(person_id, name, household=household_unit.code, attributes=attributes)
        for unit in (building_unit, household_unit):
            if unit is not None and not self.community.has_unit(unit.code):
                self.units.setdefault(unit.code, unit)
        self.person_ids[person_id] = number
        if id_number:
            self.id_numbers[id_number] = number
        self.residents.append(Resident(person, number, id_number or None, phone or None))

    def _check_grid(self, code: str, issues: list[tuple[str, str]]) -> Unit | None:
        column = self.columns.grid
        if not code:
            issues.append((column, "the grid is empty"))
            return None
        unit = self._unit(code)
        if unit is None or unit.level != "grid":
            grids = (
                sorted(u.code for u in self.community.units_at("grid"))
                if any(lv.key == "grid" for lv in self.community.levels)
                else []
            )
            issues.append((column, f"{code!r} is not a grid of the community; grids are {grids[:10]}"))
            return None
        return unit

    def _check_building(self, code: str, grid: Unit | None, issues: list[tuple[str, str]]) -> Unit | None:
        column = self.columns.building
        if not code or column is None or grid is None:
            return None
        if CODE_RE.fullmatch(code) is None:
            issues.append((column, f"{code!r} is not a valid code (letters, digits, '.', '_', '-')"))
            return None
        unit = self._unit(code)
        if unit is None:
            return Unit(code, "building", f"{code}栋", f"building {code}", parent=grid.code)
        if unit.parent != grid.code:
            issues.append((column, f"building {code!r} belongs to grid {unit.parent!r}, not {grid.code!r}"))
            return None
        return unit

    def _check_household(self, code: str, parent: Unit | None, issues: list[tuple[str, str]]) -> Unit | None:
        column = self.columns.household
        if not code:
            issues.append((column, "the household number is empty"))
            return None
        if CODE_RE.fullmatch(code) is None:
            issues.append((column, f"{code!r} is not a valid code (letters, digits, '.', '_', '-')"))
            return None
        if parent is None:
            return None
        unit = self._unit(code)
        if unit is None:
            return Unit(code, "household", f"{code}户", f"household {code}", parent=parent.code)
        if unit.level != "household" or unit.parent != parent.code:
            issues.append(
                (
                    column,
                    f"{code!r} is already a {unit.level} under {unit.parent!r}, not under {parent.code!r}",
                )
            )
            return None
        return unit

    def _check_id(self, value: str, number: int, issues: list[tuple[str, str]]) -> str:
        column = self.columns.id_number
        if not value or column is None:
            return ""
        try:
            normal = check_resident_id(value)
        except InvalidFieldError as error:
            issues.append((column, str(error)))
            return ""
        if normal in self.id_numbers:
            issues.append(
                (column, f"{mask_id(normal)} is the same ID number as row {self.id_numbers[normal]}")
            )
            return ""
        return normal

    def _check_phone(self, value: str, issues: list[tuple[str, str]]) -> str:
        column = self.columns.phone
        if not value or column is None:
            return ""
        try:
            return check_phone(value)
        except InvalidFieldError as error:
            issues.append((column, str(error)))
            return ""
