"""The ledger checks every community-service event: ids, references, membership and duty."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from cogov import Ledger
from cogov.errors import (
    CogovError,
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    NotAuthorisedError,
    UnknownKeyError,
)
from cogov.events import (
    CeremonyRegistered,
    DoubleReportRegistered,
    ServiceItemClaimed,
    ServiceItemPublished,
    ServiceRequested,
)
from cogov.testing.community_services import (
    HOUSEHOLD,
    ROOT,
    WORKER,
    every_service_event,
    ledger,
    resident,
    ticks,
)


def test_every_service_event_is_accepted_and_replays_to_the_same_state() -> None:
    """A ledger takes one of each event; a validated and a trusted replay fold them alike."""
    led = ledger()
    led.apply_all(every_service_event(ticks()))
    records = led.snapshot()["community_records"]
    assert records["ceremonies"] == {"CER1": ("tables",)}
    assert records["requests"]["REQ1"].visits == 2
    assert records["requests"]["REQ1"].delivered
    for validate in (True, False):
        again = Ledger.replay(led.charter, led.genesis, list(led.events), validate=validate)
        assert again.snapshot() == led.snapshot()
    led.verify()


def test_a_refused_batch_leaves_the_service_records_as_they_were() -> None:
    """All-or-nothing: a batch whose last event is refused undoes its earlier folds."""
    led = ledger()
    before = led.snapshot()
    events = every_service_event(ticks())
    bad = attrs.evolve(events[2], registrant="p-nobody")
    with pytest.raises(CogovError):
        led.apply_all([*events[:2], bad])
    assert led.snapshot() == before


@pytest.mark.parametrize(
    ("index", "change", "error", "words"),
    [
        (0, {"registrant_kind": "club"}, CogovError, "registrant_kind"),
        (0, {"registrant": resident(1, 1)}, EligibilityError, "not one"),  # not a party member
        (2, {"registrant": "p-grid2"}, EligibilityError, "has not reported"),
        (2, {"item": "NOPE"}, UnknownKeyError, "publish it first"),
        (3, {"registrant": "p-grid2"}, UnknownKeyError, "has not claimed"),
        (4, {"answer": "thrilled"}, UnknownKeyError, "satisfaction level"),
        (5, {"channel": "proxy"}, CogovError, "names its proxy"),
        (5, {"household": f"{ROOT}-G01-B1"}, CogovError, "innermost"),
        (6, {"request": "REQ9"}, UnknownKeyError, "ServiceRequested"),
        (9, {"article": "noise"}, UnknownKeyError, "no article"),
        (10, {"breach": "BR9"}, UnknownKeyError, "BreachRecorded"),
        (12, {"officer": resident(2, 1)}, EligibilityError, "not a member"),
        (12, {"convention": "CONV9"}, UnknownKeyError, "ConventionAdopted"),
        (13, {"inspectors": (resident(1, 1),)}, EligibilityError, "not a member"),
        (13, {"score": 120}, CogovError, "maximum"),
        (16, {"central": f"{ROOT}-G01-B1-H05"}, EligibilityError, "no party member"),
        (17, {"matters": ("NOT-A-MATTER",)}, UnknownKeyError, "not a recorded"),
        (17, {"checkpoint_count": 10_000}, CogovError, "only"),
        (18, {"person": "p-ghost"}, UnknownKeyError, "unknown person"),
        (19, {"decision": "maybe"}, CogovError, "not one of"),
        (19, {"nomination": "N9"}, UnknownKeyError, "GoodDeedNominated"),
        (20, {"nominations": ("N9",)}, IllegalTransitionError, "only approved"),
        (20, {"nominations": ()}, CogovError, "no nomination"),
    ],
)
def test_each_bad_reference_is_refused_with_its_reason(
    index: int, change: dict, error: type, words: str
) -> None:
    """A reference to nothing recorded, a non-member or a wrong kind is refused and says why."""
    led = ledger()
    events = every_service_event(ticks())
    led.apply_all(events[:index])
    bad = attrs.evolve(events[index], **change)
    with pytest.raises(error, match=words):
        led.apply(bad)


def test_a_household_without_a_party_member_cannot_be_a_central_household() -> None:
    """Flat 5 of grid 1 has no party member in the demo community (the check reads the register)."""
    led = ledger()
    members = led.community.members(f"{ROOT}-G01-B1-H05")
    assert not any("party_member" in p.attributes for p in members)


def test_every_service_event_needs_its_duty() -> None:
    """The grid head, who holds none of the community-service duties, is refused each event."""
    events = every_service_event(ticks())
    for i, event in enumerate(events):
        led = ledger()
        led.apply_all(events[:i])
        with pytest.raises(NotAuthorisedError):
            led.apply(attrs.evolve(event, actor="p-grid1"))


def test_ids_are_unique_and_double_claims_refused() -> None:
    """The same item id, registrant or claim twice is a duplicate."""
    led = ledger()
    events = every_service_event(ticks())
    led.apply_all(events)
    clock = ticks(events[-1].at)
    with pytest.raises(DuplicateError):
        led.apply(attrs.evolve(events[1], at=next(clock)))
    with pytest.raises(DuplicateError):
        led.apply(attrs.evolve(events[0], at=next(clock)))
    with pytest.raises(DuplicateError):
        led.apply(attrs.evolve(events[2], at=next(clock)))


def test_claims_never_exceed_the_places_published() -> None:
    """With one place, the second registrant's claim is refused."""
    led = ledger()
    clock = ticks()
    led.apply_all(
        [
            DoubleReportRegistered(
                at=next(clock), actor=WORKER, registrant=r, registrant_kind="party_member", unit=ROOT
            )
            for r in ("p-grid1", "p-grid2")
        ]
        + [
            ServiceItemPublished(
                at=next(clock), actor=WORKER, item="I", unit=ROOT, list_kind="project", title="t", places=1
            )
        ]
    )
    led.apply(ServiceItemClaimed(at=next(clock), actor=WORKER, item="I", registrant="p-grid1"))
    with pytest.raises(IllegalTransitionError, match="all 1 places"):
        led.apply(ServiceItemClaimed(at=next(clock), actor=WORKER, item="I", registrant="p-grid2"))


def test_a_ceremony_within_the_limits_is_not_flagged() -> None:
    """Twenty tables under a limit of twenty is within the convention."""
    led = ledger()
    events = every_service_event(ticks())
    led.apply_all(events[:12])
    ceremony = events[12]
    assert isinstance(ceremony, CeremonyRegistered)
    led.apply(attrs.evolve(ceremony, measures=(("tables", "20"), ("days", "9"))))
    assert led.snapshot()["community_records"]["ceremonies"] == {"CER1": ()}


def test_a_proxy_request_names_a_present_person() -> None:
    """The proxy desk's request must name a person of the register."""
    led = ledger()
    clock = ticks()
    with pytest.raises(UnknownKeyError):
        led.apply(
            ServiceRequested(
                at=next(clock), actor=WORKER, request="R", household=HOUSEHOLD, centre=ROOT,
                service="id_card", channel="proxy", proxy="p-ghost",
            )
        )  # fmt: skip


def test_a_rejected_nomination_is_never_published_and_none_twice() -> None:
    """Only approved nominations reach a board, each once per board."""
    led = ledger()
    events = every_service_event(ticks())
    led.apply_all(events[:19])
    with pytest.raises(IllegalTransitionError, match="not reviewed"):
        led.apply(events[20])
    led.apply(attrs.evolve(events[19], decision="rejected"))
    with pytest.raises(IllegalTransitionError, match="rejected"):
        led.apply(events[20])
    again = ledger()
    again.apply_all(events)
    with pytest.raises(DuplicateError, match="already published"):
        again.apply(attrs.evolve(events[20], listing="L2", at=events[20].at + timedelta(minutes=1)))
