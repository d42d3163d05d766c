"""Roll-up: the statistics of many communities, merged up the administrative division tree.

Each community's ledger is read where it lies (a SQLite file, a PostgreSQL database) by a
*ledger source*: a small picklable object whose ``load()`` returns the ledger, so the work can
be sent to any :class:`concurrent.futures.Executor` — a process pool on one machine, a Dask
``distributed`` client's ``get_executor()`` across many.  Each task folds one ledger into a
:class:`~cogov.evaluation.tally.Tally` grouped by community (small: counts and the exact
durations to resolution) and sends only that back; the tallies are merged by division code
(:mod:`cogov.model.divisions`), a street's being exactly the statistics of the union of its
communities' events (rates from summed counts, medians from the merged durations).

A community is ranked among its street's (or county's) by a
:class:`~cogov.evaluation.rates.WeightedRates` rule over its own figures, with the rule's
minimum sample: a community with too few issues is *not rated* and placed after the rated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Protocol, runtime_checkable

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import InvalidFieldError, UnknownKeyError
from cogov.evaluation.figures import GroupFigures, MetricActions, Statistics
from cogov.evaluation.period import Period
from cogov.evaluation.rates import WeightedRates
from cogov.evaluation.rule import rank
from cogov.evaluation.score import Score
from cogov.evaluation.statistics import tally
from cogov.evaluation.tally import Tally, add_group_figures, merge
from cogov.model.charter import Charter
from cogov.model.divisions import DIVISION_LEVELS, division_of
from cogov.model.events import Event
from cogov.model.structure import Community

__all__ = [
    "THREE_RATES",
    "CommunityPart",
    "EventsSource",
    "LedgerSource",
    "Rollup",
    "community_code",
    "community_part",
    "roll_up",
]

#: the default ranking rule: response, resolution and satisfaction weighted 0.1 / 0.5 / 0.4
#: (Beijing's 接诉即办 weights), at least 10 issues to be rated
THREE_RATES = WeightedRates(
    "three_rates", "三率加权", "weighted three rates", level="community", minimum_sample=10
)


@runtime_checkable
class LedgerSource(Protocol):
    """Where one community's ledger comes from; picklable, so an executor can send it to a worker."""

    def load(self) -> Ledger:
        """The community's ledger (verified or trusted, as the source decides)."""
        ...


@runtime_checkable
class EventsSource(Protocol):
    """A source that can hand over what statistics read without building a ledger (faster)."""

    def read(self) -> tuple[Charter, Community, Sequence[Event]]:
        """The charter, the structure and the events as corrected, in recorded order."""
        ...


def community_code(community: Community) -> str:
    """The 12-digit division code of the one unit at level ``community`` of a ledger's structure."""
    try:
        units = community.units_at("community")
    except UnknownKeyError as error:  # a structure whose levels have no "community"
        msg = f"the ledger's structure has no 'community' level to roll up ({error})"
        raise InvalidFieldError(msg) from None
    if len(units) != 1:
        msg = (
            f"a ledger to roll up holds one community; this one has {len(units)} units at level 'community'"
            f"{': ' + ', '.join(u.code for u in units[:5]) if units else ''}"
        )
        raise InvalidFieldError(msg)
    code = units[0].code
    division_of(code, "community")  # checks the 12 digits
    return code


@attrs.frozen
class CommunityPart:
    """What one task sends back: the community's code, the names it gives its divisions, its tally."""

    code: str
    #: division code → (Chinese, English) name, from the ledger's own units (community, street, county)
    names: Mapping[str, tuple[str, str]]
    tally: Tally
    #: where it came from (for messages)
    source: str = ""


def community_part(
    source: LedgerSource, *, period: Period | None = None, actions: MetricActions | None = None
) -> CommunityPart:
    """Load ``source``'s ledger and tally it by community (runs in a worker)."""
    if isinstance(source, EventsSource):
        charter, community, events = source.read()
        counted_of = functools.partial(tally, events, charter, community)
    else:
        ledger = source.load()
        community = ledger.community
        counted_of = functools.partial(tally, ledger)
    code = community_code(community)
    names = {}
    for length in DIVISION_LEVELS.values():
        prefix = code[:length]
        if community.has_unit(prefix):
            unit = community.unit(prefix)
            names[prefix] = (unit.name_zh, unit.name_en)
    counted = counted_of(period=period, group_level="community", actions=actions)
    return CommunityPart(code, names, counted, repr(source))


def _check_level(level: str) -> None:
    if level not in DIVISION_LEVELS or level == "community":
        msg = f"roll up to 'street' or 'county', not {level!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class Rollup:
    """Community tallies grouped into the divisions at ``level`` (``street`` or ``county``)."""

    level: str
    period: Period | None
    parts: tuple[CommunityPart, ...]
    #: merged tallies by division, computed once
    _merged: dict[str, Tally] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _check_level(self.level)
        seen: dict[str, str] = {}
        for part in self.parts:
            if part.code in seen:
                msg = (
                    f"community {part.code} comes from two ledgers ({seen[part.code]} and {part.source}); "
                    "each community rolls up once"
                )
                raise InvalidFieldError(msg)
            seen[part.code] = part.source

    @property
    def units(self) -> tuple[str, ...]:
        """The division codes at the roll-up's level, in order."""
        return tuple(sorted({division_of(p.code, self.level) for p in self.parts}))

    def communities(self, unit: str) -> tuple[CommunityPart, ...]:
        """The communities within division ``unit``, by code."""
        found = tuple(p for p in self.parts if p.code.startswith(unit))
        if not found:
            msg = f"no community of the roll-up lies in {unit!r}; divisions: {', '.join(self.units)}"
            raise InvalidFieldError(msg)
        return tuple(sorted(found, key=lambda p: p.code))

    def tally(self, unit: str) -> Tally:
        """The merged tally of division ``unit`` (merged once)."""
        found = self._merged.get(unit)
        if found is None:
            found = self._merged[unit] = merge(p.tally for p in self.communities(unit))
        return found

    def statistics(self, unit: str) -> Statistics:
        """The statistics of division ``unit``: exactly those of its communities' events together."""
        return self.tally(unit).statistics()

    def name(self, code: str) -> tuple[str, str]:
        """The (Chinese, English) name the ledgers give division ``code``, or the code itself."""
        for part in self.parts:
            if code in part.names:
                return part.names[code]
        return (code, code)

    def figures(self, unit: str, *, by: str = "community") -> dict[str, GroupFigures | None]:
        """The issue figures of each community (or street, ``by="street"``) within ``unit``, by code."""
        stats = self.statistics(unit)
        if by == "community":
            return {p.code: stats.by_group.get(p.code) for p in self.communities(unit)}
        if by not in DIVISION_LEVELS or DIVISION_LEVELS[by] <= len(unit):
            msg = f"rank the divisions of {unit!r} by 'community' or a level below it, not {by!r}"
            raise InvalidFieldError(msg)
        grouped: dict[str, list[GroupFigures]] = {}
        for code, group in stats.by_group.items():
            grouped.setdefault(division_of(code, by), []).append(group)
        return {code: add_group_figures(groups) for code, groups in sorted(grouped.items())}

    def ranking(self, unit: str, *, by: str = "community", rule: WeightedRates = THREE_RATES) -> list[Score]:
        """Scores of the communities (or, ``by="street"``, the streets) in ``unit``, best first.

        Each is scored by ``rule`` from its own figures, with the rule's minimum sample;
        unrated ones follow the rated, by code.
        """
        stats = self.statistics(unit)
        figures = self.figures(unit, by=by)
        return rank(rule.rate(code, found, stats, period=self.period) for code, found in figures.items())


def roll_up(
    sources: Iterable[LedgerSource],
    *,
    level: str = "street",
    period: Period | None = None,
    executor: Executor | None = None,
    actions: MetricActions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Rollup:
    """Tally every source's ledger (on ``executor``, or here when ``None``) and group them at ``level``.

    Each task returns a small tally, never the events; the result does not depend on the
    executor, the number of workers or the order tasks finish in.
    """
    _check_level(level)
    sources = list(sources)
    parts: list[CommunityPart] = []
    if executor is None:
        for source in sources:
            parts.append(community_part(source, period=period, actions=actions))
            if progress is not None:
                progress(len(parts), len(sources))
    else:
        futures = [executor.submit(community_part, s, period=period, actions=actions) for s in sources]
        for future in futures:
            parts.append(future.result())
            if progress is not None:
                progress(len(parts), len(sources))
    return Rollup(level, period, tuple(sorted(parts, key=lambda p: p.code)))
