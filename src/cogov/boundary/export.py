"""Export a ledger's events, issues and statistics as tables, for CSV or Excel.

Each ``*_table`` function returns a header and rows (see :mod:`cogov.boundary.spreadsheet`);
:func:`export` writes one or more of them to a ``.csv`` file (one table) or an ``.xlsx``
workbook (a sheet per table)::

    export(ledger, "year.xlsx", statistics=compute_statistics(ledger, period=period))

* events: one row per event, in ledger order: ``seq``, ``type``, ``at`` (ISO 8601), ``actor``,
  then every other field of any event type (a list joined with ``; ``, a mapping as JSON);
* issues: one row per issue as it stands: kind, unit, channel, state, when it was opened and
  last moved, the states it went through, satisfaction, reopenings and rework;
* statistics: one row per figure of a :class:`~cogov.evaluation.Statistics` (``figure``,
  ``key`` for the figures counted by kind, channel, group or answer, and ``value``).

Rates are fractions in data (``0.909``), as everywhere in cogov; percent is for display.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from cogov.boundary.codec import unstructure_event
from cogov.boundary.spreadsheet import Cell, SpreadsheetError, Table, write_csv, write_xlsx
from cogov.engine.ledger import Ledger
from cogov.model.events import Event

__all__ = ["TABLES", "event_table", "export", "issue_table", "statistics_table"]

#: the tables :func:`export` knows, in the order a workbook holds them
TABLES = ("events", "issues", "statistics")

_EVENT_HEAD = ("seq", "type", "at", "actor")
_ISSUE_HEAD = (
    "issue",
    "kind",
    "unit",
    "channel",
    "reporter",
    "meeting",
    "opened_at",
    "state",
    "last_at",
    "path",
    "satisfaction",
    "reopened",
    "reworked",
    "duplicate_of",
    "responsible",
    "deadline",
    "events",
)
#: what Statistics.to_dict() holds that is not a figure: the sequence numbers behind each
_EVIDENCE = "evidence"


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return "; ".join(str(_cell(item)) for item in items)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def event_table(events: Iterable[Event]) -> Table:
    """One row per event, in order; columns ``seq``, ``type``, ``at``, ``actor``, then every other field."""
    documents = [unstructure_event(event) for event in events]
    extra = sorted({key for document in documents for key in document} - set(_EVENT_HEAD))
    header = [*_EVENT_HEAD, *extra]
    rows = [
        [seq, *(_cell(document.get(key)) for key in header[1:])] for seq, document in enumerate(documents)
    ]
    return header, rows


def issue_table(ledger: Ledger) -> Table:
    """One row per issue, as it stands at the ledger's head, in the order issues were opened."""
    rows = []
    for record in sorted(ledger.issues.values(), key=lambda r: (r.opened_at, r.id)):
        rows.append(
            [
                record.id,
                record.kind,
                record.unit,
                record.channel,
                record.reporter,
                record.meeting,
                _cell(record.opened_at),
                record.state,
                _cell(record.last_at),
                " > ".join(record.path),
                record.satisfaction,
                record.reopened,
                record.reworked,
                record.duplicate_of,
                record.responsible,
                _cell(record.deadline),
                len(record.seqs),
            ]
        )
    return list(_ISSUE_HEAD), rows


def statistics_table(statistics: Any) -> Table:
    """One row per figure of ``statistics`` (a :class:`cogov.evaluation.Statistics`):
    ``figure``, ``key`` (for figures counted per kind, channel, group, actor or answer) and
    ``value``; a figure per group or actor is named ``by_group.resolved`` and keyed by the unit."""
    rows: list[list[Cell]] = []
    for name, value in statistics.to_dict().items():
        if name == _EVIDENCE:
            continue  # sequence numbers, not figures
        if name == "period" and isinstance(value, Mapping):
            rows += [["period_start", "", value["start"]], ["period_end", "", value["end"]]]
        elif isinstance(value, Mapping):
            for key in sorted(value):
                inner = value[key]
                if isinstance(inner, Mapping):
                    rows += [[f"{name}.{field}", str(key), _cell(inner[field])] for field in inner]
                else:
                    rows.append([name, str(key), _cell(inner)])
        else:
            rows.append([name, "", _cell(value)])
    return ["figure", "key", "value"], rows


def export(
    ledger: Ledger,
    path: str | os.PathLike[str],
    *,
    tables: Sequence[str] | None = None,
    statistics: Any = None,
) -> Path:
    """Write the ledger's ``tables`` (default: all of :data:`TABLES` for ``.xlsx``, ``events``
    for ``.csv``) to ``path``: a CSV file holds one table, a workbook one sheet per table.

    ``statistics`` (from :func:`cogov.evaluation.compute_statistics`) is needed for the statistics table.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        msg = f"{path}: export to a .csv or an .xlsx file, not {suffix or 'a file without a suffix'}"
        raise SpreadsheetError(msg)
    chosen = list(tables) if tables else (list(TABLES) if suffix == ".xlsx" else ["events"])
    unknown = [name for name in chosen if name not in TABLES]
    if unknown:
        msg = f"unknown table(s) {unknown}; tables are {', '.join(TABLES)}"
        raise SpreadsheetError(msg)
    if suffix == ".csv" and len(chosen) != 1:
        msg = f"{path}: a CSV file holds one table, not {len(chosen)} ({', '.join(chosen)}); write an .xlsx workbook for several"
        raise SpreadsheetError(msg)
    if "statistics" in chosen and statistics is None:
        msg = "the statistics table needs statistics=compute_statistics(ledger, period=...)"
        raise SpreadsheetError(msg)
    built: dict[str, Table] = {}
    for name in chosen:
        if name == "events":
            built[name] = event_table(ledger.events)
        elif name == "issues":
            built[name] = issue_table(ledger)
        else:
            built[name] = statistics_table(statistics)
    if suffix == ".csv":
        header, rows = built[chosen[0]]
        return write_csv(path, header, rows)
    return write_xlsx(path, built)
