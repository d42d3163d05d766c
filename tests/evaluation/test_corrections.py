"""A correction changes what the figures say; the corrected event stays in the chain as recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cogov.errors import IllegalTransitionError, NotAuthorisedError, UnknownKeyError
from cogov.evaluation import compute_statistics
from cogov.events import EventCorrected, FollowUpVisited
from cogov.testing.recorded_year import year_ledger as recorded_year


def _first_follow_up(book):  # type: ignore[no-untyped-def]
    return next(i for i, e in enumerate(book.events) if isinstance(e, FollowUpVisited))


def test_a_corrected_satisfaction_answer_changes_the_figures_not_the_record() -> None:
    book = recorded_year(12)
    seq = _first_follow_up(book)
    original = book.events[seq]
    before = compute_statistics(book)
    head = book.head
    fix = EventCorrected(
        at=book.last_event_at() + timedelta(hours=1),  # type: ignore[operator]
        actor=original.actor,
        corrects=seq,
        reason="回访记录有误 misheard",
        changes=(("satisfaction", '"dissatisfied"'),),
    )
    book.apply(fix)
    after = compute_statistics(book)
    assert book.events[seq] == original  # the chain keeps what was recorded
    assert book.corrected_events[seq].satisfaction == "dissatisfied"  # type: ignore[attr-defined]
    assert book.corrections(seq) == (len(book) - 1,)
    assert book.issue(original.issue).satisfaction == "dissatisfied"  # type: ignore[attr-defined]
    assert after.follow_up_satisfaction < before.follow_up_satisfaction  # type: ignore[operator]
    assert book.verify() != head


def test_a_correction_may_not_change_who_when_or_which_step() -> None:
    book = recorded_year(6)
    seq = _first_follow_up(book)
    at = book.last_event_at() + timedelta(hours=1)  # type: ignore[operator]
    actor = book.events[seq].actor
    for field, value in (("actor", '"p-med"'), ("at", '"2022-01-01T09:00:00+08:00"'), ("issue", '"I-000"')):
        with pytest.raises(IllegalTransitionError, match="cannot be corrected"):
            book.apply(
                EventCorrected(
                    at=at, actor=actor, corrects=seq, reason="改 change", changes=((field, value),)
                )
            )
    with pytest.raises(UnknownKeyError, match="ecstatic"):
        book.apply(
            EventCorrected(
                at=at,
                actor=actor,
                corrects=seq,
                reason="改 change",
                changes=(("satisfaction", '"ecstatic"'),),
            )
        )
    with pytest.raises(NotAuthorisedError):
        book.apply(
            EventCorrected(
                at=at,
                actor="p-1-1a",  # a resident, holding no office
                corrects=seq,
                reason="改 change",
                changes=(("satisfaction", '"satisfied"'),),
            )
        )
