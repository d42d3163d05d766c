"""Figures of the community's services from events: worked examples and invariants."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cogov import Ledger
from cogov.errors import CogovError
from cogov.evaluation import Period, convention_figures, double_report, one_stop
from cogov.events import (
    CeremonyRegistered,
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
from cogov.testing.community_services import (
    ROOT,
    WORKER,
    every_service_event,
    household,
    ledger,
    resident,
    ticks,
)

REGISTRANTS = ("p-grid1", "p-grid2", "p-grid3")
ANSWERS = ("satisfied", "basically_satisfied", "dissatisfied", "dont_know")

operations = st.lists(
    st.one_of(
        st.tuples(st.just("publish"), st.integers(0, 4), st.integers(1, 3)),
        st.tuples(st.just("claim"), st.integers(0, 4), st.integers(0, 2)),
        st.tuples(st.just("complete"), st.integers(0, 4), st.integers(0, 2)),
        st.tuples(st.just("rate"), st.integers(0, 4), st.integers(0, 2), st.integers(0, 3)),
        st.tuples(st.just("request"), st.integers(0, 6), st.booleans()),
        st.tuples(st.just("visit"), st.integers(0, 6)),
        st.tuples(st.just("deliver"), st.integers(0, 6)),
    ),
    max_size=40,
)


def _event(op: tuple, at, rater_no: int) -> Event:
    kind = op[0]
    common = {"at": at, "actor": WORKER}
    if kind == "publish":
        return ServiceItemPublished(
            **common, item=f"I{op[1]}", unit=ROOT, list_kind="needs", title="t", places=op[2]
        )
    if kind in ("claim", "complete"):
        cls = ServiceItemClaimed if kind == "claim" else ServiceItemCompleted
        return cls(**common, item=f"I{op[1]}", registrant=REGISTRANTS[op[2]])
    if kind == "rate":
        return ServiceItemRated(
            **common, item=f"I{op[1]}", registrant=REGISTRANTS[op[2]], rater=resident(2, 1 + rater_no % 6),
            answer=ANSWERS[op[3]],
        )  # fmt: skip
    if kind == "request":
        proxy = op[2]
        return ServiceRequested(
            **common, request=f"R{op[1]}", household=household(1, 1 + op[1] % 6), centre=ROOT, service="id_card",
            channel="proxy" if proxy else "counter", proxy=resident(3, 1) if proxy else None,
        )  # fmt: skip
    cls2 = ServiceVisitMade if kind == "visit" else ServiceDelivered
    extra = {"outcome": "done"} if kind == "deliver" else {}
    return cls2(**common, request=f"R{op[1]}", **extra)


def _run(ops: list[tuple]) -> Ledger:
    led = ledger()
    clock = ticks()
    led.apply_all(
        DoubleReportRegistered(
            at=next(clock), actor=WORKER, registrant=r, registrant_kind="party_member", unit=ROOT
        )
        for r in REGISTRANTS
    )
    for n, op in enumerate(ops):
        # an operation the ledger refuses is simply not part of the history
        with contextlib.suppress(CogovError):
            led.apply(_event(op, next(clock), n))
    return led


@given(ops=operations)
def test_one_visit_rate_is_a_share_and_equals_the_count_from_the_ledger_state(ops: list[tuple]) -> None:
    """The one-visit rate lies in [0, 1] and equals delivered-in-one-visit over delivered, from scratch."""
    led = _run(ops)
    figures = one_stop(led)
    requests = led.snapshot()["community_records"]["requests"].values()
    delivered = [r for r in requests if r.delivered]
    assert figures.requests == len(requests)
    assert figures.delivered == len(delivered)
    assert figures.one_visit == sum(1 for r in delivered if r.visits <= 1)
    assert figures.proxy == sum(1 for r in requests if r.channel == "proxy")
    if delivered:
        assert 0 <= figures.one_visit_rate <= 1
        assert figures.one_visit_rate == figures.one_visit / len(delivered)
    else:
        assert figures.one_visit_rate is None


@given(ops=operations)
def test_claimed_never_exceeds_planned_nor_completed_claimed(ops: list[tuple]) -> None:
    """Per item list and per registrant: completed ≤ claimed ≤ planned; totals add up."""
    led = _run(ops)
    figures = double_report(led)
    assert figures.completed <= figures.claimed <= figures.planned
    for items, planned, claimed, completed in figures.by_list.values():
        assert completed <= claimed <= planned
        assert items <= planned
    assert sum(r.claimed for r in figures.by_registrant.values()) == figures.claimed
    assert sum(r.completed for r in figures.by_registrant.values()) == figures.completed
    claims = led.snapshot()["community_records"]["claims"]
    assert figures.claimed == len(claims)
    assert figures.completed == sum(1 for c in claims.values() if c.completed)
    assert sum(figures.answers.values()) == sum(len(c.raters) for c in claims.values())
    rate = figures.satisfaction()
    assert rate is None or 0 <= rate <= 1


def test_double_report_worked_example() -> None:
    """Two places, one claim completed in 3 hours and rated satisfied: 2 / 1 / 1, 100 %."""
    led = ledger()
    led.apply_all(every_service_event(ticks())[:5])
    figures = double_report(led)
    assert (figures.items, figures.planned, figures.claimed, figures.completed) == (1, 2, 1, 1)
    assert figures.hours == 3
    assert figures.by_registrant["p-grid1"].kind == "party_member"
    assert figures.satisfaction() == 1.0
    assert figures.registered == {"party_member": 1}


def test_one_stop_worked_example_and_period() -> None:
    """A counter request needing a second visit: delivered, not in one visit; outside the period, nothing."""
    led = ledger()
    events = every_service_event(ticks())
    led.apply_all(events)
    figures = one_stop(led)
    assert (figures.requests, figures.delivered, figures.one_visit, figures.visits) == (1, 1, 0, 2)
    assert figures.one_visit_rate == 0.0
    assert figures.repeat_visits == (len(led.events) - len(events) + 5,)
    later = Period.days(events[-1].at + timedelta(days=1), 30)
    assert one_stop(led, period=later).requests == 0


def test_a_ceremony_over_the_conventions_limit_is_flagged() -> None:
    """Twenty-five tables against a limit of twenty: flagged with both numbers; the breach was rectified."""
    led = ledger()
    led.apply_all(every_service_event(ticks()))
    figures = convention_figures(led)
    assert figures.conventions == ("CONV1",)
    assert (figures.breaches, figures.noticed, figures.rectified) == (1, 1, 1)
    assert figures.breaches_by_article == {"hygiene": 1}
    assert figures.rectification_rate == 1.0
    assert figures.ceremonies == 1
    (flag,) = figures.over_limit
    assert flag.over == {"tables": (25.0, 20.0)}
    assert isinstance(led.events[flag.seq], CeremonyRegistered)


@given(tables=st.integers(0, 60), limit=st.integers(0, 60))
def test_a_ceremony_is_flagged_exactly_when_over_the_limit(tables: int, limit: int) -> None:
    """Flagged if and only if the measure is above the limit of the same key."""
    led = ledger()
    events = every_service_event(ticks())
    convention = events[8]
    ceremony = events[12]
    led.apply_all(
        [
            *events[:8],
            attrs.evolve(convention, limits=(("tables", str(limit)),)),
            attrs.evolve(ceremony, measures=(("tables", str(tables)),)),
        ]
    )
    flagged = convention_figures(led).over_limit
    assert bool(flagged) == (tables > limit)


def test_good_people_worked_example() -> None:
    """One nomination approved and published on the good-people list."""
    from cogov.evaluation import good_people  # noqa: PLC0415

    led = ledger()
    led.apply_all(every_service_event(ticks()))
    figures = good_people(led)
    assert (figures.nominated, figures.approved, figures.rejected) == (1, 1, 0)
    assert figures.by_category == {"helping_others": 1}
    (honour,) = figures.boards["good_people"]
    assert honour.person == resident(1, 3)
    assert good_people(led, period=Period.days(led.events[-1].at + timedelta(days=1), 5)).nominated == 0


@given(ops=operations)
def test_every_zero_is_a_share_and_the_service_zero_is_the_one_visit_rate(ops: list[tuple]) -> None:
    """Each measured zero lies in [0, 1] with its numerator within its denominator; zero distance is one_stop's rate."""
    from cogov.evaluation import five_zeros  # noqa: PLC0415

    led = _run(ops)
    figures = five_zeros(led)
    for target in figures.targets:
        assert 0 <= target.numerator <= target.denominator
        assert target.rate is None or 0 <= target.rate <= 1
    assert figures["services_zero_distance"].rate == one_stop(led).one_visit_rate
