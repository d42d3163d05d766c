"""The party chain followed from every household: a missing link is reported, not invented."""

from __future__ import annotations

from cogov.evaluation import party_chain
from cogov.events import AssociationFormed, HouseholdLinked, MemberJoined
from cogov.testing.community_services import GRID, ROOT, WORKER, household, ledger, resident, ticks


def test_chain_links_household_central_group_and_branch() -> None:
    """Grid 1's building gets a group, grid 1 a branch; one household linked; the others lack a central."""
    led = ledger()
    clock = ticks()
    building = f"{GRID}-B1"
    led.apply_all(
        [
            AssociationFormed(at=next(clock), actor=WORKER, association="PG1", kind="party_group", unit=building,
                              name_zh="党小组", name_en="party group"),
            AssociationFormed(at=next(clock), actor=WORKER, association="PB1", kind="party_branch", unit=GRID,
                              name_zh="党支部", name_en="party branch"),
            MemberJoined(at=next(clock), actor=WORKER, association="PG1", person=resident(1, 4)),
            HouseholdLinked(at=next(clock), actor=WORKER, household=household(1, 1), central=household(1, 4)),
        ]
    )  # fmt: skip
    chain = party_chain(led)
    assert chain.households == 24
    assert (chain.branches, chain.groups, chain.members) == (1, 1, 1)
    linked = chain.links[household(1, 1)]
    assert (linked.central, linked.group, linked.branch) == (household(1, 4), "PG1", "PB1")
    assert linked.complete
    assert chain.links[household(1, 4)].central == household(1, 4)  # a central household heads itself
    assert chain.links[household(1, 2)].central is None
    assert chain.links[f"{ROOT}-G02-B1-H01"].group is None
    assert chain.complete == 2
    assert chain.linked == 2
