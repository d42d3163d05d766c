"""Property tests of the model: community containment, authorisation, calendars, workflows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from cogov import (
    CANONICAL_WORKFLOW,
    Appointment,
    Community,
    Person,
    State,
    Transition,
    Unit,
    Workflow,
    WorkingCalendar,
)
from cogov.engine.authority import Authority
from cogov.errors import DefinitionError, NotAuthorisedError, UnknownKeyError
from cogov.model.canonical import BASIC_ROLE_SET
from cogov.model.fields import shared_zone
from cogov.testing import (
    EPOCH,
    appointments,
    calendars,
    codes,
    communities,
    keys,
    labels,
    levels,
    people,
    units,
    workflows,
)

small_communities = communities(max_units=14, max_people=8)


# -- values -----------------------------------------------------------------------------------
@given(keys(), codes(), labels())
def test_generated_scalars_are_accepted_by_the_model(key: str, code: str, label: str) -> None:
    """keys(), codes() and labels() only draw values the model's validators accept."""
    unit = Unit(code, key, label, label)
    assert (unit.code, unit.level, unit.name_zh) == (code, key, label)


@given(units(), people())
def test_value_strategies_build_values_a_community_accepts(unit: Unit, person: Person) -> None:
    """A drawn root unit and a drawn person without a household can be added and read back."""
    community = Community()
    root = attrs.evolve(unit, level="county", parent=None)
    community.add_unit(root)
    community.add_person(person)
    assert community.unit(root.code) == root
    assert community.person(person.id) == person
    assert community.members(root.code) == ()


@given(levels(min_size=2))
def test_any_level_sequence_makes_a_community(lvls: tuple) -> None:  # type: ignore[type-arg]
    """A community can be declared over any sequence of uniquely keyed levels."""
    community = Community(lvls)
    assert [community.level_depth(lv.key) for lv in lvls] == list(range(len(lvls)))


# -- community containment --------------------------------------------------------------------
@given(small_communities)
def test_lineage_is_the_unit_and_its_ancestors(community: Community) -> None:
    """lineage(u) is u plus its ancestors, and ancestors(child) = ancestors(parent) + parent."""
    for unit in community.units:
        assert community.lineage(unit.code) == {unit.code, *community.ancestors(unit.code)}
        if unit.parent is None:
            assert community.ancestors(unit.code) == ()
            assert community.root == unit.code
        else:
            assert community.ancestors(unit.code) == (*community.ancestors(unit.parent), unit.parent)


@given(small_communities)
def test_within_is_reflexive_antisymmetric_and_transitive(community: Community) -> None:
    """within() is a partial order whose top is the root."""
    codes_ = [u.code for u in community.units]
    assert community.root is not None
    for a in codes_:
        assert community.within(a, a)
        assert community.within(a, community.root)
        for b in codes_:
            if a != b and community.within(a, b):
                assert not community.within(b, a)
                for c in codes_:
                    if community.within(b, c):
                        assert community.within(a, c)


@given(small_communities)
def test_children_are_deeper_and_point_back_to_their_parent(community: Community) -> None:
    """Every child sits at a deeper level than its parent and names it as parent."""
    for unit in community.units:
        for child in community.children(unit.code):
            assert community.unit(child).parent == unit.code
            assert community.level_depth(community.unit(child).level) > community.level_depth(unit.level)


@given(small_communities)
def test_members_are_the_people_whose_household_lies_within(community: Community) -> None:
    """members(u) holds exactly the people whose household is within u."""
    for unit in community.units:
        expected = {
            p.id for p in community.people if p.household and community.within(p.household, unit.code)
        }
        assert {p.id for p in community.members(unit.code)} == expected


@given(small_communities)
def test_ancestor_at_finds_the_containing_unit_at_that_level(community: Community) -> None:
    """ancestor_at(u, level) is in u's lineage and at that level, or None when none is."""
    for unit in community.units:
        for level in community.levels:
            found = community.ancestor_at(unit.code, level.key)
            at_level = {c for c in community.lineage(unit.code) if community.unit(c).level == level.key}
            assert found == (next(iter(at_level)) if at_level else None)


# -- authorisation -------------------------------------------------------------------------------
@given(small_communities, st.data())
def test_authorise_agrees_with_a_brute_force_reading_of_the_appointments(
    community: Community, data: st.DataObject
) -> None:
    """may(p, duty, unit, t) holds iff some appointment of p grants duty, covers unit, is active at t."""
    made = data.draw(appointments(community, BASIC_ROLE_SET, min_per_role=1))
    authority = Authority(community, BASIC_ROLE_SET)
    for appointment in made:
        authority.appoint(appointment)
    at = EPOCH + timedelta(minutes=data.draw(st.integers(-60, 60)))
    person = data.draw(st.sampled_from([p.id for p in community.people]))
    duty = data.draw(st.sampled_from(sorted(CANONICAL_WORKFLOW.duties)))
    unit = data.draw(st.sampled_from([u.code for u in community.units]))
    expected = any(
        a.person == person
        and duty in BASIC_ROLE_SET[a.role].duties
        and community.within(unit, a.unit)
        and a.active_at(at)
        for a in made
    )
    decision = authority.may(person, duty, unit, at)
    assert decision.allowed == expected
    if expected:
        assert decision.appointment is not None
        assert decision.appointment.person == person
    else:
        assert person in decision.reason
        assert repr(duty) in decision.reason
        with pytest.raises(NotAuthorisedError):
            authority.authorise(person, duty, unit, at)


@given(small_communities, st.data())
def test_an_appointment_covers_its_whole_subtree(community: Community, data: st.DataObject) -> None:
    """A holder at unit U may act on every unit within U (and outside it only through another appointment)."""
    made = data.draw(appointments(community, BASIC_ROLE_SET, min_per_role=1))
    assume(made)
    authority = Authority(community, BASIC_ROLE_SET)
    for appointment in made:
        authority.appoint(appointment)
    chosen = data.draw(st.sampled_from(made))
    duty = sorted(BASIC_ROLE_SET[chosen.role].duties)[0]
    for unit in community.units:
        decision = authority.may(chosen.person, duty, unit.code, EPOCH)
        if community.within(unit.code, chosen.unit):
            assert decision.allowed
        elif decision.allowed:
            assert decision.appointment is not None
            assert community.within(unit.code, decision.appointment.unit)


@given(small_communities, st.data())
def test_ending_an_appointment_stops_authority_from_that_moment(
    community: Community, data: st.DataObject
) -> None:
    """After end(a, t) the holder keeps the duty before t and loses it (by that appointment) from t."""
    made = data.draw(appointments(community, BASIC_ROLE_SET, min_per_role=1, max_per_role=1))
    assume(made)
    authority = Authority(community, BASIC_ROLE_SET)
    for appointment in made:
        authority.appoint(appointment)
    chosen = data.draw(st.sampled_from(made))
    others = [a for a in made if a.person == chosen.person and a.id != chosen.id]
    assume(not others)
    end = EPOCH + timedelta(days=data.draw(st.integers(1, 30)))
    authority.end(chosen.id, end)
    duty = sorted(BASIC_ROLE_SET[chosen.role].duties)[0]
    assert authority.may(chosen.person, duty, chosen.unit, end - timedelta(seconds=1))
    assert not authority.may(chosen.person, duty, chosen.unit, end)


# -- calendars -------------------------------------------------------------------------------------
days = st.dates(date(2022, 1, 1), date(2022, 12, 31))


@given(calendars(), days, st.integers(0, 40))
def test_adding_working_days_lands_on_a_working_day_that_many_days_on(
    calendar: WorkingCalendar, start: date, n: int
) -> None:
    """add_working_days(d, n) is a working day (n > 0) exactly n working days after d."""
    end = calendar.add_working_days(start, n)
    assert end >= start
    assert calendar.working_days_between(start, end) == n
    if n:
        assert calendar.is_working_day(end)


@given(calendars(), days, days)
def test_working_days_between_is_antisymmetric_and_bounded(
    calendar: WorkingCalendar, a: date, b: date
) -> None:
    """Counting backwards negates the count, and it never exceeds the calendar days."""
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)
    assert abs(calendar.working_days_between(a, b)) <= abs((b - a).days)


@given(days)
def test_extra_workdays_override_weekends_and_holidays_win_over_weekdays(day: date) -> None:
    """An extra working day is worked even at a weekend; a holiday is not worked on a weekday."""
    calendar = WorkingCalendar(holidays={day}, extra_workdays=set())
    assert not calendar.is_working_day(day)
    overridden = WorkingCalendar(holidays={day}, extra_workdays={day})
    assert overridden.is_working_day(day)


# -- workflows -------------------------------------------------------------------------------------
@given(workflows())
def test_a_workflow_has_one_move_per_source_and_action(workflow: Workflow) -> None:
    """move(source, action) returns the one transition declaring that pair, with its target."""
    for tr in workflow.transitions:
        for source in tr.sources or {None}:
            assert workflow.move(source, tr.action) == tr
            assert tr.action in workflow.allowed_actions(source)
    assert workflow.reachable_states() <= {s.key for s in workflow.states}
    assert workflow.unreachable_states() == {s.key for s in workflow.states} - workflow.reachable_states()


@given(workflows(), keys(), labels())
def test_extending_keeps_every_existing_move(workflow: Workflow, new_state: str, label: str) -> None:
    """extended() adds states and transitions and keeps every move the workflow had."""
    assume(new_state not in {s.key for s in workflow.states})
    first = workflow.states[0].key
    assume(workflow.move(first, "go_new") is None)
    bigger = workflow.extended(
        states=[State(new_state, label, label, workflow.states[0].category)],
        transitions=[Transition("go_new", [first], new_state, label, label)],
    )
    for tr in workflow.transitions:
        for source in tr.sources or {None}:
            assert bigger.move(source, tr.action) == tr
    assert bigger.move(first, "go_new") is not None
    assert new_state in bigger.reachable_states() or first not in workflow.reachable_states()


@given(workflows(), keys())
def test_a_transition_to_an_undeclared_state_is_a_definition_error(workflow: Workflow, ghost: str) -> None:
    """Extending with a transition that names an unknown state is refused, naming the state."""
    assume(ghost not in {s.key for s in workflow.states})
    with pytest.raises(DefinitionError, match=ghost):
        workflow.extended(transitions=[Transition("go_ghost", [workflow.states[0].key], ghost, "去", "go")])


@given(workflows())
def test_declaring_a_source_and_action_twice_is_a_definition_error(workflow: Workflow) -> None:
    """Two transitions for the same (source, action) are refused: an action leads to one state."""
    tr = workflow.transitions[0]
    clash = Transition(tr.action, tr.sources, tr.target, "重复", "again")
    with pytest.raises(DefinitionError, match=tr.action):
        workflow.extended(transitions=[clash])


def test_the_canonical_workflow_reaches_every_state_from_intake() -> None:
    """Every state of the canonical workflow can be reached from collection."""
    assert CANONICAL_WORKFLOW.unreachable_states() == frozenset()
    assert CANONICAL_WORKFLOW.terminal_states() == {"rejected", "withdrawn", "duplicate", "referred_out"}


def test_appointment_times_are_compared_as_instants_across_time_zones() -> None:
    """An appointment starting 09:00 China time is active at 01:00 UTC that day, not a second before."""
    community = Community()
    community.extend(
        units=[
            Unit("C", "county", "县", "county"),
            Unit("T", "town", "镇", "town", "C"),
            Unit("X", "community", "社区", "community", "T"),
        ],
        people=[],
    )
    community.add_person(Person("p", "干部"))
    authority = Authority(community, BASIC_ROLE_SET)
    authority.appoint(Appointment("a", "p", "community_cadre", "X", EPOCH))
    utc_start = datetime(2022, 3, 1, 1, 0, tzinfo=UTC)
    assert authority.may("p", "register", "X", utc_start)
    assert not authority.may("p", "register", "X", utc_start - timedelta(seconds=1))


def test_ancestor_at_an_unknown_level_is_an_error() -> None:
    """A misspelt level raises UnknownKeyError with a suggestion instead of answering None."""
    community = Community()
    community.add_unit(Unit("420325", "county", "房县", "Fang county"))
    with pytest.raises(UnknownKeyError, match=r"unknown level 'gird'.*did you mean 'grid'"):
        community.ancestor_at("420325", "gird")


@example(moment=datetime.max - timedelta(hours=1), minutes=-600, fold=0)
@example(moment=datetime.min, minutes=600, fold=1)
@given(
    moment=st.datetimes(max_value=datetime.max - timedelta(hours=1)),
    minutes=st.integers(-23 * 60 - 59, 23 * 60 + 59),
    fold=st.sampled_from([0, 1]),
)
def test_shared_zone_keeps_every_field_and_shares_one_zone_per_offset(
    moment: datetime, minutes: int, fold: int
) -> None:
    """A datetime given the zone cogov shares for its offset is the same value, written the
    same way, and two values of one offset end with the very same tzinfo object (at the very
    ends of datetime's range too, where the years are refused later as unsupported)."""
    offset = timedelta(minutes=minutes)
    first = moment.replace(tzinfo=timezone(offset), fold=fold)
    second = (moment + timedelta(hours=1)).replace(tzinfo=timezone(offset))
    a, b = shared_zone(first), shared_zone(second)
    assert a == first
    assert a.isoformat() == first.isoformat()
    assert a.replace(tzinfo=None, fold=0) == first.replace(tzinfo=None, fold=0)
    assert a.utcoffset() == offset
    assert a.tzinfo is b.tzinfo
    assert shared_zone(moment) is moment
