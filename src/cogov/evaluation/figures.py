"""The statistics table as values: :class:`Statistics` with its rates and report rows.

:func:`cogov.evaluation.statistics.compute` fills it; the definitions of every figure are in
that module's docstring.  :class:`MetricActions` names the workflow actions the figures count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from cogov.errors import InvalidFieldError
from cogov.evaluation.period import Period
from cogov.model.labels import bilingual

__all__ = ["FLAG_BITS", "ActorFigures", "GroupFigures", "MetricActions", "Statistics"]


def _actions(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        msg = f"MetricActions: expected a collection of action keys, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return frozenset(value)


@attrs.frozen
class MetricActions:
    """Which workflow actions each named figure counts; defaults are the canonical workflow's."""

    answer_on_spot: frozenset[str] = attrs.field(default=frozenset({"answer_on_spot"}), converter=_actions)
    register: frozenset[str] = attrs.field(default=frozenset({"register"}), converter=_actions)
    escalate: frozenset[str] = attrs.field(default=frozenset({"escalate"}), converter=_actions)
    whistle: frozenset[str] = attrs.field(default=frozenset({"whistle"}), converter=_actions)
    start_mediation: frozenset[str] = attrs.field(default=frozenset({"start_mediation"}), converter=_actions)
    agreement: frozenset[str] = attrs.field(default=frozenset({"reach_agreement"}), converter=_actions)
    mediation_failure: frozenset[str] = attrs.field(default=frozenset({"fail_mediation"}), converter=_actions)
    rework: frozenset[str] = attrs.field(default=frozenset({"order_rework"}), converter=_actions)
    reopen: frozenset[str] = attrs.field(default=frozenset({"reopen"}), converter=_actions)
    follow_up: frozenset[str] = attrs.field(default=frozenset({"follow_up"}), converter=_actions)

    def flags(self) -> dict[str, int]:
        """Action key → the bit flags it sets on an issue's track."""
        out: dict[str, int] = {}
        for name, bit in FLAG_BITS.items():
            if name in ("responded",):
                continue
            for action in getattr(self, name):
                out[action] = out.get(action, 0) | bit
        return out


#: bit flags of an issue's track; names match MetricActions fields (and "responded").  The
#: common steps take the low bits, so the usual combinations stay below 257 and are
#: CPython's cached small ints: updating a million tracks then allocates nothing.
FLAG_BITS: Mapping[str, int] = MappingProxyType(
    {
        "responded": 1,
        "register": 2,
        "escalate": 4,
        "follow_up": 8,
        "answer_on_spot": 16,
        "start_mediation": 32,
        "agreement": 64,
        "whistle": 128,
        "mediation_failure": 256,
        "rework": 512,
        "reopen": 1024,
    }
)


@attrs.frozen
class GroupFigures:
    """Issue figures of one group unit (a grid by default; see ``group_level``)."""

    collected: int = 0
    responded: int = 0
    answered_on_spot: int = 0
    resolved: int = 0
    still_open: int = 0
    sla_due: int = 0
    on_time: int = 0
    follow_ups: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def resolution_rate(self) -> float | None:
        return _ratio(self.resolved, self.collected)


@attrs.frozen
class ActorFigures:
    """What one person (a role holder) did: issues they brought to a resolved state, meetings convened."""

    resolved: int = 0
    meetings_convened: int = 0
    activities_recorded: int = 0


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@attrs.frozen(eq=True)
class Statistics:
    """The governance statistics table of one period and unit.  Rates are ``None`` when undefined."""

    period: Period | None
    unit: str | None
    group_level: str
    events_read: int
    meetings_by_kind: Mapping[str, int]
    issues_collected: int
    collected_by_channel: Mapping[str, int]
    collected_by_kind: Mapping[str, int]
    collected_by_group: Mapping[str, int]
    responded: int
    answered_on_spot: int
    registered: int
    escalated: int
    whistled: int
    mediated: int
    mediation_agreements: int
    mediation_failures: int
    resolved: int
    resolved_by_kind: Mapping[str, int]
    closed_unresolved: int
    still_open: int
    disputes_collected: int
    disputes_resolved: int
    reworked: int
    reopened: int
    follow_ups: Mapping[str, int]
    dispute_follow_ups: Mapping[str, int]
    median_days_to_resolution: float | None
    p90_days_to_resolution: float | None
    sla_due: int
    on_time: int
    volunteer_person_times: Mapping[str, int]
    volunteer_person_hours: Mapping[str, float]
    by_group: Mapping[str, GroupFigures]
    by_actor: Mapping[str, ActorFigures]
    satisfaction_weights: Mapping[str, float | None]
    satisfied_levels: frozenset[str]
    #: with ``trace=True``: figure name → sequence numbers of the events that make it up.
    #: Issue figures are keyed by the flag name (``collected``, ``responded``,
    #: ``answer_on_spot``, ``register``, …, ``resolved``, ``on_time``, ``follow_up:<answer>``,
    #: ``disputes_resolved``), each one event per issue, and again as ``<name>@<group unit>``;
    #: meetings and activities as ``meetings:<kind>`` and ``activities:<kind>``.
    evidence: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    #: the same over registered issues only (those not answered on the spot): how long
    #: handling takes, which the all-issue median (0 when most are answered at once) hides
    median_days_to_resolution_registered: float | None = None
    p90_days_to_resolution_registered: float | None = None

    # -- rates ------------------------------------------------------------------------------
    @property
    def meetings_held(self) -> int:
        return sum(self.meetings_by_kind.values())

    @property
    def resolution_rate(self) -> float | None:
        """Resolved / collected (解决率)."""
        return _ratio(self.resolved, self.issues_collected)

    @property
    def response_rate(self) -> float | None:
        """Responded / collected (响应率)."""
        return _ratio(self.responded, self.issues_collected)

    @property
    def on_time_rate(self) -> float | None:
        """On time / due (按期办结率)."""
        return _ratio(self.on_time, self.sla_due)

    @property
    def rework_rate(self) -> float | None:
        """Issues sent back for rework / resolved (返工率)."""
        return _ratio(self.reworked, self.resolved)

    @property
    def reopen_rate(self) -> float | None:
        """Issues reopened on rebound / resolved (反弹率)."""
        return _ratio(self.reopened, self.resolved)

    @property
    def mediation_success_rate(self) -> float | None:
        """Agreements / mediations concluded (agreement or failure) (调解成功率)."""
        return _ratio(self.mediation_agreements, self.mediation_agreements + self.mediation_failures)

    def satisfaction_rate(self, answers: Mapping[str, int] | None = None) -> float | None:
        """Satisfied answers / answers with a weight (满意率); ``answers`` defaults to all follow-ups."""
        answers = self.follow_ups if answers is None else answers
        valid = sum(n for k, n in answers.items() if self.satisfaction_weights.get(k) is not None)
        happy = sum(n for k, n in answers.items() if k in self.satisfied_levels)
        return _ratio(happy, valid)

    def weighted_satisfaction(self, answers: Mapping[str, int] | None = None) -> float | None:
        """Mean weight of the answers that carry one (加权满意度)."""
        answers = self.follow_ups if answers is None else answers
        total = 0.0
        valid = 0
        for key, n in answers.items():
            weight = self.satisfaction_weights.get(key)
            if weight is not None:
                total += weight * n
                valid += n
        return _ratio(total, valid)

    @property
    def follow_up_satisfaction(self) -> float | None:
        return self.satisfaction_rate()

    @property
    def dispute_follow_up_satisfaction(self) -> float | None:
        """Follow-up satisfaction of disputes (矛盾纠纷回访满意率)."""
        return self.satisfaction_rate(self.dispute_follow_ups)

    # -- reporting --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: every field and every rate."""
        out: dict[str, Any] = {}
        for field in attrs.fields(Statistics):
            value = getattr(self, field.name)
            if isinstance(value, Period):
                value = {"start": value.start.isoformat(), "end": value.end.isoformat()}
            elif isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, Mapping):
                value = {
                    k: (attrs.asdict(v) if attrs.has(type(v)) else list(v) if isinstance(v, tuple) else v)
                    for k, v in value.items()
                }
            out[field.name] = value
        for name in _RATES:
            out[name] = getattr(self, name)
        return out

    def as_rows(self, lang: str = "zh") -> list[tuple[str, str]]:
        """(label, value) rows of the headline table; ``lang`` is ``"zh"`` or ``"en"`` (labels bilingual)."""
        if lang not in ("zh", "en"):
            msg = f"as_rows: lang must be 'zh' or 'en', got {lang!r}"
            raise InvalidFieldError(msg)
        rows: list[tuple[str, str]] = []
        for kind, n in sorted(self.meetings_by_kind.items()):
            rows.append((bilingual("召开会议", "meetings held", first=lang) + f": {kind}", str(n)))
        for key, en, zh in _ROWS:
            value = getattr(self, key)
            rows.append((bilingual(zh, en, first=lang), _fmt(value)))
        for kind, n in sorted(self.volunteer_person_times.items()):
            rows.append(
                (bilingual("志愿服务人次", "volunteer person-times", first=lang) + f": {kind}", str(n))
            )
        return rows


_RATES = (
    "meetings_held",
    "resolution_rate",
    "response_rate",
    "on_time_rate",
    "rework_rate",
    "reopen_rate",
    "mediation_success_rate",
    "follow_up_satisfaction",
    "dispute_follow_up_satisfaction",
)

_ROWS = (
    ("issues_collected", "issues collected", "收集问题"),
    ("answered_on_spot", "answered on the spot", "现场答复解决"),
    ("registered", "registered", "登记"),
    ("escalated", "escalated to the weekly joint meeting", "提交例会"),
    ("whistled", "whistles blown", "吹哨"),
    ("resolved", "resolved", "已解决"),
    ("resolution_rate", "resolution rate", "解决率"),
    ("response_rate", "response rate", "响应率"),
    ("mediated", "disputes mediated", "启动调解"),
    ("mediation_success_rate", "mediation success", "调解成功率"),
    ("disputes_resolved", "disputes resolved", "化解矛盾纠纷"),
    ("follow_up_satisfaction", "follow-up satisfaction", "回访满意率"),
    ("dispute_follow_up_satisfaction", "dispute follow-up satisfaction", "矛盾纠纷回访满意率"),
    ("median_days_to_resolution", "median days to resolution", "解决用时中位数(天)"),
    ("p90_days_to_resolution", "90th percentile days to resolution", "解决用时90分位(天)"),
    (
        "median_days_to_resolution_registered",
        "median days to resolution, registered issues",
        "登记问题解决用时中位数(天)",
    ),
    ("on_time_rate", "on-time (SLA) rate", "按期办结率"),
    ("rework_rate", "rework rate", "返工率"),
    ("reopen_rate", "reopen rate", "反弹率"),
    ("still_open", "still open", "尚在办理"),
)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
