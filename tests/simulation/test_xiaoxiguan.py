"""The Xiaoxiguan scenario: registered by its plugin, valid, and calibrated to the source."""

from __future__ import annotations

import json
import math
import time

import attrs
import pytest

from cogov.boundary.codec import make_converter
from cogov.simulation import (
    ActivityModel,
    CommunityModel,
    Scenario,
    ScenarioError,
    run_replications,
    simulate,
    year_figures,
)

cogov_xiaoxiguan = pytest.importorskip("cogov_xiaoxiguan", reason="the Xiaoxiguan plugin is not installed")

from cogov_xiaoxiguan.scenario import ONE_MORE_SUNK_CADRE, SOURCE_FIGURES, XIAOXIGUAN_YEAR  # noqa: E402

ACTIVITY_FIGURES = {k: v for k, v in SOURCE_FIGURES.items() if k.startswith("volunteer_person_times:")}


def test_the_plugin_registers_the_scenario_and_its_policy_by_name() -> None:
    """``cogov.plugins.scenarios()`` and ``policies()`` find them under their keys."""
    from cogov.plugins import policies, scenarios  # noqa: PLC0415

    assert scenarios()["xiaoxiguan"] == XIAOXIGUAN_YEAR
    assert policies()["xiaoxiguan:one_more_sunk_cadre"] == ONE_MORE_SUNK_CADRE


def test_a_simulated_year_is_acted_by_the_right_role_holders() -> None:
    """Grid heads convene household meetings and verify; the secretary escalates; mediators mediate."""
    model = simulate(XIAOXIGUAN_YEAR, 1)
    ledger = model.ledger
    roles = {}
    for record in list(ledger.issues.values())[:300]:
        for step in ledger.history(record.id):
            roles.setdefault(type(step.event).__name__, set()).add(step.role)
    assert roles["VerificationVisited"] == {"grid_head"}
    assert roles["IssueEscalated"] == {"community_secretary"}
    assert roles["MediationStarted"] == {"mediation_member"}
    conveners = {ledger.authority.of_person(m.convener)[0].role for m in ledger.meetings.values()}
    assert conveners == {"grid_head", "community_secretary"}


def test_one_xiaoxiguan_year_with_every_event_validated_is_quick() -> None:
    """A year (plus its warm-up year) runs with full validation well under a second."""
    simulate(XIAOXIGUAN_YEAR, 0)  # build the world once, as a worker would
    start = time.perf_counter()
    model = simulate(XIAOXIGUAN_YEAR, 2)
    elapsed = time.perf_counter() - start
    assert len(model.ledger) > 3000
    assert elapsed < 2.0  # the benchmark reports the real figure (target 0.2 s); this only catches blow-ups


def test_a_simulated_year_has_volunteer_person_times_by_activity() -> None:
    """Every modelled activity kind is held; recorders hold its duty, participants are its team's members."""
    model = simulate(XIAOXIGUAN_YEAR, 5)
    figures = year_figures(model)
    for name in ACTIVITY_FIGURES:
        assert figures[name] > 0, name
    ledger = model.ledger
    teams: dict[str, set[str]] = {}
    for association in ledger.community.associations:
        teams.setdefault(association.kind, set()).update(association.members)
    roles = set()
    for activity in ledger.activities.values():
        kind = ledger.charter.activity_kind(activity.kind)
        decision = ledger.authority.may(activity.recorder, kind.duty, activity.unit, activity.at)
        assert decision.allowed
        assert decision.appointment is not None
        roles.add(decision.appointment.role)
        assert kind.association is not None
        assert set(activity.participants) <= teams[kind.association]
    assert roles == {"community_cadre", "police_chief"}


def test_the_scenario_with_its_activities_round_trips_through_the_codec() -> None:
    """Activity models are data like the rest of the scenario; bad sizes are refused with the value."""
    converter = make_converter()
    text = json.dumps(converter.unstructure(XIAOXIGUAN_YEAR), ensure_ascii=False)
    assert converter.structure(json.loads(text), Scenario) == XIAOXIGUAN_YEAR
    assert '"participants": [14, 15, 16]' in text
    with pytest.raises(ScenarioError, match=r"participants.*\(0,\)"):
        ActivityModel("clean_up", 12.0, participants=(0,))
    with pytest.raises(ScenarioError, match="activity kind is modelled twice"):
        attrs.evolve(XIAOXIGUAN_YEAR, activities=XIAOXIGUAN_YEAR.activities[:2] * 2)


def test_activities_leave_every_other_process_as_it_was() -> None:
    """Activities draw from their own streams: without them the same seed gives the same issues and meetings."""
    without = attrs.evolve(XIAOXIGUAN_YEAR, activities=())
    with_them = [e for e in simulate(XIAOXIGUAN_YEAR, 6).ledger.events if type(e).__name__ != "ActivityHeld"]
    assert with_them == list(simulate(without, 6).ledger.events)


def test_one_more_head_per_grid_in_xiaoxiguan_appoints_sunk_cadres() -> None:
    """The Xiaoxiguan way to add a head: a sunk cadre appointed in each of the 14 grids."""
    model = CommunityModel(XIAOXIGUAN_YEAR, 3, ONE_MORE_SUNK_CADRE)
    ledger = model.run()
    extra = {a.person for a in ledger.authority if a.id.startswith("sim-appt-")}
    assert len(extra) == 14
    assert {ledger.authority.of_person(p)[0].role for p in extra} == {"sunk_cadre"}
    resolvers = {e.actor for e in ledger.events if type(e).__name__ == "IssueResolved"}
    assert extra & resolvers


@pytest.mark.slow
def test_two_hundred_simulated_years_bracket_the_source_figures() -> None:
    """Over 200 replications each figure the source reports lies inside the 95 % band."""
    results = run_replications(XIAOXIGUAN_YEAR, 200, seed=2022, measure=year_figures)
    summary = results.summary()
    for name, reported in SOURCE_FIGURES.items():
        estimate = summary[name]
        assert estimate.n == 200
        assert estimate.in_band(reported), (name, reported, estimate)
    # activities are calibrated at the mean: it lies within three standard errors of the figure
    for name, reported in ACTIVITY_FIGURES.items():
        estimate = summary[name]
        assert abs(estimate.mean - reported) <= 3 * estimate.std / math.sqrt(estimate.n) + 1e-9, (
            name,
            estimate,
        )


def test_simulated_years_are_scored_by_the_charters_rules() -> None:
    """The grid responsiveness rule scores every grid of a simulated year, out of 100."""
    figures = year_figures(simulate(XIAOXIGUAN_YEAR, 4))
    grids = [k for k in figures if k.startswith("score:xiaoxiguan:grid_responsiveness:")]
    assert len(grids) == 14
    assert 0 < figures["score:xiaoxiguan:grid_responsiveness"] <= 100
