"""Bad input: each mistake gets its own error class and a message naming the value and the fix.

Every refused event is also checked to leave the ledger exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from cogov import Appointment, CogovError, Community, Ledger, Person, RoleSpec, Unit
from cogov.errors import (
    DefinitionError,
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
    OutOfOrderError,
    TamperedHistoryError,
    UnknownKeyError,
)
from cogov.events import (
    ActivityHeld,
    Appointed,
    AppointmentEnded,
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
    MarkedDuplicate,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    VerificationVisited,
)
from cogov.model.canonical import BASIC_ROLE_SET
from cogov.model.structure import DEFAULT_LEVELS
from cogov.testing import EPOCH


def at(days: float, hours: float = 0) -> datetime:
    return EPOCH + timedelta(days=days, hours=hours)


def refuse(ledger: Ledger, event: Event, error: type[CogovError], *fragments: str) -> CogovError:
    """Apply ``event``, expect ``error`` whose message holds every fragment, and nothing changed."""
    before = (ledger.snapshot(), len(ledger), ledger.head)
    with pytest.raises(error) as caught:
        ledger.apply(event)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from: {message}"
    assert (ledger.snapshot(), len(ledger), ledger.head) == before
    return caught.value


def collect(**changes: object) -> IssueCollected:
    fields: dict[str, object] = {
        "at": at(2),
        "actor": "p-grid1",
        "issue": "I-2",
        "kind": "reasonable_demand",
        "unit": "H0201",
        "channel": "household_meeting",
        "summary": "路灯坏了 broken street lamp",
    }
    fields.update(changes)
    return IssueCollected(**fields)  # type: ignore[arg-type]


# -- unknown references ----------------------------------------------------------------------------
def test_unknown_unit_code_names_the_code_suggests_a_close_one_and_says_how_to_fix(
    registered: Ledger,
) -> None:
    """An intake at a unit code that is not in the structure is an UnknownKeyError with a suggestion."""
    refuse(
        registered,
        collect(unit="H0102"),
        UnknownKeyError,
        "'H0102'",
        "did you mean",
        "Community.add_unit",
    )


def test_unknown_issue_kind_lists_the_known_kinds(registered: Ledger) -> None:
    """An issue kind the charter does not declare is refused with the known kinds listed."""
    refuse(registered, collect(kind="noise"), UnknownKeyError, "'noise'", "dispute", "policy_question")


def test_unknown_channel_lists_the_known_channels(registered: Ledger) -> None:
    """An intake channel the charter does not declare is refused with the known channels listed."""
    refuse(registered, collect(channel="wechat"), UnknownKeyError, "'wechat'", "household_meeting")


def test_unknown_reporter_is_named(registered: Ledger) -> None:
    """A reporter who is not a person of the community is refused, naming the id."""
    refuse(registered, collect(reporter="p-nobody"), UnknownKeyError, "'p-nobody'", "Community.add_person")


def test_unknown_issue_says_to_collect_it_first(registered: Ledger) -> None:
    """A step on an issue never collected names the issue and says it must be collected first."""
    refuse(
        registered,
        IssueRegistered(at=at(3), actor="p-grid1", issue="I-404"),
        UnknownKeyError,
        "'I-404'",
        "IssueCollected",
    )


def test_unknown_role_in_an_appointment_lists_the_roles(registered: Ledger) -> None:
    """Appointing to a role the role set lacks is refused with a suggestion and the known roles."""
    event = Appointed(
        at=at(3),
        actor="p-sec",
        appointment="a-new",
        person="p-chen",
        role="grid_haed",
        unit=f"{registered.community.root}",
    )
    error = refuse(
        registered, event, UnknownKeyError, "'grid_haed'", "did you mean 'grid_head'", "known roles"
    )
    assert isinstance(error, KeyError)


def test_unknown_level_of_a_unit_lists_the_levels() -> None:
    """Adding a unit at an undeclared level names the level and lists the declared ones."""
    community = Community()
    with pytest.raises(UnknownKeyError, match=r"'grdi'.*did you mean 'grid'.*levels are"):
        community.add_unit(Unit("G", "grdi", "网格", "grid"))
    assert len(community) == 0


def test_unknown_satisfaction_answer_lists_the_scale(registered: Ledger) -> None:
    """A follow-up with an answer outside the satisfaction scale lists the scale's answers."""
    registered.apply(IssueResolved(at=at(2), actor="p-grid1", issue="I-1", outcome="已处理 handled"))
    registered.apply(CompletionConfirmed(at=at(2, 1), actor="p-cadre", issue="I-1"))
    refuse(
        registered,
        FollowUpVisited(at=at(3), actor="p-grid1", issue="I-1", satisfaction="very_happy"),
        UnknownKeyError,
        "'very_happy'",
        "basically_satisfied",
    )


def test_unknown_meeting_says_to_record_it_first(registered: Ledger) -> None:
    """Escalating to a meeting never recorded names it and says to record the MeetingHeld first."""
    refuse(
        registered,
        IssueEscalated(at=at(2), actor="p-sec", issue="I-1", meeting="W-99"),
        UnknownKeyError,
        "'W-99'",
        "MeetingHeld",
    )


# -- illegal transitions ---------------------------------------------------------------------------
def test_illegal_transition_names_the_state_and_the_allowed_actions(registered: Ledger) -> None:
    """Closing a registered issue names its bilingual state and lists what is allowed from there."""
    error = refuse(
        registered,
        IssueClosed(at=at(2), actor="p-grid1", issue="I-1"),
        IllegalTransitionError,
        "'I-1'",
        "registered (已登记)",
        "'close' is not allowed",
        "Allowed: ",
        "escalate",
    )
    assert isinstance(error, ValueError)


def test_an_action_the_workflow_lacks_lists_the_actions(registered: Ledger) -> None:
    """A plugin action missing from the workflow is refused with the workflow's actions listed."""
    refuse(
        registered,
        IssueActionTaken(at=at(2), actor="p-grid1", issue="I-1", action="teleport"),
        IllegalTransitionError,
        "'teleport'",
        "has no action",
        "escalate",
    )


def test_a_step_from_a_final_state_says_the_state_is_final(registered: Ledger) -> None:
    """After a rejection nothing more is allowed, and the message says the state is final."""
    registered.apply(
        IssueRejected(at=at(2), actor="p-cadre", issue="I-1", reason="不属于社区 not a community matter")
    )
    refuse(
        registered,
        IssueRegistered(at=at(3), actor="p-grid1", issue="I-1"),
        IllegalTransitionError,
        "rejected (不予受理)",
        "final",
    )


def test_a_guard_refusal_names_the_guard_and_the_reason(registered: Ledger) -> None:
    """Mediation of a kind that is not mediable is refused by the mediable_kind guard, saying why."""
    registered.apply(collect())
    registered.apply(IssueRegistered(at=at(2, 1), actor="p-grid1", issue="I-2"))
    refuse(
        registered,
        MediationStarted(at=at(3), actor="p-med", issue="I-2", mediator="p-med"),
        IllegalTransitionError,
        "guard 'mediable_kind'",
        "reasonable demand (合理诉求)",
        "not mediable",
    )


def test_duplicate_of_itself_is_refused_by_the_guard(registered: Ledger) -> None:
    """An issue cannot be marked a duplicate of itself."""
    refuse(
        registered,
        MarkedDuplicate(at=at(2), actor="p-cadre", issue="I-1", duplicate_of="I-1"),
        IllegalTransitionError,
        "duplicate of itself",
    )


# -- authorisation -----------------------------------------------------------------------------------
def test_actor_without_the_duty_is_told_which_roles_grant_it(registered: Ledger) -> None:
    """A grid head may not escalate; the message names person, duty, unit and the roles that may."""
    error = refuse(
        registered,
        IssueEscalated(at=at(2), actor="p-grid1", issue="I-1"),
        NotAuthorisedError,
        "李网格长 (p-grid1)",
        "'escalate'",
        "'H0101'",
        "community party secretary (社区书记)",
    )
    assert isinstance(error, PermissionError)


def test_actor_outside_the_unit_is_told_their_appointment_does_not_cover_it(registered: Ledger) -> None:
    """Grid head 2 may verify, but not in grid 1: the message says their grid does not cover the unit."""
    refuse(
        registered,
        VerificationVisited(at=at(2), actor="p-grid2", issue="I-1", findings="看过 seen"),
        NotAuthorisedError,
        "p-grid2",
        "'420325100001-G02' does not cover 'H0101'",
        "appoint",
    )


def test_actor_with_no_role_at_all_is_told_so(registered: Ledger) -> None:
    """A resident with no appointment may not register; the message says they hold no role."""
    refuse(
        registered,
        collect(actor="p-chen"),
        NotAuthorisedError,
        "陈女士 (p-chen)",
        "holds no role with that duty",
    )


def test_actor_whose_appointment_ended_is_told_when_it_ended(registered: Ledger) -> None:
    """After grid head 1's appointment ends, their steps are refused, naming the end time."""
    registered.apply(AppointmentEnded(at=at(2), actor="p-sec", appointment="a-grid1"))
    refuse(
        registered,
        VerificationVisited(at=at(3), actor="p-grid1", issue="I-1", findings="看过 seen"),
        NotAuthorisedError,
        "ended",
        at(2).isoformat(),
    )


def test_unknown_actor_is_named(registered: Ledger) -> None:
    """An actor id that is not a person of the community is refused, naming the id."""
    refuse(registered, collect(actor="p-ghost"), UnknownKeyError, "'p-ghost'")


def test_ineligible_appointments_say_what_is_missing(ledger: Ledger) -> None:
    """Wrong level, missing attribute and too many holders are each an EligibilityError saying why."""
    refuse(
        ledger,
        Appointed(
            at=at(1), actor="p-sec", appointment="a-x", person="p-chen", role="grid_head", unit="H0201"
        ),
        EligibilityError,
        "held at 'grid' level",
        "'H0201' is a 'household'",
    )
    refuse(
        ledger,
        Appointed(
            at=at(1),
            actor="p-sec",
            appointment="a-y",
            person="p-chen",
            role="community_secretary",
            unit="420325100001",
        ),
        EligibilityError,
        "requires ['party_member']",
    )
    refuse(
        ledger,
        Appointed(
            at=at(1),
            actor="p-sec",
            appointment="a-z",
            person="p-chen",
            role="grid_head",
            unit="420325100001-G01",
        ),
        EligibilityError,
        "allows 1 holder(s)",
        "p-grid1 (a-grid1)",
        "end an appointment first",
    )


# -- order of time -------------------------------------------------------------------------------------
def test_event_before_the_issues_previous_event_names_both_times(registered: Ledger) -> None:
    """A step timestamped before the issue's last event is an OutOfOrderError naming both times."""
    earlier = at(1, 0.5)
    refuse(
        registered,
        IssueEscalated(at=earlier, actor="p-sec", issue="I-1"),
        OutOfOrderError,
        earlier.isoformat(),
        at(1, 1).isoformat(),
        "time order",
    )


def test_intake_before_its_meeting_began_is_out_of_order(ledger: Ledger) -> None:
    """An issue cannot be collected at a household meeting before the meeting began."""
    ledger.apply(
        MeetingHeld(
            at=at(5), actor="p-grid1", meeting="M-1", kind="household_meeting", unit="420325100001-G01"
        )
    )
    refuse(ledger, collect(at=at(4), meeting="M-1"), OutOfOrderError, "'M-1'", "before meeting")


def test_plan_deadline_before_the_plan_is_invalid(registered: Ledger) -> None:
    """A plan whose deadline is not after the moment it is made is refused, naming both times."""
    refuse(
        registered,
        PlanMade(
            at=at(2), actor="p-sec", issue="I-1", responsible="p-grid1", matter="修 fix", deadline=at(1)
        ),
        InvalidFieldError,
        "deadline",
        at(1).isoformat(),
    )


# -- duplicates --------------------------------------------------------------------------------------
def test_reused_issue_id_is_a_duplicate_error(registered: Ledger) -> None:
    """Collecting a second issue under an existing id is refused and says to pick a new id."""
    refuse(registered, collect(issue="I-1"), DuplicateError, "'I-1'", "already used", "id of its own")


def test_reused_meeting_id_is_a_duplicate_error(ledger: Ledger) -> None:
    """Recording two meetings under one id is refused."""
    meeting = MeetingHeld(
        at=at(1), actor="p-grid1", meeting="M-1", kind="household_meeting", unit="420325100001-G01"
    )
    ledger.apply(meeting)
    refuse(ledger, meeting, DuplicateError, "'M-1'", "already used")


def test_reused_unit_code_is_a_duplicate_error() -> None:
    """Adding a unit whose code is taken names the unit that holds it."""
    community = Community()
    community.add_unit(Unit("C", "county", "县", "the county"))
    with pytest.raises(DuplicateError, match=r"'C' is already used by 'the county'"):
        community.add_unit(Unit("C", "county", "县", "another"))


# -- malformed fields --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (
            lambda: IssueRegistered(at=datetime(2022, 3, 1, 9), actor="p-grid1", issue="I-1"),
            ["IssueRegistered.at", "timezone-aware", "tzinfo="],
        ),
        (
            lambda: IssueRegistered(at=at(1), actor="", issue="I-1"),
            ["IssueRegistered.actor", "''", "1-64 letters"],
        ),
        (lambda: IssueRegistered(at=at(1), actor="p 1", issue="I-1"), ["'p 1'", "not a valid code"]),
        (
            lambda: IssueRegistered(at=at(1), actor="p-1", issue="I-1", note=42),
            ["IssueRegistered.note", "42"],
        ),  # type: ignore[arg-type]
        (lambda: collect(kind="Noise Complaint"), ["IssueCollected.kind", "'Noise Complaint'", "lower-case"]),
        (lambda: collect(summary="   "), ["IssueCollected.summary", "non-empty label"]),
        (
            lambda: ActivityHeld(
                at=at(1), actor="p-1", activity="A1", kind="patrol", unit="X", participants=("p-1",), hours=-2
            ),
            ["ActivityHeld.hours", "-2", ">= 0"],
        ),
        (
            lambda: ActivityHeld(
                at=at(1), actor="p-1", activity="A1", kind="patrol", unit="X", participants="p-1"
            ),
            ["single string", "'p-1'", "wrap it in a list"],
        ),
        (
            lambda: Appointment("a", "p", "grid_head", "G", at(2), end=at(1)),
            ["appointment 'a'", "must be after start"],
        ),
        (lambda: RoleSpec("r", "角色", "role", level="grid", max_holders=0), ["max_holders", "0"]),
        (lambda: Person("p-1", "名字", attributes="cadre"), ["single string", "'cadre'"]),
    ],
)
def test_malformed_fields_are_invalid_field_errors_naming_the_field(
    build: Callable[[], object], fragments: list[str]
) -> None:
    """A malformed field fails at construction with InvalidFieldError naming the field and value."""
    with pytest.raises(InvalidFieldError) as caught:
        build()
    for fragment in fragments:
        assert fragment in str(caught.value), f"{fragment!r} missing from: {caught.value}"
    assert isinstance(caught.value, ValueError)


def test_a_non_event_is_refused_with_what_to_use_instead(ledger: Ledger) -> None:
    """Applying something that is not a cogov event says to use one of EVENT_TYPES."""
    before = (ledger.snapshot(), len(ledger))
    with pytest.raises(InvalidFieldError, match="EVENT_TYPES"):
        ledger.apply("collect an issue")  # type: ignore[arg-type]
    assert (ledger.snapshot(), len(ledger)) == before


def test_an_event_with_a_field_bypassing_validation_is_refused_before_anything_changes(
    registered: Ledger,
) -> None:
    """An event whose field was forced past its validator is refused whole: the fold never runs."""
    event = IssueEscalated(at=at(2), actor="p-sec", issue="I-1")
    object.__setattr__(event, "actor", 12345)
    refuse(registered, event, InvalidFieldError, "hash chain")
    assert registered.issue("I-1").state == "registered"


def test_inconsistent_definitions_are_definition_errors() -> None:
    """A role held at a level the charter lacks is a DefinitionError naming role, level and fix."""
    roles = BASIC_ROLE_SET.merged("x", [RoleSpec("ward_head", "片长", "ward head", level="ward")])
    with pytest.raises(DefinitionError, match=r"'ward_head' is held at level 'ward'.*declare that level"):
        roles.check_levels([level.key for level in DEFAULT_LEVELS])


# -- tampering and unfoldable streams ----------------------------------------------------------------
def test_tampered_history_names_the_first_changed_event(registered: Ledger) -> None:
    """verify() raises TamperedHistoryError carrying the index of the first event that changed."""
    events = list(registered.events)
    hashes = registered.hash_of(0) + registered.hash_of(1)
    events[1] = IssueRegistered(at=at(1, 1), actor="p-grid1", issue="I-1", note="edited later")
    copy = Ledger.replay(
        registered.charter,
        registered.community,
        events,
        appointments=registered.authority,
        validate=False,
        hashes=hashes,
    )
    with pytest.raises(TamperedHistoryError, match=r"event #1 \(issue_registered\)") as caught:
        copy.verify()
    assert caught.value.index == 1


def test_trusted_replay_of_a_reordered_stream_names_the_event_that_does_not_follow(
    registered: Ledger,
) -> None:
    """A trusted replay of events in an impossible order fails with the position, not AttributeError."""
    events = list(reversed(registered.events))
    with pytest.raises(
        TamperedHistoryError, match=r"event #0 .*'register' on issue 'I-1'.*validate=True"
    ) as caught:
        Ledger.replay(
            registered.charter,
            registered.community,
            events,
            appointments=registered.authority,
            validate=False,
        )
    assert caught.value.index == 0


def test_refused_batches_say_where_they_failed(registered: Ledger) -> None:
    """apply_all's error carries a note with the failing position and that the batch was rolled back."""
    batch = [
        IssueEscalated(at=at(2), actor="p-sec", issue="I-1"),
        IssueClosed(at=at(3), actor="p-grid1", issue="I-1"),
    ]
    before = (registered.snapshot(), len(registered), registered.head)
    with pytest.raises(IllegalTransitionError) as caught:
        registered.apply_all(batch)
    assert caught.value.__notes__ == ["refused at position 1 of the batch; the whole batch was rolled back"]
    assert (registered.snapshot(), len(registered), registered.head) == before
    assert registered.issue("I-1").state == "registered"


def test_a_check_made_by_an_observer_inside_a_batch_does_not_break_its_rollback(registered: Ledger) -> None:
    """An observer may call check() while apply_all runs; a later refusal still rolls the whole batch back."""
    seen: list[int] = []

    def observer(seq: int, event: object) -> None:
        seen.append(seq)
        with pytest.raises(IllegalTransitionError):
            registered.check(IssueClosed(at=at(9), actor="p-grid1", issue="I-1"))

    registered.subscribe(observer)
    before = (registered.snapshot(), len(registered), registered.head)
    with pytest.raises(IllegalTransitionError):
        registered.apply_all(
            [
                IssueEscalated(at=at(2), actor="p-sec", issue="I-1"),
                VerificationVisited(at=at(3), actor="p-grid1", issue="I-1", findings="属实 confirmed"),
                IssueClosed(at=at(4), actor="p-grid1", issue="I-1"),
            ]
        )
    assert seen == [2, 3]
    assert (registered.snapshot(), len(registered), registered.head) == before
    assert registered.issue("I-1").path == ["collected", "registered"]


# -- one hierarchy --------------------------------------------------------------------------------
def _cogov_modules() -> list[str]:
    import importlib  # noqa: PLC0415
    import pkgutil  # noqa: PLC0415

    import cogov  # noqa: PLC0415

    names = [cogov.__name__]
    for info in pkgutil.walk_packages(cogov.__path__, prefix="cogov."):
        if info.name.endswith(("__main__", "pytest_plugin")):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    return names


def test_every_error_class_is_defined_in_cogov_errors_and_exported() -> None:
    """Every CogovError subclass lives in cogov.errors and is exported there; the top level has the base."""
    import sys  # noqa: PLC0415

    import cogov  # noqa: PLC0415
    from cogov import errors  # noqa: PLC0415

    defined: set[type] = set()
    for name in _cogov_modules():
        for value in vars(sys.modules[name]).values():
            if isinstance(value, type) and issubclass(value, CogovError):
                defined.add(value)
    misplaced = sorted(f"{c.__module__}.{c.__qualname__}" for c in defined if c.__module__ != errors.__name__)
    assert misplaced == []
    classes = [name for name in errors.__all__ if isinstance(getattr(errors, name), type)]
    assert sorted(c.__name__ for c in defined) == sorted(classes)
    assert cogov.CogovError is errors.CogovError
    assert [name for name in cogov.__all__ if name in classes] == ["CogovError"]


def test_plugin_and_scenario_errors_join_the_hierarchy() -> None:
    """PluginError and ScenarioError are CogovErrors, importable from where they were too."""
    from cogov import plugins, simulation  # noqa: PLC0415
    from cogov.errors import PluginError, ScenarioError  # noqa: PLC0415

    assert issubclass(PluginError, CogovError)
    assert issubclass(PluginError, ValueError)
    assert issubclass(ScenarioError, CogovError)
    assert issubclass(ScenarioError, ValueError)
    assert plugins.PluginError is PluginError
    assert simulation.ScenarioError is ScenarioError
    error = PluginError("plugin 'x' failed", plugin="x", hook="cogov_register_rules")
    assert (error.plugin, error.hook) == ("x", "cogov_register_rules")
