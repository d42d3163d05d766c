"""Properties every score and statistic keeps, whatever the data (Hypothesis)."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cogov import CHINA_TZ, Category
from cogov.evaluation import (
    Criterion,
    EvaluationContext,
    PublicNotice,
    Score,
    Star,
    StarClaim,
    StarRating,
    StarReview,
    Tier,
    VetoFinding,
    VetoRule,
    WeightedRates,
    compute_statistics,
    normalise_weights,
    rank,
)
from cogov.testing import histories

T0 = datetime(2022, 1, 3, 9, tzinfo=CHINA_TZ)
DAY = timedelta(days=1)
#: the first household of grid 1 (a resident representative's; see conftest)
HOUSEHOLD = "420325100001-G01-H01"
G1, G2 = "420325100001-G01", "420325100001-G02"
FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)

STAR_KEYS = ("a", "b", "c", "d", "e")
RULE = StarRating(
    "stars",
    "星级",
    "stars",
    stars=tuple(Star(k, f"星{k}", f"star {k}") for k in STAR_KEYS),
    vetoes=(VetoRule("crime", "违法", "crime"),),
    tiers=(Tier("low", "低", "low", 2), Tier("high", "高", "high", 4)),
)

subsets = st.lists(st.sampled_from(STAR_KEYS), unique=True)


@st.composite
def procedures(draw):
    claimed = draw(subsets)
    reps = draw(subsets)
    committee = draw(subsets)
    struck = draw(subsets)
    records = [StarClaim(id="C", at=T0, household=HOUSEHOLD, stars=claimed)]
    if draw(st.booleans()):
        records.append(StarReview(id="R", at=T0 + DAY, claim="C", stage="representatives", approved=reps))
    if draw(st.booleans()):
        records.append(StarReview(id="K", at=T0 + 2 * DAY, claim="C", stage="committee", approved=committee))
    if draw(st.booleans()):
        records.append(
            PublicNotice(id="N", at=T0 + 3 * DAY, claim="C", days=draw(st.integers(0, 10)), struck=struck)
        )
    return records


@FIXTURES
@given(records=procedures(), veto=st.booleans())
def test_star_scores_stay_in_bounds_and_a_veto_dominates(new_ledger, records, veto):
    """A star score lies in [0, stars]; with a veto found it is 0 with no tier, whatever else holds."""
    ledger = new_ledger()
    context = EvaluationContext.from_ledger(ledger, records=records)
    score = RULE.evaluate(context, HOUSEHOLD)
    assert 0 <= score.value <= score.maximum == len(STAR_KEYS)
    assert score.value == sum(c.value for c in score.criteria)
    finding = VetoFinding(id="V", at=T0, subject=HOUSEHOLD, veto="crime", finding="违法 crime")
    vetoed = RULE.evaluate(EvaluationContext.from_ledger(ledger, records=[*records, finding]), HOUSEHOLD)
    assert vetoed.value == 0
    assert vetoed.tier is None
    assert vetoed.vetoed


@st.composite
def journeys_spec(draw):
    """A list of (kind of journey, grid, answer) for a small community year."""
    answers = st.sampled_from(["satisfied", "basically_satisfied", "dissatisfied", "dont_know"])
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["answered", "resolved", "dispute", "failed", "open"]),
                st.integers(0, 1),
                answers,
            ),
            max_size=14,
        )
    )


def _write(journeys, spec, start=T0):
    streams = []
    for i, (what, grid, answer) in enumerate(spec):
        at = start + i * timedelta(hours=7)
        if what == "answered":
            streams.append(journeys.answered(at, grid))
        elif what == "resolved":
            streams.append(journeys.resolved(at, grid, satisfaction=answer, days=1 + i % 9))
        elif what == "dispute":
            streams.append(journeys.dispute(at, grid, satisfaction=answer))
        elif what == "failed":
            streams.append(journeys.dispute(at, grid, agree=False))
        else:
            streams.append(journeys.open(at, grid, whistle=i % 2 == 0))
    return streams


@FIXTURES
@given(spec=journeys_spec(), seed=st.integers(0, 2**32 - 1))
def test_statistics_are_invariant_to_the_order_of_independent_events(
    charter, community, journeys_factory, spec, seed
):
    """Interleaving different issues' events in any order (each issue's own order kept) changes no figure."""
    streams = _write(journeys_factory(), spec)
    ordered = journeys_factory.merge(*streams)
    rng = random.Random(seed)
    cursors = [list(s) for s in streams if s]
    shuffled = []
    while cursors:
        stream = rng.choice(cursors)
        shuffled.append(stream.pop(0))
        if not stream:
            cursors.remove(stream)
    assert compute_statistics(shuffled, charter, community) == compute_statistics(ordered, charter, community)


@FIXTURES
@given(spec=journeys_spec())
def test_a_satisfied_follow_up_never_lowers_satisfaction(new_ledger, journeys_factory, spec):
    """Adding one more issue followed up 满意 never lowers the plain or the weighted satisfaction rate."""
    journeys = journeys_factory()
    before = journeys_factory.merge(*_write(journeys, spec))
    extra = journeys.resolved(T0 + 30 * DAY, 0, satisfaction="satisfied")
    ledger = new_ledger()
    ledger.apply_all(before)
    old = compute_statistics(ledger)
    ledger.apply_all(extra)
    new = compute_statistics(ledger)
    assert new.follow_up_satisfaction is not None
    assert old.follow_up_satisfaction is None or new.follow_up_satisfaction >= old.follow_up_satisfaction
    new_weighted = new.weighted_satisfaction()
    old_weighted = old.weighted_satisfaction()
    assert new_weighted is not None
    assert old_weighted is None or new_weighted >= old_weighted - 1e-12


@given(
    st.dictionaries(
        st.sampled_from(["response", "resolution", "satisfaction", "on_time"]), st.floats(0, 1e6), min_size=1
    )
)
def test_weights_are_normalised(weights):
    """Normalised weights sum to 1 and keep their proportions; all-zero weights are refused."""
    if not any(w > 0 for w in weights.values()):
        with pytest.raises(ValueError, match="positive"):
            normalise_weights(weights)
        return
    shares = normalise_weights(weights)
    assert math.isclose(math.fsum(shares.values()), 1.0)
    assert all(0 <= s <= 1 for s in shares.values())


@FIXTURES
@given(
    spec=journeys_spec(),
    weights=st.dictionaries(
        st.sampled_from(["response", "resolution", "satisfaction", "on_time"]),
        st.floats(0.01, 10),
        min_size=1,
    ),
    minimum=st.integers(1, 6),
)
def test_rate_scores_are_bounded_traced_and_unrated_units_rank_last(
    new_ledger, journeys_factory, spec, weights, minimum
):
    """Rate scores lie in [0, 100], cite only existing events, and no unit below the minimum sample outranks a rated one."""
    ledger = new_ledger()
    ledger.apply_all(journeys_factory.merge(*_write(journeys_factory(), spec)))
    rule = WeightedRates("rates", "综合", "rates", weights=weights, minimum_sample=minimum)
    context = EvaluationContext.from_ledger(ledger)
    scores = [rule.evaluate(context, g) for g in (G1, G2)]
    for score in scores:
        assert 0 <= score.value <= score.maximum + 1e-9
        assert all(0 <= seq < len(ledger) for seq in score.seqs())
        for criterion in score.criteria:
            if criterion.value > 0:
                assert criterion.seqs, criterion
        if score.rated:
            assert math.isclose(sum(c.maximum for c in score.criteria), score.maximum)
    ranked = rank(scores)
    rated_flags = [s.rated for s in ranked]
    assert rated_flags == sorted(rated_flags, reverse=True)


@given(
    st.lists(
        st.tuples(st.booleans(), st.floats(0, 100)),
        max_size=12,
    )
)
# a value so small that value / maximum underflows to the share of a zero score
@example(items=[(True, 0.0), (True, 5e-324)])
def test_rank_puts_every_rated_score_before_every_unrated_one(items):
    """Whatever the values, ranked output lists rated scores (best first) before unrated ones."""
    scores = []
    for i, (rated, value) in enumerate(items):
        criteria = (Criterion("x", "甲", "x", value if rated else 0.0, 100.0),)
        scores.append(
            Score(
                "r",
                "规则",
                "rule",
                "unit",
                f"U{i}",
                None,
                value if rated else 0.0,
                100.0,
                criteria=criteria,
                rated=rated,
            )
        )
    ranked = rank(scores)
    flags = [s.rated for s in ranked]
    assert flags == sorted(flags, reverse=True)
    values = [s.value for s in ranked if s.rated]
    assert values == sorted(values, reverse=True)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(max_events=40))
def test_statistics_agree_with_the_ledgers_own_fold(scenario):
    """On any legal history, the event-only statistics match the state the ledger folded."""
    ledger = scenario.ledger()
    stats = compute_statistics(ledger)
    records = list(ledger.issues.values())
    workflow = ledger.charter.workflow
    resolved = [r for r in records if any(workflow.category(s) is Category.RESOLVED for s in r.path)]
    assert stats.issues_collected == len(records)
    assert stats.resolved == len(resolved)
    assert stats.resolved + stats.still_open + stats.closed_unresolved == stats.issues_collected
    assert stats.follow_ups == dict(
        sorted(Counter(r.satisfaction for r in records if r.satisfaction).items())
    )
    assert stats.reworked == sum(1 for r in records if r.reworked)
    assert stats.reopened == sum(1 for r in records if r.reopened)
    assert stats.responded == sum(1 for r in records if len(r.seqs) > 1)
    assert sum(stats.collected_by_group.values()) == stats.issues_collected
