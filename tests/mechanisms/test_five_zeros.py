"""The five zeros measured from events: a worked example, the score, and the configurable list."""

from __future__ import annotations

import pytest

from cogov.errors import InvalidFieldError
from cogov.evaluation import EvaluationContext, FiveZeros, five_zeros
from cogov.events import (
    AnsweredOnSpot,
    AttributeSet,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    MeetingHeld,
    WhistleBlown,
)
from cogov.testing.community_services import (
    GRID,
    HOUSEHOLD,
    ROOT,
    WORKER,
    every_service_event,
    household,
    ledger,
    resident,
    ticks,
)


def _year():
    led = ledger()
    clock = ticks()
    led.apply_all(every_service_event(clock))
    head = "p-grid1"
    led.apply_all(
        [
            MeetingHeld(at=next(clock), actor=head, meeting="M1", kind="household_meeting", unit=GRID,
                        attendees=(resident(1, 1),)),
            IssueCollected(at=next(clock), actor=head, issue="Q1", kind="policy_question", unit=HOUSEHOLD,
                           channel="household_meeting", summary="低保政策", meeting="M1"),
            AnsweredOnSpot(at=next(clock), actor=head, issue="Q1", answer="已答复"),
            IssueCollected(at=next(clock), actor=head, issue="Q2", kind="reasonable_demand", unit=HOUSEHOLD,
                           channel="household_meeting", summary="路灯", meeting="M1"),
            IssueCollected(at=next(clock), actor=head, issue="D1", kind="dispute", unit=HOUSEHOLD,
                           channel="household_meeting", summary="漏水", meeting="M1"),
            IssueRegistered(at=next(clock), actor=head, issue="D1"),
            IssueEscalated(at=next(clock), actor=WORKER, issue="D1"),
            WhistleBlown(at=next(clock), actor=WORKER, issue="D1", summoned="县住建局"),
            AttributeSet(at=next(clock), actor=WORKER, person=resident(1, 2), attribute="elderly_alone"),
            AttributeSet(at=next(clock), actor=WORKER, person=resident(2, 1), attribute="elderly_alone"),
        ]
    )  # fmt: skip
    return led


def test_five_zeros_worked_example() -> None:
    """2 of 3 issues answered, 0 of 1 dispute kept, 0 of 1 in one visit, 1 of 2 weak covered, 1 of 24 present."""
    led = _year()
    figures = five_zeros(led)
    got = {t.key: (t.numerator, t.denominator) for t in figures.targets}
    assert got == {
        "voices_answered": (2, 3),
        "disputes_kept": (0, 1),
        "services_zero_distance": (0, 1),
        "weak_covered": (1, 2),
        "none_absent": (1, 24),
    }
    assert figures["voices_answered"].met is False
    silent = figures["voices_answered"].seqs
    assert [led.events[s].issue for s in silent] == ["Q2"]
    (whistle,) = figures["disputes_kept"].seqs
    assert isinstance(led.events[whistle], WhistleBlown)
    assert household(2, 1) in figures["weak_covered"].note
    # within grid 2 only the uncovered household and no issue
    grid2 = five_zeros(led, unit=f"{ROOT}-G02")
    assert grid2["voices_answered"].rate is None
    assert (grid2["weak_covered"].numerator, grid2["weak_covered"].denominator) == (0, 1)


def test_five_zeros_score_shares_the_points_among_measured_targets() -> None:
    """The score is the mean of the measured rates times 100, each line citing the events that fall short."""
    led = _year()
    rule = FiveZeros("test:five_zeros")
    score = rule.evaluate(EvaluationContext.from_ledger(led), ROOT)
    rates = [2 / 3, 0.0, 0.0, 0.5, 1 / 24]
    assert score.rated
    assert score.value == pytest.approx(100 * sum(rates) / 5)
    assert [c.key for c in score.criteria] == list(rule.targets)
    assert score.seqs()


def test_a_target_with_nothing_to_measure_is_not_scored_as_zero() -> None:
    """With no service request, the one-visit line is 'not measured' and the others share 100 points."""
    led = ledger()
    score = FiveZeros("test:five_zeros", targets=("services_zero_distance", "none_absent")).evaluate(
        EvaluationContext.from_ledger(led), ROOT
    )
    lines = {c.key: c for c in score.criteria}
    assert lines["services_zero_distance"].maximum == 0
    assert lines["none_absent"].maximum == 100
    nothing = FiveZeros("test:five_zeros", targets=("services_zero_distance",)).evaluate(
        EvaluationContext.from_ledger(led), ROOT
    )
    assert not nothing.rated


def test_the_list_of_zeros_is_configurable_and_checked() -> None:
    """A place measures its own subset; an unknown target is refused with the known ones."""
    led = _year()
    assert [t.key for t in five_zeros(led, targets=["none_absent"]).targets] == ["none_absent"]
    with pytest.raises(InvalidFieldError, match="voices_answered"):
        five_zeros(led, targets=["zero_noise"])
