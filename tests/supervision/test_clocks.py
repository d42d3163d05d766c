"""Step deadlines in working days: worked examples, and the incremental clocks equal the ones from scratch."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from cogov import WorkingCalendar
from cogov.model.canonical import CANONICAL_SUPERVISION, CANONICAL_WORKFLOW
from cogov.model.deadlines import (
    ClockBook,
    Extension,
    Light,
    after_working_time,
    clocks_of_steps,
    finished_states,
    requested_clock,
    working_seconds,
)
from cogov.model.holidays import china_working_calendar

CST = timezone(timedelta(hours=8))
RULES = CANONICAL_SUPERVISION
WEEKDAYS = WorkingCalendar()


def t(day: int, hour: int = 10, month: int = 1) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=CST)


def test_one_working_day_after_friday_morning_is_monday_morning() -> None:
    """Weekend hours do not count: Friday 10:00 plus one working day is Monday 10:00."""
    friday = t(5)
    assert friday.weekday() == 4
    assert after_working_time(WEEKDAYS, friday, 86400) == t(8)
    assert working_seconds(WEEKDAYS, friday, t(8)) == 86400


def test_a_holiday_week_moves_the_due_date_and_an_adjusted_saturday_counts() -> None:
    """Spring Festival 2024: 10-17 February off, Sunday 4 and Sunday 18 February worked (调休)."""
    calendar = china_working_calendar("cn", [2024])
    start = datetime(2024, 2, 8, 10, tzinfo=CST)  # Thursday
    due = after_working_time(calendar, start, 2 * 86400)
    # Thursday 10:00 → Friday 9 (a working day) 10:00 is one; the next working day is Sunday 18th
    assert calendar.is_working_day(date(2024, 2, 18))
    assert due == datetime(2024, 2, 18, 10, tzinfo=CST)


def _steps(
    *pairs: tuple[datetime, str], plan: datetime | None = None
) -> list[tuple[datetime, str, datetime | None]]:
    out: list[tuple[datetime, str, datetime | None]] = []
    deadline = None
    for at, state in pairs:
        if state == "planned" and plan is not None:
            deadline = plan
        out.append((at, state, deadline))
    return out


def test_register_to_plan_turns_yellow_then_red() -> None:
    """A dispute registered Monday 10:00 has five working days to a plan: yellow at 80 %, red after."""
    steps = _steps((t(8, 9), "collected"), (t(8), "registered"))
    (clock,) = clocks_of_steps(RULES, WEEKDAYS, "I", "dispute", steps)
    assert clock.step == "register_to_plan"
    assert clock.due_at(WEEKDAYS) == t(15)
    assert clock.light(WEEKDAYS, RULES.yellow_share, t(11)) is Light.GREEN
    assert clock.yellow_from(WEEKDAYS, RULES.yellow_share) == t(12)  # 4 of 5 working days
    assert clock.light(WEEKDAYS, RULES.yellow_share, t(14)) is Light.YELLOW
    assert clock.light(WEEKDAYS, RULES.yellow_share, t(15)) is Light.RED


def test_a_hidden_risk_gets_two_working_days() -> None:
    """Per-kind limits: a hidden risk (安全隐患) must be planned within two working days."""
    (clock,) = clocks_of_steps(RULES, WEEKDAYS, "I", "hidden_risk", _steps((t(8), "registered")))
    assert clock.due_at(WEEKDAYS) == t(10)


def test_a_plan_is_due_at_its_own_deadline_and_overdue_after() -> None:
    """Plan → resolved runs to the plan's deadline: a plan past its deadline is overdue (red)."""
    steps = _steps((t(8), "registered"), (t(9), "planned"), plan=t(12, 18))
    clocks = clocks_of_steps(RULES, WEEKDAYS, "I", "dispute", steps)
    assert [c.step for c in clocks] == ["register_to_plan", "plan_to_resolved"]
    assert not clocks[0].late(WEEKDAYS)
    assert clocks[1].due_at(WEEKDAYS) == t(12, 18)
    assert clocks[1].light(WEEKDAYS, RULES.yellow_share, t(13)) is Light.RED


def test_an_extension_moves_the_due_time_from_its_approval_on() -> None:
    """Three working days approved on Wednesday move Friday's due time to the next Wednesday."""
    steps = _steps((t(8), "registered"))
    (clock,) = clocks_of_steps(
        RULES, WEEKDAYS, "I", "dispute", steps, extensions=[(t(10), 3, "register_to_plan", t(8))]
    )
    assert clock.due_at(WEEKDAYS, t(9)) == t(15)
    assert clock.due_at(WEEKDAYS) == t(18)


def test_leaving_the_step_stops_the_clock_and_a_rework_starts_a_new_one() -> None:
    """A resolved issue sent back (返工) to its plan starts a new plan clock against the same deadline."""
    steps = _steps(
        (t(8), "registered"), (t(9), "planned"), (t(10), "resolved"), (t(11), "planned"), plan=t(16)
    )
    clocks = clocks_of_steps(RULES, WEEKDAYS, "I", "dispute", steps)
    assert [(c.step, c.started, c.stopped) for c in clocks] == [
        ("register_to_plan", t(8), t(9)),
        ("plan_to_resolved", t(9), t(10)),
        ("resolved_to_follow_up", t(10), t(11)),
        ("plan_to_resolved", t(11), None),
    ]


# -- properties -------------------------------------------------------------------------------------
_STATES = sorted(s.key for s in CANONICAL_WORKFLOW.states)
_KINDS = ["dispute", "hidden_risk", "policy_question"]


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, str, datetime, str, datetime | None]]:
    """Interleaved steps of a few issues, in time order: (issue, kind, at, state, plan deadline)."""
    issues = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=30))
    kinds = {i: draw(st.sampled_from(_KINDS)) for i in set(issues)}
    plans: dict[str, datetime | None] = {}
    at = t(1)
    out = []
    for issue in issues:
        at += timedelta(hours=draw(st.integers(0, 24 * 9)))
        state = draw(st.sampled_from(_STATES))
        if state == "planned":
            plans[issue] = at + timedelta(days=draw(st.integers(1, 20)))
        out.append((issue, kinds[issue], at, state, plans.get(issue)))
    return out


@given(history=histories(), extensions=st.lists(st.tuples(st.integers(0, 29), st.integers(1, 5)), max_size=4))
def test_clocks_kept_step_by_step_equal_clocks_from_scratch(history, extensions) -> None:  # type: ignore[no-untyped-def]
    """Feeding steps one at a time gives, at every point, the clocks computed from all steps at once."""
    calendar = china_working_calendar("cn", [2024])
    book = ClockBook(RULES, calendar)
    grants: dict[str, list[Extension]] = {}
    at_step = dict(extensions)
    for n, (issue, kind, at, state, plan) in enumerate(history):
        book.step(issue, kind, at, state, plan)
        running = requested_clock(book.clocks(issue), at)
        if n in at_step and running is not None:
            extension = (at, at_step[n], running.step, running.started)
            assert book.extend(issue, extension) is running
            grants.setdefault(issue, []).append(extension)
        seen = history[: n + 1]
        steps = [(a, s, p) for i, _, a, s, p in seen if i == issue]
        assert book.clocks(issue) == clocks_of_steps(
            RULES, calendar, issue, kind, steps, extensions=grants.get(issue, [])
        )


@given(history=histories(), hours=st.integers(0, 24 * 200))
def test_no_finished_issue_is_ever_overdue(history, hours) -> None:  # type: ignore[no-untyped-def]
    """An issue in a finished state (closed, withdrawn, rejected, …) has no running clock, so is never red."""
    finished = finished_states(CANONICAL_WORKFLOW)
    book = ClockBook(RULES, WEEKDAYS)
    for issue, kind, at, state, plan in history:
        book.step(issue, kind, at, state, plan)
    last = {issue: (at, state) for issue, _, at, state, _ in history}
    for issue, (at, state) in last.items():
        when = at + timedelta(hours=hours)
        if state in finished:
            assert all(c.light(WEEKDAYS, RULES.yellow_share, when) is None for c in book.clocks(issue))


def test_an_extension_goes_to_the_running_clock_when_a_step_was_left_and_reentered_at_once() -> None:
    """Left and re-entered at the same moment: two clocks of one step start then, the first
    stopping at once.  The extension a request names goes to the one that runs, from scratch
    and step by step alike."""
    steps = _steps((t(8), "registered"), (t(8), "shelved"), (t(8), "reopened"))
    book = ClockBook(RULES, WEEKDAYS)
    for at, state, plan in steps:
        book.step("I", "dispute", at, state, plan)
    named = requested_clock(book.clocks("I"), t(8, 11))
    assert named is not None
    assert named.stopped is None
    extension = (t(8, 12), 3, named.step, named.started)
    assert book.extend("I", extension) is named
    scratch = clocks_of_steps(RULES, WEEKDAYS, "I", "dispute", steps, extensions=[extension])
    assert scratch == book.clocks("I")
    running = [c for c in scratch if c.stopped is None]
    assert [len(c.extensions) for c in running] == [1]
