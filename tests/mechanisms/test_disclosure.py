"""The yearly disclosure: matters, the duty table, supervision duties and a checkable checkpoint."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cogov import Ledger
from cogov.errors import UnknownKeyError
from cogov.evaluation import disclose, disclosure_document
from cogov.events import AffairsDisclosed, MeetingHeld
from cogov.testing.community_services import GRID, ROOT, WORKER, every_service_event, ledger, ticks


def _disclosed() -> Ledger:
    led = ledger()
    events = [
        e for e in every_service_event(ticks()) if not isinstance(e, AffairsDisclosed)
    ]  # not the world's own
    led.apply_all(events)
    led.apply(
        MeetingHeld(at=events[-1].at, actor="p-grid1", meeting="M1", kind="household_meeting", unit=GRID)
    )
    led.apply(
        disclose(
            led,
            at=events[-1].at + timedelta(hours=1),
            actor=WORKER,
            disclosure="D2022",
            unit=ROOT,
            year=2022,
            matters=["M1", "CONV1", "ITEM1"],
        )
    )
    return led


def test_the_document_lists_matters_powers_and_supervision_and_verifies() -> None:
    """Each matter is described from the ledger; every role is in the duty table; the checkpoint holds."""
    led = _disclosed()
    document = disclosure_document(led, "D2022")
    assert [(m.id, m.what) for m in document.matters] == [
        ("M1", "meeting"),
        ("CONV1", "convention"),
        ("ITEM1", "needs_list_item"),
    ]
    assert {p.role for p in document.small_powers} == {r.key for r in led.charter.role_set}
    worker = next(p for p in document.small_powers if p.role == "service_worker")
    assert worker.holders == 1
    assert "disclose_affairs" in worker.duties
    # the basic roles that check completion and order rework supervise too
    assert {p.role for p in document.supervision_duties} == {
        "service_worker",
        "community_secretary",
        "community_cadre",
    }
    assert document.verified
    assert document.checkpoint_count == len(led) - 1
    text = document.render()
    assert "小微权力清单" in text
    assert "yes" in text


def test_a_rewritten_history_fails_the_disclosed_checkpoint() -> None:
    """The same disclosure replayed onto a different history does not verify."""
    led = _disclosed()
    events = list(led.events)
    disclosed = events[-1]
    other = Ledger(led.charter, led.genesis)
    # drop the household meeting: the history the checkpoint names is no longer there
    other.apply_all(events[:-2])
    other.apply(
        MeetingHeld(
            at=events[-2].at, actor="p-grid1", meeting="M1", kind="household_meeting", unit=GRID, note="x"
        )
    )
    other.apply(disclosed)
    assert disclosure_document(led, "D2022").verified
    assert not disclosure_document(other, "D2022").verified


def test_an_unknown_disclosure_is_an_error() -> None:
    """Asking for a disclosure never recorded names it."""
    with pytest.raises(UnknownKeyError, match="D1999"):
        disclosure_document(_disclosed(), "D1999")
