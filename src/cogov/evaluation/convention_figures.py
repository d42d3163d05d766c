"""Residents' conventions at work: breaches found by the supervision group, notices,
rectifications, and the family ceremonies the weddings-and-funerals council registered
against the convention's limits.

Semantics: the cohort is the breaches recorded and the ceremonies registered in the period;
notices and rectifications count when they come before the period ends.  A ceremony is
*over the limit* when one of its measures is above the limit of the same key in the
convention it was registered under (as adopted: :class:`~cogov.ConventionAdopted`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation._sources import bounds, events_of
from cogov.evaluation.period import Period
from cogov.model.conventions import Convention, ceremony_measures
from cogov.model.events import (
    BreachNoticeIssued,
    BreachRecorded,
    BreachRectified,
    CeremonyRegistered,
    ConventionAdopted,
    Event,
)

__all__ = ["CeremonyFlag", "ConventionFigures", "convention_figures"]


@attrs.frozen
class CeremonyFlag:
    """A ceremony over its convention's limits: key → (measured, limit), and its event."""

    ceremony: str
    household: str
    kind: str
    over: Mapping[str, tuple[float, float]]
    seq: int


@attrs.frozen
class ConventionFigures:
    """Breaches by article, notices, rectifications; ceremonies by kind and those over the limits."""

    conventions: tuple[str, ...]
    breaches: int
    breaches_by_article: Mapping[str, int]
    noticed: int
    rectified: int
    ceremonies: int
    ceremonies_by_kind: Mapping[str, int]
    over_limit: tuple[CeremonyFlag, ...]

    @property
    def rectification_rate(self) -> float | None:
        return self.rectified / self.breaches if self.breaches else None


def convention_figures(
    source: Ledger | Iterable[Event], *, period: Period | None = None
) -> ConventionFigures:
    """The convention figures of ``source`` over ``period``."""
    start, end = bounds(period)
    conventions: dict[str, Convention] = {}
    breaches: dict[str, str] = {}
    noticed: set[str] = set()
    rectified: set[str] = set()
    ceremonies: Counter[str] = Counter()
    flags: list[CeremonyFlag] = []
    for seq, event in enumerate(events_of(source)):
        if event.at >= end:
            continue
        if isinstance(event, ConventionAdopted):
            conventions[event.convention] = Convention.from_event(event)
        elif isinstance(event, BreachRecorded):
            if event.at >= start:
                breaches[event.breach] = event.article
        elif isinstance(event, BreachNoticeIssued):
            if event.breach in breaches:
                noticed.add(event.breach)
        elif isinstance(event, BreachRectified):
            if event.breach in breaches:
                rectified.add(event.breach)
        elif isinstance(event, CeremonyRegistered) and event.at >= start:
            ceremonies[event.ceremony_kind] += 1
            convention = conventions.get(event.convention)
            over = convention.exceeded(ceremony_measures(event)) if convention is not None else {}
            if over:
                flags.append(CeremonyFlag(event.ceremony, event.household, event.ceremony_kind, over, seq))
    return ConventionFigures(
        conventions=tuple(sorted(conventions)),
        breaches=len(breaches),
        breaches_by_article=dict(sorted(Counter(breaches.values()).items())),
        noticed=len(noticed),
        rectified=len(rectified),
        ceremonies=sum(ceremonies.values()),
        ceremonies_by_kind=dict(sorted(ceremonies.items())),
        over_limit=tuple(flags),
    )
