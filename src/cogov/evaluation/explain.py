"""Explanations: a score printed down to the events and records behind each of its points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.errors import InvalidFieldError
from cogov.model.events import ActivityHeld, Event, IssueEvent, MeetingHeld

if TYPE_CHECKING:
    from cogov.evaluation.records import EvaluationRecord
    from cogov.evaluation.rule import Criterion, Score, Veto

__all__ = ["describe_event", "describe_record", "explain_score"]


def describe_event(event: Event) -> str:
    """One line naming an event: time, type, subject, actor."""
    when = f"{event.at:%Y-%m-%d %H:%M}"
    if isinstance(event, IssueEvent):
        what = f"{event.type} issue {event.issue}"
        satisfaction = getattr(event, "satisfaction", None)
        if satisfaction is not None:
            what += f" ({satisfaction})"
    elif isinstance(event, MeetingHeld):
        what = f"{event.type} {event.kind} {event.meeting} at {event.unit}"
    elif isinstance(event, ActivityHeld):
        what = f"{event.type} {event.kind} {event.activity}, {len(event.participants)} taking part"
    else:
        what = event.type
    return f"{when} {what} by {event.actor}"


def describe_record(record: EvaluationRecord) -> str:
    """One line naming an evaluation record."""
    return record.describe()


_WORDS = {
    "zh": {
        "score": "得分",
        "tier": "等级",
        "none": "无",
        "not_rated": "不参评",
        "vetoes": "否决项",
        "vetoed": "已被一票否决",
        "events": "事件",
        "records": "记录",
        "period": "期间",
        "all_time": "全部时间",
        "criteria": "评分细项",
        "same": "记录与事件同",
    },
    "en": {
        "score": "score",
        "tier": "tier",
        "none": "none",
        "not_rated": "not rated",
        "vetoes": "vetoes",
        "vetoed": "vetoed",
        "events": "events",
        "records": "records",
        "period": "period",
        "all_time": "all time",
        "criteria": "criteria",
        "same": "records and events as for",
    },
}


def _bi(lang: str, zh: str, en: str) -> str:
    # English text names a domain term's Chinese original once; Chinese text needs no gloss
    return zh if lang == "zh" else f"{en} ({zh})"


_SUBJECT_KINDS_ZH = {
    "household": "户",
    "person": "人员",
    "role_holder": "任职人员",
    "unit": "单位",
    "community": "社区",
    "project": "项目",
}


def _num(value: float) -> str:
    return f"{value:.4g}"


def explain_score(score: Score, lang: str = "zh") -> str:
    """The whole explanation of ``score`` in ``lang`` (``"zh"`` or ``"en"``; labels bilingual)."""
    if lang not in _WORDS:
        msg = f"explain: lang must be 'zh' or 'en', got {lang!r}"
        raise InvalidFieldError(msg)
    w = _WORDS[lang]
    period = score.period.label if score.period is not None else w["all_time"]
    kind = (
        _SUBJECT_KINDS_ZH.get(score.subject_kind, score.subject_kind) if lang == "zh" else score.subject_kind
    )
    lines = [f"{_bi(lang, score.rule_zh, score.rule_en)} — {kind} {score.subject}; {w['period']}: {period}"]
    if not score.rated:
        lines.append(f"{w['score']}: {w['not_rated']} — {score.reason_in(lang)}")
    elif score.vetoes:
        lines.append(f"{w['score']}: 0 / {_num(score.maximum)} — {w['vetoed']}")
    else:
        tier = _bi(lang, score.tier.zh, score.tier.en) if score.tier is not None else w["none"]
        lines.append(f"{w['score']}: {_num(score.value)} / {_num(score.maximum)}; {w['tier']}: {tier}")
    lines.append(f"{w['criteria']}:")
    previous: Criterion | Veto | None = None
    for criterion in score.criteria:
        lines.extend(_part(score, criterion, lang, w, previous))
        previous = criterion
    lines.append(f"{w['vetoes']}: {w['none'] if not score.vetoes else ''}".rstrip())
    for veto in score.vetoes:
        lines.extend(_part(score, veto, lang, w, None))
    return "\n".join(lines)


def _part(
    score: Score, part: Criterion | Veto, lang: str, w: dict[str, str], previous: Criterion | Veto | None
) -> list[str]:
    from cogov.evaluation.rule import Criterion  # noqa: PLC0415 - rule imports this module lazily

    if isinstance(part, Criterion):
        head = f"  [{_num(part.value)}/{_num(part.maximum)}] {_bi(lang, part.zh, part.en)}"
    else:
        head = f"  [×] {_bi(lang, part.zh, part.en)}"
    note = part.note_in(lang)
    if note:
        head += f": {note}"
    lines = [head]
    if (
        previous is not None
        and (part.records or part.seqs)
        and (part.records, part.seqs)
        == (
            previous.records,
            previous.seqs,
        )
    ):
        lines.append(f"      {w['same']} {previous.zh if lang == 'zh' else previous.key}")
        return lines
    if part.records:
        lines.append(f"      {w['records']}:")
        lines.extend(f"        {rid}: {score.sources[rid]}" for rid in part.records)
    if part.seqs:
        lines.append(f"      {w['events']}:")
        lines.extend(f"        #{seq} {score.witnesses[seq]}" for seq in part.seqs)
    return lines
