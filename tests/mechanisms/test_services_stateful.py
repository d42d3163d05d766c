"""The double report and the one-stop desk against a plain model: the ledger accepts exactly
the steps the model allows, and the figures always equal the model's counts."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cogov.errors import CogovError
from cogov.evaluation import double_report, one_stop
from cogov.events import (
    DoubleReportRegistered,
    Event,
    ServiceDelivered,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemPublished,
    ServiceItemRated,
    ServiceRequested,
    ServiceVisitMade,
)
from cogov.testing.community_services import ROOT, WORKER, household, ledger, resident, ticks

PEOPLE = ("p-grid1", "p-grid2", "p-grid3", "p-grid4")
ITEMS = tuple(f"I{n}" for n in range(4))
REQUESTS = tuple(f"R{n}" for n in range(5))


class ServicesMachine(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.ledger = ledger()
        self.clock = ticks()
        self.registered: set[str] = set()
        self.places: dict[str, int] = {}
        self.claims: dict[tuple[str, str], bool] = {}
        self.raters: set[tuple[str, str, str]] = set()
        self.requests: dict[str, list[int]] = {}  # id -> [visits, delivered]

    def _try(self, event: Event, legal: bool) -> bool:
        refusal = None
        try:
            self.ledger.apply(event)
        except CogovError as error:
            refusal = str(error)
        assert (refusal is None) == legal, f"legal={legal} but refusal={refusal!r} for {event}"
        return refusal is None

    @rule(person=st.sampled_from(PEOPLE))
    def register(self, person: str) -> None:
        event = DoubleReportRegistered(
            at=next(self.clock), actor=WORKER, registrant=person, registrant_kind="party_member", unit=ROOT
        )
        if self._try(event, person not in self.registered):
            self.registered.add(person)

    @rule(item=st.sampled_from(ITEMS), places=st.integers(1, 3))
    def publish(self, item: str, places: int) -> None:
        event = ServiceItemPublished(
            at=next(self.clock),
            actor=WORKER,
            item=item,
            unit=ROOT,
            list_kind="project",
            title="t",
            places=places,
        )
        if self._try(event, item not in self.places):
            self.places[item] = places

    @rule(item=st.sampled_from(ITEMS), person=st.sampled_from(PEOPLE))
    def claim(self, item: str, person: str) -> None:
        taken = sum(1 for (i, _) in self.claims if i == item)
        legal = (
            item in self.places
            and person in self.registered
            and (item, person) not in self.claims
            and taken < self.places[item]
        )
        if self._try(
            ServiceItemClaimed(at=next(self.clock), actor=WORKER, item=item, registrant=person), legal
        ):
            self.claims[item, person] = False

    @rule(item=st.sampled_from(ITEMS), person=st.sampled_from(PEOPLE))
    def complete(self, item: str, person: str) -> None:
        legal = self.claims.get((item, person)) is False
        if self._try(
            ServiceItemCompleted(at=next(self.clock), actor=WORKER, item=item, registrant=person), legal
        ):
            self.claims[item, person] = True

    @rule(item=st.sampled_from(ITEMS), person=st.sampled_from(PEOPLE), rater=st.integers(1, 3))
    def rate(self, item: str, person: str, rater: int) -> None:
        who = resident(2, rater)
        legal = self.claims.get((item, person)) is True and (item, person, who) not in self.raters
        event = ServiceItemRated(
            at=next(self.clock), actor=WORKER, item=item, registrant=person, rater=who, answer="satisfied"
        )
        if self._try(event, legal):
            self.raters.add((item, person, who))

    @rule(request=st.sampled_from(REQUESTS), proxy=st.booleans())
    def request(self, request: str, proxy: bool) -> None:
        event = ServiceRequested(
            at=next(self.clock), actor=WORKER, request=request, household=household(1, 1), centre=ROOT,
            service="certificate", channel="proxy" if proxy else "counter", proxy=resident(3, 1) if proxy else None,
        )  # fmt: skip
        if self._try(event, request not in self.requests):
            self.requests[request] = [0 if proxy else 1, 0]

    @rule(request=st.sampled_from(REQUESTS))
    def visit(self, request: str) -> None:
        legal = request in self.requests and not self.requests[request][1]
        if self._try(ServiceVisitMade(at=next(self.clock), actor=WORKER, request=request), legal):
            self.requests[request][0] += 1

    @rule(request=st.sampled_from(REQUESTS))
    def deliver(self, request: str) -> None:
        legal = request in self.requests and not self.requests[request][1]
        if self._try(
            ServiceDelivered(at=next(self.clock), actor=WORKER, request=request, outcome="done"), legal
        ):
            self.requests[request][1] = 1

    @invariant()
    def figures_equal_the_model(self) -> None:
        report = double_report(self.ledger)
        assert report.planned == sum(self.places.values())
        assert report.claimed == len(self.claims) <= report.planned
        assert report.completed == sum(self.claims.values())
        assert sum(report.answers.values()) == len(self.raters)
        desk = one_stop(self.ledger)
        delivered = [v for v, d in self.requests.values() if d]
        assert (desk.requests, desk.delivered) == (len(self.requests), len(delivered))
        assert desk.one_visit == sum(1 for v in delivered if v <= 1)
        assert desk.visits == sum(delivered)


TestServices = ServicesMachine.TestCase
