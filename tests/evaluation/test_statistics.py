"""The statistics table: every figure from events alone, with cohort semantics."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta

import pytest

from cogov import CHINA_TZ
from cogov.errors import IllegalTransitionError, InvalidFieldError, UnknownKeyError
from cogov.evaluation import Period, compute_statistics

DAY = timedelta(days=1)


def _ledger(new_ledger, journeys):
    j = journeys
    t0 = datetime(2022, 1, 3, 9, tzinfo=CHINA_TZ)
    events = j.merge(
        [j.meeting(t0, "M-1", grid=0), j.meeting(t0 + DAY, "M-2", grid=1)],
        [j.meeting(t0 + 2 * DAY, "W-1", kind="weekly_joint_meeting")],
        j.answered(t0 + timedelta(minutes=10), grid=0, meeting="M-1"),
        j.answered(t0 + DAY + timedelta(minutes=10), grid=1, meeting="M-2"),
        j.resolved(t0 + 3 * DAY, grid=0, days=2),
        j.resolved(t0 + 4 * DAY, grid=1, days=40, satisfaction="basically_satisfied", rework=True),
        j.resolved(t0 + 5 * DAY, grid=1, days=3, satisfaction="dont_know", reopen=True),
        j.dispute(t0 + 6 * DAY, grid=0),
        j.dispute(t0 + 7 * DAY, grid=1, agree=False),
        j.open(t0 + 8 * DAY, grid=0, whistle=True),
    )
    ledger = new_ledger()
    for event in events:
        ledger.apply(event)
    return ledger


def test_headline_figures_count_issues_by_outcome(new_ledger, journeys):
    """Each headline figure counts the issues that took its step, from the events alone."""
    ledger = _ledger(new_ledger, journeys)
    stats = compute_statistics(ledger)
    assert stats.meetings_by_kind == {"household_meeting": 2, "weekly_joint_meeting": 1}
    assert stats.issues_collected == 8
    assert stats.collected_by_channel == {"household_meeting": 2, "service_phone": 6}
    assert stats.collected_by_kind == {"dispute": 2, "policy_question": 2, "reasonable_demand": 4}
    assert stats.collected_by_group == {"420325100001-G01": 4, "420325100001-G02": 4}
    assert stats.answered_on_spot == 2
    assert stats.registered == 6
    assert stats.escalated == 2
    assert stats.whistled == 1
    assert stats.mediated == 2
    assert stats.mediation_agreements == 1
    assert stats.mediation_failures == 1
    assert stats.mediation_success_rate == 0.5
    assert stats.resolved == 6
    assert stats.resolution_rate == 6 / 8
    assert stats.still_open == 2
    assert stats.disputes_collected == 2
    assert stats.disputes_resolved == 1
    assert stats.reworked == 1
    assert stats.reopened == 1
    assert stats.rework_rate == stats.reopen_rate == 1 / 6
    assert stats.follow_ups == {"basically_satisfied": 1, "dont_know": 1, "satisfied": 2}
    assert stats.follow_up_satisfaction == 1.0  # 不了解 is out of the denominator
    assert stats.weighted_satisfaction() == pytest.approx((1 + 0.75 + 1) / 3)
    assert stats.dispute_follow_up_satisfaction == 1.0
    assert stats.response_rate == 1.0


def test_time_to_resolution_and_on_time_rate(new_ledger, journeys):
    """Median and p90 come from first entry into a resolved state; SLA is counted in working days."""
    stats = compute_statistics(_ledger(new_ledger, journeys))
    # answered: ~5 minutes; resolved: 2, 40 (first resolve 2 h earlier), 3 days; dispute: 3 days
    assert stats.median_days_to_resolution == pytest.approx(2.5, abs=0.01)
    assert stats.p90_days_to_resolution == pytest.approx(40 - 2 / 24, abs=0.01)
    # due: the six resolved (each kind has an SLA) + the open one, past its 7-working-day deadline
    assert stats.sla_due == 7
    # late: the 40-day demand; the open issue with a passed deadline is due but not on time
    assert stats.on_time == 5


def test_period_is_a_cohort_of_issues_collected_in_it(new_ledger, journeys):
    """Issues collected before the period are not counted; steps after its end are ignored."""
    ledger = _ledger(new_ledger, journeys)
    start = datetime(2022, 1, 7, 0, tzinfo=CHINA_TZ)
    stats = compute_statistics(ledger, period=Period(start, start + 6 * DAY))
    # collected on Jan 7, 8, 9, 10, 11: two demands, two disputes, the open one
    assert stats.issues_collected == 5
    assert stats.meetings_by_kind == {}
    # the 40-day demand is not resolved within the period; the Jan 8 demand and a dispute are
    assert stats.resolved == 2
    shorter = compute_statistics(ledger, period=Period(start, start + 5 * DAY))
    assert shorter.resolved == 1  # the agreement of Jan 12 falls after this period's end


def test_unit_filter_keeps_issues_and_meetings_within_the_unit(new_ledger, journeys):
    """A grid's statistics hold only its issues and meetings held there."""
    stats = compute_statistics(_ledger(new_ledger, journeys), unit="420325100001-G02")
    assert stats.issues_collected == 4
    assert stats.meetings_by_kind == {"household_meeting": 1}
    assert set(stats.collected_by_group) == {"420325100001-G02"}


def test_trace_names_existing_events_of_the_right_type(new_ledger, journeys):
    """With trace on, each figure's evidence lists events that exist and match the figure."""
    ledger = _ledger(new_ledger, journeys)
    stats = compute_statistics(ledger, trace=True)
    assert len(stats.evidence["collected"]) == stats.issues_collected
    assert len(stats.evidence["resolved"]) == stats.resolved
    assert len(stats.evidence["meetings:household_meeting"]) == 2
    for seq in stats.evidence["answer_on_spot"]:
        assert ledger.events[seq].type == "answered_on_spot"
    for seq in stats.evidence["disputes_resolved"]:
        assert ledger.events[seq].type == "agreement_reached"


def test_plain_events_need_charter_and_community(new_ledger, journeys, charter, community):
    """A bare event list without charter or community is refused with a fix."""
    ledger = _ledger(new_ledger, journeys)
    with pytest.raises(InvalidFieldError, match="pass the charter and community"):
        compute_statistics(list(ledger.events))
    assert compute_statistics(list(ledger.events), charter, community) == compute_statistics(ledger)


def test_unknown_unit_and_off_workflow_events_are_refused(new_ledger, journeys, charter, community):
    """An unknown filtering unit, or events that the workflow cannot take, raise named errors."""
    ledger = _ledger(new_ledger, journeys)
    with pytest.raises(UnknownKeyError):
        compute_statistics(ledger, unit="nowhere")
    events = list(ledger.events)
    # drop the registration of the first demand: its plan then comes straight after collection
    registered = next(i for i, e in enumerate(events) if e.type == "issue_registered")
    del events[registered]
    with pytest.raises(IllegalTransitionError, match="has no action"):
        compute_statistics(events, charter, community)


def test_rows_are_bilingual(new_ledger, journeys):
    """Report rows carry both languages, leading with the one asked for."""
    stats = compute_statistics(_ledger(new_ledger, journeys))
    zh = dict(stats.as_rows("zh"))
    en = dict(stats.as_rows("en"))
    assert zh["收集问题 (issues collected)"] == "8"
    assert en["resolution rate (解决率)"] == "0.75"
    assert stats.to_dict()["resolution_rate"] == 0.75


def test_compute_restores_the_garbage_collector(new_ledger, journeys, charter, community):
    """The collector, paused during the pass, is left as it was found, even when the pass fails."""
    ledger = _ledger(new_ledger, journeys)
    assert gc.isenabled()
    compute_statistics(ledger)
    assert gc.isenabled()
    events = [e for e in ledger.events if e.type != "issue_registered"]
    with pytest.raises(IllegalTransitionError):
        compute_statistics(events, charter, community)
    assert gc.isenabled()
    gc.disable()
    try:
        compute_statistics(ledger)
        assert not gc.isenabled()
    finally:
        gc.enable()
