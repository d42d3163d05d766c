"""Events built without their field validators: equal to the validated ones, and well-formed.

The simulation builds its events with :func:`cogov.simulation.well_formed.maker`, which skips
the attrs validators.  These tests hold the two halves of why that is safe: a made event is
the event the constructor would build (same fields, converters applied, same hash), and
every field of every event a simulation records passes its validator when re-checked.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.engine.chain import chain_hash
from cogov.errors import InvalidFieldError
from cogov.model.events import (
    ActivityHeld,
    CompletionConfirmed,
    Event,
    IssueCollected,
    IssueRegistered,
    MeetingHeld,
    PlanMade,
)
from cogov.simulation import BUILTIN_POLICIES, builtin_scenarios, simulate_year
from cogov.simulation.county import county_scenario
from cogov.simulation.scenario import Duration
from cogov.simulation.well_formed import maker

from .strategies import SMALL, scenarios

AT = datetime(2022, 5, 1, 9, tzinfo=timezone(timedelta(hours=8)))


def _same(made: Event, built: Event) -> None:
    assert type(made) is type(built)
    assert made == built
    assert attrs.asdict(made) == attrs.asdict(built)
    assert chain_hash(b"\0" * 16, made) == chain_hash(b"\0" * 16, built)


def test_made_events_equal_constructed_ones() -> None:
    """Worked examples: every field, defaults filled, converters applied (list to tuple, int to float)."""
    collected = maker(
        IssueCollected, "at", "actor", "issue", "kind", "unit", "channel", "summary", "reporter", "meeting"
    )
    _same(
        collected(AT, "p-1", "S000001", "dispute", "u-1", "meeting", "simulated dispute", None, "HM-00001"),
        IssueCollected(
            at=AT,
            actor="p-1",
            issue="S000001",
            kind="dispute",
            unit="u-1",
            channel="meeting",
            summary="simulated dispute",
            meeting="HM-00001",
        ),
    )
    # the note left out takes its default
    _same(
        maker(IssueRegistered, "at", "actor", "issue")(AT, "p-1", "S1"),
        IssueRegistered(at=AT, actor="p-1", issue="S1"),
    )
    _same(
        maker(CompletionConfirmed, "issue", "actor", "at")("S1", "p-2", AT),
        CompletionConfirmed(at=AT, actor="p-2", issue="S1"),
    )
    activity = maker(ActivityHeld, "at", "actor", "activity", "kind", "unit", "participants", "hours")
    made = activity(AT, "p-1", "AC-00001", "patrol", "u-1", ["p-2", "p-3"], 2)
    _same(
        made,
        ActivityHeld(
            at=AT,
            actor="p-1",
            activity="AC-00001",
            kind="patrol",
            unit="u-1",
            participants=["p-2", "p-3"],
            hours=2,
        ),
    )
    assert made.participants == ("p-2", "p-3")
    assert type(made.hours) is float
    _same(
        maker(MeetingHeld, "at", "actor", "meeting", "kind", "unit")(AT, "p-1", "WM-1", "weekly", "u-1"),
        MeetingHeld(at=AT, actor="p-1", meeting="WM-1", kind="weekly", unit="u-1"),
    )
    plan = maker(PlanMade, "at", "actor", "issue", "responsible", "matter", "deadline")
    _same(
        plan(AT, "p-1", "S1", "p-2", "mediate", AT + timedelta(days=30)),
        PlanMade(
            at=AT,
            actor="p-1",
            issue="S1",
            responsible="p-2",
            matter="mediate",
            deadline=AT + timedelta(days=30),
        ),
    )


def test_made_events_stay_frozen() -> None:
    made = maker(IssueRegistered, "at", "actor", "issue")(AT, "p-1", "S1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.issue = "S2"  # type: ignore[misc]


def test_maker_skips_validators_the_constructor_runs() -> None:
    """What the maker saves: the constructor refuses an ill-formed id, the maker does not look."""
    with pytest.raises(InvalidFieldError):
        IssueRegistered(at=AT, actor="p-1", issue="not an id!")
    made = maker(IssueRegistered, "at", "actor", "issue")(AT, "p-1", "not an id!")
    with pytest.raises(InvalidFieldError, match="issue"):
        attrs.validate(made)


def test_maker_refuses_what_it_cannot_build() -> None:
    with pytest.raises(TypeError, match="no plain default"):
        maker(IssueRegistered, "at", "actor")  # issue left out, and it has no default
    with pytest.raises(TypeError, match="unknown field"):
        maker(IssueRegistered, "at", "actor", "issue", "colour")
    with pytest.raises(TypeError, match="unknown field"):
        maker(IssueRegistered, "at", "actor", "issue", "issue")
    with pytest.raises(TypeError, match="__attrs_post_init__"):
        maker(Duration, "mean")


def _validate_all(ledger_events: object) -> int:
    count = 0
    for event in ledger_events:  # type: ignore[attr-defined]
        attrs.validate(event)  # raises InvalidFieldError naming the field
        count += 1
    return count


@pytest.mark.parametrize("scenario", builtin_scenarios(), ids=lambda s: s.key)
def test_every_event_of_the_builtin_scenarios_is_well_formed(scenario: object) -> None:
    for policy in BUILTIN_POLICIES:
        assert _validate_all(simulate_year(scenario, 3, policy).events) > 0  # type: ignore[arg-type]


def test_every_event_of_county_communities_is_well_formed() -> None:
    county = county_scenario(6, days=120.0, warmup_days=30.0, seed=5)
    for n, scenario in enumerate(county.communities):
        assert _validate_all(simulate_year(scenario, n).events) > 0


@given(scenario=scenarios(), seed=st.integers(0, 2**32), policy=st.sampled_from(BUILTIN_POLICIES))
def test_every_event_of_generated_scenarios_is_well_formed(
    scenario: object, seed: int, policy: object
) -> None:
    """Property: whatever the scenario draws, each field the model fills passes its validator."""
    _validate_all(simulate_year(scenario, seed, policy).events)  # type: ignore[arg-type]


def test_small_year_is_well_formed() -> None:
    assert _validate_all(simulate_year(SMALL, 1).events) > 0


def _validate_world(scenario: object) -> None:
    from cogov.simulation import build_world  # noqa: PLC0415

    world = build_world(scenario.community, scenario.grid_level)  # type: ignore[attr-defined]
    for unit in world.community.units:
        attrs.validate(unit)
    for person in world.community.people:
        attrs.validate(person)


def test_every_unit_and_person_of_synthetic_worlds_is_well_formed() -> None:
    """Households and residents are made without validators too: re-check them all."""
    for scenario in (*county_scenario(6, seed=5).communities, SMALL):
        _validate_world(scenario)


@given(scenario=scenarios())
def test_every_unit_and_person_of_generated_worlds_is_well_formed(scenario: object) -> None:
    _validate_world(scenario)
