"""Star ratings with vetoes, e.g. ten-star civilised households (十星级文明户).

Each star is a pass/fail check; the rating is the number of stars passed; any veto
(一票否决) removes the rating.  A star passes when the household claimed it and the claim
went through the procedure the rule asks for: self-claim (自评申报) → each review stage
(representatives' assembly 评议, committee check 审核, …) approving it → public notice (公示)
completed without the star being struck.  A star may also require evidence from the
ledger: a household member taking part in activities of given kinds during the period.

Re-rating: only the household's latest claim made within ``valid_days`` before the end of
the period counts, so a rating lapses unless renewed.  Cooling-off: after a revocation the
household is vetoed until ``cooling_off_days`` have passed.  Star sets, vetoes and tiers
differ by place, so the core ships no star list: plugins configure them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import attrs

from cogov.errors import InvalidFieldError
from cogov.evaluation.off_ledger import PublicNotice, StarClaim, StarReview, StarRevocation, VetoFinding
from cogov.evaluation.rule import EvaluationContext, RuleBase
from cogov.evaluation.score import Criterion, Score, Tier, Veto
from cogov.model import fields
from cogov.model.events import ActivityHeld
from cogov.model.labels import Labelled

__all__ = ["Star", "StarRating", "VetoRule", "participation"]

#: a custom check: (context, household) → (found, event seqs, note)
Finding = Callable[[EvaluationContext, str], tuple[bool, Iterable[int], str]]


def _key_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"expected a collection of keys, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return tuple(value)


def _keyset(value: Iterable[str]) -> frozenset[str]:
    return fields.keyset(value)


@attrs.frozen
class Star(Labelled):
    """One star: a pass/fail check, optionally needing ``min_person_times`` activity participations."""

    activity_kinds: frozenset[str] = attrs.field(
        default=frozenset(), converter=_keyset, validator=fields.keys
    )
    min_person_times: int = attrs.field(default=1, validator=attrs.validators.ge(1))


@attrs.frozen
class VetoRule(Labelled):
    """A disqualifier: found by a :class:`~cogov.evaluation.off_ledger.VetoFinding` with this key,
    or by ``check`` (a callable over the context, returning found, event seqs and a note)."""

    check: Finding | None = attrs.field(default=None, eq=False)


#: Chinese names of the usual review stages of a star rating
_STAGES_ZH = {"representatives": "居民代表", "committee": "社区两委"}


def _kind_zh(context: EvaluationContext, key: str) -> str:
    """An activity kind's Chinese name (its key when the charter does not know it)."""
    try:
        return context.charter.activity_kind(key).zh
    except LookupError:
        return key


def participation(context: EvaluationContext) -> dict[str, list[tuple[int, str, datetime]]]:
    """Person id → (seq, activity kind, time) of every activity they took part in (cached)."""
    key = ("participation",)
    cache = context._cache
    found = cache.get(key)
    if found is None:
        found = {}
        for seq, event in enumerate(context.events):
            # isinstance: an activity an association holds (AssociationActivityHeld) counts too
            if isinstance(event, ActivityHeld):
                for person in event.participants:
                    found.setdefault(person, []).append((seq, event.kind, event.at))
        cache[key] = found
    return found


def _positive_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"StarRating.{attribute.name}: expected a whole number of days >= 0, got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class StarRating(Labelled, RuleBase):
    """A star rating of households: stars, vetoes, tiers by count and the claim procedure."""

    family: ClassVar[str] = "star_rating"
    stars: tuple[Star, ...] = attrs.field(validator=fields.tuple_of(Star))
    vetoes: tuple[VetoRule, ...] = attrs.field(default=(), validator=fields.tuple_of(VetoRule))
    tiers: tuple[Tier, ...] = attrs.field(default=(), validator=fields.tuple_of(Tier))
    #: review stages a star must pass, in order (e.g. representatives, then committee)
    stages: tuple[str, ...] = attrs.field(
        default=("representatives", "committee"),
        converter=_key_tuple,
        validator=attrs.validators.deep_iterable(fields.key),
    )
    #: Chinese names of the stages for Chinese explanations, where they differ from the usual
    #: ones (居民代表 for representatives, 社区两委 for committee); a stage without one shows its key
    stage_names_zh: dict[str, str] = attrs.field(factory=dict)
    require_notice: bool = True
    valid_days: int = attrs.field(default=365, validator=_positive_days)
    cooling_off_days: int = attrs.field(default=730, validator=_positive_days)
    subject: str = attrs.field(default="household", init=False)

    @property
    def maximum(self) -> float:  # type: ignore[override]
        return float(len(self.stars))

    def problems(self) -> list[str]:
        out = super().problems()
        owner = f"rule {self.key!r}"
        if not self.stars:
            out.append(f"{owner}: no stars; give at least one Star")
        keys = [s.key for s in self.stars]
        if len(set(keys)) != len(keys):
            out.append(f"{owner}: star keys must be unique, got {keys}")
        vkeys = [v.key for v in self.vetoes]
        if len(set(vkeys)) != len(vkeys):
            out.append(f"{owner}: veto keys must be unique, got {vkeys}")
        if len(set(self.stages)) != len(self.stages):
            out.append(f"{owner}: review stages must be unique, got {list(self.stages)}")
        return out

    # -- evaluation -------------------------------------------------------------------------
    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        """Score household ``subject_id`` over the context's period."""
        self._require_sound()
        unit = context.community.unit(subject_id)
        if unit.level != context.community.levels[-1].key:
            msg = f"rule {self.key!r} rates households; {subject_id!r} is a {unit.level!r}"
            raise InvalidFieldError(msg)
        end = self._end(context)
        vetoes = self._vetoes(context, subject_id, end)
        claim = self._latest_claim(context, subject_id, end)
        criteria = [self._star(context, subject_id, star, claim, end) for star in self.stars]
        return self._score(context, subject_id, criteria=criteria, vetoes=vetoes)

    @staticmethod
    def _end(context: EvaluationContext) -> datetime:
        if context.period is not None:
            return context.period.end
        last = context.events[-1].at if len(context.events) else None
        times = [r.at for r in context.records]
        if last is not None:
            times.append(last)
        return max(times) + timedelta(seconds=1) if times else datetime.max.replace(tzinfo=UTC)

    def _window(self, context: EvaluationContext, end: datetime) -> datetime:
        start = end - timedelta(days=self.valid_days)
        if context.period is not None and context.period.start > start:
            return context.period.start
        return start

    def _vetoes(self, context: EvaluationContext, household: str, end: datetime) -> list[Veto]:
        found: list[Veto] = []
        start = self._window(context, end)
        findings = [
            r for r in context.records_of(VetoFinding) if r.subject == household and start <= r.at < end
        ]
        for rule in self.vetoes:
            mine = [f for f in findings if f.veto == rule.key]
            if mine:
                found.append(
                    Veto(
                        rule.key,
                        rule.zh,
                        rule.en,
                        seqs=[s for f in mine for s in f.evidence],
                        records=[f.id for f in mine],
                        note="; ".join(f.finding for f in mine),
                    )
                )
            elif rule.check is not None:
                hit, seqs, note = rule.check(context, household)
                if hit:
                    found.append(Veto(rule.key, rule.zh, rule.en, seqs=list(seqs), note=note))
        for revocation in context.records_of(StarRevocation):
            if (
                revocation.household == household
                and revocation.at < end
                and revocation.at + timedelta(days=self.cooling_off_days) > end
            ):
                until = revocation.at + timedelta(days=self.cooling_off_days)
                found.append(
                    Veto(
                        "cooling_off",
                        "摘星后冷却期",
                        "cooling-off after revocation",
                        seqs=revocation.evidence,
                        records=[revocation.id],
                        note=f"revoked {revocation.at:%Y-%m-%d} ({revocation.reason}); may be rated again from {until:%Y-%m-%d}",
                        note_zh=f"{revocation.at:%Y-%m-%d} 摘星（{revocation.reason}）；{until:%Y-%m-%d} 起可重新评定",
                    )
                )
        return found

    def _stage_zh(self, stage: str) -> str:
        return self.stage_names_zh.get(stage) or _STAGES_ZH.get(stage, stage)

    def _latest_claim(self, context: EvaluationContext, household: str, end: datetime) -> StarClaim | None:
        start = self._window(context, end)
        claims = [
            c for c in context.records_of(StarClaim) if c.household == household and start <= c.at < end
        ]
        return max(claims, key=lambda c: (c.at, c.id)) if claims else None

    def _star(
        self, context: EvaluationContext, household: str, star: Star, claim: StarClaim | None, end: datetime
    ) -> Criterion:
        def fail(note: str, note_zh: str, records: Iterable[str] = (), seqs: Iterable[int] = ()) -> Criterion:
            return Criterion(
                star.key, star.zh, star.en, 0.0, 1.0, seqs=seqs, records=records, note=note, note_zh=note_zh
            )

        if claim is None:
            return fail("no claim within the rating window (未申报)", "评定期内未申报")
        records = [claim.id]
        seqs = list(claim.evidence)
        if star.key not in claim.stars:
            return fail("not claimed (未申报此星)", "未申报此星", records, seqs)
        # each stage counts only after the one before it (claim → review → check → notice)
        last = claim.at
        for stage in self.stages:
            reviews = [
                r
                for r in context.records_of(StarReview)
                if r.claim == claim.id and r.stage == stage and last <= r.at < end
            ]
            if not reviews:
                return fail(
                    f"awaiting {stage} review after {last:%Y-%m-%d} (待{stage}评审)",
                    f"{last:%Y-%m-%d} 后待{self._stage_zh(stage)}评审",
                    records,
                    seqs,
                )
            review = max(reviews, key=lambda r: (r.at, r.id))
            last = review.at
            records.append(review.id)
            seqs.extend(review.evidence)
            if star.key not in review.approved:
                return fail(
                    f"not approved at {stage} (未通过)", f"{self._stage_zh(stage)}评审未通过", records, seqs
                )
        if self.require_notice:
            notices = [
                n for n in context.records_of(PublicNotice) if n.claim == claim.id and last <= n.at < end
            ]
            if not notices:
                return fail("not yet publicly posted (未公示)", "尚未公示", records, seqs)
            notice = max(notices, key=lambda n: (n.at, n.id))
            records.append(notice.id)
            seqs.extend(notice.evidence)
            if notice.at + timedelta(days=notice.days) > end:
                return fail(
                    f"public notice runs until {notice.at + timedelta(days=notice.days):%Y-%m-%d}",
                    f"公示期至 {notice.at + timedelta(days=notice.days):%Y-%m-%d}",
                    records,
                    seqs,
                )
            if star.key in notice.struck:
                return fail(
                    "struck after an upheld objection (公示异议成立)", "公示异议成立，已撤销", records, seqs
                )
        note = "claimed, approved at " + ", ".join(self.stages) if self.stages else "claimed"
        note_zh = (
            "已申报，经" + "、".join(self._stage_zh(s) for s in self.stages) + "评审通过"
            if self.stages
            else "已申报"
        )
        if star.activity_kinds:
            start = self._window(context, end)
            members = context.members(household)
            index = participation(context)
            used = sorted(
                seq
                for person in members
                for seq, kind, at in index.get(person, ())
                if kind in star.activity_kinds and start <= at < end
            )
            kinds_zh = "、".join(_kind_zh(context, kind) for kind in sorted(star.activity_kinds))
            if len(used) < star.min_person_times:
                return fail(
                    f"{len(used)} of {star.min_person_times} required participations in "
                    f"{', '.join(sorted(star.activity_kinds))}",
                    f"参加{kinds_zh} {len(used)} 人次，需 {star.min_person_times} 人次",
                    records,
                    [*seqs, *used],
                )
            seqs.extend(used)
            note += f"; {len(used)} participations in {', '.join(sorted(star.activity_kinds))}"
            note_zh += f"；参加{kinds_zh} {len(used)} 人次"
        return Criterion(
            star.key, star.zh, star.en, 1.0, 1.0, seqs=seqs, records=records, note=note, note_zh=note_zh
        )
