"""The record of a simulated run, written beside its ledger: what was simulated and which
period was measured.

A simulated ledger begins with a warm-up (a year, for Xiaoxiguan) so that the measured year
does not start empty; its events are real events, so a report over the whole file would mix
the warm-up into the measured period.  ``run.json`` records the measured period with the run,
and ``cogov report`` on the ledger uses it as the default period.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from cogov.cli._app import fail
from cogov.evaluation import Period

__all__ = ["FILENAME", "RunRecord", "recorded_run", "write_run"]

FILENAME = "run.json"
FORMAT = "cogov.run"


def write_run(out: Path, *, ledger: str, period: Period, clock_start: datetime, **about: Any) -> Path:
    """Write ``run.json`` in ``out``: the ledger's file name, the measured period, and ``about``."""
    document = {
        "format": FORMAT,
        "version": 1,
        "ledger": ledger,
        **about,
        "clock_start": clock_start.isoformat(),
        "measured_period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
    }
    path = out / FILENAME
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


@attrs.frozen
class RunRecord:
    """What ``run.json`` says of a simulated ledger: its measured period and scenario."""

    path: Path
    period: Period
    scenario: str | None


def recorded_run(ledger_file: Path) -> RunRecord | None:
    """The record of the simulated run that wrote ``ledger_file``, if one did."""
    path = ledger_file.parent / FILENAME
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        msg = f"{path}: not a JSON run record; remove it or give the period with --year or --from/--to"
        raise fail(msg) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None  # someone else's run.json: not ours to read
    if document.get("ledger") != ledger_file.name:
        return None  # the record of another ledger in the same directory
    try:
        measured = document["measured_period"]
        period = Period(datetime.fromisoformat(measured["start"]), datetime.fromisoformat(measured["end"]))
    except (KeyError, TypeError, ValueError) as error:
        msg = f"{path}: measured_period is unreadable ({error}); give the period with --year or --from/--to"
        raise fail(msg) from None
    scenario = document.get("scenario")
    return RunRecord(path, period, scenario if isinstance(scenario, str) else None)
