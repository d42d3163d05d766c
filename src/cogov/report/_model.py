"""The report's input: plain values, independent of where the figures came from.

A :class:`ReportData` holds everything one report shows — headline figures (with the
source's reported value and a confidence interval where there is one), the issue funnel,
issues by month and by grid, the time-to-resolution distribution, satisfaction answers,
scores with their breakdowns and the grid map (党群社情图).  Renderers (HTML, terminal) read
only this; adapters (:mod:`cogov.report._adapter`) build it from a ledger, statistics,
scores and simulation summaries.  Every label is carried in both languages so one
``ReportData`` renders in Chinese or English.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from cogov.model.labels import Bilingual

__all__ = [
    "Bar",
    "Figure",
    "FunnelStage",
    "GridCell",
    "Interval",
    "Label",
    "MonthCount",
    "ReportData",
    "ScoreCard",
    "ScorePart",
    "widest_first",
]


def _non_negative(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        msg = f"{type(instance).__name__}.{attribute.name}: expected a count >= 0, got {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Label(Bilingual):
    """A bilingual label of the report: ``Label("网格", "grid")``; ``text(lang)`` picks a language."""

    zh: str
    en: str


@attrs.frozen
class Interval:
    """A confidence interval ``[low, high]`` at ``level`` (0.95 for 95 %)."""

    low: float
    high: float
    level: float = 0.95

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            msg = f"Interval: low {self.low!r} is above high {self.high!r}"
            raise ValueError(msg)


@attrs.frozen
class Figure:
    """One headline figure, e.g. issues collected at household meetings.

    ``unit`` is ``""`` for counts, ``"%"`` for rates given in percent, ``"d"`` for days.
    ``reported`` is what the source reports for the same figure, when it does (with
    ``reported_text`` for figures such as "500+"); ``interval`` is the simulation's
    confidence interval of the mean when the ledger is simulated.
    """

    key: str
    label: Label
    value: float | None
    unit: str = ""
    reported: float | None = None
    reported_text: str = ""
    interval: Interval | None = None


@attrs.frozen
class FunnelStage:
    """One stage of the issue funnel (collected → answered on the spot / registered → …)."""

    key: str
    label: Label
    count: int = attrs.field(validator=_non_negative)


def widest_first(stages: Iterable[FunnelStage]) -> tuple[FunnelStage, ...]:
    """The funnel's stages in drawing order: largest count first (ties keep their order), so no
    later stage is ever drawn wider than an earlier one.  The stages are not nested (issues
    resolved on the spot and after registration both count as resolved), so the data's own
    order is not a funnel's."""
    return tuple(sorted(stages, key=lambda stage: -stage.count))


@attrs.frozen
class MonthCount:
    """Issues collected and resolved in one calendar month (``month`` as ``YYYY-MM``)."""

    month: str
    collected: int = attrs.field(validator=_non_negative)
    resolved: int = attrs.field(validator=_non_negative)


@attrs.frozen
class Bar:
    """One labelled quantity of a bar chart (a satisfaction answer, a histogram bin, …)."""

    key: str
    label: Label
    value: float = attrs.field(validator=_non_negative)


@attrs.frozen
class GridCell:
    """One grid (网格) of the map: its issues and the resources it holds.

    ``resources`` are labelled counts (households, party members, volunteers, meetings,
    activities, …); ``issues_per_100_households`` is the density the map colours by.
    """

    code: str
    label: Label
    issues: int = attrs.field(validator=_non_negative)
    resolved: int = attrs.field(validator=_non_negative)
    households: int = attrs.field(validator=_non_negative)
    resources: tuple[Bar, ...] = ()
    #: the grid's outline on the ground when the community has geography: its polygons'
    #: exterior rings as (longitude, latitude) points; the map draws these instead of tiles
    outline: tuple[tuple[tuple[float, float], ...], ...] = ()

    @property
    def issues_per_100_households(self) -> float:
        return 100.0 * self.issues / self.households if self.households else float(self.issues)


@attrs.frozen
class ScorePart:
    """One line of a score's breakdown: a component, the points it gave of its ``maximum``,
    and how they were reached (e.g. ``"38 / 40 = 95.0% (95% CI 83–99%)"``)."""

    label: Label
    points: float
    maximum: float | None = None
    detail: str = ""
    #: ``detail`` in Chinese (the Chinese report uses ``detail`` when empty)
    detail_zh: str = ""

    def detail_in(self, lang: str) -> str:
        return self.detail_zh or self.detail if lang == "zh" else self.detail


@attrs.frozen
class ScoreCard:
    """A score of one subject by one rule, with its breakdown and plain-language explanation.

    ``value`` is ``None`` when the subject is *not rated* (不参评: fewer issues than the rule's
    minimum sample, or no data); every face shows that in words, never as a score of 0, and
    ``explanation`` says why.  ``rated`` is stored too, so JSON readers need not infer it.
    """

    key: str
    label: Label
    subject: Label
    value: float | None
    maximum: float = 100.0
    grade: Label | None = None
    parts: tuple[ScorePart, ...] = ()
    explanation: Label | None = None
    rated: bool = attrs.field()

    @rated.default
    def _rated_when_valued(self) -> bool:
        return self.value is not None

    def __attrs_post_init__(self) -> None:
        if self.rated != (self.value is not None):
            msg = f"ScoreCard {self.key!r}: rated={self.rated!r} but value={self.value!r}; an unrated card has no value"
            raise ValueError(msg)


@attrs.frozen
class ReportData:
    """Everything one report shows.  Build it with an adapter or by hand (tests)."""

    title: Label
    community: Label
    period_start: date
    period_end: date
    headline: tuple[Figure, ...] = ()
    funnel: tuple[FunnelStage, ...] = ()
    months: tuple[MonthCount, ...] = ()
    grids: tuple[GridCell, ...] = ()
    resolution_days: tuple[Bar, ...] = ()
    satisfaction: tuple[Bar, ...] = ()
    scores: tuple[ScoreCard, ...] = ()
    #: ``None`` for a recorded ledger; the number of simulated years otherwise
    replications: int | None = None
    seed: int | None = None
    source: Label | None = None
    notes: tuple[Label, ...] = ()
    #: for a simulated report: which single run the charts (and scores) show, said beside each
    charts_from: Label | None = None
    #: the supervision section (督办): overdue list, cards, missed meetings (a SupervisionSection)
    supervision: Any = None

    @property
    def simulated(self) -> bool:
        return self.replications is not None

    @property
    def intervals(self) -> tuple[Figure, ...]:
        """The headline figures that carry a confidence interval."""
        return tuple(f for f in self.headline if f.interval is not None)
