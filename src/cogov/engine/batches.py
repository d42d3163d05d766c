"""All-or-nothing batches: applying many events as one, and rolling them back.

While a batch runs, the state's fold writes an undo log (``State.undo``): for each issue the
batch touches, a copy of its record from before the batch (saved once), and for every other
change a function that reverses it.  A refused event (or a
:meth:`~cogov.engine.ledger.Ledger.check`, which never keeps anything) rolls the state, the
chain and the ledger's clock back to where the batch began.  The whole batch is recorded at
one reading of the ledger's clock.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import attrs

from cogov.engine.folded import IssueRecord
from cogov.engine.state import State, Undo
from cogov.model.events import Event

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["apply_atomically", "gc_paused"]

_ISSUE_FIELDS = tuple(field.name for field in attrs.fields(IssueRecord))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk fold.

    Why: a fold allocates many long-lived objects and no reference cycles; while it runs, the
    collector keeps rescanning the growing heap, which made a trusted replay of 1,000,000
    events about three times slower (benchmarks/ledger.py).  Reference counting still frees
    everything; the collector is re-enabled (if it was enabled) however the fold ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def apply_atomically(ledger: Ledger, events: Iterable[Event], *, keep: bool) -> list[object]:
    """Apply ``events`` to ``ledger`` all-or-nothing; with ``keep=False`` roll back even on success."""
    state, chain = ledger._state, ledger._chain
    start, head, hashed = len(chain.events), chain.head, len(chain.hashes)
    clock, batch_now = ledger._clock, ledger._batch_now
    undo: list[Undo] = []
    outer = state.undo, state.saved  # a check made by an observer during a batch nests
    state.undo, state.saved = undo, set()
    if ledger._now is not None and batch_now is None:
        ledger._batch_now = ledger._now()
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
        _roll_back(state, undo)
        chain.truncate(start, hashed, head)
        ledger._clock = clock
        raise
    else:
        if not keep:
            _roll_back(state, undo)
            chain.truncate(start, hashed, head)
            ledger._clock = clock
    finally:
        state.undo, state.saved = outer
        ledger._observers = observers
        ledger._batch_now = batch_now
    return results


def _roll_back(state: State, undo: list[Undo]) -> None:
    issues = state.issues
    for entry in reversed(undo):
        if callable(entry):
            entry()
            continue
        key, previous = entry[1]
        if previous is None:
            del issues[key]
        else:
            # In place, so records handed out earlier show the restored state too.
            current = issues[key]
            for name in _ISSUE_FIELDS:
                setattr(current, name, getattr(previous, name))
