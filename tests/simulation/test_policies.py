"""Policies change the scenario, the staff and the routes, and stay inside the rules."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import attrs
import pytest

from cogov import CogovError
from cogov.events import Appointed, IssueEscalated, MediationStarted
from cogov.simulation import (
    BASELINE,
    FORTNIGHTLY,
    MEDIATE_DISPUTES,
    ONE_MORE_HEAD,
    CommunityModel,
    KindModel,
    Policy,
    RouteRule,
    ScenarioError,
    period_of,
    replication_seed,
    report_year,
    simulate,
    simulate_year,
    with_parameters,
)
from cogov.simulation.experiments import CRN_KEY

from .strategies import SMALL


def _kinds(model: CommunityModel) -> Counter[str]:
    return Counter(type(event).__name__ for event in model.ledger.events)


def test_fortnightly_meetings_hold_about_twice_as_many_household_meetings() -> None:
    """Cadence 14 days instead of 30 roughly doubles the household meetings held."""
    monthly = simulate(SMALL, 1, BASELINE)
    fortnightly = simulate(SMALL, 1, FORTNIGHTLY)
    count = lambda m: sum(1 for r in m.ledger.meetings.values() if r.kind == "household_meeting")  # noqa: E731
    assert count(monthly) == 2 * 5  # 2 grids, 150 days, every 30 days
    assert count(fortnightly) == 2 * 11


def test_one_more_head_appoints_validated_staff_who_then_handle_issues() -> None:
    """The extra handlers are appointed by Appointed events in the ledger and resolve issues."""
    model = simulate(SMALL, 2, ONE_MORE_HEAD)
    appointed = [e for e in model.ledger.events if isinstance(e, Appointed)]
    assert len(appointed) == 2
    assert {e.role for e in appointed} == {"community_cadre"}
    assert all(model.ledger.authority.appointment(e.appointment) for e in appointed)
    extra = {e.person for e in appointed}
    resolvers = {e.actor for e in model.ledger.events if type(e).__name__ == "IssueResolved"}
    assert extra & resolvers


def test_disputes_straight_to_mediation_skip_the_weekly_meeting() -> None:
    """Under the mediation route no dispute is escalated, and disputes are mediated."""
    model = simulate(SMALL, 3, MEDIATE_DISPUTES)
    kinds = {r.id: r.kind for r in model.ledger.issues.values()}
    escalated = {e.issue for e in model.ledger.events if isinstance(e, IssueEscalated)}
    mediated = {e.issue for e in model.ledger.events if isinstance(e, MediationStarted)}
    assert not {i for i in escalated if kinds[i] == "dispute"}
    assert mediated
    assert all(kinds[i] == "dispute" for i in mediated)


def test_common_random_numbers_keep_arrivals_identical_across_policies() -> None:
    """Under CRN, a policy that changes handling leaves the arrival stream untouched."""
    base = simulate(SMALL, 9, BASELINE)
    other = simulate(SMALL, 9, MEDIATE_DISPUTES)
    assert base.arrivals == other.arrivals
    first = lambda m: [(r.kind, r.unit) for r in m.ledger.issues.values()][:10]  # noqa: E731
    assert first(base) == first(other)


def test_staffing_a_role_the_charter_does_not_allow_is_refused_by_the_ledger() -> None:
    """A policy cannot bypass the rules: appointing a second grid head breaks max_holders."""
    policy = Policy(
        "two_heads",
        "two grid heads",
        extra_handlers_per_grid=1,
        extra_handler_role="grid_head",
        extra_handler_unit_level="grid",
    )
    with pytest.raises(CogovError, match="grid head"):
        CommunityModel(SMALL, 1, policy)


def test_extra_staff_without_the_duties_cannot_act() -> None:
    """Staff stationed in a role without handling duties are refused, naming person and duty."""
    policy = Policy(
        "mediators_handle",
        "mediators as handlers",
        extra_handlers_per_grid=3,
        extra_handler_role="mediator",
        routes=(RouteRule("reasonable_demand", "direct"),),
    )
    with pytest.raises(ScenarioError, match=r"sim-mediators_handle-1.*'resolve'"):
        simulate(SMALL, 1, policy)


def test_routing_a_non_mediable_kind_to_mediation_is_a_scenario_error() -> None:
    """Sending policy questions to mediation names the kind and the charter's refusal."""
    policy = Policy("bad", "bad", routes=(RouteRule("policy_question", "mediation"),))
    with pytest.raises(ScenarioError, match=r"policy_question.*mediable"):
        CommunityModel(SMALL, 1, policy)


def test_route_rule_and_cadence_are_validated() -> None:
    """Bad policy data is refused with the value in the message."""
    with pytest.raises(ScenarioError, match="'nowhere'"):
        RouteRule("dispute", "nowhere")
    with pytest.raises(ScenarioError, match="-3"):
        Policy("p", "p", household_meeting_days=-3)


class _AnswerEverythingOnTheSpot(Policy):
    """A policy with a custom triage hook: every issue is answered where it is raised."""

    def on_spot(self, kind: KindModel) -> float:
        return 1.0


def test_a_subclass_can_override_the_triage_hook() -> None:
    """Overriding ``on_spot`` changes triage: nothing is registered, everything answered."""
    model = simulate(SMALL, 5, _AnswerEverythingOnTheSpot("all_on_spot", "answer everything on the spot"))
    kinds = _kinds(model)
    assert kinds["IssueRegistered"] == 0
    assert kinds["AnsweredOnSpot"] == kinds["IssueCollected"] > 0


def test_a_scenario_whose_issues_wait_for_a_meeting_it_never_holds_is_refused() -> None:
    """Issues routed to the weekly meeting need one: the error names the meeting and the fix."""
    no_weekly = attrs.evolve(SMALL, meetings=SMALL.meetings[:1])
    with pytest.raises(ScenarioError, match=r"weekly_joint_meeting.*route the kind 'direct'"):
        CommunityModel(no_weekly, 1)


def test_sweep_parameters_change_the_policy_or_the_scenario() -> None:
    """A policy field makes a sweep-point policy; a scalar scenario field changes the scenario."""
    scenario, policy = with_parameters(SMALL, {"days": SMALL.days + 1})
    assert (scenario.days, policy) == (SMALL.days + 1, BASELINE)
    field = next(f.name for f in attrs.fields(Policy) if f.name not in ("key", "label", "routes"))
    _, point = with_parameters(SMALL, {field: getattr(BASELINE, field)})
    assert point.key == "sweep_point"


def test_an_unknown_sweep_parameter_is_named() -> None:
    """A parameter that is neither a policy field nor a scalar scenario field is refused by name."""
    with pytest.raises(ScenarioError, match=r"unknown sweep parameter 'no_such_knob'.*\(parameters: "):
        with_parameters(SMALL, {"no_such_knob": 1})


def test_a_bad_sweep_value_is_a_scenario_error() -> None:
    """A value the scenario refuses is reported with the parameters that carried it."""
    with pytest.raises(ScenarioError, match=r"sweep parameters \{'days': -1\}"):
        with_parameters(SMALL, {"days": -1})


def test_the_report_year_is_replication_zero() -> None:
    """The report's year is the year replication 0 simulates, with its seed."""
    ledger, seed = report_year(SMALL, BASELINE, 7)
    assert seed == replication_seed(7, CRN_KEY, 0)
    assert [e.at for e in ledger.events] == [e.at for e in simulate_year(SMALL, seed, BASELINE).events]
    period = period_of(SMALL)
    assert period.end - period.start == timedelta(days=SMALL.days)
