"""Xiaoxiguan's associations at work: the posts it declares, its themed activities, and the
officers and local worthies of its recorded 2022."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest

from cogov import CHINA_TZ, Ledger
from cogov.errors import EligibilityError, NotAuthorisedError
from cogov.evaluation import StarClaim, compute_statistics, worthies_figures
from cogov.events import (
    AssociationActivityHeld,
    AssociationHelperAssigned,
    AssociationOfficerAppointed,
    CeremonyRegistered,
    MediationStartedWithWorthies,
    MeetingHeld,
)
from cogov.model.community_duties import CEREMONY_DUTY
from cogov.plugins import load_setup, make_plugin_manager

plugin = pytest.importorskip("cogov_xiaoxiguan.plugin")
recorded = pytest.importorskip("cogov_xiaoxiguan.recorded")
vocabulary = pytest.importorskip("cogov_xiaoxiguan.vocabulary")
recorded_associations = pytest.importorskip("cogov_xiaoxiguan.recorded_associations")


#: the Xiaoxiguan plugin, whatever COGOV_LOAD_PLUGINS says (the CI matrix runs without it)
PM = make_plugin_manager(autoload=False, plugins=[("xiaoxiguan", plugin)])


@pytest.fixture(scope="module")
def year() -> Ledger:
    ledger = load_setup("xiaoxiguan", PM).ledger()
    ledger.apply_all(recorded.load_year())
    return ledger


def test_the_six_associations_and_the_volunteer_teams_declare_posts() -> None:
    """Every one of the six associations has a president; every volunteer team a team leader."""
    charter = load_setup("xiaoxiguan", PM).charter
    assert [k.zh for k in vocabulary.SIX_ASSOCIATIONS] == [
        "红白理事会", "文艺协会", "卫生协会", "非公企业协会", "爱心协会", "乡贤协会",
    ]  # fmt: skip
    for kind in vocabulary.SIX_ASSOCIATIONS:
        assert charter.association_kind(kind.key).post("president").label == "president (会长)"
    for kind in vocabulary.VOLUNTEER_TEAMS:
        assert charter.association_kind(kind.key).post("team_leader").max_holders == 1
    assert (
        CEREMONY_DUTY in charter.association_kind("weddings_funerals_council").post("council_member").duties
    )
    assert charter.worthies_association == "local_worthies_association"


def test_the_volunteer_teams_hold_the_sources_themed_activities() -> None:
    """粽情端午、情暖中秋、清洁家园、疫情防控、关爱困难群体: bilingual kinds, each held by a volunteer team."""
    charter = load_setup("xiaoxiguan", PM).charter
    themed = {k.key: k for k in vocabulary.THEMED_ACTIVITIES}
    assert [k.zh for k in themed.values()] == ["粽情端午", "情暖中秋", "清洁家园", "疫情防控", "关爱困难群体"]
    for key, kind in themed.items():
        assert kind.en
        assert charter.activity_kind(key) == kind
        holders = [t.key for t in vocabulary.VOLUNTEER_TEAMS if charter.holds_activity(t.key, key)]
        assert holders, key
    assert not charter.holds_activity("culture_arts_team", "clean_homes")


def test_the_recorded_year_appoints_officers_who_are_members(year: Ledger) -> None:
    """Officers of the six associations and six teams, each a member of their association."""
    offices = [e for e in year.events if isinstance(e, AssociationOfficerAppointed)]
    assert len({o.association for o in offices}) == 12
    for office in offices:
        assert office.person in year.community.association(office.association).members


def test_ceremonies_are_registered_by_the_councils_president_by_the_post(year: Ledger) -> None:
    """The president holds no role with the ceremony duty; the post authorises, and ends with the office."""
    ceremonies = [e for e in year.events if isinstance(e, CeremonyRegistered)]
    assert len(ceremonies) == 16
    president = recorded_associations.president(year.community, recorded_associations.COUNCIL)
    assert {c.actor for c in ceremonies} == {president}
    assert not year.authority.may(president, CEREMONY_DUTY, ceremonies[0].household, ceremonies[0].at)
    # without the officer appointment the same year is refused at the first ceremony
    events = [
        e
        for e in recorded.load_year()
        if not (isinstance(e, AssociationOfficerAppointed) and e.association == recorded_associations.COUNCIL)
    ]
    fresh = load_setup("xiaoxiguan", PM).ledger()
    with pytest.raises(NotAuthorisedError, match="in office in association 'xxg-as-1'"):
        fresh.apply_all(events)


def test_the_charity_associations_president_pairs_its_members_with_households(year: Ledger) -> None:
    """The 24 pairings of the year are the charity association's, recorded by its president."""
    pairings = [e for e in year.events if isinstance(e, AssociationHelperAssigned)]
    assert len(pairings) == 24
    charity = year.community.association("xxg-as-5")
    assert {p.actor for p in pairings} == {sorted(charity.members)[0]}
    assert {p.helper for p in pairings} <= set(charity.members)


def test_local_worthies_join_three_of_the_fourteen_mediations(year: Ledger) -> None:
    """3 mediations with worthies, all resolved; the source's 14 disputes resolved stay 14."""
    figures = worthies_figures(year)
    assert (
        figures.mediations,
        figures.mediations_with_worthies,
        figures.disputes_resolved_with_worthies,
    ) == (
        14,
        3,
        3,
    )
    worthies = year.community.association(recorded_associations.WORTHIES).members
    assert set(figures.worthies) <= set(worthies)
    assert compute_statistics(year).disputes_resolved == 14


def test_a_worthy_from_outside_the_association_is_refused(year: Ledger) -> None:
    """Replacing a worthy by a resident outside the local-worthies association is refused."""
    events = list(recorded.load_year())
    index = next(i for i, e in enumerate(events) if isinstance(e, MediationStartedWithWorthies))
    members = year.community.association(recorded_associations.WORTHIES).members
    outsider = next(p.id for p in year.community.people if p.id.startswith("xxg-r") and p.id not in members)
    events[index] = attrs.evolve(events[index], worthies=(outsider,))
    fresh = load_setup("xiaoxiguan", PM).ledger()
    fresh.apply_all(events[:index])
    with pytest.raises(
        EligibilityError, match=f"worthy '{outsider}' is not a member of any association of local worthies"
    ):
        fresh.apply(events[index])


def test_a_team_leader_records_a_themed_activity_of_members(year: Ledger) -> None:
    """The poverty relief team's leader records care for the needy; a non-member participant is refused."""
    team = year.community.association("xxg-vt-4")
    leader = sorted(team.members)[0]
    at = max(e.at for e in year.events) + timedelta(days=1)
    activity = AssociationActivityHeld(
        at=at, actor=leader, activity="XXG-2023-CARE01", kind="care_for_needy", unit="420325100001",
        participants=tuple(sorted(team.members)[:3]), hours=2, association="xxg-vt-4",
    )  # fmt: skip
    year.check(activity)
    outsider = sorted(year.community.association("xxg-vt-1").members)[0]
    with pytest.raises(EligibilityError, match="is not a member of association 'xxg-vt-4'"):
        year.check(attrs.evolve(activity, participants=(outsider,)))


def test_the_recorded_years_star_claims_follow_association_activities_too() -> None:
    """The households whose members volunteered, in an activity of the committee or of an
    association (AssociationActivityHeld), are those whose star claims the year records."""
    evaluation = pytest.importorskip("cogov_xiaoxiguan.evaluation")
    structure = pytest.importorskip("cogov_xiaoxiguan.structure")
    community = structure.build_community()
    people = list({p.household: p.id for p in community.people if p.household is not None}.values())[:5]
    t = datetime(2022, 3, 1, 9, tzinfo=CHINA_TZ)
    meetings = [
        MeetingHeld(at=t, actor="xxg-secretary", meeting=m, kind=k, unit=structure.COMMUNITY)
        for m, k in (
            (recorded.CONGRESS_MEETING, "xiaoxiguan:resident_congress"),
            (recorded.APPRAISAL_MEETING, "xiaoxiguan:resident_congress"),
            ("W1", "xiaoxiguan:weekly_joint_meeting"),
        )
    ]
    activity = AssociationActivityHeld(
        at=t, actor="xxg-secretary", activity="A1", kind="clean_up", unit=structure.COMMUNITY,
        participants=tuple(people), hours=2, association="XXG-ASSOC-HYGIENE",
    )  # fmt: skip
    claims = [r for r in evaluation.year_records([*meetings, activity]) if isinstance(r, StarClaim)]
    assert [c.household for c in claims] == sorted(community.person(p).household for p in people)
