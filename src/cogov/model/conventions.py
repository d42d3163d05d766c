"""Residents' conventions (居民规约) as data: articles residents can cite, and limits.

The source: the residents' congress "完善居民规约, 内容涉及社风民俗、红白喜事、邻里关系、社容社貌
及社会治安", and a supervision group of building heads, resident representatives and veteran
party members sees that residents "按居民规约办事".  A :class:`Convention` is what a plugin
declares (Xiaoxiguan's is in its ``conventions`` module); a ledger holds it once adopted
(:class:`~cogov.ConventionAdopted`, built by :meth:`Convention.adopted`), so the ledger
alone says what its breaches and ceremonies were measured against.

A *limit* is a maximum: a family ceremony registered with a measure above the limit of the
same key (more tables than the convention allows, more days) is flagged
(:meth:`Convention.exceeded`); it is not refused, because the council records what happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from cogov.errors import UnknownKeyError
from cogov.model import fields
from cogov.model.events import CeremonyRegistered, ConventionAdopted

__all__ = ["Article", "Convention", "ceremony_measures", "exceeded_limits"]


@attrs.frozen
class Article:
    """One article of a convention, e.g. ``Article("weddings_funerals", "红白喜事从简…")``."""

    key: str = attrs.field(validator=fields.key)
    text: str = attrs.field(validator=fields.label)
    #: the topic the source names (社风民俗, 红白喜事, 邻里关系, 社容社貌, 社会治安), a key
    topic: str = attrs.field(default="general", validator=fields.key)


def _articles(value: Any) -> tuple[Article, ...]:
    return tuple(value)


def _limits(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({k: float(v) for k, v in dict(value).items()})


@attrs.frozen
class Convention:
    """A residents' convention: its id, title, articles and numeric limits (maxima)."""

    id: str = attrs.field(validator=fields.code)
    title: str = attrs.field(validator=fields.label)
    articles: tuple[Article, ...] = attrs.field(converter=_articles, validator=fields.tuple_of(Article))
    limits: Mapping[str, float] = attrs.field(factory=dict, converter=_limits)

    def article(self, key: str) -> Article:
        for article in self.articles:
            if article.key == key:
                return article
        msg = f"convention {self.id!r} has no article {key!r}; articles: {[a.key for a in self.articles]}"
        raise UnknownKeyError(msg)

    def adopted(
        self, *, at: datetime, actor: str, unit: str, congress: str | None = None
    ) -> ConventionAdopted:
        """The event that records this convention adopted at ``unit`` (by ``congress``)."""
        return ConventionAdopted(
            at=at,
            actor=actor,
            convention=self.id,
            unit=unit,
            title=self.title,
            articles=tuple((a.key, a.text) for a in self.articles),
            limits=tuple((k, _number_text(v)) for k, v in sorted(self.limits.items())),
            congress=congress,
        )

    @classmethod
    def from_event(cls, event: ConventionAdopted) -> Convention:
        """The convention an adoption recorded (topics are not recorded: ``general``)."""
        return cls(
            event.convention,
            event.title,
            tuple(Article(k, t) for k, t in event.articles),
            {k: float(v) for k, v in event.limits},
        )

    def exceeded(self, measures: Mapping[str, float]) -> dict[str, tuple[float, float]]:
        """The limits ``measures`` go over: key → (measured, limit)."""
        return exceeded_limits(self.limits, measures)


def exceeded_limits(
    limits: Mapping[str, float], measures: Mapping[str, float]
) -> dict[str, tuple[float, float]]:
    """key → (measured, limit) for every measure above the limit of the same key."""
    return {
        key: (value, limits[key])
        for key, value in sorted(measures.items())
        if key in limits and value > limits[key]
    }


def ceremony_measures(event: CeremonyRegistered) -> dict[str, float]:
    """A ceremony's measures as numbers."""
    return {k: float(v) for k, v in event.measures}


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
