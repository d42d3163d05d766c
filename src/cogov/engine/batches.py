"""All-or-nothing batches: applying many events as one, and rolling them back.

While a batch runs, the ledger's appliers write an undo log (``ledger._undo``): for each
issue the batch touches, a copy of its record from before the batch (saved once), and the
key of every meeting, activity and appointment the batch adds or ends.  A refused event (or
a :meth:`~cogov.engine.ledger.Ledger.check`, which never keeps anything) rolls the state,
the events and the hash chain back to where the batch began.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from cogov.engine.records import IssueRecord
from cogov.engine.replay import gc_paused
from cogov.model.events import Event

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["Undo", "apply_atomically"]

#: one entry of the undo log: (what: "issue", "meeting", "activity" or "appointment", key, before)
Undo = tuple[str, str, Any]
_ISSUE_FIELDS = tuple(field.name for field in attrs.fields(IssueRecord))


def apply_atomically(ledger: Ledger, events: Iterable[Event], *, keep: bool) -> list[object]:
    """Apply ``events`` to ``ledger`` all-or-nothing; with ``keep=False`` roll back even on success."""
    start = len(ledger._events)
    head, hashed = ledger._head, len(ledger._hashes)
    undo: list[Undo] = []
    outer = ledger._undo, ledger._saved  # a check made by an observer during a batch nests
    ledger._undo, ledger._saved = undo, set()
    observers = ledger._observers
    if not keep:
        ledger._observers = []
    results: list[object] = []
    try:
        with gc_paused():
            for position, event in enumerate(events):
                try:
                    results.append(ledger.apply(event))
                except Exception as error:
                    if keep:
                        error.add_note(
                            f"refused at position {position} of the batch; the whole batch was rolled back"
                        )
                    raise
    except BaseException:
        _roll_back(ledger, start, head, hashed, undo)
        raise
    else:
        if not keep:
            _roll_back(ledger, start, head, hashed, undo)
    finally:
        ledger._undo, ledger._saved = outer
        ledger._observers = observers
    return results


def _roll_back(ledger: Ledger, start: int, head: bytes, hashed: int, undo: list[Undo]) -> None:
    issues = ledger._issues
    for kind, key, previous in reversed(undo):
        if kind == "issue":
            if previous is None:
                del issues[key]
            else:
                # In place, so records handed out earlier show the restored state too.
                current = issues[key]
                for name in _ISSUE_FIELDS:
                    setattr(current, name, getattr(previous, name))
        elif kind == "meeting":
            del ledger._meetings[key]
        elif kind == "activity":
            del ledger._activities[key]
        else:
            ledger.authority.restore(previous, key)
    del ledger._events[start:]
    del ledger._hashes[hashed:]
    ledger._head = head
