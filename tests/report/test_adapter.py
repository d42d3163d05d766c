"""From a ledger to report data: funnel, months, grids, durations, satisfaction, summaries."""

from __future__ import annotations

import math

import pytest

from cogov import CHINA_TZ
from cogov.evaluation import Period
from cogov.report import Reported, SimulatedFigures, from_ledger, score_cards, summarise
from cogov.testing import recorded_year


@pytest.fixture(scope="module")
def ledger():  # type: ignore[no-untyped-def]
    return recorded_year.year_ledger(30)


def test_funnel_counts_each_stage(ledger) -> None:  # type: ignore[no-untyped-def]
    """30 issues: 10 answered on the spot, 20 registered, 10 escalated, all resolved, 20 followed up."""
    data = from_ledger(ledger)
    counts = {stage.key: stage.count for stage in data.funnel}
    assert counts == {
        "collected": 30,
        "answered_on_spot": 10,
        "registered": 20,
        "escalated": 10,
        "resolved": 30,
        "followed_up": 20,
    }


def test_report_is_about_the_community(ledger) -> None:  # type: ignore[no-untyped-def]
    """The report names the community, not the county at the root of the tree."""
    assert from_ledger(ledger).community.zh == "小西关社区"


def test_months_cover_the_period(ledger) -> None:  # type: ignore[no-untyped-def]
    """With a year's period there are twelve months, and the monthly counts add up to the total."""
    data = from_ledger(ledger, period=Period.year(2022, CHINA_TZ))
    assert [m.month for m in data.months] == [f"2022-{m:02d}" for m in range(1, 13)]
    assert sum(m.collected for m in data.months) == 30
    assert data.period_start.isoformat() == "2022-01-01"
    assert data.period_end.isoformat() == "2022-12-31"


def test_resolution_days_histogram(ledger) -> None:  # type: ignore[no-untyped-def]
    """Issue n of shape 1 takes n days: the histogram puts each in its bin, the rest the same day."""
    bins = {b.key: b.value for b in from_ledger(ledger).resolution_days}
    # shape-1 issues n = 1, 4, 7, ..., 28 resolve after n days
    assert bins["0"] == 20
    assert bins["1-3"] == 1
    assert bins["4-7"] == 2
    assert bins["8-14"] == 2
    assert bins["15-30"] == 5
    assert sum(bins.values()) == 30


def test_grid_cells(ledger) -> None:  # type: ignore[no-untyped-def]
    """Each grid gets its issues, households and resources from the community."""
    grids = {g.code: g for g in from_ledger(ledger).grids}
    assert len(grids) == 3
    first = grids[recorded_year.GRIDS[0]]
    assert (first.issues, first.households) == (10, 2)
    resources = {r.key: r.value for r in first.resources}
    assert resources["party_members"] == 1
    assert resources["volunteers"] == 1
    assert resources["meetings"] == 10


def test_unit_filter(ledger) -> None:  # type: ignore[no-untyped-def]
    """A unit narrows every figure to the issues within it."""
    data = from_ledger(ledger, unit=recorded_year.GRIDS[1])
    assert data.funnel[0].count == 10
    assert [g.code for g in data.grids] == [recorded_year.GRIDS[1]]
    assert data.community.zh == "第2网格"


def test_period_filter(ledger) -> None:  # type: ignore[no-untyped-def]
    """Only issues collected in the period count (issue n is collected on day 10 n)."""
    period = Period.days(recorded_year.START, 100)
    assert from_ledger(ledger, period=period).funnel[0].count == 10


def test_headline_with_reported_and_simulated(ledger) -> None:  # type: ignore[no-untyped-def]
    """Reported figures sit beside the computed ones; simulated means and intervals replace them."""
    simulated = summarise([{"meeting_issues_collected": 100.0}, {"meeting_issues_collected": 120.0}], seed=1)
    data = from_ledger(ledger, reported={"meeting_issues_collected": Reported(121)}, simulated=simulated)
    figure = next(f for f in data.headline if f.key == "meeting_issues_collected")
    assert figure.reported == 121
    assert figure.value == 110.0
    assert figure.interval is not None
    assert figure.interval.low < 110 < figure.interval.high
    assert data.simulated
    assert data.replications == 2


def test_recorded_headline(ledger) -> None:  # type: ignore[no-untyped-def]
    """Without simulation the headline holds the ledger's own figures and no intervals."""
    data = from_ledger(ledger)
    values = {f.key: f.value for f in data.headline}
    assert values["meeting_issues_collected"] == 30
    assert values["meeting_issues_resolved"] == 30
    assert values["household_meetings"] == 30
    assert values["resolution_rate"] == 1.0  # a fraction in data; 100.0% only when printed
    assert not data.simulated
    assert data.intervals == ()


def test_satisfaction_counts(ledger) -> None:  # type: ignore[no-untyped-def]
    """Follow-up answers are counted per level of the charter's scale, in scale order."""
    bars = from_ledger(ledger).satisfaction
    assert [b.key for b in bars][:2] == ["satisfied", "basically_satisfied"]
    assert {b.key: b.value for b in bars}["satisfied"] == 10


def test_summarise_intervals() -> None:
    """The interval is the Student-t 95 % interval of the mean; undefined values are skipped, and a
    figure defined in only one replication has a mean but no interval."""
    summary = summarise([{"x": 1.0, "y": None}, {"x": 3.0, "y": 5.0}, {"x": 2.0, "y": None}])
    assert isinstance(summary, SimulatedFigures)
    assert summary.means["x"] == 2.0
    half = 4.302652729911275 * 1.0 / math.sqrt(3)  # t(0.975, df=2)
    assert summary.intervals["x"].low == pytest.approx(2.0 - half)
    assert summary.means["y"] == 5.0
    assert "y" not in summary.intervals


def test_scores_cover_community_and_grids(ledger) -> None:  # type: ignore[no-untyped-def]
    """Without charter rules, the three-rates rule scores the community and every grid."""
    cards = score_cards(ledger)
    assert [c.subject.en for c in cards] == ["Xiaoxiguan community", "grid 1", "grid 2", "grid 3"]
    community = cards[0]
    assert community.value == pytest.approx(sum(p.points for p in community.parts))
    assert community.grade is not None
