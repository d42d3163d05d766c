"""Red property management over random histories: issues routed to a property company are moved
only by that company's staff until they return to the community, and no finished issue is overdue."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from cogov import Charter, Ledger
from cogov.engine.overdue import OverdueTracker, supervision_at
from cogov.engine.property_checks import PROPERTY_REFERENCE_CHECKS
from cogov.errors import (
    CogovError,
    DefinitionError,
    EligibilityError,
    IllegalTransitionError,
    NotAuthorisedError,
)
from cogov.events import (
    Appointed,
    AppointmentEnded,
    AssociationFormed,
    CompletionConfirmed,
    Event,
    EventCorrected,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueReopened,
    IssueRoutedToProperty,
    IssueWithdrawn,
    MemberJoined,
    MemberLeft,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
    ReworkOrdered,
)
from cogov.model.canonical import CANONICAL_SUPERVISION
from cogov.model.deadlines import StepDeadline, SupervisionRules, finished_states
from cogov.model.property import COMPANY_STATES, property_transitions
from cogov.model.roles import RoleSpec
from cogov.model.workflow import Transition
from cogov.testing.every_type import PROPERTY_STAFF_DUTIES, every_type_appointments, every_type_charter
from cogov.testing.samples import DEMO_START, demo_community
from cogov.testing.strategies import illegal_issue_events, issue_events

ROOT = "420325100001"
G1, G2 = f"{ROOT}-G01", f"{ROOT}-G02"
#: the issues: two within the remit (one per grid), one dispute outside it
ISSUES = {"I1": (f"{G1}-B1-H03", "service_request"), "I2": (f"{G2}-B1-H03", "service_request"),
          "I3": (f"{G1}-B1-H04", "dispute")}  # fmt: skip
#: the community, PM1's appointed staff and its member without a staff appointment, PM2's and PM3's staff
ACTORS = ("p-sec", "p-grid1", "p-grid2", "p-1-1b", "p-1-2b", "p-2-1b", "p-1-3b", "p-1-1a")
#: PM3 serves grid 1 too, so its staff hold the company duties over PM1's issues: only membership tells them apart
COMPANIES = ("PM1", "PM2", "PM3", "PM9")
ACTIONS = (
    "route", "accept", "plan", "resolve", "return", "confirm", "rework", "follow_up", "close", "reopen",
    "escalate", "withdraw",
)  # fmt: skip
COMPANY_STEPS = {"property_acceptance", "property_handling"}


def charter() -> Charter:
    """The every-type charter with deadlines for the company's steps (1 and 2 working days)."""
    base = every_type_charter()
    steps = [
        attrs.evolve(d, states=d.states | {"property_resolved"}) if d.key == "resolved_to_follow_up" else d
        for d in CANONICAL_SUPERVISION.deadlines
    ]
    steps += [
        StepDeadline("property_acceptance", "物业受理", "acceptance", states={"routed_to_property"}, working_days=1),
        StepDeadline("property_handling", "物业处置", "handling", states={"property_accepted", "property_planned"},
                     working_days=2),
    ]  # fmt: skip
    return attrs.evolve(base, supervision=SupervisionRules("property_test", deadlines=tuple(steps)))


def start_ledger() -> Ledger:
    led = Ledger(charter(), demo_community(), appointments=every_type_appointments())
    at = DEMO_START
    setup: list[Event] = []
    companies = (("PM1", G1, ("p-1-1b", "p-1-2b")), ("PM2", G2, ("p-2-1b",)), ("PM3", G1, ("p-1-3b",)))
    for company, grid, members in companies:
        setup.append(
            AssociationFormed(at=at, actor="p-sec", association=company, kind="property_company", unit=grid,
                              name_zh="物业公司", name_en=f"property company {company}")
        )  # fmt: skip
        setup += [MemberJoined(at=at, actor="p-sec", association=company, person=p) for p in members]
        setup.append(
            Appointed(at=at, actor="p-sec", appointment=f"a-{members[0]}", person=members[0],
                      role="property_staff", unit=grid)
        )  # fmt: skip
    for n, (issue, (unit, kind)) in enumerate(ISSUES.items()):
        grid_head = "p-grid1" if unit.startswith(G1) else "p-grid2"
        setup += [
            IssueCollected(at=at + timedelta(minutes=n), actor=grid_head, issue=issue, kind=kind, unit=unit,
                           channel="grid_visit", summary="事项 matter"),
            IssueRegistered(at=at + timedelta(minutes=n), actor=grid_head, issue=issue),
        ]  # fmt: skip
    led.apply_all(setup)
    return led


def build(action: str, issue: str, actor: str, company: str, at: datetime) -> Event:
    common = {"at": at, "actor": actor, "issue": issue}
    if action == "route":
        return IssueRoutedToProperty(company=company, **common)  # type: ignore[arg-type]
    if action == "accept":
        return PropertyAccepted(**common)  # type: ignore[arg-type]
    if action == "plan":
        return PropertyPlanMade(responsible=actor, matter="维修 repair", **common)  # type: ignore[arg-type]
    if action == "resolve":
        return PropertyResolved(outcome="修好 fixed", **common)  # type: ignore[arg-type]
    if action == "return":
        return PropertyReturned(reason="非物业事项 not ours", **common)  # type: ignore[arg-type]
    if action == "confirm":
        return CompletionConfirmed(**common)  # type: ignore[arg-type]
    if action == "rework":
        return ReworkOrdered(reason="不合格 not done", **common)  # type: ignore[arg-type]
    if action == "follow_up":
        return FollowUpVisited(satisfaction="satisfied", **common)  # type: ignore[arg-type]
    if action == "close":
        return IssueClosed(**common)  # type: ignore[arg-type]
    if action == "reopen":
        return IssueReopened(reason="反弹 rebound", **common)  # type: ignore[arg-type]
    if action == "escalate":
        return IssueEscalated(**common)  # type: ignore[arg-type]
    return IssueWithdrawn(reason="撤回 withdrawn", **common)  # type: ignore[arg-type]


#: who would usually take each action, by the issue's grid (drawn most of the time, so histories get somewhere)
STAFF = {"I1": ("p-1-1b", "p-1-3b"), "I2": ("p-2-1b",), "I3": ("p-1-1b", "p-1-3b")}
GRID_HEAD = {"I1": "p-grid1", "I2": "p-grid2", "I3": "p-grid1"}
HOME_COMPANY = {"I1": "PM1", "I2": "PM2", "I3": "PM1"}
#: the workflow action each drawn action performs
WORKFLOW_ACTION = {
    "route": "route_to_property", "accept": "property_accept", "plan": "property_plan",
    "resolve": "property_resolve", "return": "property_return", "confirm": "confirm_completion",
    "rework": "order_rework", "follow_up": "follow_up", "close": "close", "reopen": "reopen",
    "escalate": "escalate", "withdraw": "withdraw",
}  # fmt: skip


def draw_step(data: st.DataObject, led: Ledger) -> tuple[str, str, str, str, int]:
    """An issue, an action (mostly one its state allows), an actor (mostly the usual one), a company, hours."""
    issue = data.draw(st.sampled_from(sorted(ISSUES)))
    allowed = set(led.workflow.allowed_actions(led.issue(issue).state))
    possible = [a for a in ACTIONS if WORKFLOW_ACTION[a] in allowed and a not in {"withdraw", "escalate"}]
    action = data.draw(st.sampled_from(possible * 8 + list(ACTIONS)))
    usual = (
        STAFF[issue]
        if action in {"accept", "plan", "resolve", "return"}
        else (GRID_HEAD[issue],)
        if action == "follow_up"
        else ("p-sec",)
    )
    actor = data.draw(st.sampled_from(list(usual) * 10 + list(ACTORS)))
    company = data.draw(st.sampled_from([HOME_COMPANY[issue]] * 4 + list(COMPANIES)))
    return issue, action, actor, company, data.draw(st.integers(0, 60))


@given(st.data(), st.integers(min_value=1, max_value=40))
def test_only_the_companys_staff_move_an_issue_while_it_is_with_the_company(
    data: st.DataObject, count: int
) -> None:
    """Every accepted step from a company state is by an appointed member of the company routed to;
    every accepted routing is of a remit kind to a company serving the issue's unit; the tracker and
    the from-scratch view agree on who holds each red step, and no finished issue is ever due."""
    led = start_ledger()
    tracker = OverdueTracker.follow(led)
    remit = led.charter.property_remit
    assert remit is not None
    community = led.community
    at = DEMO_START + timedelta(hours=1)
    moments = [at]
    for _ in range(count):
        issue, action, actor, company, hours = draw_step(data, led)
        at += timedelta(hours=hours)
        before = led.issue(issue).state
        try:
            led.apply(build(action, issue, actor, company, at))
        except CogovError:
            assert led.issue(issue).state == before  # a refused step changes nothing
            continue
        moments.append(at)
        record = led.issue(issue)
        event(f"reached {record.state}")
        if action == "route":
            target = community.association(company)
            assert record.kind in remit.kinds
            assert target.kind == remit.company_kind
            assert community.within(record.unit, target.unit)
            assert record.property_company == company
        if before in COMPANY_STATES:
            assert record.property_company is not None
            assert actor in community.association(record.property_company).members
            assert actor in {"p-1-1b", "p-2-1b", "p-1-3b"}  # appointed staff, not the unappointed member
    finished = finished_states(led.workflow)
    for moment in [*moments, at + timedelta(days=10)]:
        view = supervision_at(led, moment)
        assert view.items == tracker.view(moment).items
        for item in view.items:
            assert (item.organisation is not None) == (item.step in COMPANY_STEPS)
            if item.organisation is not None:
                assert item.organisation == led.issue(item.issue).property_company or _was_routed(
                    led, item.issue, item.organisation
                )
    final = supervision_at(led, at + timedelta(days=10))
    for issue in ISSUES:
        if led.issue(issue).state in finished:
            assert issue not in final.overdue_issues
            assert not [i for i in final.items if i.issue == issue]


def _was_routed(led: Ledger, issue: str, company: str) -> bool:
    return any(
        isinstance(e, IssueRoutedToProperty) and e.issue == issue and e.company == company for e in led.events
    )


@given(st.data())
def test_the_shared_strategies_draw_legal_property_steps(data: st.DataObject) -> None:
    """cogov.testing's issue_events builds every property event with its fields, and the ledger takes them;
    illegal_issue_events' refusals stay refusals."""
    led = start_ledger()
    for _ in range(data.draw(st.integers(min_value=1, max_value=15))):
        led.apply(data.draw(issue_events(led, start=DEMO_START + timedelta(hours=1))))
    illegal = data.draw(illegal_issue_events(led, start=DEMO_START + timedelta(hours=1)))
    with pytest.raises(illegal.error):
        led.apply(illegal.event)


# -- worked examples -------------------------------------------------------------------------------
def test_a_company_step_is_corrected_only_by_the_staff_of_the_company_that_took_it() -> None:
    """PM3 also serves grid 1, so its staff hold the company duties over PM1's issue: membership alone
    keeps them from correcting PM1's resolution, and PM1's return after the issue went on to PM3."""
    led = start_ledger()
    at = DEMO_START + timedelta(hours=1)
    led.apply_all(
        [
            IssueRoutedToProperty(at=at, actor="p-sec", issue="I1", company="PM1"),
            PropertyAccepted(at=at, actor="p-1-1b", issue="I1"),
            PropertyResolved(at=at, actor="p-1-1b", issue="I1", outcome="修好 fixed"),
        ]
    )
    resolution = len(led) - 1
    fix = (("outcome", '"换了水泵 pump replaced"'),)
    with pytest.raises(
        NotAuthorisedError, match=r"property company 'PM1'.*corrector .*\(p-1-3b\) is not of its staff"
    ):
        led.apply(EventCorrected(at=at, actor="p-1-3b", corrects=resolution, reason="改 fix", changes=fix))
    led.apply(EventCorrected(at=at, actor="p-1-1b", corrects=resolution, reason="改 fix", changes=fix))
    assert led.corrected_events[resolution].outcome == "换了水泵 pump replaced"  # type: ignore[attr-defined]
    # a second issue: PM1 returns it and the community routes it on to PM3; PM1's return stays PM1's to
    # correct, whichever company the issue is with now
    led.apply_all(
        [
            IssueCollected(at=at, actor="p-grid1", issue="I4", kind="service_request", unit=f"{G1}-B1-H05",
                           channel="grid_visit", summary="事项 matter"),
            IssueRegistered(at=at, actor="p-grid1", issue="I4"),
            IssueRoutedToProperty(at=at, actor="p-sec", issue="I4", company="PM1"),
            PropertyReturned(at=at, actor="p-1-1b", issue="I4", reason="非物业事项 not ours"),
        ]
    )  # fmt: skip
    returned = len(led) - 1
    led.apply(IssueRoutedToProperty(at=at, actor="p-sec", issue="I4", company="PM3"))
    reason = (("reason", '"公共部位以外 not a common part"'),)
    with pytest.raises(NotAuthorisedError, match=r"property company 'PM1'.*corrector .*\(p-1-3b\)"):
        led.apply(EventCorrected(at=at, actor="p-1-3b", corrects=returned, reason="改 fix", changes=reason))
    led.apply(EventCorrected(at=at, actor="p-1-1b", corrects=returned, reason="改 fix", changes=reason))


def test_after_a_return_the_old_company_takes_no_step_and_a_new_routing_names_the_company() -> None:
    """Returned to the community, the issue is no company's: PM1's staff cannot accept it again; routed
    anew to PM3, only PM3's staff move it."""
    led = start_ledger()
    at = DEMO_START + timedelta(hours=1)
    led.apply_all(
        [
            IssueRoutedToProperty(at=at, actor="p-sec", issue="I1", company="PM1"),
            PropertyReturned(at=at, actor="p-1-1b", issue="I1", reason="非物业事项 not ours"),
        ]
    )
    assert led.issue("I1").state == "registered"
    for step in (
        PropertyAccepted(at=at, actor="p-1-1b", issue="I1"),
        PropertyResolved(at=at, actor="p-1-1b", issue="I1", outcome="修好 fixed"),
        PropertyReturned(at=at, actor="p-1-1b", issue="I1", reason="再退 again"),
    ):
        with pytest.raises(IllegalTransitionError):
            led.apply(step)
        assert led.issue("I1").state == "registered"
    led.apply(IssueRoutedToProperty(at=at, actor="p-sec", issue="I1", company="PM3"))
    assert led.issue("I1").property_company == "PM3"
    with pytest.raises(
        NotAuthorisedError, match=r"property company 'PM3'.*actor .*\(p-1-1b\) is not of its staff"
    ):
        led.apply(PropertyAccepted(at=at, actor="p-1-1b", issue="I1"))
    led.apply(PropertyAccepted(at=at, actor="p-1-3b", issue="I1"))
    assert led.issue("I1").state == "property_accepted"


def test_a_staff_member_leaves_the_company_only_after_their_appointment_ends() -> None:
    """p-1-1b is PM1's appointed staff: leaving PM1 is refused until the appointment ends; p-1-2b,
    a member without a staff appointment, leaves freely."""
    led = start_ledger()
    at = DEMO_START + timedelta(hours=1)
    with pytest.raises(
        EligibilityError, match=r"p-1-1b.*a-p-1-1b.*end the appointment \(AppointmentEnded\) first"
    ):
        led.apply(MemberLeft(at=at, actor="p-sec", association="PM1", person="p-1-1b"))
    assert "p-1-1b" in led.community.association("PM1").members
    led.apply(MemberLeft(at=at, actor="p-sec", association="PM1", person="p-1-2b"))
    led.apply(AppointmentEnded(at=at + timedelta(hours=1), actor="p-sec", appointment="a-p-1-1b"))
    led.apply(MemberLeft(at=at + timedelta(hours=1), actor="p-sec", association="PM1", person="p-1-1b"))
    assert "p-1-1b" not in led.community.association("PM1").members


def building_staff_charter() -> Charter:
    """The test charter with a second staff role held at a building (a company's staff for one building)."""
    base = charter()
    roles = base.role_set.merged(
        "basic_plus_building_staff",
        [RoleSpec("building_property_staff", "楼栋物业管家", "building property steward", level="building",
                  duties=PROPERTY_STAFF_DUTIES)],
    )  # fmt: skip
    remit = base.property_remit
    assert remit is not None
    return attrs.evolve(
        base,
        role_set=roles,
        property_remit=attrs.evolve(remit, staff_roles=remit.staff_roles | {"building_property_staff"}),
    )


def test_staff_may_be_appointed_at_a_unit_within_the_companys_and_not_outside_it() -> None:
    """A company serving grid 1 may have a steward for one of its buildings (as it takes issues from
    anywhere within its unit); a building of grid 2 is not the company's; the steward cannot leave
    the company while appointed."""
    setup = start_ledger()
    led = Ledger(building_staff_charter(), demo_community(), appointments=every_type_appointments())
    led.apply_all(list(setup.events))
    at = DEMO_START + timedelta(hours=1)
    led.apply(
        Appointed(at=at, actor="p-sec", appointment="b-1", person="p-1-2b", role="building_property_staff",
                  unit=f"{G1}-B1")
    )  # fmt: skip
    with pytest.raises(EligibilityError, match=r"within .420325100001-G02-B1.*\(companies there: PM2\)"):
        led.apply(
            Appointed(at=at, actor="p-sec", appointment="b-2", person="p-1-2b", role="building_property_staff",
                      unit=f"{G2}-B1")
        )  # fmt: skip
    with pytest.raises(EligibilityError, match="end the appointment"):
        led.apply(MemberLeft(at=at, actor="p-sec", association="PM1", person="p-1-2b"))


def test_a_workflow_where_the_company_acts_from_outside_its_states_or_the_community_reroutes_is_refused() -> (
    None
):
    """A company step from a state that is not the company's (the issue never routed), and a routing
    from a company state (the community taking the issue off the company), are refused with the charter."""
    base = charter()
    early = base.workflow.extended(
        transitions=[Transition("property_accept", ["registered"], "property_accepted", "物业受理", "accept")]
    )
    with pytest.raises(
        DefinitionError, match=r"lets the company's step 'property_accept' start from \['registered'\]"
    ):
        attrs.evolve(base, workflow=early)
    plain = every_type_charter().workflow
    rerouting = attrs.evolve(
        plain,
        transitions=tuple(t for t in plain.transitions if t not in property_transitions())
        + property_transitions(route_from=("registered", "routed_to_property")),
    )
    with pytest.raises(
        DefinitionError, match=r"lets 'route_to_property' move an issue from \['routed_to_property'\]"
    ):
        attrs.evolve(base, workflow=rerouting)


def test_a_company_step_on_an_issue_routed_to_no_company_is_refused_with_a_message() -> None:
    """Should a record be in a company's state without a routing, the step is refused, not asserted."""
    led = start_ledger()
    record = led.issue("I1").copy()
    record.state = "routed_to_property"
    check = PROPERTY_REFERENCE_CHECKS[PropertyAccepted]
    with pytest.raises(IllegalTransitionError, match=r"issue 'I1' .*was routed to no property company"):
        check(led._state, PropertyAccepted(at=DEMO_START, actor="p-1-1b", issue="I1"), record)
