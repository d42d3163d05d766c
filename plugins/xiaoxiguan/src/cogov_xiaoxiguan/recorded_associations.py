"""Xiaoxiguan's 2022 associations at work, recorded: the officers of the six associations and of
the volunteer teams, appointed on 4 January, and the local worthies (乡贤) who join mediation.

Officers are the first members (by id) of each association: a president (会长) for each of the six
associations, with a council member (理事) on the weddings-and-funerals council, a hygiene inspector
(卫生检查员) and a liaison (联络员) for the charity association; a team leader (队长) for each
volunteer team.  The council's president registers the year's ceremonies, the hygiene
association's president its inspections and the charity association's president its help
(:mod:`cogov_xiaoxiguan.recorded_services`): their posts, not a community role, authorise them.

Three of the year's 14 mediated disputes have two local worthies taking part
(:func:`worthies_for`); the totals the source reports do not change.

Everything here is **synthetic** and deterministic, like the rest of the recorded year.
"""

from __future__ import annotations

import functools

from cogov import Community
from cogov.events import AssociationOfficerAppointed, Event
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.recorded_organisations import SECRETARY, day

__all__ = ["COUNCIL", "WORTHIES", "officers", "president", "worthies_for"]

COUNCIL = "xxg-as-1"
WORTHIES = "xxg-as-6"
#: the mediated disputes (by issue number) local worthies join
_WORTHIES_JOIN = frozenset({6, 41, 91})

#: association → the posts its first members take, in order
_POSTS: dict[str, tuple[str, ...]] = {
    COUNCIL: ("president", "council_member"),
    "xxg-as-2": ("president",),
    "xxg-as-3": ("president", "inspector"),
    "xxg-as-4": ("president",),
    "xxg-as-5": ("president", "liaison"),
    WORTHIES: ("president",),
    "xxg-vt-1": ("team_leader",),
    "xxg-vt-2": ("team_leader",),
    "xxg-vt-3": ("team_leader",),
    "xxg-vt-4": ("team_leader",),
    "xxg-vt-security": ("team_leader",),
    "xxg-vp": ("team_leader",),
}


def president(community: Community, association: str) -> str:
    """The officer in an association's first post: its first member by id."""
    return sorted(community.association(association).members)[0]


def officers(community: Community) -> list[Event]:
    """The officer appointments of 4 January, recorded by the party branch secretary."""
    at = day(1, 4, 8)
    events: list[Event] = []
    for association, posts in _POSTS.items():
        members = sorted(community.association(association).members)
        for n, post in enumerate(posts):
            events.append(
                AssociationOfficerAppointed(
                    at=at,
                    actor=SECRETARY,
                    office=f"XXG-2022-OF-{association.removeprefix('xxg-')}-{n + 1}",
                    association=association,
                    person=members[n],
                    post=post,
                )
            )
    return events


@functools.cache
def _worthies() -> tuple[str, ...]:
    return tuple(sorted(structure.build_community().association(WORTHIES).members))


def worthies_for(issue: str) -> tuple[str, ...]:
    """The local worthies who join the mediation of ``issue`` (none for most disputes)."""
    number = int(issue[-4:])
    if number not in _WORTHIES_JOIN:
        return ()
    members = _worthies()
    first = number % (len(members) - 1)
    return (members[first], members[first + 1])
