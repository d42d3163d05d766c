"""The party chain as organisations (党建工作链): community › compound branch › building group ›
central household › household.

The source: "构建社区'大党委'、小区'党支部'、楼栋'党小组'、党员'中心户'的党建工作链".  Branches and
groups are associations (:class:`~cogov.AssociationFormed`, members by
:class:`~cogov.MemberJoined`) of the kinds a plugin names; households are linked to their
central household by :class:`~cogov.HouseholdLinked` (the ledger checks that the central
household has a party member).  :func:`party_chain` follows the chain from every household
and counts how much of the community it reaches.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from cogov.engine.ledger import Ledger
from cogov.model.events import HouseholdLinked

__all__ = ["ChainLink", "PartyChainFigures", "party_chain"]


@attrs.frozen
class ChainLink:
    """Where one household sits in the chain (``None`` where a link is missing)."""

    household: str
    central: str | None
    group: str | None
    branch: str | None

    @property
    def complete(self) -> bool:
        return None not in (self.central, self.group, self.branch)


@attrs.frozen
class PartyChainFigures:
    """The chain of every household, and how many households each link reaches."""

    links: Mapping[str, ChainLink]
    branches: int
    groups: int
    members: int

    @property
    def households(self) -> int:
        return len(self.links)

    @property
    def linked(self) -> int:
        """Households linked to a central household (central households count as linked)."""
        return sum(1 for link in self.links.values() if link.central is not None)

    @property
    def complete(self) -> int:
        return sum(1 for link in self.links.values() if link.complete)


def party_chain(
    ledger: Ledger, *, branch_kind: str = "party_branch", group_kind: str = "party_group"
) -> PartyChainFigures:
    """Follow the chain from every household of ``ledger``'s community as its events left it."""
    community = ledger.community
    central: dict[str, str] = {}
    for event in ledger.corrected_events:
        if isinstance(event, HouseholdLinked):
            central[event.household] = event.central
    centrals = set(central.values())
    by_unit: dict[tuple[str, str], str] = {}
    members: set[str] = set()
    branches = groups = 0
    for association in community.associations:
        if association.kind in (branch_kind, group_kind):
            by_unit[association.kind, association.unit] = association.id
            members.update(association.members)
            branches += association.kind == branch_kind
            groups += association.kind == group_kind
    innermost = community.levels[-1].key
    links: dict[str, ChainLink] = {}
    for unit in community.units_at(innermost):
        code = unit.code
        if community.is_retired(code):
            continue
        lineage = (code, *reversed(community.ancestors(code)))
        group = next((by_unit[group_kind, u] for u in lineage if (group_kind, u) in by_unit), None)
        branch = next((by_unit[branch_kind, u] for u in lineage if (branch_kind, u) in by_unit), None)
        head = code if code in centrals else central.get(code)
        links[code] = ChainLink(code, head, group, branch)
    return PartyChainFigures(links=links, branches=branches, groups=groups, members=len(members))
