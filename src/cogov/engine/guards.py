"""Named guards that workflow transitions may require.

A guard receives the issue record (``None`` for an intake), the event and the ledger, and
returns ``None`` to allow or a sentence saying why the transition is refused.  Workflows
name guards by key, so a workflow stays plain data; a ledger is given the guard functions
(the built-ins here plus any a plugin adds) and checks at start-up that every name exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from cogov.engine.folded import IssueRecord
from cogov.model.events import IssueEvent, MarkedDuplicate

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["BUILTIN_GUARDS", "Guard"]

Guard = Callable[[IssueRecord, IssueEvent, "Ledger"], "str | None"]


def mediable_kind(issue: IssueRecord, event: IssueEvent, ledger: Ledger) -> str | None:
    """Only kinds declared ``mediable`` (disputes) may enter mediation."""
    kind = ledger.charter.issue_kind(issue.kind)
    if kind.mediable:
        return None
    return f"issue kind {kind.label} is not mediable; only mediable kinds (e.g. disputes) go to mediation"


def duplicate_target(issue: IssueRecord, event: IssueEvent, ledger: Ledger) -> str | None:
    """A duplicate must point at another issue that exists."""
    if not isinstance(event, MarkedDuplicate):
        return "mark_duplicate needs a MarkedDuplicate event naming the original issue"
    if event.duplicate_of == issue.id:
        return f"issue {issue.id!r} cannot be a duplicate of itself"
    if event.duplicate_of not in ledger.issues:
        return f"duplicate_of names unknown issue {event.duplicate_of!r}"
    return None


BUILTIN_GUARDS: Mapping[str, Guard] = {
    "mediable_kind": mediable_kind,
    "duplicate_target": duplicate_target,
}
