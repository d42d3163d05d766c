"""The good-people list (好人榜) and the moral-models board (道德模范风采展示栏): nominated,
reviewed, published.

The source: "评选出了…'十星'级文明户及'好人榜'，大力弘扬'尊老敬老、遵纪守法、爱岗敬业、诚信友善'
等传统美德…设置善行义举、道德模范风采展示栏".  Semantics: the cohort is the nominations made in
the period; their reviews and publications count when they come before the period ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation._sources import bounds, events_of
from cogov.evaluation.period import Period
from cogov.model.events import Event, GoodDeedNominated, HonoursPublished, NominationReviewed

__all__ = ["GoodPeopleFigures", "Honour", "good_people"]


@attrs.frozen
class Honour:
    """A published nomination: who, for what, and the event that published it."""

    nomination: str
    person: str
    category: str
    deed: str
    seq: int


@attrs.frozen
class GoodPeopleFigures:
    """The good-people list (好人榜) over a period: nominations, their reviews, and the honours published on each board."""

    nominated: int
    approved: int
    rejected: int
    by_category: Mapping[str, int]
    #: board → the honours published on it, in order
    boards: Mapping[str, tuple[Honour, ...]]


def good_people(source: Ledger | Iterable[Event], *, period: Period | None = None) -> GoodPeopleFigures:
    """The good-people figures of ``source`` over ``period``."""
    start, end = bounds(period)
    nominations: dict[str, GoodDeedNominated] = {}
    decisions: dict[str, str] = {}
    boards: dict[str, list[Honour]] = {}
    for seq, event in enumerate(events_of(source)):
        if event.at >= end:
            continue
        if isinstance(event, GoodDeedNominated):
            if event.at >= start:
                nominations[event.nomination] = event
        elif isinstance(event, NominationReviewed):
            if event.nomination in nominations:
                decisions[event.nomination] = event.decision
        elif isinstance(event, HonoursPublished):
            for nomination in event.nominations:
                found = nominations.get(nomination)
                if found is not None:
                    boards.setdefault(event.board, []).append(
                        Honour(nomination, found.person, found.category, found.deed, seq)
                    )
    approved = [n for n, d in decisions.items() if d == "approved"]
    return GoodPeopleFigures(
        nominated=len(nominations),
        approved=len(approved),
        rejected=sum(1 for d in decisions.values() if d == "rejected"),
        by_category=dict(sorted(Counter(nominations[n].category for n in approved).items())),
        boards={b: tuple(h) for b, h in sorted(boards.items())},
    )
