"""Properties of supervision over random legal histories of the small community.

Between the issue steps a supervisor tries cards and extensions at random; the ledger keeps
only those its checks accept.  Then: the overdue view kept incrementally equals the one
computed from scratch at any time; no finished issue is overdue; every card was issued
while its step was yellow or red.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from tests.core.conftest import build_community, initial_appointments

from cogov import CogovError, Ledger, basic_charter
from cogov.engine.overdue import OverdueTracker, supervision_at
from cogov.events import CardIssued, Event, ExtensionDecided, ExtensionRequested
from cogov.model.deadlines import Light, finished_states
from cogov.testing import event_sequences

CHARTER = basic_charter()
STEPS = [d.key for d in CHARTER.supervision.deadlines] if CHARTER.supervision else []


def _try(ledger: Ledger, event: Event) -> bool:
    try:
        ledger.apply(event)
    except CogovError:
        return False
    return True


@st.composite
def supervised_ledgers(draw: st.DrawFn) -> tuple[Ledger, OverdueTracker]:
    """A ledger whose legal issue history is interleaved with the supervisor's attempts."""
    history = draw(event_sequences(CHARTER, build_community(), initial_appointments(), max_size=25))
    ledger = Ledger(CHARTER, build_community(), appointments=initial_appointments())
    tracker = OverdueTracker.follow(ledger)
    n = 0
    for event in history:
        ledger.apply(event)
        if not ledger.issues or not draw(st.booleans()):
            continue
        issue = draw(st.sampled_from(sorted(ledger.issues)))
        at = ledger.clock + timedelta(hours=draw(st.integers(0, 12)))  # type: ignore[operator]
        attempt = draw(st.sampled_from(["card", "extension"]))
        if attempt == "card":
            colour = draw(st.sampled_from(["yellow", "red"]))
            step = draw(st.sampled_from(STEPS))
            _try(ledger, CardIssued(at=at, actor="p-sec", issue=issue, colour=colour, step=step))
        else:
            n += 1
            request = f"X-{n}"
            if _try(
                ledger,
                ExtensionRequested(
                    at=at,
                    actor="p-grid1",
                    issue=issue,
                    request=request,
                    working_days=draw(st.integers(1, 5)),
                    reason="延期",
                ),
            ):
                decision = draw(st.sampled_from(["approved", "refused"]))
                _try(ledger, ExtensionDecided(at=at, actor="p-sec", request=request, decision=decision))
    # then the supervisor's rounds, days apart, carding what it sees (and sometimes more)
    at = ledger.clock
    for _ in range(draw(st.integers(0, 6)) if at is not None else 0):
        at += timedelta(hours=draw(st.integers(1, 24 * 6)))
        for item in supervision_at(ledger, at).items:
            colour = draw(st.sampled_from(["yellow", "red", "red" if item.light is Light.RED else "yellow"]))
            _try(ledger, CardIssued(at=at, actor="p-sec", issue=item.issue, colour=colour, step=item.step))
    return ledger, tracker


@given(built=supervised_ledgers(), hours=st.lists(st.integers(0, 24 * 60), min_size=1, max_size=4))
def test_the_view_kept_incrementally_equals_the_view_from_scratch(built, hours) -> None:  # type: ignore[no-untyped-def]
    """At the ledger's time and later, the tracker and a fresh computation see the same due, yellow and red."""
    ledger, tracker = built
    if ledger.clock is None:
        return
    for h in hours:
        when = ledger.clock + timedelta(hours=h)
        assert tracker.view(when) == supervision_at(ledger, when)
    fresh = OverdueTracker.follow(ledger)
    assert fresh.view() == tracker.view()


@given(built=supervised_ledgers(), hours=st.integers(0, 24 * 90))
def test_no_finished_issue_is_overdue(built, hours) -> None:  # type: ignore[no-untyped-def]
    """An issue that is closed, withdrawn, rejected, … has no step running, so is never yellow or red."""
    ledger, _ = built
    if ledger.clock is None:
        return
    finished = finished_states(CHARTER.workflow)
    view = supervision_at(ledger, ledger.clock + timedelta(hours=hours))
    for item in view.items:
        assert ledger.issue(item.issue).state not in finished


@given(built=supervised_ledgers())
def test_cards_only_for_issues_that_were_late(built) -> None:  # type: ignore[no-untyped-def]
    """Every card accepted was issued while its step was yellow or red (red for a red card)."""
    ledger, _ = built
    for card in ledger._state.supervision.cards:
        view = supervision_at(ledger, card.at)
        lights = {i.light for i in view.items if (i.issue, i.step) == (card.issue, card.step)}
        wanted = {Light.RED} if card.colour == "red" else {Light.YELLOW, Light.RED}
        assert lights & wanted, (card, lights)
