"""Xiaoxiguan's 2022, recorded: the events behind the figures the source reports.

The source gives the year's totals, not its diary: 18 household-courtyard meetings (户院会)
collecting 121 issues, 110 of them answered and resolved, 27 weekly joint meetings (例会),
14 disputes resolved with 100% follow-up satisfaction.  This module writes one plausible,
deterministic diary with exactly those totals and stores it as
``data/year-2022.jsonl`` (the cogov JSON Lines event format).  Everything finer than the
totals — dates, which grid, which household, kinds, durations, who took each step — is
**synthetic**; each step is taken by a role holder whose duties allow it, and the whole
year is validated by applying it to a fresh Xiaoxiguan ledger.

The 121 issues: 62 answered on the spot at the meeting; 34 registered, taken to a weekly
joint meeting, verified on a home visit, planned, resolved (two after a rework ordered by a
town cadre), checked and followed up; 14 disputes registered, escalated, verified, planned
and mediated by the mediation committee with the lawyer, filed as a case and followed up
"满意"; and 11 not resolved by year end (4 shelved for funds, 2 whistled up to county
departments and still open, 1 dispute whistled up and referred to court, 2 rejected as out of
scope, 2 still being worked on).  Volunteer activities, the residents' congress and the
party-building appraisal are recorded too: the evaluation records (star claims, ballots,
project ratings) cite them.

Volunteer activities reproduce the source's "+" figures at their stated floor, read as
person-times (participants summed per activity kind, what the statistics count): holiday
patrols 150 (10 holiday evenings x 15 security volunteers), event security 23 (two events),
disputes settled with the police 16, anti-fraud talks 50 (one volunteer-police member per
talk, so sessions and person-times agree), school guard 60, clean-ups 100 (monthly), and
the volunteer police's own patrols 50 (``police_patrol``).  The source's second list for
the volunteer police (event security 30+, disputes 18, anti-fraud 20+, school guard 60+)
overlaps the first and is not added on top; see :data:`ACTIVITY_FIGURES`.

The year's services and organisations at work (one-stop requests, the double report, the
convention, ceremonies, inspections, helpers, the party chain, political education, hearings
and the year-end disclosure) come from :mod:`cogov_xiaoxiguan.recorded_services`.

Regenerate with ``python -m cogov_xiaoxiguan.recorded`` (it rewrites the data file).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from cogov import CHINA_TZ
from cogov.events import (
    ActivityHeld,
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueActionTaken,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueRejected,
    IssueResolved,
    IssueShelved,
    MediationStarted,
    MediationStartedWithWorthies,
    MeetingHeld,
    PlanMade,
    ReferredOut,
    ReworkOrdered,
    VerificationVisited,
    WhistleBlown,
)
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.recorded_associations import worthies_for
from cogov_xiaoxiguan.recorded_services import disclosure, service_year
from cogov_xiaoxiguan.vocabulary import (
    ACTIVITY_KINDS,
    HOUSEHOLD_MEETING,
    RESIDENTS_CONGRESS,
    WEEKLY_JOINT_MEETING,
)

__all__ = [
    "ACTIVITY_FIGURES",
    "APPRAISAL_MEETING",
    "CONGRESS_MEETING",
    "DATA_FILE",
    "SOURCE_FIGURES",
    "generate_year",
    "load_year",
    "write_year",
]

#: the figures the source reports for the year, which the recorded events reproduce
SOURCE_FIGURES = {
    "household_meetings": 18,
    "issues_collected": 121,
    "answered_and_resolved": 110,
    "weekly_joint_meetings": 27,
    "disputes_resolved": 14,
    "dispute_follow_up_satisfaction": 1.0,
}

DATA_FILE = "year-2022.jsonl"
CONGRESS_MEETING = "XXG-2022-RC"
APPRAISAL_MEETING = "XXG-2022-APPRAISAL"

_SECRETARY = "xxg-secretary"
_CADRE = "xxg-cadre-2"
_TOWN_CADRE = "xxg-town-1"
_MEDIATORS = ("xxg-mediator-1", "xxg-mediator-2", "xxg-mediator-3")
_LAWYER = "xxg-lawyer"

# outcome → (how many, issue kinds to cycle through)
_OUTCOMES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("on_spot", 62, ("policy_question", "reasonable_demand", "service_request")),
    ("handled", 34, ("reasonable_demand", "hidden_risk", "service_request", "complaint")),
    ("mediated", 14, ("dispute",)),
    ("shelved", 4, ("reasonable_demand",)),
    ("whistled", 2, ("hidden_risk",)),
    ("referred", 1, ("dispute",)),
    ("rejected", 2, ("complaint",)),
    ("in_progress", 2, ("service_request",)),
)

_SUMMARIES = {
    "policy_question": ("医保缴费政策咨询", "health insurance contribution question"),
    "reasonable_demand": ("楼道灯损坏需维修", "stairwell light broken"),
    "service_request": ("申请上门代办证件", "door-to-door paperwork request"),
    "hidden_risk": ("电动车楼道充电隐患", "e-bike charging in the stairwell"),
    "complaint": ("广场舞噪音投诉", "square-dance noise complaint"),
    "dispute": ("邻里漏水纠纷", "neighbours' water-leak dispute"),
}


def _at(day: datetime, hours: float) -> datetime:
    return day + timedelta(hours=hours)


def _weekly_meetings() -> list[datetime]:
    """27 Monday afternoons of 2022, spread over the year (holiday weeks skipped)."""
    mondays = [datetime(2022, 1, 3, 15, tzinfo=CHINA_TZ) + timedelta(weeks=w) for w in range(52)]
    # every second Monday, then the remaining ones from the busy second half
    chosen = mondays[::2] + mondays[27::2]
    return sorted(chosen[:27])


def _household_meetings() -> list[tuple[datetime, int]]:
    """18 evening meetings from January to mid-November: each grid once, grids 1-4 twice."""
    grids = [*range(1, structure.GRIDS + 1), 1, 2, 3, 4]
    first = datetime(2022, 1, 12, 19, tzinfo=CHINA_TZ)
    return [(first + timedelta(days=18 * i), grid) for i, grid in enumerate(grids)]


def _outcomes(rng: random.Random) -> list[tuple[str, str]]:
    plan = [(outcome, kinds[i % len(kinds)]) for outcome, n, kinds in _OUTCOMES for i in range(n)]
    rng.shuffle(plan)
    return plan


def generate_year() -> list[Event]:
    """The recorded year as events in recorded (time) order; deterministic."""
    rng = random.Random(20220101)  # noqa: S311 - reproducible synthetic detail, not security
    weekly = _weekly_meetings()
    events: list[Event] = [
        MeetingHeld(
            at=at,
            actor=_SECRETARY,
            meeting=f"XXG-2022-W{n:02d}",
            kind=WEEKLY_JOINT_MEETING,
            unit=structure.COMMUNITY,
            attendees=(_CADRE, _TOWN_CADRE, *_MEDIATORS[:1]),
        )
        for n, at in enumerate(weekly, start=1)
    ]
    weekly_ids = [(at, f"XXG-2022-W{n:02d}") for n, at in enumerate(weekly, start=1)]
    plan = iter(_outcomes(rng))
    counts = [7] * 13 + [6] * 5
    issue_no = 0
    for m, ((held, grid), n_issues) in enumerate(zip(_household_meetings(), counts, strict=True), start=1):
        grid_code = structure.grid_code(grid)
        head = structure.sunk_cadres_of_grid(grid)[0]
        households = [
            hh
            for compound in structure.compounds(grid)
            for building in structure.buildings(compound)
            for hh in structure.households(building)
        ]
        meeting_id = f"XXG-2022-H{m:02d}"
        residents = [_resident(hh) for hh in rng.sample(households, 12)]
        events.append(
            MeetingHeld(
                at=held,
                actor=head,
                meeting=meeting_id,
                kind=HOUSEHOLD_MEETING,
                unit=grid_code,
                attendees=tuple(sorted(set(residents))),
            )
        )
        for k in range(n_issues):
            issue_no += 1
            outcome, kind = next(plan)
            household = rng.choice(households)
            issue = f"XXG-2022-{issue_no:04d}"
            collected = _at(held, 0.2 + 0.1 * k)
            zh, en = _SUMMARIES[kind]
            events.append(
                IssueCollected(
                    at=collected,
                    actor=head,
                    issue=issue,
                    kind=kind,
                    unit=household,
                    channel="household_meeting",
                    summary=f"{zh} {en}",
                    reporter=_resident(household),
                    meeting=meeting_id,
                )
            )
            events.extend(_journey(rng, outcome, issue, head, collected, weekly_ids))
    events.extend(_activities(rng))
    events.extend(_year_end_meetings())
    events.extend(service_year())
    events.sort(key=lambda e: e.at)
    events.append(disclosure(events))
    return events


def _resident(household: str) -> str:
    return f"xxg-r{household[len(structure.COMMUNITY) :]}-0"


def _next_weekly(after: datetime, weekly: list[tuple[datetime, str]]) -> tuple[datetime, str]:
    for at, meeting in weekly:
        if at > after:
            return at, meeting
    msg = f"no weekly joint meeting after {after.isoformat()}"
    raise ValueError(msg)


def _journey(  # noqa: PLR0917 - one journey's context, called from one place
    rng: random.Random,
    outcome: str,
    issue: str,
    head: str,
    collected: datetime,
    weekly: list[tuple[datetime, str]],
) -> Iterator[Event]:
    """The steps after collection, each by a role holder whose duties allow it."""
    t = collected + timedelta(minutes=5)
    if outcome == "on_spot":
        yield AnsweredOnSpot(at=t, actor=head, issue=issue, answer="现场答复解决 answered on the spot")
        return
    if outcome == "rejected":
        yield IssueRejected(
            at=t, actor=_CADRE, issue=issue, reason="不属于社区职责 out of the community's remit"
        )
        return
    yield IssueRegistered(
        at=t, actor=head, issue=issue, note="登记上报例会 registered for the weekly meeting"
    )
    if outcome == "shelved":
        yield IssueShelved(
            at=t + timedelta(days=3), actor=_CADRE, issue=issue, reason="待资金 waiting for funds"
        )
        return
    w_at, w_id = _next_weekly(t, weekly)
    yield IssueEscalated(at=w_at + timedelta(minutes=30), actor=_SECRETARY, issue=issue, meeting=w_id)
    t = w_at + timedelta(days=1, hours=rng.randint(0, 4))
    if outcome in ("whistled", "referred"):
        yield WhistleBlown(at=t, actor=_SECRETARY, issue=issue, summoned="县住建局 county housing bureau")
        if outcome == "referred":
            yield ReferredOut(
                at=t + timedelta(days=10),
                actor=_SECRETARY,
                issue=issue,
                to="县人民法院 county court",
                reason="诉讼 litigation",
            )
        return
    yield VerificationVisited(
        at=t, actor=head, issue=issue, findings="入户核查属实 verified on the home visit"
    )
    t += timedelta(hours=3)
    responsible = head
    yield PlanMade(
        at=t,
        actor=_SECRETARY,
        issue=issue,
        responsible=responsible,
        matter="定人定事定问题 person, matter and problem fixed",
        deadline=t + timedelta(days=14),
    )
    if outcome == "in_progress":
        return
    if outcome == "mediated":
        mediator = _MEDIATORS[int(issue[-4:]) % len(_MEDIATORS)]
        t += timedelta(days=rng.randint(1, 3))
        worthies = worthies_for(issue)
        if worthies:
            yield MediationStartedWithWorthies(
                at=t, actor=mediator, issue=issue, mediator=mediator, lawyer=_LAWYER, worthies=worthies
            )
        else:
            yield MediationStarted(at=t, actor=mediator, issue=issue, mediator=mediator, lawyer=_LAWYER)
        t += timedelta(hours=2)
        yield AgreementReached(
            at=t, actor=mediator, issue=issue, terms="签订调解协议 written agreement signed"
        )
        t += timedelta(hours=1)
        yield IssueActionTaken(
            at=t, actor=mediator, issue=issue, action="file_case", note="形成资料档案 case file"
        )
        t += timedelta(days=rng.randint(7, 14))
        yield FollowUpVisited(
            at=t, actor=head, issue=issue, satisfaction="satisfied", note="未反弹 no rebound"
        )
        yield IssueClosed(at=t + timedelta(hours=1), actor=_SECRETARY, issue=issue)
        return
    # handled: resolve, check (once in a while sent back for rework), follow up, close
    t += timedelta(days=rng.randint(1, 6))
    if int(issue[-4:]) % 40 == 7:
        yield IssueResolved(at=t, actor=head, issue=issue, outcome="初步处理 first fix")
        t += timedelta(days=1)
        yield ReworkOrdered(at=t, actor=_TOWN_CADRE, issue=issue, reason="验收未通过 failed the check")
        t += timedelta(days=2)
    yield IssueResolved(at=t, actor=head, issue=issue, outcome="已解决 resolved")
    t += timedelta(days=1)
    yield CompletionConfirmed(at=t, actor=_TOWN_CADRE, issue=issue, note="验收通过 checked")
    t += timedelta(days=rng.randint(5, 10))
    answer = "basically_satisfied" if rng.random() < 0.15 else "satisfied"
    yield FollowUpVisited(at=t, actor=head, issue=issue, satisfaction=answer)
    yield IssueClosed(at=t + timedelta(hours=1), actor=_SECRETARY, issue=issue)


#: volunteer person-times by activity kind the recorded year reproduces (see the module docstring)
ACTIVITY_FIGURES = {
    "holiday_patrol": 150,
    "event_security": 23,
    "dispute_assist": 16,
    "anti_fraud_talk": 50,
    "school_guard": 60,
    "clean_up": 100,
    "police_patrol": 50,
}

_POLICE = "xxg-police"
# holiday evenings of 2022 with a security patrol (节假日治安巡逻)
_PATROL_DAYS = ("01-31", "02-01", "04-04", "05-01", "05-02", "06-03", "09-10", "10-01", "10-02", "10-03")


def _activity_plan() -> Iterator[tuple[str, str, datetime, int, float]]:
    """(id, kind, when, participants, hours) of every volunteer activity of the year."""
    for month in range(1, 13):  # monthly clean-up, 4 x 9 + 8 x 8 = 100
        yield (
            f"XXG-2022-CLEAN{month:02d}",
            "clean_up",
            datetime(2022, month, 20, 8, tzinfo=CHINA_TZ),
            (9 if month <= 4 else 8),
            2.0,
        )
    for n, day in enumerate(_PATROL_DAYS, start=1):  # 10 x 15 = 150
        month, dom = (int(x) for x in day.split("-"))
        yield (
            f"XXG-2022-PATROL{n:02d}",
            "holiday_patrol",
            datetime(2022, month, dom, 19, tzinfo=CHINA_TZ),
            15,
            3.0,
        )
    # major events: the lantern festival (12) and the National Day gathering (11)
    yield "XXG-2022-SECURITY01", "event_security", datetime(2022, 2, 15, 18, tzinfo=CHINA_TZ), 12, 4.0
    yield "XXG-2022-SECURITY02", "event_security", datetime(2022, 9, 30, 18, tzinfo=CHINA_TZ), 11, 4.0
    for n in range(1, 6):  # volunteer police patrols (义警巡防), 5 x 10 = 50
        at = datetime(2022, 2 * n, 8, 20, tzinfo=CHINA_TZ)
        yield f"XXG-2022-VPATROL{n:02d}", "police_patrol", at, 10, 2.0
    for n in range(1, 17):  # one volunteer police member helps the officer settle a dispute (16 times)
        at = datetime(2022, 1, 10, 14, tzinfo=CHINA_TZ) + timedelta(days=22 * n)
        yield f"XXG-2022-DISPUTE{n:02d}", "dispute_assist", at, 1, 2.0
    for n in range(1, 51):  # weekly anti-fraud talk by one volunteer police member (50 sessions)
        at = datetime(2022, 1, 6, 10, tzinfo=CHINA_TZ) + timedelta(weeks=n - 1)
        yield f"XXG-2022-FRAUD{n:02d}", "anti_fraud_talk", at, 1, 1.0
    for n in range(1, 21):  # school-gate guard on 20 term-time mornings, 3 each = 60
        month = (3, 4, 5, 6, 9, 10, 11, 12)[n % 8]
        at = datetime(2022, month, 1 + n, 7, tzinfo=CHINA_TZ)
        yield f"XXG-2022-SCHOOL{n:02d}", "school_guard", at, 3, 1.5


def _activities(rng: random.Random) -> Iterator[Event]:
    """Volunteer and volunteer-police activities with the person-times of :data:`ACTIVITY_FIGURES`.

    Volunteer services are recorded by a community cadre, volunteer police duties by the
    community police officer (the holders of each kind's ``record:`` duty); participants are
    drawn from the association the activity kind belongs to.
    """
    community = structure.build_community()
    teams = {a.kind: sorted(a.members) for a in community.associations}
    recorders = {"volunteer_police_team": _POLICE}
    kinds = {k.key: k for k in ACTIVITY_KINDS}
    for activity, kind, at, n, hours in _activity_plan():
        team = kinds[kind].association
        assert team is not None
        yield ActivityHeld(
            at=at,
            actor=recorders.get(team, _CADRE),
            activity=activity,
            kind=kind,
            unit=structure.COMMUNITY,
            participants=tuple(sorted(rng.sample(teams[team], n))),
            hours=hours,
        )


def _year_end_meetings() -> list[Event]:
    """The residents' congress (double evaluation, project ratings) and the party-building appraisal."""
    community = structure.build_community()
    representatives = sorted(p.id for p in community.people if "resident_representative" in p.attributes)
    return [
        MeetingHeld(
            at=datetime(2022, 12, 5, 9, tzinfo=CHINA_TZ),
            actor=_SECRETARY,
            meeting=CONGRESS_MEETING,
            kind=RESIDENTS_CONGRESS,
            unit=structure.COMMUNITY,
            attendees=tuple(representatives),
        ),
        MeetingHeld(
            at=datetime(2022, 12, 27, 9, tzinfo=CHINA_TZ),
            actor=_SECRETARY,
            meeting=APPRAISAL_MEETING,
            kind="xiaoxiguan:party_building_appraisal",
            unit=structure.COMMUNITY,
            attendees=tuple(representatives),
        ),
    ]


def load_year() -> list[Event]:
    """The recorded 2022 events, read from the packaged data file."""
    from cogov.boundary.codec import loads_events  # noqa: PLC0415 - only readers of the file need the codec

    text = resources.files("cogov_xiaoxiguan").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return loads_events(text)


def write_year(path: Path | None = None) -> Path:
    """Regenerate the data file (validated against a fresh Xiaoxiguan ledger first)."""
    from cogov.boundary.codec import dumps_events  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    events = generate_year()
    load_setup("xiaoxiguan").ledger().apply_all(events)
    target = path or Path(__file__).parent / "data" / DATA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps_events(events), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_year())
