"""Governance statistics over any period and any unit, computed from events alone.

One pass over the events keeps a small track per issue (its state, when it was collected,
which steps it has taken, when it first reached a resolved state, the last follow-up
answer); a second, much shorter pass over those tracks adds them up.  Nothing here reads the
ledger's folded state, so the same function works on a live ledger, on events streamed from
a store, or on a synthetic county too large to hold in memory.

Semantics (the definitions a report must state):

- **Cohort.**  Issue figures count the issues *collected in the period* (and within the
  unit).  Their later steps count when they happen before the period ends, so every rate
  has the period's collected issues as its population and stays within [0, 1].  Steps of
  issues collected before the period are not counted.
- **Resolved** (已解决; the source's "answered and resolved", 答复并解决) is an issue whose
  state entered a state of category :attr:`~cogov.Category.RESOLVED` at least once by the
  end of the period, whatever workflow the charter uses.  A later reopen does not undo it
  (it counts in the reopen rate instead).  Time to resolution runs from collection to that
  first entry.
- **Answered on the spot, registered, escalated, whistled, mediated, …** count issues that
  took the named workflow action at least once (see :class:`MetricActions`, whose defaults
  are the canonical workflow's action keys; a plugin that renames them passes its own).
- **Responded** is an issue that took any step after intake.
- **Disputes** are issues of a kind the charter marks ``mediable``.
- **Follow-up satisfaction** reads each issue's last follow-up answer before the period end;
  the plain rate counts answers whose level is ``satisfied`` among answers with a weight (不了解
  "don't know" has none and is left out); the weighted rate averages the weights.
- **On time (SLA)**: an issue whose kind sets ``resolve_within_days`` is *due* when it was
  resolved, or when its deadline (that many working days of the charter's calendar after the
  collection date) has passed by the end of the period; it is *on time* when it was resolved
  on or before the deadline.  Dates are taken in each event's own UTC offset.
- **Meetings and activities** count when they are held in the period at a unit within the
  filtering unit; volunteer person-times are participants summed per activity kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence, Sized
from datetime import UTC, datetime
from fractions import Fraction
from itertools import repeat
from typing import Any

from cogov.engine.batches import gc_paused
from cogov.engine.ledger import Ledger
from cogov.errors import IllegalTransitionError, InvalidFieldError
from cogov.evaluation.figures import FLAG_BITS, ActorFigures, GroupFigures, MetricActions, Statistics
from cogov.evaluation.period import Period
from cogov.evaluation.tally import LATE, NOT_DUE, ON_TIME, PENDING, Combo, Tally
from cogov.evaluation.tracks import DeadlineCalendar as _Calendar
from cogov.evaluation.tracks import StateTable as _StateTable
from cogov.evaluation.tracks import Track as _Track
from cogov.model.charter import Charter
from cogov.model.events import ActivityHeld, Event, IssueCollected, IssueEvent, MeetingHeld
from cogov.model.structure import Community
from cogov.model.workflow import Category

__all__ = [
    "ActorFigures",
    "GroupFigures",
    "MetricActions",
    "Statistics",
    "Tally",
    "compute_statistics",
    "tally",
]

_FLAG_BITS = FLAG_BITS
_RESPONDED = FLAG_BITS["responded"]


_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)
_FAR_PAST = datetime.min.replace(tzinfo=UTC)


_RESOLVING, _FOLLOW_UP = 1, 2
_ZERO = Fraction(0)


# what the main loop does with an event class
_OTHER, _COLLECT, _STEP, _MEETING, _ACTIVITY = range(5)


def _classify(cls: type) -> int:
    if cls is IssueCollected or (issubclass(cls, IssueCollected)):
        return _COLLECT
    if issubclass(cls, IssueEvent):
        return _STEP
    if issubclass(cls, MeetingHeld):
        return _MEETING
    if issubclass(cls, ActivityHeld):
        return _ACTIVITY
    return _OTHER


def compute_statistics(
    source: Ledger | Iterable[Event],
    charter: Charter | None = None,
    community: Community | None = None,
    *,
    period: Period | None = None,
    unit: str | None = None,
    group_level: str = "grid",
    trace: bool = False,
    actions: MetricActions | None = None,
) -> Statistics:
    """The statistics table of the events in ``period`` (all time if ``None``) within ``unit``.

    ``source`` is a :class:`~cogov.Ledger` (its charter and community are used unless given)
    or any iterable of events in recorded order (then ``charter`` and ``community`` are
    required); sequence numbers are positions in that order.  Issue figures are grouped by
    the ancestor of each issue's unit at ``group_level`` (``"-"`` when it has none).  With
    ``trace=True`` the result's :attr:`Statistics.evidence` names the events behind each
    figure (costs memory; leave it off for a county).
    """
    counted, evidence = _run(
        source,
        charter,
        community,
        period=period,
        unit=unit,
        group_level=group_level,
        trace=trace,
        actions=actions,
    )
    return counted.statistics(evidence)


def tally(
    source: Ledger | Iterable[Event],
    charter: Charter | None = None,
    community: Community | None = None,
    *,
    period: Period | None = None,
    unit: str | None = None,
    group_level: str = "grid",
    actions: MetricActions | None = None,
) -> Tally:
    """The mergeable counts behind :func:`compute_statistics`'s table (same arguments, no tracing).

    ``tally(...).statistics()`` equals ``compute_statistics(...)``; tallies of several ledgers merge
    (:func:`cogov.evaluation.tally.merge`) into the table of all their events.
    """
    counted, _ = _run(
        source,
        charter,
        community,
        period=period,
        unit=unit,
        group_level=group_level,
        trace=False,
        actions=actions,
    )
    return counted


def _run(
    source: Ledger | Iterable[Event],
    charter: Charter | None,
    community: Community | None,
    *,
    period: Period | None,
    unit: str | None,
    group_level: str,
    trace: bool,
    actions: MetricActions | None,
) -> tuple[Tally, dict[str, tuple[int, ...]]]:
    if isinstance(source, Ledger):
        charter = charter or source.charter
        community = community or source.community
        events: Iterable[Event] = source.corrected_events  # as corrected since recorded
    else:
        events = source
    if charter is None or community is None:
        msg = "compute_statistics: pass the charter and community along with a plain iterable of events (or pass a Ledger)"
        raise InvalidFieldError(msg)
    if unit is not None:
        community.unit(unit)
    community.level_depth(group_level)
    actions = actions or MetricActions()
    fold = _Fold(
        charter=charter,
        community=community,
        period=period,
        unit=unit,
        group_level=group_level,
        trace=trace,
        actions=actions,
    )
    # The pass creates one small list per issue and no reference cycles; with a million
    # issues the cyclic collector would re-scan them again and again for nothing.
    with gc_paused():
        return fold.run(events)


class _Fold:
    def __init__(
        self,
        *,
        charter: Charter,
        community: Community,
        period: Period | None,
        unit: str | None,
        group_level: str,
        trace: bool,
        actions: MetricActions,
    ) -> None:
        self.charter = charter
        self.community = community
        self.period = period
        self.unit = unit
        self.group_level = group_level
        self.trace = trace
        self.actions = actions
        workflow = charter.workflow
        self.moves: dict[tuple[str | None, str], str] = {}
        for tr in workflow.transitions:
            for source in tr.sources or (None,):
                self.moves[source, tr.action] = tr.target
        self.resolved_states = frozenset(s.key for s in workflow.states if s.category is Category.RESOLVED)
        self.unresolved_states = frozenset(
            s.key for s in workflow.states if s.category is Category.CLOSED_UNRESOLVED
        )
        self.flags = actions.flags()
        self.follow_up_actions = actions.follow_up
        self.unit_info: dict[str, tuple[bool, str]] = {}

    def _unit(self, code: str) -> tuple[bool, str]:
        info = self.unit_info.get(code)
        if info is None:
            community = self.community
            inside = self.unit is None or self.unit in community.lineage(code)
            group = community.ancestor_at(code, self.group_level) or "-"
            info = (inside, group)
            self.unit_info[code] = info
        return info

    def _tables(self) -> dict[str | None, _StateTable]:
        """Per state, the steps out of it: action → (next table, flags, resolves?, follow-up?).

        The track of an issue holds its state's table, so a step costs one dict lookup
        with no tuple key to build or hash.
        """
        keys: set[str | None] = {None, *self.moves.values()}
        keys.update(source for source, _ in self.moves)
        tables: dict[str | None, _StateTable] = {key: _StateTable(key) for key in keys}
        for (source, action), target in self.moves.items():
            tables[source][action] = (
                tables[target],
                self.flags.get(action, 0) | _RESPONDED,
                (_RESOLVING if target in self.resolved_states else 0)
                | (_FOLLOW_UP if action in self.follow_up_actions else 0),
            )
        return tables

    def run(self, events: Iterable[Event]) -> tuple[Tally, dict[str, tuple[int, ...]]]:  # noqa: PLR0915 - the hot loop stays flat for speed
        period = self.period
        start = period.start if period is not None else None
        end = period.end if period is not None else _FAR_FUTURE
        no_period = period is None
        trace = self.trace
        intake = self._tables()[None]
        unit_info = self.unit_info
        unit_of = self._unit
        kinds: dict[type, int] = {}
        tracks: dict[str, _Track] = {}
        meetings: Counter[str] = Counter()
        convened: Counter[str] = Counter()
        recorded: Counter[str] = Counter()
        person_times: Counter[str] = Counter()
        person_hours: dict[str, Fraction] = {}
        meeting_seqs: dict[str, list[int]] = {}
        activity_seqs: dict[str, list[int]] = {}
        last_at = _FAR_PAST
        seq = -1
        # sequence numbers are only needed for evidence (and error messages); a sized
        # source is read without numbering it, which saves an int per event
        size = len(events) if not trace and isinstance(events, Sized) else None
        # ``event`` is typed Any: the branch taken is chosen by its class (``_classify``),
        # which the type checker cannot follow; each branch reads only fields its class has
        pairs: Iterable[tuple[int, Any]] = zip(repeat(-1), events) if size is not None else enumerate(events)
        for seq, event in pairs:
            cls = type(event)
            what = kinds.get(cls)
            if what is None:
                what = kinds[cls] = _classify(cls)
            if what == _STEP:
                track = tracks.get(event.issue)
                if track is None:
                    continue
                at = event.at
                if at >= end:
                    continue
                step = track.table.get(event.action)
                if step is None:
                    raise _off_workflow(event, track.table.state, _position(events, event, seq))
                table, bits, special = step
                track.table = table
                if trace and bits & ~track.flags:
                    marks = track.marks
                    assert marks is not None  # kept whenever tracing
                    for name, bit in _FLAG_BITS.items():
                        if bits & bit and name not in marks:
                            marks[name] = seq
                track.flags |= bits
                if special:  # most steps neither resolve nor record a follow-up answer
                    if special & _RESOLVING and track.resolved_at is None:
                        track.resolved_at = at
                        track.resolver = event.actor
                        if trace:
                            assert track.marks is not None
                            track.marks["resolved"] = seq
                    if special & _FOLLOW_UP:
                        track.satisfaction = getattr(event, "satisfaction", None)
                        if trace:
                            assert track.marks is not None
                            track.marks["follow_up_answer"] = seq
                if no_period and at > last_at:
                    last_at = at
            elif what == _COLLECT:
                at = event.at
                if start is not None and not start <= at < end:
                    continue
                info = unit_info.get(event.unit)
                if info is None:
                    info = unit_of(event.unit)
                inside, group = info
                if not inside:
                    continue
                step = intake.get(event.action)
                if step is None:
                    raise _off_workflow(event, None, _position(events, event, seq))
                table, _, special = step
                resolving = special & _RESOLVING
                tracks[event.issue] = _Track(
                    table,
                    at,
                    event.kind,
                    group,
                    event.channel,
                    at if resolving else None,
                    event.actor if resolving else None,
                    (
                        ({"collected": seq, "resolved": seq} if resolving else {"collected": seq})
                        if trace
                        else None
                    ),
                )
                if no_period and at > last_at:
                    last_at = at
            elif what == _MEETING:
                at = event.at
                if start is not None and not start <= at < end:
                    continue
                inside, _ = unit_of(event.unit)
                if not inside:
                    continue
                kind = event.kind
                meetings[kind] += 1
                convened[event.actor] += 1
                if trace:
                    meeting_seqs.setdefault(kind, []).append(seq)
                if no_period and at > last_at:
                    last_at = at
            elif what == _ACTIVITY:
                at = event.at
                if start is not None and not start <= at < end:
                    continue
                inside, _ = unit_of(event.unit)
                if not inside:
                    continue
                kind = event.kind
                n = len(event.participants)
                person_times[kind] += n
                # exact: a float sum would depend on the order, and tallies merge in any order
                person_hours[kind] = person_hours.get(kind, _ZERO) + Fraction(event.hours) * n
                recorded[event.actor] += 1
                if trace:
                    activity_seqs.setdefault(kind, []).append(seq)
        return self._summarise(
            tracks=tracks,
            events_read=size if size is not None else seq + 1,
            last_at=last_at if last_at is not _FAR_PAST else None,
            meetings=meetings,
            convened=convened,
            recorded=recorded,
            person_times=person_times,
            person_hours=person_hours,
            meeting_seqs=meeting_seqs,
            activity_seqs=activity_seqs,
        )

    def _summarise(
        self,
        *,
        tracks: dict[str, _Track],
        events_read: int,
        last_at: datetime | None,
        meetings: Counter[str],
        convened: Counter[str],
        recorded: Counter[str],
        person_times: Counter[str],
        person_hours: dict[str, Fraction],
        meeting_seqs: dict[str, list[int]],
        activity_seqs: dict[str, list[int]],
    ) -> tuple[Tally, dict[str, tuple[int, ...]]]:
        charter = self.charter
        mediable = {k.key for k in charter.issue_kinds if k.mediable}
        sla_days = {k.key: k.resolve_within_days for k in charter.issue_kinds}
        unresolved_states = self.unresolved_states
        calendar = _Calendar(charter)
        resolvers: Counter[str] = Counter()
        days: list[float] = []
        #: days to resolution of registered issues only: most issues are answered on the spot,
        #: in zero days, so the median over all of them is 0 and says nothing about handling
        registered_days: list[float] = []
        register_bit = _FLAG_BITS["register"]
        evidence: dict[str, list[int]] = {}
        trace = self.trace
        # Per issue only what needs the issue itself (durations, deadlines, resolvers,
        # evidence); everything else is counted once per distinct combination (a Combo).
        # An open issue's deadline is kept as its due day: whether it is late depends on
        # when the table is read, which a merge of tallies may move later.
        combos: Counter[Combo] = Counter()
        for track in tracks.values():
            state = track.table.state
            opened, kind, group, resolved_at, sat = (
                track.opened,
                track.kind,
                track.group,
                track.resolved_at,
                track.satisfaction,
            )
            limit = sla_days.get(kind)
            sla, due = NOT_DUE, 0
            if limit is not None:
                due_day = calendar.deadline(opened.toordinal(), limit)
                if resolved_at is not None:
                    sla = ON_TIME if resolved_at.toordinal() <= due_day else LATE
                elif state not in unresolved_states:
                    sla, due = PENDING, due_day
            if resolved_at is not None:
                took = (resolved_at - opened).total_seconds() / 86400.0
                days.append(took)
                if track.flags & register_bit:
                    registered_days.append(took)
                if track.resolver is not None:
                    resolvers[track.resolver] += 1
            combos[
                state, kind, group, track.channel, track.flags, sat, resolved_at is not None, sla, due
            ] += 1
            if trace:
                assert track.marks is not None  # kept whenever tracing
                dispute = kind in mediable
                for name, s in track.marks.items():
                    if name == "follow_up_answer":
                        name = f"follow_up:{sat}"  # noqa: PLW2901 - the answer names the figure
                    evidence.setdefault(name, []).append(s)
                    evidence.setdefault(f"{name}@{group}", []).append(s)
                    if name == "resolved" and dispute:
                        evidence.setdefault("disputes_resolved", []).append(s)
                    if name == "resolved" and sla == ON_TIME:
                        evidence.setdefault("on_time", []).append(s)
                        evidence.setdefault(f"on_time@{group}", []).append(s)
        if trace:
            for kind, seqs in meeting_seqs.items():
                evidence[f"meetings:{kind}"] = seqs
            for kind, seqs in activity_seqs.items():
                evidence[f"activities:{kind}"] = seqs
        counted = Tally(
            period=self.period,
            unit=self.unit,
            group_level=self.group_level,
            events_read=events_read,
            last_at=last_at,
            combos=combos,
            days=days,
            registered_days=registered_days,
            resolvers=resolvers,
            convened=convened,
            recorded=recorded,
            meetings=meetings,
            person_times=person_times,
            person_hours=person_hours,
            mediable=frozenset(mediable),
            unresolved_states=unresolved_states,
            satisfaction_weights={s.key: s.weight for s in charter.satisfaction_scale},
            satisfied_levels=frozenset(s.key for s in charter.satisfaction_scale if s.satisfied),
        )
        return counted, {k: tuple(sorted(v)) for k, v in sorted(evidence.items())}


def _position(events: Iterable[Event], event: Event, seq: int) -> int:
    """The sequence number of ``event`` when the loop did not number the events."""
    if seq >= 0 or not isinstance(events, Sequence):
        return seq
    return next(i for i, e in enumerate(events) if e is event)


def _off_workflow(event: IssueEvent, state: str | None, seq: int) -> IllegalTransitionError:
    where = "as an intake" if state is None else f"from state {state!r}"
    msg = (
        f"event #{seq} ({type(event).type}) on issue {event.issue!r}: the charter's workflow has no "
        f"action {event.action!r} {where}; compute statistics with the charter the events were recorded under"
    )
    return IllegalTransitionError(msg)
