"""The journal of a sweep: each finished replication, written down the moment it finishes.

``replications.jsonl`` in the sweep's output directory starts with a header line naming the
sweep (scenario, seed, parameter grid); each further line is one replication of one point
(``{"point", "replication", "figures"}``, undefined figures as ``null``).  An
interrupted sweep therefore keeps every replication it finished, and ``cogov sweep
--resume`` reads them back and runs only the rest.  A last line cut short (the process was
killed while writing it) is ignored; a journal of another sweep is refused rather than mixed.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from cogov.cli._app import fail

__all__ = ["FILENAME", "Journal", "read_journal"]

FILENAME = "replications.jsonl"
Figures = dict[str, float | None]
#: the signals whose handlers must not run in the middle of a line
_DEFERRED = {signal.SIGINT, signal.SIGTERM}


def _header(header: Mapping[str, Any]) -> dict[str, Any]:
    return {"cogov_sweep_journal": 1, **header}


def read_journal(path: Path, header: Mapping[str, Any]) -> dict[tuple[int, int], Figures]:
    """The replications kept in ``path``, by ``(point, replication)``; ``header`` must match its own."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        msg = f"--resume: no sweep to resume in {path.parent} (no {FILENAME}); run without --resume"
        raise fail(msg) from None
    try:
        found = json.loads(lines[0]) if lines else None
    except ValueError:
        found = None
    if not isinstance(found, dict) or found.get("cogov_sweep_journal") != 1:
        msg = f"--resume: {path} is not a cogov sweep journal"
        raise fail(msg)
    expected = json.loads(json.dumps(_header(header)))
    for key, value in expected.items():
        if found.get(key) != value:
            msg = (
                f"--resume: {path} is the journal of another sweep ({key} was {found.get(key)!r}, "
                f"now {value!r}); use another --out, or run without --resume to start again"
            )
            raise fail(msg)
    kept: dict[tuple[int, int], Figures] = {}
    for number, line in enumerate(lines[1:], start=2):
        try:
            entry = json.loads(line)
            kept[int(entry["point"]), int(entry["replication"])] = {
                str(name): None if value is None else float(value) for name, value in entry["figures"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            if number == len(lines):  # cut short by a kill while it was being written
                break
            msg = f"--resume: {path}, line {number}: not a replication record"
            raise fail(msg) from None
    return kept


class Journal:
    """Appends replications to ``path`` (created with its header, or rewritten from ``kept``)."""

    def __init__(
        self, path: Path, header: Mapping[str, Any], kept: Mapping[tuple[int, int], Figures]
    ) -> None:
        self.path = path
        self._handle: IO[str] = path.open("w", encoding="utf-8")
        self._handle.write(json.dumps(_header(header), ensure_ascii=False) + "\n")
        for (point, replication), figures in sorted(kept.items()):
            self._line(point, replication, figures)
        self._handle.flush()

    def _line(self, point: int, replication: int, figures: Mapping[str, float | None]) -> None:
        entry = {"point": point, "replication": replication, "figures": dict(figures)}
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def add(self, point: int, replication: int, figures: Mapping[str, float | None]) -> None:
        """Write one replication down at once; Ctrl-C or SIGTERM waits until the line is whole."""
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
        try:
            self._line(point, replication, figures)
            self._handle.flush()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def close(self) -> None:
        self._handle.close()
