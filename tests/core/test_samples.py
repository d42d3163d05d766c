"""cogov.testing.samples.grid_community: any size it builds is well formed and staffed for the full workflow."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cogov
from cogov.events import (
    AgreementReached,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueResolved,
    MediationStarted,
    PersonRegistered,
    PlanMade,
    VerificationVisited,
)
from cogov.testing.journeys import IssueJourneys
from cogov.testing.recorded_year import GRIDS, HOUSEHOLDS_PER_GRID, year_community, year_events
from cogov.testing.samples import DEMO_START, SampleCommunity, demo_community, grid_community

shapes = st.fixed_dictionaries(
    {
        "grids": st.integers(1, 3),
        "residents_per_household": st.integers(1, 3),
        "compounds_per_grid": st.integers(0, 2),
        "buildings": st.integers(1, 3),
        "cadres": st.integers(0, 2),
        "mediators": st.integers(1, 2),
        "building_heads": st.booleans(),
    }
)


def full_journeys(sample: SampleCommunity) -> list[Event]:
    """In every grid: an issue of the full path (building head collects when there is one) and a mediated dispute."""
    events: list[Event] = []
    t = DEMO_START + timedelta(hours=1)
    checker = sample.cadres[0] if sample.cadres else sample.secretary
    mediator = sample.mediators[-1]
    for grid in sample.grids:
        head = sample.grid_heads[grid]
        for n, household in enumerate(sample.households[grid][:1]):
            resident = sample.residents[household][0]
            collector = sample.building_heads.get(household, head)
            issue, dispute = f"{grid}-I{n}", f"{grid}-D{n}"
            events += [
                IssueCollected(at=t, actor=collector, issue=issue, kind="hidden_risk", unit=household,
                               channel="grid_visit", summary="隐患 a hazard", reporter=resident),
                IssueRegistered(at=t, actor=head, issue=issue),
                IssueEscalated(at=t, actor=sample.secretary, issue=issue),
                VerificationVisited(at=t, actor=head, issue=issue, findings="属实 confirmed"),
                PlanMade(at=t, actor=sample.secretary, issue=issue, responsible=head, matter="修 fix",
                         deadline=t + timedelta(days=7)),
                IssueResolved(at=t, actor=head, issue=issue, outcome="修好 fixed"),
                CompletionConfirmed(at=t, actor=checker, issue=issue),
                FollowUpVisited(at=t, actor=collector, issue=issue, satisfaction="satisfied"),
                IssueClosed(at=t, actor=head, issue=issue),
                IssueCollected(at=t, actor=head, issue=dispute, kind="dispute", unit=household,
                               channel="walk_in", summary="纠纷 a dispute", reporter=resident),
                IssueRegistered(at=t, actor=head, issue=dispute),
                MediationStarted(at=t, actor=mediator, issue=dispute, mediator=mediator),
                AgreementReached(at=t, actor=mediator, issue=dispute, terms="和解 settled"),
            ]  # fmt: skip
    return events


@given(shape=shapes, households=st.lists(st.integers(0, 5), min_size=3, max_size=3))
def test_every_size_is_well_formed_and_staffed_for_the_full_workflow(
    shape: dict[str, int], households: list[int]
) -> None:
    """Every grid holds the households asked for, each with its residents, and every step of the
    canonical workflow (collection by a building head included) is accepted from its staff."""
    counts = households[: shape["grids"]]
    sample = grid_community(households_per_grid=counts, **shape)
    community = sample.community
    assert [len(sample.households[g]) for g in sample.grids] == counts
    for grid in sample.grids:
        assert community.unit(grid).level == "grid"
        for household in sample.households[grid]:
            assert community.unit(household).level == "household"
            assert sample.grid_of(household) == grid
            assert [p.id for p in community.members(household)] == list(sample.residents[household])
            assert len(sample.residents[household]) == shape["residents_per_household"]
            if shape["building_heads"]:
                head_of = sample.building_heads[household]
                assert any(
                    a.person == head_of and a.role == "building_head" and community.within(household, a.unit)
                    for a in sample.appointments
                )
    assert len(sample.cadres) == shape["cadres"]
    assert len(sample.mediators) == shape["mediators"]
    ledger = sample.ledger()
    events = full_journeys(sample)
    ledger.apply_all(events)
    assert len(ledger) == len(events)
    assert {ledger.issue(e.issue).state for e in events if isinstance(e, IssueClosed)} <= {"closed"}


def test_households_sit_directly_in_the_grid_without_buildings() -> None:
    """buildings=0 puts households in their grid; compounds hold buildings, households numbered through the grid."""
    flat = grid_community(2, 3, buildings=0, residents_per_household=1)
    assert flat.households[flat.grids[0]] == tuple(f"{flat.grids[0]}-H{h:02d}" for h in (1, 2, 3))
    assert flat.community.units_at("building") == ()
    deep = grid_community(1, 5, compounds_per_grid=2, buildings=2, building_heads=True)
    grid = deep.grids[0]
    assert deep.households[grid] == (
        f"{grid}-C1-B1-H01", f"{grid}-C1-B1-H02", f"{grid}-C1-B2-H03", f"{grid}-C1-B2-H04", f"{grid}-C2-B1-H05",
    )  # fmt: skip
    assert deep.building_heads[f"{grid}-C2-B1-H05"] == "p-bldg1-3"
    assert [a.person for a in deep.appointments if a.role == "building_head"] == [
        "p-bldg1-1",
        "p-bldg1-2",
        "p-bldg1-3",
    ]


def test_the_defaults_are_the_demo_community() -> None:
    """grid_community's defaults build the demo community the store tests and benchmark use."""
    default = grid_community()
    demo = demo_community()
    assert list(default.community.units) == list(demo.units)
    assert list(default.community.people) == list(demo.people)
    assert default.residents[default.households[default.grids[0]][0]] == ("p-1-1a", "p-1-1b")


def test_a_plugin_charter_and_resident_attributes() -> None:
    """A charter built on the basic role set is used as given; resident_attributes marks residents."""
    charter = attrs.evolve(
        cogov.basic_charter(), activity_kinds=(cogov.ActivityKind("patrol", "巡逻", "patrol"),)
    )
    sample = grid_community(
        1, 2, charter=charter, resident_attributes=lambda g, h, n: ["volunteer"] * (n == 0)
    )
    assert sample.ledger().charter is charter
    assert sample.community.person("p-1-1a").attributes == {"volunteer"}
    assert sample.community.person("p-1-1b").attributes == set()


def test_each_ledger_has_its_own_register() -> None:
    """Two ledgers of one sample do not share their register: a person added to one is not in the other."""
    sample = grid_community(1, 1)
    first, second = sample.ledger(), sample.ledger()
    first.apply(
        PersonRegistered(
            at=DEMO_START,
            actor=sample.secretary,
            person="p-new",
            name="新居民",
            household=sample.households[sample.grids[0]][0],
        )
    )
    assert first.community.has_person("p-new")
    assert not second.community.has_person("p-new")
    assert not sample.community.has_person("p-new")


def test_bad_sizes_and_a_charter_without_the_roles_are_refused_with_what_is_wrong() -> None:
    """Impossible sizes and a charter lacking the basic roles raise a ValueError naming them."""
    with pytest.raises(ValueError, match=r"grids must be at least 1, got 0"):
        grid_community(0)
    with pytest.raises(ValueError, match=r"households_per_grid must be .* 2 of them"):
        grid_community(2, [3])
    with pytest.raises(ValueError, match=r"compounds_per_grid .* buildings at least 1"):
        grid_community(1, 1, compounds_per_grid=1, buildings=0)
    base = cogov.basic_charter()
    bare = attrs.evolve(
        base, role_set=cogov.RoleSet("bare", tuple(s for s in base.role_set if s.key != "mediator"))
    )
    with pytest.raises(ValueError, match=r"has no role 'mediator'"):
        grid_community(charter=bare)


def test_the_recorded_year_is_the_sample_of_three_grids() -> None:
    """The recorded year's community is grid_community's; its events use its codes and staff only."""
    sample = year_community()
    assert sample.grids == GRIDS
    assert tuple(len(sample.households[g]) for g in GRIDS) == HOUSEHOLDS_PER_GRID
    events = year_events(30)
    assert {e.actor for e in events} == {sample.secretary, sample.mediators[0]}
    assert sorted(e.at for e in events) == [e.at for e in events]


def test_issue_journeys_of_every_shape_apply_to_any_grid_community() -> None:
    """IssueJourneys writes journeys the ledger accepts in a community of any shape, ending where each says."""
    sample = grid_community(3, 3, compounds_per_grid=1, buildings=2)
    journeys = IssueJourneys(sample)
    t = DEMO_START + timedelta(days=1)
    streams = [
        [journeys.meeting(t, "M-1", grid=2)],
        journeys.answered(t, grid=2, meeting="M-1"),
        journeys.resolved(t, grid=1, rework=True),
        journeys.resolved(t, grid=0, reopen=True, satisfaction=None),
        journeys.dispute(t, grid=2),
        journeys.dispute(t, grid=1, agree=False),
        journeys.open(t, grid=0, whistle=True),
    ]
    ledger = sample.ledger()
    ledger.apply_all(IssueJourneys.merge(*streams))
    states = {issue: ledger.issue(issue).state for issue in (f"I-{n:04d}" for n in range(1, 7))}
    assert states == {
        "I-0001": "answered_on_spot",
        "I-0002": "closed",
        "I-0003": "reopened",
        "I-0004": "followed_up",
        "I-0005": "mediation_failed",
        "I-0006": "whistled",
    }
    assert ledger.issue("I-0001").unit in sample.households[sample.grids[2]]
