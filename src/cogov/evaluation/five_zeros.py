"""The five zeros (五个零) as measured targets, from events.

The source: the red-grid structure should "真正实现民情直通'零障碍'、矛盾问题'零上交'、服务群众
'零距离'、扶弱济困'零盲点'、主体参与'零缺位'".  Each zero becomes a rate whose target is 100 %:

========================== ===================================================================
``voices_answered``        零障碍: issues collected in the period that got any answer or step
                           after intake (an answer on the spot, a registration, a rejection, …)
``disputes_kept``          零上交: disputes (mediable kinds) collected in the period that were
                           not whistled up (吹哨) or referred out of the community
``services_zero_distance`` 零距离: the one-visit rate of one-stop requests (:mod:`.one_stop`)
``weak_covered``           零盲点: households flagged vulnerable (a present member with one of
                           ``vulnerable_attributes``) with a helper assigned by the period's end
                           and a help visit in the period
``none_absent``            零缺位: households with a present member who attended a meeting or
                           took part in an activity in the period
========================== ===================================================================

Places define their zeros differently, so the list is configurable: :class:`FiveZeros`
takes the targets it measures and the attributes that flag a household vulnerable.  A
target with nothing to measure (no disputes, no requests) is *not measured*, never 0 %.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import InvalidFieldError, UnknownKeyError
from cogov.evaluation._sources import bounds, events_of
from cogov.evaluation.one_stop import one_stop
from cogov.evaluation.period import Period
from cogov.evaluation.rule import EvaluationContext, RuleBase
from cogov.evaluation.score import Criterion, Score, Tier
from cogov.model import fields
from cogov.model.charter import Charter
from cogov.model.events import (
    ActivityHeld,
    Event,
    HelperAssigned,
    HouseholdHelped,
    IssueCollected,
    IssueEvent,
    MeetingHeld,
)
from cogov.model.labels import Labelled
from cogov.model.structure import Community

__all__ = ["DEFAULT_VULNERABLE", "ZERO_LABELS", "FiveZeros", "FiveZerosFigures", "ZeroTarget", "five_zeros"]

#: person attributes that flag a household as one to help (孤寡、独居老人, 困难群体, …)
DEFAULT_VULNERABLE = frozenset({"elderly_alone", "in_difficulty", "disabled", "low_income"})

#: each target's key and its bilingual label
ZERO_LABELS: dict[str, tuple[str, str]] = {
    "voices_answered": ("民情直通零障碍", "residents' voices answered"),
    "disputes_kept": ("矛盾问题零上交", "disputes kept in the community"),
    "services_zero_distance": ("服务群众零距离", "services at zero distance (one visit)"),
    "weak_covered": ("扶弱济困零盲点", "no blind spot in helping the weak"),
    "none_absent": ("主体参与零缺位", "no one absent"),
}
_PASSED_UP = frozenset({"whistle", "refer_out"})


@attrs.frozen
class ZeroTarget(Labelled):
    """One zero measured: ``numerator`` of ``denominator``; ``seqs`` are the events that fall short."""

    numerator: int
    denominator: int
    seqs: tuple[int, ...] = ()
    note: str = ""

    @property
    def rate(self) -> float | None:
        """The share reached (``None``: nothing to measure)."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def met(self) -> bool | None:
        return None if self.denominator == 0 else self.numerator == self.denominator


@attrs.frozen
class FiveZerosFigures:
    """The five zeros (五个零) measured over a period, one target each; ``figures["answered"]`` picks one."""

    targets: tuple[ZeroTarget, ...]

    def __getitem__(self, key: str) -> ZeroTarget:
        for target in self.targets:
            if target.key == key:
                return target
        msg = f"no five-zeros target {key!r}; measured: {[t.key for t in self.targets]}"
        raise UnknownKeyError(msg)


def _check_targets(targets: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(targets)
    unknown = [t for t in chosen if t not in ZERO_LABELS]
    if unknown or not chosen:
        msg = f"five zeros: unknown targets {unknown}; choose among {list(ZERO_LABELS)}"
        raise InvalidFieldError(msg)
    return chosen


def five_zeros(  # noqa: PLR0915 - one pass over the events for all five targets
    source: Ledger | Iterable[Event],
    charter: Charter | None = None,
    community: Community | None = None,
    *,
    period: Period | None = None,
    unit: str | None = None,
    vulnerable_attributes: frozenset[str] = DEFAULT_VULNERABLE,
    targets: Iterable[str] = tuple(ZERO_LABELS),
) -> FiveZerosFigures:
    """The five zeros of ``source`` over ``period`` within ``unit`` (see the module's table)."""
    chosen = _check_targets(targets)
    if isinstance(source, Ledger):
        charter = charter or source.charter
        community = community or source.community
    if charter is None or community is None:
        msg = "five_zeros: pass the charter and community with a plain iterable of events (or pass a Ledger)"
        raise InvalidFieldError(msg)
    scope = unit or community.root
    assert scope is not None
    mediable = {k.key for k in charter.issue_kinds if k.mediable}
    start, end = bounds(period)
    issues: dict[str, list[int]] = {}  # issue -> [collected seq, answered, dispute, passed-up seq or -1]
    helpers: set[str] = set()
    helped: set[str] = set()
    present: set[str] = set()
    events = list(events_of(source))
    for seq, event in enumerate(events):
        at = event.at
        if at >= end:
            continue
        if isinstance(event, IssueCollected):
            if at >= start and community.within(event.unit, scope):
                issues[event.issue] = [seq, 0, event.kind in mediable, -1]
        elif isinstance(event, IssueEvent):
            track = issues.get(event.issue)
            if track is not None:
                track[1] = 1
                if event.action in _PASSED_UP and track[3] < 0:
                    track[3] = seq
        elif isinstance(event, HelperAssigned):
            helpers.add(event.household)
        elif isinstance(event, HouseholdHelped):
            if at >= start:
                helped.add(event.household)
        elif isinstance(event, MeetingHeld):
            if at >= start:
                present.update(event.attendees)
        elif isinstance(event, ActivityHeld) and at >= start:
            present.update(event.participants)
    innermost = community.levels[-1].key
    households = [
        u.code
        for u in community.units_at(innermost)
        if not community.is_retired(u.code) and community.within(u.code, scope)
    ]
    residents = {h: [p for p in community.members(h) if not community.has_left(p.id)] for h in households}
    lived_in = [h for h in households if residents[h]]
    result: list[ZeroTarget] = []
    for key in chosen:
        zh, en = ZERO_LABELS[key]
        if key == "voices_answered":
            silent = [t[0] for t in issues.values() if not t[1]]
            result.append(ZeroTarget(key, zh, en, len(issues) - len(silent), len(issues), tuple(silent)))
        elif key == "disputes_kept":
            disputes = [t for t in issues.values() if t[2]]
            passed = [t[3] for t in disputes if t[3] >= 0]
            result.append(ZeroTarget(key, zh, en, len(disputes) - len(passed), len(disputes), tuple(passed)))
        elif key == "services_zero_distance":
            figures = one_stop(events, community, period=period, unit=scope)
            result.append(
                ZeroTarget(key, zh, en, figures.one_visit, figures.delivered, figures.repeat_visits)
            )
        elif key == "weak_covered":
            flagged = [h for h in lived_in if any(p.attributes & vulnerable_attributes for p in residents[h])]
            missed = [h for h in flagged if h not in helpers or h not in helped]
            note = f"not covered: {', '.join(missed[:5])}{' …' if len(missed) > 5 else ''}" if missed else ""
            result.append(ZeroTarget(key, zh, en, len(flagged) - len(missed), len(flagged), note=note))
        else:
            came = [h for h in lived_in if any(p.id in present for p in residents[h])]
            result.append(ZeroTarget(key, zh, en, len(came), len(lived_in)))
    return FiveZerosFigures(tuple(result))


@attrs.frozen
class FiveZeros(Labelled, RuleBase):
    """The five zeros as a score of the community (100 points shared by the measured targets).

    Each measured target scores its rate times its share; a target with nothing to measure
    gets no share (so a year without one-stop requests is scored on the other four).
    """

    # the family's own names unless given (redeclared names keep their place after the key)
    zh: str = attrs.field(default="五个零", validator=fields.label)
    en: str = attrs.field(default="five zeros", validator=fields.label)
    targets: tuple[str, ...] = attrs.field(default=tuple(ZERO_LABELS), converter=_check_targets)
    vulnerable_attributes: frozenset[str] = attrs.field(
        default=DEFAULT_VULNERABLE, converter=fields.keyset, validator=fields.keys
    )
    tiers: tuple[Tier, ...] = ()
    subject: str = "unit"
    #: scored for the community (no level: the report scores the community unit)
    level: str | None = None
    maximum: float = 100.0
    family = "five_zeros"

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        self._require_sound()
        figures = five_zeros(
            context.events,
            context.charter,
            context.community,
            period=context.period,
            unit=subject_id,
            vulnerable_attributes=self.vulnerable_attributes,
            targets=self.targets,
        )
        measured = [t for t in figures.targets if t.rate is not None]
        if not measured:
            return self._score(
                context,
                subject_id,
                criteria=(),
                rated=False,
                reason="none of the five zeros has anything to measure in the period",
                reason_zh="本期五个零均无可计量事项",
            )
        share = self.maximum / len(measured)
        criteria = []
        for target in figures.targets:
            rate = target.rate
            criteria.append(
                Criterion(
                    target.key,
                    target.zh,
                    target.en,
                    0.0 if rate is None else share * rate,
                    0.0 if rate is None else share,
                    seqs=target.seqs,
                    note=(
                        "not measured: nothing to count"
                        if rate is None
                        else f"{target.numerator} of {target.denominator} ({rate:.1%}){'; ' + target.note if target.note else ''}"
                    ),
                    note_zh=(
                        "无可计量事项"
                        if rate is None
                        else f"{target.numerator}/{target.denominator}（{rate:.1%}）"
                    ),
                )
            )
        return self._score(context, subject_id, criteria=criteria)
