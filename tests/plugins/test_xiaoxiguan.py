"""The Xiaoxiguan plugin: its charter authorises exactly the steps the source gives each role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import cogov
from cogov.errors import NotAuthorisedError
from cogov.events import (
    AgreementReached,
    FollowUpVisited,
    IssueActionTaken,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    MediationStarted,
    MeetingHeld,
    VerificationVisited,
    WhistleBlown,
)
from cogov.plugins import CommunitySetup, load_setup, make_plugin_manager

cogov_xiaoxiguan = pytest.importorskip("cogov_xiaoxiguan")
from cogov_xiaoxiguan import plugin, structure  # noqa: E402
from cogov_xiaoxiguan.roles import FIVE_HEADS, PARTY_CHAIN  # noqa: E402

FIVE_HEAD_STEPS = {"collect", "answer_on_spot", "register", "plan", "resolve", "follow_up"}

#: role -> the workflow steps the source gives it (see docs/explanation/xiaoxiguan.md)
EXPECTED_STEPS = {
    "residential_head": FIVE_HEAD_STEPS,
    "police_chief": FIVE_HEAD_STEPS,
    "grid_head": FIVE_HEAD_STEPS | {"verify", "answer_at_verification"},
    "party_group_leader": FIVE_HEAD_STEPS,
    "building_head": FIVE_HEAD_STEPS,
    "community_secretary": {"escalate", "whistle", "plan", "close", "order_rework", "refer_out"},
    "mediation_member": {"start_mediation", "reach_agreement", "fail_mediation", "file_case", "refer_out"},
    "town_cadre": {"supervise", "confirm_completion", "order_rework"},
    "sunk_cadre": {"collect", "plan", "resolve", "follow_up"},
    "lawyer": {"legal_opinion"},
    "resident_representative": {"confirm_completion"},
    "community_cadre": {
        "collect", "answer_on_spot", "register", "escalate", "plan", "resolve", "close", "reopen", "reject",
        "withdraw", "mark_duplicate", "shelve", "resume", "route_to_property",
    },
    "branch_secretary": {"collect", "follow_up", "route_to_property"},
    "property_staff": {"property_accept", "property_plan", "property_resolve", "property_return"},
}  # fmt: skip

GRID1 = structure.grid_code(1)
GRID2 = structure.grid_code(2)
C1 = structure.compounds(1)[0]
B1 = structure.buildings(C1)[0]
H1 = structure.households(B1)[0]
H_OTHER_GRID = structure.households(structure.buildings(structure.compounds(2)[0])[0])[0]


@pytest.fixture(scope="module")
def example() -> CommunitySetup:
    pm = make_plugin_manager(autoload=False, plugins=[("xiaoxiguan", plugin)])
    return load_setup("xiaoxiguan", pm)


def holder(example: CommunitySetup, role: str, unit: str | None = None) -> str:
    for appointment in example.appointments:
        if appointment.role == role and (unit is None or appointment.unit == unit):
            return appointment.person
    msg = f"no {role} at {unit}"
    raise AssertionError(msg)


def steps_of(example: CommunitySetup, role: str) -> set[str]:
    duties = example.charter.role_set[role].duties
    return {tr.action for tr in example.charter.workflow.transitions if tr.duty in duties}


@pytest.mark.parametrize("role", sorted(EXPECTED_STEPS))
def test_role_is_granted_exactly_the_source_steps(example: CommunitySetup, role: str) -> None:
    """Each role's duties authorise exactly the issue-flow steps the source gives it."""
    assert steps_of(example, role) == EXPECTED_STEPS[role]


def test_the_five_heads_are_the_five_named_roles(example: CommunitySetup) -> None:
    """The five heads (五长) are 村居长, 警长, 网格长, 党小组长 and 楼栋长."""
    assert [r.zh for r in FIVE_HEADS] == ["村居长", "警长", "网格长", "党小组长", "楼栋长"]


def test_structure_matches_the_source_figures(example: CommunitySetup) -> None:
    """14 grids, 8 sunk units with 416 cadres, 3 centres, 4 self-management committees."""
    community = example.community
    assert community.unit(structure.COMMUNITY).name_zh == "小西关社区"
    assert len(community.units_at("grid")) == 14
    sunk_units = [a for a in community.associations if a.kind == "sunk_unit"]
    assert len(sunk_units) == 8
    assert sum(len(a.members) for a in sunk_units) == 416
    assert len({m for a in sunk_units for m in a.members}) == 416
    sunk = [a for a in example.appointments if a.role == "sunk_cadre"]
    assert len(sunk) == 416
    assert {a.unit for a in sunk} == {u.code for u in community.units_at("grid")}
    assert len(structure.NEIGHBOURHOOD_CENTRES) == 3
    assert len([a for a in community.associations if a.kind == "self_management_committee"]) == 4
    assert len([p for p in community.people if p.has("volunteer")]) == 400
    assert len([p for p in community.people if p.has("volunteer_police")]) > 500


def test_loading_twice_is_deterministic(example: CommunitySetup) -> None:
    """The structure and appointments are rebuilt identically on every load."""
    assert structure.build_community() == example.community
    assert structure.appointments() == example.appointments
    assert min(a.start for a in example.appointments) == structure.START


def test_a_household_meeting_issue_goes_the_source_way(example: CommunitySetup) -> None:
    """Meeting → register → weekly meeting → grid head's verification → answered there."""
    ledger = example.ledger()
    grid_head = holder(example, "grid_head", GRID1)
    secretary = holder(example, "community_secretary")
    building_head = holder(example, "building_head", B1)
    t = structure.START + timedelta(days=10, hours=9)
    ledger.apply_all(
        [
            MeetingHeld(at=t, actor=grid_head, meeting="m1", kind="xiaoxiguan:household_meeting", unit=C1),
            IssueCollected(
                at=t,
                actor=building_head,
                issue="i1",
                kind="reasonable_demand",
                unit=H1,
                channel="household_meeting",
                summary="路灯不亮 street lamp out",
                meeting="m1",
            ),
            IssueRegistered(at=t + timedelta(minutes=5), actor=building_head, issue="i1"),
            MeetingHeld(
                at=t + timedelta(days=2),
                actor=secretary,
                meeting="w1",
                kind="xiaoxiguan:weekly_joint_meeting",
                unit=structure.COMMUNITY,
            ),
            IssueEscalated(at=t + timedelta(days=2), actor=secretary, issue="i1", meeting="w1"),
            VerificationVisited(
                at=t + timedelta(days=3), actor=grid_head, issue="i1", findings="属实 confirmed"
            ),
            IssueActionTaken(
                at=t + timedelta(days=3, minutes=30),
                actor=grid_head,
                issue="i1",
                action="answer_at_verification",
            ),
        ]
    )
    record = ledger.issue("i1")
    assert record.state == "answered_on_spot"
    assert [s.role for s in ledger.history("i1")] == [
        "building_head",
        "building_head",
        "community_secretary",
        "grid_head",
        "grid_head",
    ]


def test_a_dispute_is_mediated_filed_and_followed_up(example: CommunitySetup) -> None:
    """Mediation presided by the committee with a lawyer, case file, follow-up, close."""
    ledger = example.ledger()
    t = structure.START + timedelta(days=20, hours=9)
    mediator = holder(example, "mediation_member")
    lawyer = holder(example, "lawyer")
    leader = holder(example, "party_group_leader", B1)
    secretary = holder(example, "community_secretary")
    ledger.apply_all(
        [
            IssueCollected(
                at=t,
                actor=leader,
                issue="d1",
                kind="dispute",
                unit=H1,
                channel="grid_visit",
                summary="邻里纠纷",
            ),
            IssueRegistered(at=t, actor=leader, issue="d1"),
            MediationStarted(
                at=t + timedelta(days=1), actor=mediator, issue="d1", mediator=mediator, lawyer=lawyer
            ),
            IssueActionTaken(at=t + timedelta(days=1), actor=lawyer, issue="d1", action="legal_opinion"),
            AgreementReached(at=t + timedelta(days=2), actor=mediator, issue="d1", terms="协议 agreement"),
            IssueActionTaken(at=t + timedelta(days=2), actor=mediator, issue="d1", action="file_case"),
            FollowUpVisited(at=t + timedelta(days=30), actor=leader, issue="d1", satisfaction="satisfied"),
            IssueClosed(at=t + timedelta(days=31), actor=secretary, issue="d1"),
        ]
    )
    assert ledger.issue("d1").path[-3:] == ["case_filed", "followed_up", "closed"]


FIVE_HEAD_ROLE_STEPS = [(role.key, step) for role in FIVE_HEADS for step in sorted(EXPECTED_STEPS[role.key])]


@pytest.mark.parametrize(("role", "step"), FIVE_HEAD_ROLE_STEPS)
def test_each_head_is_authorised_for_each_of_their_steps_in_their_unit(
    example: CommunitySetup, role: str, step: str
) -> None:
    """Every one of the five heads may take each of their steps on an issue in their own unit."""
    ledger = example.ledger()
    appointment = next(a for a in example.appointments if a.role == role)
    household = next(
        u.code
        for u in example.community.units_at("household")
        if example.community.within(u.code, appointment.unit)
    )
    [transition, *_] = example.charter.workflow.transitions_for(step)
    decision = ledger.authority.may(
        appointment.person, transition.duty, household, structure.START + timedelta(days=1)
    )
    assert decision, decision.reason
    assert decision.appointment is not None
    assert decision.appointment.role == role


@pytest.mark.parametrize(
    ("role", "step"),
    [
        ("building_head", "escalate"),
        ("party_group_leader", "verify"),
        ("residential_head", "whistle"),
        ("police_chief", "start_mediation"),
        ("grid_head", "whistle"),
    ],
)
def test_five_heads_are_refused_steps_the_source_does_not_give_them(
    example: CommunitySetup, role: str, step: str
) -> None:
    """A five-head role holds no duty for steps that belong to others."""
    ledger = example.ledger()
    person = holder(example, role)
    assert not ledger.authority.may(person, step, H1, structure.START + timedelta(days=1))


def test_grid_head_acts_only_within_their_grid(example: CommunitySetup) -> None:
    """The grid head of grid 1 may verify in grid 1 but not in grid 2."""
    ledger = example.ledger()
    grid_head = holder(example, "grid_head", GRID1)
    at = structure.START + timedelta(days=1)
    assert ledger.authority.may(grid_head, "verify", H1, at)
    with pytest.raises(NotAuthorisedError, match="does not cover"):
        ledger.authority.authorise(grid_head, "verify", H_OTHER_GRID, at)


def test_the_community_blows_the_whistle(example: CommunitySetup) -> None:
    """The party branch secretary summons county departments (吹哨) for a registered issue."""
    ledger = example.ledger()
    t = structure.START + timedelta(days=5, hours=9)
    cadre = holder(example, "community_cadre")
    secretary = holder(example, "community_secretary")
    ledger.apply_all(
        [
            IssueCollected(
                at=t,
                actor=cadre,
                issue="w1",
                kind="hidden_risk",
                unit=H1,
                channel="app",
                summary="危房 unsafe wall",
            ),
            IssueRegistered(at=t, actor=cadre, issue="w1"),
            WhistleBlown(at=t + timedelta(hours=1), actor=secretary, issue="w1", summoned="县住建局"),
        ]
    )
    assert ledger.issue("w1").state == "whistled"


def test_calendar_knows_the_2022_spring_festival(example: CommunitySetup) -> None:
    """Working days skip the Spring Festival holiday and count the adjusted Saturday."""
    calendar = example.charter.calendar
    assert not calendar.is_working_day(date(2022, 2, 1))
    assert calendar.is_working_day(date(2022, 1, 29))
    assert example.charter.key == "xiaoxiguan"
    assert cogov.Charter is type(example.charter)


def test_the_party_chain_runs_from_community_to_household(example: CommunitySetup) -> None:
    """大党委 › 党支部 › 党小组 › 中心户: each link one level deeper, each held by a party member."""
    roles = [example.charter.role_set[key] for key in PARTY_CHAIN]
    assert [r.level for r in roles] == ["community", "compound", "building", "household"]
    assert all("party_member" in r.requires for r in roles)
    for key in PARTY_CHAIN:
        held = [a for a in example.appointments if a.role == key]
        assert held, key
        assert all(example.community.person(a.person).has("party_member") for a in held)


def test_the_supervision_group_has_heads_representatives_and_veterans(example: CommunitySetup) -> None:
    """监督小组: building heads, resident representatives and veteran party members."""
    group = example.community.association("xxg-supervision")
    people = [example.community.person(m) for m in group.members]
    assert len(set(group.members)) == len(group.members)
    assert any(p.has("resident_representative") for p in people)
    assert sum(p.has("veteran_party_member") for p in people) >= 14
    heads = {a.person for a in example.appointments if a.role == "building_head"}
    assert heads & set(group.members)


def test_the_calendar_is_the_cores_for_the_years_the_plugin_names(example: CommunitySetup) -> None:
    """The plugin names its years; the dates come from the core's holiday table."""
    calendar = example.charter.calendar
    core = cogov.china_working_calendar(calendar.key, [2022, 2023])
    assert (calendar.holidays, calendar.extra_workdays) == (core.holidays, core.extra_workdays)
