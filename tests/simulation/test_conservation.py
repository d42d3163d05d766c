"""Conservation at every step: each issue in exactly one state, and the counts add up."""

from __future__ import annotations

from collections import Counter

from hypothesis import given

from cogov import Category
from cogov.events import Event, IssueCollected, IssueEvent
from cogov.simulation import PHASES, CommunityModel, Scenario

from .strategies import SMALL, scenarios


class _Census:
    """An independent count of issues per workflow state, kept from the events alone."""

    def __init__(self) -> None:
        self.by_state: Counter[str] = Counter()
        self.state: dict[str, str] = {}
        self.model: CommunityModel | None = None
        self.steps = 0

    def __call__(self, seq: int, event: Event) -> None:
        model = self.model
        assert model is not None
        ledger = model.ledger
        if isinstance(event, IssueEvent):
            before = self.state.get(event.issue)
            if isinstance(event, IssueCollected):
                assert before is None, "an issue is collected twice"
            else:
                assert before is not None, "a step of an issue never collected"
                self.by_state[before] -= 1
            after = ledger.issues[event.issue].state
            self.state[event.issue] = after
            self.by_state[after] += 1
        self.steps += 1
        # each issue in exactly one state: the per-state counts add up to the issues collected
        assert sum(self.by_state.values()) == len(ledger.issues) == len(self.state)
        assert all(count >= 0 for count in self.by_state.values())
        # the ledger's records agree with the independent count (in full every 64 steps,
        # so the check stays linear in the run's length)
        if seq % 64 == 0:
            assert +self.by_state == Counter(record.state for record in ledger.issues.values())
        # the model's phases hold every issue that has arisen, collected or not
        assert sum(model.census.values()) == model.arrivals
        assert all(model.census[phase] >= 0 for phase in PHASES)


def _run_with_census(scenario: Scenario, seed: int) -> tuple[CommunityModel, _Census]:
    census = _Census()
    model = CommunityModel(scenario, seed, observers=[census])
    census.model = model
    model.run()
    return model, census


def _check_end_state(model: CommunityModel) -> None:
    ledger = model.ledger
    workflow = ledger.workflow
    categories = Counter(workflow.category(record.state) for record in ledger.issues.values())
    assert sum(categories.values()) == len(ledger.issues)
    waiting = sum(len(pending) for pending in model._pending.values())
    assert model.census["awaiting_meeting"] == waiting
    assert waiting + len(ledger.issues) == model.arrivals
    in_work = model.arrivals - waiting - model.census["done"] - model.census["awaiting_follow_up"]
    in_work -= model.census["awaiting_rebound"]
    assert categories[Category.OPEN] == in_work


@given(scenarios())
def test_conservation_at_every_step_of_generated_scenarios(scenario: Scenario) -> None:
    """For any scenario, after every event: states partition the issues, phases hold all arrivals."""
    model, census = _run_with_census(scenario, seed=5)
    assert census.steps == len(model.ledger)
    assert +census.by_state == Counter(record.state for record in model.ledger.issues.values())
    _check_end_state(model)


def test_conservation_on_the_small_scenario_with_every_process() -> None:
    """The small scenario exercises meetings, mediation, rebounds and queues, and is conserved."""
    model, census = _run_with_census(SMALL, seed=2)
    assert census.steps > 200
    kinds = Counter(type(event).__name__ for event in model.ledger.events)
    for name in (
        "MeetingHeld",
        "AnsweredOnSpot",
        "IssueEscalated",
        "VerificationVisited",
        "MediationStarted",
        "IssueReopened",
    ):
        assert kinds[name] > 0, name
    _check_end_state(model)
