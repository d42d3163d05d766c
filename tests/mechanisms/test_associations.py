"""The associations at work: officer posts and their duties, activities checked against membership,
local worthies (乡贤) joining mediation."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import ActivityKind, AssociationKind, Charter, Ledger, OfficerPost
from cogov.boundary.validation import validate_events
from cogov.engine.association_offices import Office, authorise_act, held_at_once
from cogov.errors import (
    CogovError,
    DefinitionError,
    DuplicateError,
    EligibilityError,
    InvalidFieldError,
    NotAuthorisedError,
    RecordingTimeError,
    UnknownKeyError,
)
from cogov.evaluation import EvaluationContext, Period, Star, StarClaim, StarRating, worthies_figures
from cogov.evaluation.stars import participation
from cogov.events import (
    AgreementReached,
    AssociationActivityHeld,
    AssociationFormed,
    AssociationHelperAssigned,
    AssociationOfficerAppointed,
    AssociationOfficerEnded,
    CeremonyRegistered,
    CompoundInspected,
    ConventionAdopted,
    Event,
    EventCorrected,
    HouseholdHelped,
    IssueCollected,
    IssueRegistered,
    MediationStarted,
    MediationStartedWithWorthies,
    MemberJoined,
    MemberLeft,
    PersonLeft,
)
from cogov.masking import shown_person
from cogov.model.community_duties import CEREMONY_DUTY, HELP_DUTY, INSPECTION_DUTY
from cogov.testing.community_services import GRID, HOUSEHOLD, ROOT, WORKER, appointments, charter, resident
from cogov.testing.samples import DEMO_START, demo_community

OFFICER = resident(1, 3)  # a resident who holds no community role
MEMBER = resident(1, 5)
OUTSIDER = resident(1, 6)


def _charter(**changes: object) -> Charter:
    """The services charter whose association kinds declare officer posts and activities."""
    base = charter()
    kinds = (
        AssociationKind(
            "weddings_funerals_council",
            "红白理事会",
            "weddings-and-funerals council",
            posts=(OfficerPost("president", "会长", "president", duties={CEREMONY_DUTY}, max_holders=1),),
        ),
        AssociationKind(
            "hygiene_association",
            "卫生协会",
            "hygiene association",
            posts=(OfficerPost("inspector", "卫生检查员", "hygiene inspector", duties={INSPECTION_DUTY}),),
        ),
        AssociationKind(
            "charity_association",
            "爱心协会",
            "charity association",
            posts=(OfficerPost("president", "会长", "president", duties={HELP_DUTY}),),
        ),
        AssociationKind(
            "hygiene_team",
            "卫生环保志愿服务队",
            "hygiene and environment volunteer team",
            posts=(OfficerPost("team_leader", "队长", "team leader", duties={"record_activity"}),),
            activities={"clean_homes"},
        ),
        AssociationKind("local_worthies", "乡贤协会", "association of local worthies"),
    )
    activities = (
        ActivityKind("clean_homes", "清洁家园", "clean homes"),
        ActivityKind("patrol", "巡逻", "patrol"),
    )
    fields: dict[str, object] = {
        "association_kinds": kinds,
        "activity_kinds": activities,
        "worthies_association": "local_worthies",
    }
    fields.update(changes)
    return attrs.evolve(base, **fields)


def _clock(start: datetime = DEMO_START) -> list[datetime]:
    return [start + timedelta(minutes=1 + i) for i in range(200)]


def _formed(association: str, kind: str, members: tuple[str, ...], at: datetime) -> list[Event]:
    return [
        AssociationFormed(
            at=at, actor=WORKER, association=association, kind=kind, unit=ROOT, name_zh="协会", name_en=kind
        ),
        *(MemberJoined(at=at, actor=WORKER, association=association, person=p) for p in members),
    ]


def _ledger(chosen: Charter | None = None) -> Ledger:
    """Associations formed: COUNCIL, HYGIENE, CHARITY and TEAM (officer + member), WORTHIES (member)."""
    led = Ledger(chosen or _charter(), demo_community(), appointments=appointments())
    at = DEMO_START
    led.apply_all(
        [
            *_formed("COUNCIL", "weddings_funerals_council", (OFFICER, MEMBER), at),
            *_formed("HYGIENE", "hygiene_association", (OFFICER, MEMBER), at),
            *_formed("CHARITY", "charity_association", (OFFICER, MEMBER), at),
            *_formed("TEAM", "hygiene_team", (OFFICER, MEMBER), at),
            *_formed("WORTHIES", "local_worthies", (MEMBER,), at),
            ConventionAdopted(
                at=at, actor=WORKER, convention="CONV", unit=ROOT, title="居民规约",
                articles=(("ceremonies", "红白喜事从简"),), limits=(("tables", "20"),),
            ),
        ]
    )  # fmt: skip
    return led


def _appoint(office: str, association: str, post: str, at: datetime, person: str = OFFICER) -> Event:
    return AssociationOfficerAppointed(
        at=at, actor=WORKER, office=office, association=association, person=person, post=post
    )


def _ceremony(at: datetime, actor: str = OFFICER, ceremony: str = "CER1") -> CeremonyRegistered:
    return CeremonyRegistered(
        at=at, actor=actor, ceremony=ceremony, household=HOUSEHOLD, ceremony_kind="wedding",
        convention="CONV", council="COUNCIL", officer=OFFICER, measures=(("tables", "12"),),
    )  # fmt: skip


def _activity(
    at: datetime, participants: tuple[str, ...], *, activity: str = "ACT1", kind: str = "clean_homes"
) -> AssociationActivityHeld:
    return AssociationActivityHeld(
        at=at, actor=OFFICER, activity=activity, kind=kind, unit=GRID, participants=participants,
        hours=2, association="TEAM",
    )  # fmt: skip


# -- the charter -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (
            AssociationKind("team", "队", "team", activities={"dance"}),
            "charter 'basic': association kind 'team' holds unknown activity kind 'dance'",
        ),
        (
            AssociationKind(
                "team", "队", "team", posts=(OfficerPost("leader", "队长", "leader", duties={"fly"}),)
            ),
            "charter 'basic': officer post 'leader' of association kind 'team' grants unknown duty 'fly'",
        ),
        (
            AssociationKind("team", "队", "team", activities={"patrol"}),
            "association kind 'team' holds activity kind 'patrol', which belongs to association kind 'patrol_team'",
        ),
    ],
)
def test_the_charter_refuses_unknown_activities_and_duties(kind: AssociationKind, words: str) -> None:
    """An association kind naming an unknown activity kind or officer duty is refused, naming charter and kind."""
    with pytest.raises(DefinitionError) as refused:
        attrs.evolve(
            charter(),
            association_kinds=(kind, AssociationKind("patrol_team", "巡逻队", "patrol team")),
            activity_kinds=(ActivityKind("patrol", "巡逻", "patrol", "patrol_team"),),
        )
    assert words in str(refused.value)


def test_the_charter_refuses_an_unknown_worthies_kind_and_a_post_declared_twice() -> None:
    """worthies_association must be one of the charter's kinds; a kind declares each post once."""
    with pytest.raises(
        DefinitionError, match="worthies_association 'sages' is not one of its association kinds"
    ):
        _charter(worthies_association="sages")
    post = OfficerPost("president", "会长", "president")
    with pytest.raises(InvalidFieldError, match="officer post 'president' is declared twice"):
        AssociationKind("club", "会", "club", posts=(post, post))


def test_association_kinds_hold_the_activities_they_declare_and_their_own() -> None:
    """holds_activity: listed in the kind's activities, or the activity kind names the association kind."""
    chosen = _charter()
    assert chosen.holds_activity("hygiene_team", "clean_homes")
    assert not chosen.holds_activity("hygiene_team", "patrol")
    assert chosen.association_kind("hygiene_team").post("team_leader").label == "team leader (队长)"
    with pytest.raises(UnknownKeyError, match="has no officer post 'chair'; its posts: \\['team_leader'\\]"):
        chosen.association_kind("hygiene_team").post("chair")


# -- officer appointments --------------------------------------------------------------------------
def test_an_officer_is_a_member_appointed_to_a_post_of_the_kind() -> None:
    """Accepted for a member; refused for a non-member, an unknown post, a second holder of a capped post."""
    led = _ledger()
    t = _clock()
    led.apply(_appoint("O1", "COUNCIL", "president", t[0]))
    with pytest.raises(EligibilityError) as refused:
        led.apply(_appoint("O2", "HYGIENE", "inspector", t[1], person=OUTSIDER))
    assert str(refused.value).startswith(
        "officer appointment 'O2' (hygiene inspector (卫生检查员) of 'HYGIENE'): person 'p-1-6a' is not a member "
        "of association 'HYGIENE'"
    )
    with pytest.raises(UnknownKeyError, match="has no officer post 'treasurer'"):
        led.apply(_appoint("O3", "COUNCIL", "treasurer", t[2]))
    with pytest.raises(EligibilityError, match="allows 1 holder\\(s\\) at a time and has O1"):
        led.apply(_appoint("O4", "COUNCIL", "president", t[3], person=MEMBER))
    with pytest.raises(DuplicateError, match="office id 'O1' is already used"):
        led.apply(_appoint("O1", "HYGIENE", "inspector", t[4]))
    led.apply(AssociationOfficerEnded(at=t[5], actor=WORKER, office="O1"))
    led.apply(_appoint("O4", "COUNCIL", "president", t[6], person=MEMBER))
    with pytest.raises(EligibilityError, match="office 'O1' already ended"):
        led.apply(AssociationOfficerEnded(at=t[7], actor=WORKER, office="O1"))


def test_an_officer_cannot_leave_while_in_office() -> None:
    """MemberLeft and PersonLeft are refused while the person holds an office; accepted once it ends."""
    led = _ledger()
    t = _clock()
    led.apply(_appoint("O1", "TEAM", "team_leader", t[0]))
    with pytest.raises(EligibilityError, match="holds officer appointments \\(O1\\); end them"):
        led.apply(MemberLeft(at=t[1], actor=WORKER, association="TEAM", person=OFFICER))
    with pytest.raises(EligibilityError, match="holds officer appointments \\(O1\\)"):
        led.apply(PersonLeft(at=t[1], actor=WORKER, person=OFFICER, reason="迁出"))
    led.apply(MemberLeft(at=t[1], actor=WORKER, association="COUNCIL", person=OFFICER))  # no office there
    led.apply(AssociationOfficerEnded(at=t[2], actor=WORKER, office="O1"))
    led.apply(MemberLeft(at=t[3], actor=WORKER, association="TEAM", person=OFFICER))


# -- the officer's duties authorise the association's own acts -------------------------------------
def test_an_officer_registers_ceremonies_inspects_and_helps_by_the_posts_duties() -> None:
    """A resident with no role acts for the council, the hygiene and the charity association while in office."""
    led = _ledger()
    t = _clock()
    with pytest.raises(NotAuthorisedError) as refused:
        led.apply(_ceremony(t[0]))
    assert "nor is 'p-1-3a' in office in association 'COUNCIL' as president" in str(refused.value)
    led.apply_all(
        [
            _appoint("O1", "COUNCIL", "president", t[1]),
            _appoint("O2", "HYGIENE", "inspector", t[1]),
            _appoint("O3", "CHARITY", "president", t[1]),
            _ceremony(t[2]),
            CompoundInspected(
                at=t[3], actor=OFFICER, inspection="IN1", unit=GRID, association="HYGIENE",
                inspectors=(OFFICER, MEMBER), score=90,
            ),
            HouseholdHelped(at=t[4], actor=OFFICER, household=HOUSEHOLD, helper=MEMBER, association="CHARITY"),
            AssociationOfficerEnded(at=t[5], actor=WORKER, office="O1"),
        ]
    )  # fmt: skip
    with pytest.raises(NotAuthorisedError, match="nor is 'p-1-3a' in office in association 'COUNCIL'"):
        led.apply(_ceremony(t[6], ceremony="CER2"))
    # an office of one association does not act for another
    with pytest.raises(NotAuthorisedError):
        led.apply(
            HouseholdHelped(at=t[7], actor=OFFICER, household=HOUSEHOLD, helper=MEMBER, association="TEAM")
        )


def test_the_charity_association_pairs_its_members_with_households() -> None:
    """An AssociationHelperAssigned pairs a member, recorded by the association's officer; a non-member is refused."""
    led = _ledger()
    t = _clock()
    pairing = AssociationHelperAssigned(
        at=t[1], actor=OFFICER, household=HOUSEHOLD, helper=MEMBER, association="CHARITY"
    )
    with pytest.raises(NotAuthorisedError, match="nor is 'p-1-3a' in office in association 'CHARITY'"):
        led.apply(pairing)
    led.apply(_appoint("O1", "CHARITY", "president", t[0]))
    with pytest.raises(EligibilityError, match="helper 'p-1-6a' is not a member of association 'CHARITY'"):
        led.apply(attrs.evolve(pairing, helper=OUTSIDER))
    led.apply(pairing)
    assert led.snapshot()["community_records"]["helpers"][HOUSEHOLD] == frozenset({MEMBER})


def test_an_office_in_force_later_does_not_authorise_an_earlier_act() -> None:
    """Recorded late, an act before the office began is refused: the appointment changed the
    holder's authority, and no step is back-dated across that (as with role appointments)."""
    led = _ledger()
    t = _clock()
    led.apply(_appoint("O1", "COUNCIL", "president", t[5]))
    with pytest.raises(RecordingTimeError, match="before a change to 'p-1-3a''s appointments"):
        led.apply(_ceremony(t[6] - timedelta(minutes=3)))
    # read directly, the office does not authorise an act before it began either
    state = led._state
    with pytest.raises(NotAuthorisedError, match="in office in association 'COUNCIL'"):
        authorise_act(state, OFFICER, CEREMONY_DUTY, HOUSEHOLD, t[3], association_id="COUNCIL")
    authorise_act(state, OFFICER, CEREMONY_DUTY, HOUSEHOLD, t[6], association_id="COUNCIL")


def test_officer_appointments_and_ends_are_never_back_dated() -> None:
    """Like role appointments, an officer's appointment and its end take effect when recorded:
    dated before the ledger's time (beyond the clock skew), they are refused."""
    led = _ledger()
    t = _clock()
    led.apply(_appoint("O1", "COUNCIL", "president", t[0]))
    led.apply(_ceremony(t[10], actor=WORKER))  # the ledger's time moves on to 08:11
    with pytest.raises(RecordingTimeError, match=r"association_officer_appointed .* never back-dated"):
        led.apply(_appoint("O2", "HYGIENE", "inspector", t[1]))
    with pytest.raises(RecordingTimeError, match=r"association_officer_ended .* never back-dated"):
        led.apply(AssociationOfficerEnded(at=t[3], actor=WORKER, office="O1"))
    led.apply(_appoint("O2", "HYGIENE", "inspector", t[10]))
    led.apply(AssociationOfficerEnded(at=t[11], actor=WORKER, office="O1"))


def test_an_office_cannot_end_before_an_act_its_holder_recorded() -> None:
    """Office from 08:01, its holder registers a ceremony at 08:06 by that office alone: an end
    dated 08:04 (within the clock skew) would leave an act by an officer out of office; refused."""
    led = _ledger()
    t = _clock()
    led.apply(_appoint("O1", "COUNCIL", "president", t[0]))
    led.apply(_ceremony(t[5]))
    for at in (t[3], t[5]):
        with pytest.raises(EligibilityError) as refused:
            led.apply(AssociationOfficerEnded(at=at, actor=WORKER, office="O1"))
        assert str(refused.value) == (
            f"office 'O1' cannot end at {at.isoformat()}: its holder 'p-1-3a' recorded ceremony_registered "
            f"(event #{len(led.events) - 1}) dated {t[5].isoformat()} while in office; an office ends when "
            "recorded and is never back-dated: date the end after that step"
        )
    led.apply(AssociationOfficerEnded(at=t[6], actor=WORKER, office="O1"))
    assert led.snapshot()["association_offices"]["offices"]["O1"].end == t[6]


def test_no_act_is_back_dated_across_an_officers_appointment_or_its_end() -> None:
    """Once an office is recorded as ended (or begun), its holder cannot record a step dated
    before that, even within the clock skew; a refused batch leaves no such change behind."""
    led = _ledger()
    t = _clock()
    led.apply_all(
        [
            _appoint("O1", "COUNCIL", "president", t[0]),
            AssociationOfficerEnded(at=t[5], actor=WORKER, office="O1"),
        ]
    )
    with pytest.raises(RecordingTimeError) as refused:
        led.apply(_ceremony(t[4]))
    assert str(refused.value) == (
        f"ceremony_registered by 'p-1-3a' is dated {t[4].isoformat()}, before a change to 'p-1-3a''s "
        f"appointments recorded for {t[5].isoformat()}; no step may be back-dated across a recorded "
        "change of its actor's authority"
    )
    # a refused batch rolls back the change to the holder's authority with the office
    with pytest.raises(CogovError):
        led.apply_all([_appoint("O2", "HYGIENE", "inspector", t[8]), _ceremony(t[9], actor=OUTSIDER)])
    assert led._state.authority_changed[OFFICER] == t[5]
    led.apply(_appoint("O3", "HYGIENE", "inspector", t[6]))
    led.apply(  # dated before the refused appointment (08:09): accepted, nothing of it is left
        CompoundInspected(
            at=t[7],
            actor=OFFICER,
            inspection="IN1",
            unit=GRID,
            association="HYGIENE",
            inspectors=(OFFICER,),
            score=90,
        )
    )
    assert led._state.authority_changed[OFFICER] == t[6]


def test_a_charter_without_posts_authorises_by_roles_alone_with_the_old_message() -> None:
    """No posts: a role-less actor is refused with the role refusal unchanged; a role holder acts as before."""
    kinds = tuple(attrs.evolve(kind, posts=()) for kind in _charter().association_kinds)
    led = _ledger(_charter(association_kinds=kinds))
    t = _clock()
    with pytest.raises(NotAuthorisedError) as refused:
        led.apply(_ceremony(t[0]))
    assert "in office" not in str(refused.value)
    assert str(refused.value).startswith(
        f"{led.community.person(OFFICER).name} (p-1-3a) may not 'register_ceremony'"
    )
    led.apply(_ceremony(t[1], actor=WORKER))


# -- activities of an association ------------------------------------------------------------------
def test_an_association_activity_lists_only_its_members() -> None:
    """Members take part; a non-member is refused naming the activity, the person and the association."""
    led = _ledger()
    t = _clock()
    led.apply(_appoint("O1", "TEAM", "team_leader", t[0]))
    led.apply(_activity(t[1], (OFFICER, MEMBER)))
    with pytest.raises(EligibilityError) as refused:
        led.apply(_activity(t[2], (MEMBER, OUTSIDER), activity="ACT2"))
    assert str(refused.value) == (
        "activity 'ACT2': participant: person 'p-1-6a' is not a member of association 'TEAM' "
        "(hygiene_team); record MemberJoined first"
    )
    with pytest.raises(
        EligibilityError, match="does not hold activities of kind 'patrol'; its kinds: \\['clean_homes'\\]"
    ):
        led.apply(_activity(t[3], (MEMBER,), activity="ACT3", kind="patrol"))
    stats = led.activities["ACT1"]
    assert (stats.kind, stats.participants, stats.hours) == ("clean_homes", (OFFICER, MEMBER), 2.0)


def test_a_plain_activity_keeps_todays_behaviour() -> None:
    """An ActivityHeld names no association: any present person may take part."""
    from cogov.events import ActivityHeld  # noqa: PLC0415

    led = _ledger()
    led.apply(
        ActivityHeld(
            at=_clock()[0],
            actor=WORKER,
            activity="A1",
            kind="clean_homes",
            unit=GRID,
            participants=(OUTSIDER,),
        )
    )


def test_an_association_activitys_hours_are_correctable_its_participants_are_not() -> None:
    """Corrections change hours only; participants were checked against membership when recorded."""
    led = _ledger()
    t = _clock()
    led.apply_all([_appoint("O1", "TEAM", "team_leader", t[0]), _activity(t[1], (MEMBER,))])
    seq = len(led.events) - 1
    led.apply(EventCorrected(at=t[2], actor=OFFICER, corrects=seq, reason="记错", changes=(("hours", "3"),)))
    assert led.activities["ACT1"].hours == 3.0
    with pytest.raises(CogovError, match="field 'participants' cannot be corrected"):
        led.apply(
            EventCorrected(
                at=t[3], actor=OFFICER, corrects=seq, reason="记错", changes=(("participants", '["p-1-6a"]'),)
            )
        )


@st.composite
def _membership_histories(draw: st.DrawFn) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    people = [resident(2, flat, second) for flat in range(1, 4) for second in (False, True)]
    moves = draw(
        st.lists(st.tuples(st.sampled_from(["join", "leave"]), st.sampled_from(people)), max_size=12)
    )
    participants = draw(st.lists(st.sampled_from(people), min_size=1, max_size=4, unique=True))
    return moves, tuple(participants)


@given(_membership_histories())
def test_an_activity_is_accepted_iff_every_participant_is_a_member_then(
    history: tuple[list[tuple[str, str]], tuple[str, ...]],
) -> None:
    """Over random joins and leaves, an association's activity is accepted exactly when all take part as members."""
    moves, participants = history
    led = _ledger()
    t = iter(_clock())
    members: set[str] = set()
    for move, person in moves:
        if move == "join" and person not in members:
            led.apply(MemberJoined(at=next(t), actor=WORKER, association="TEAM", person=person))
            members.add(person)
        elif move == "leave" and person in members:
            led.apply(MemberLeft(at=next(t), actor=WORKER, association="TEAM", person=person))
            members.discard(person)
    event = attrs.evolve(_activity(next(t), participants), actor=WORKER)
    if set(participants) <= members:
        led.apply(event)
        assert led.activities["ACT1"].participants == participants
    else:
        before = led.snapshot()
        with pytest.raises(EligibilityError, match="is not a member of association 'TEAM'"):
            led.apply(event)
        assert led.snapshot() == before


# -- local worthies in mediation -------------------------------------------------------------------
def _dispute(led: Ledger, issue: str, t: list[datetime]) -> None:
    led.apply_all(
        [
            IssueCollected(
                at=t[0], actor="p-grid1", issue=issue, kind="dispute", unit=HOUSEHOLD, channel="grid_visit",
                summary="邻里纠纷 neighbours",
            ),
            IssueRegistered(at=t[1], actor="p-grid1", issue=issue),
        ]
    )  # fmt: skip


def test_worthies_who_are_members_join_a_mediation_and_are_counted() -> None:
    """A member of the local-worthies association joins; the figures count the mediation and the resolution."""
    led = _ledger()
    t = _clock()
    _dispute(led, "D1", t[0:2])
    _dispute(led, "D2", t[2:4])
    led.apply_all(
        [
            MediationStartedWithWorthies(
                at=t[4], actor="p-med", issue="D1", mediator="p-med", worthies=(MEMBER,)
            ),
            AgreementReached(at=t[5], actor="p-med", issue="D1", terms="协议"),
            MediationStarted(at=t[6], actor="p-med", issue="D2", mediator="p-med"),
        ]
    )
    figures = worthies_figures(led)
    assert (
        figures.mediations,
        figures.mediations_with_worthies,
        figures.disputes_resolved_with_worthies,
    ) == (2, 1, 1)
    assert figures.worthies == (MEMBER,)
    assert figures.share_with_worthies == 0.5


def test_a_worthy_who_is_not_a_member_is_refused() -> None:
    """The refusal names the issue, the person and the local-worthies associations."""
    led = _ledger()
    t = _clock()
    _dispute(led, "D1", t[0:2])
    with pytest.raises(EligibilityError) as refused:
        led.apply(
            MediationStartedWithWorthies(
                at=t[2], actor="p-med", issue="D1", mediator="p-med", worthies=(OUTSIDER,)
            )
        )
    assert str(refused.value) == (
        "issue 'D1': worthy 'p-1-6a' is not a member of any association of local worthies (乡贤协会) "
        "association (WORTHIES)"
    )
    assert led.issue("D1").state == "registered"


def test_worthies_need_a_charter_that_names_their_kind() -> None:
    """A charter without worthies_association refuses worthies in mediation, saying so."""
    led = _ledger(_charter(worthies_association=None))
    t = _clock()
    _dispute(led, "D1", t[0:2])
    with pytest.raises(EligibilityError, match="names no local-worthies association kind"):
        led.apply(
            MediationStartedWithWorthies(
                at=t[2], actor="p-med", issue="D1", mediator="p-med", worthies=(MEMBER,)
            )
        )


def test_worthies_are_named_once_each() -> None:
    """The event itself refuses an empty or repeated list of worthies."""
    with pytest.raises(InvalidFieldError, match="name at least one person"):
        MediationStartedWithWorthies(at=DEMO_START, actor="p-med", issue="D1", mediator="p-med", worthies=())
    with pytest.raises(InvalidFieldError, match="named twice"):
        MediationStartedWithWorthies(
            at=DEMO_START, actor="p-med", issue="D1", mediator="p-med", worthies=(MEMBER, MEMBER)
        )


# -- replay, rollback, masking ---------------------------------------------------------------------
def test_offices_replay_and_roll_back() -> None:
    """A validated and a trusted replay fold offices alike; a refused batch leaves them as they were."""
    led = _ledger()
    t = _clock()
    led.apply_all([_appoint("O1", "TEAM", "team_leader", t[0]), _activity(t[1], (MEMBER,))])
    before = led.snapshot()
    assert set(before["association_offices"]["offices"]) == {"O1"}
    with pytest.raises(CogovError):
        led.apply_all([_appoint("O2", "COUNCIL", "president", t[2]), _ceremony(t[3], actor=OUTSIDER)])
    assert led.snapshot() == before
    for validate in (True, False):
        again = Ledger.replay(led.charter, led.genesis, list(led.events), validate=validate)
        assert again.snapshot() == led.snapshot()


def test_identifier_shaped_person_ids_are_masked_in_messages() -> None:
    """An id shaped like a resident ID or a mobile number is masked as the library masks them."""
    assert shown_person("420325198801011234") == "4203**********1234"
    assert shown_person("13812345678") == "138****5678"
    assert shown_person("p-1-6a") == "p-1-6a"


# -- association-held activities count as activities -----------------------------------------------
def test_a_star_counts_participation_in_an_association_held_activity() -> None:
    """A star naming an activity kind counts the participations of an association's activities of
    that kind as of any other (AssociationActivityHeld is an ActivityHeld)."""
    led = _ledger()
    t = _clock()
    led.apply_all([_appoint("O1", "TEAM", "team_leader", t[0]), _activity(t[1], (MEMBER,))])
    household = led.community.person(MEMBER).household
    assert household is not None
    rating = StarRating(
        "stars", "星级户", "star households",
        stars=(Star("helping", "助人为乐", "helping others", activity_kinds={"clean_homes"}, min_person_times=1),),
        stages=(), require_notice=False,
    )  # fmt: skip
    claim = StarClaim(id="C-1", at=t[2], actor=MEMBER, household=household, stars=("helping",))
    context = EvaluationContext.from_ledger(led, period=Period.year(t[0].year, t[0].tzinfo), records=[claim])
    assert participation(context)[MEMBER] == [(len(led.events) - 1, "clean_homes", t[1])]
    score = rating.evaluate(context, household)
    assert score.value == 1
    assert score.criteria[0].seqs == (len(led.events) - 1,)


def test_the_document_pre_check_names_an_association_activitys_unknown_kind() -> None:
    """validate_events checks the activity kind of an AssociationActivityHeld as of an ActivityHeld."""
    led = _ledger()
    t = _clock()
    events = [
        *led.events,
        _appoint("O1", "TEAM", "team_leader", t[0]),
        _activity(t[1], (MEMBER,), kind="knitting"),
    ]
    problems = validate_events(demo_community(), led.charter, events, appointments=appointments())
    assert problems[0].startswith(f"$.events[{len(events) - 1}].kind: ")
    assert "knitting" in problems[0]
    good = [*events[:-1], _activity(t[1], (MEMBER,))]
    assert validate_events(demo_community(), led.charter, good, appointments=appointments()) == []


# -- how many hold a post at a time ----------------------------------------------------------------
def _capped(holders: int) -> Charter:
    """The services charter whose hygiene inspectors are capped at ``holders`` at a time."""
    base = _charter()
    kinds = tuple(
        attrs.evolve(k, posts=(attrs.evolve(k.posts[0], max_holders=holders),))
        if k.key == "hygiene_association"
        else k
        for k in base.association_kinds
    )
    return attrs.evolve(base, association_kinds=kinds)


def test_a_capped_post_counts_those_holding_it_at_one_moment() -> None:
    """Two back-to-back offices (O1 until 08:06, O2 from 08:06) never hold the post together: a
    third appointment from 08:04 on is one of two at any moment, accepted under a cap of two and
    refused under a cap of one."""
    t = _clock()
    events = [
        AssociationOfficerAppointed(
            at=t[0],
            actor=WORKER,
            office="O1",
            association="HYGIENE",
            person=OFFICER,
            post="inspector",
            until=t[5],
        ),
        _appoint("O2", "HYGIENE", "inspector", t[5]),
    ]
    third = _appoint("O3", "HYGIENE", "inspector", t[3], person=MEMBER)  # within the clock skew
    two = _ledger(_capped(2))
    two.apply_all(events)
    two.apply(third)
    assert set(two.snapshot()["association_offices"]["offices"]) == {"O1", "O2", "O3"}
    one = _ledger(_capped(1))
    one.apply_all(events)
    with pytest.raises(EligibilityError, match=r"allows 1 holder\(s\) at a time and has O1 on "):
        one.apply(third)


_MINUTE = timedelta(minutes=1)


@st.composite
def _terms(draw: st.DrawFn) -> tuple[list[Office], int, int | None]:
    """Offices over random terms (minutes from DEMO_START, some open-ended) and a new term."""
    offices = []
    for i in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 30))
        end = draw(st.one_of(st.none(), st.integers(start + 1, 40)))
        offices.append(
            Office(
                f"O{i}", "A", f"p{i}", "post", DEMO_START + start * _MINUTE,
                None if end is None else DEMO_START + end * _MINUTE,
            )
        )  # fmt: skip
    start = draw(st.integers(0, 30))
    return offices, start, draw(st.one_of(st.none(), st.integers(start + 1, 41)))


@given(_terms())
def test_held_at_once_is_the_most_held_at_any_minute_of_the_term(
    terms: tuple[list[Office], int, int | None],
) -> None:
    """The offices held together at the busiest moment of a term, against a count minute by minute."""
    offices, start, until = terms
    last = 41 if until is None else until
    brute = max(
        (sum(o.in_force(DEMO_START + m * _MINUTE) for o in offices) for m in range(start, last)), default=0
    )
    held = held_at_once(
        offices, DEMO_START + start * _MINUTE, None if until is None else DEMO_START + until * _MINUTE
    )
    assert len(held) == brute
    if held:  # and they are held together at a moment of the term
        at = max(DEMO_START + start * _MINUTE, *(o.start for o in held))
        assert at < DEMO_START + last * _MINUTE
        assert all(o.in_force(at) for o in held)
