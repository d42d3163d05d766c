"""The rule families: each scores, tiers, vetoes and explains down to events."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cogov import CHINA_TZ
from cogov.errors import DefinitionError, InvalidFieldError, UnknownKeyError
from cogov.evaluation import (
    Aspect,
    Ballot,
    Criterion,
    EvaluationContext,
    Panel,
    PanelReview,
    Period,
    Project,
    ProjectQuality,
    ProjectRating,
    PublicNotice,
    Score,
    Star,
    StarClaim,
    StarRating,
    StarReview,
    StarRevocation,
    SurveyResponse,
    Tier,
    TieredSatisfaction,
    VetoFinding,
    VetoRule,
    WeightedRates,
    rank,
    wilson_interval,
)
from cogov.events import ActivityHeld, MeetingHeld

T0 = datetime(2022, 1, 3, 9, tzinfo=CHINA_TZ)
YEAR = Period.year(2022, CHINA_TZ)
DAY = timedelta(days=1)
#: the first household of grid 1 (a resident representative's; see conftest)
HOUSEHOLD = "420325100001-G01-H01"
G1, G2 = "420325100001-G01", "420325100001-G02"

STARS = StarRating(
    "three_star",
    "三星户",
    "three-star household",
    stars=(
        Star("law_abiding", "遵纪守法", "law-abiding"),
        Star("helping_others", "助人为乐", "helping others", activity_kinds={"clean_up"}, min_person_times=2),
        Star("hygiene", "卫生整洁", "hygiene"),
    ),
    vetoes=(VetoRule("crime", "违法犯罪", "a member broke the law"),),
    tiers=(Tier("bronze", "铜星", "bronze", 1), Tier("gold", "金星", "gold", 3)),
)


def _with_activities(new_ledger, n_cleanups: int):
    ledger = new_ledger()
    for i in range(n_cleanups):
        ledger.apply(
            ActivityHeld(
                at=T0 + i * DAY,
                actor="p-sec",
                activity=f"A-{i}",
                kind="clean_up",
                unit=G1,
                participants=("p-1-1a", "p-grid1"),
                hours=2.0,
            )
        )
    return ledger


def _procedure(*, approved=("law_abiding", "helping_others", "hygiene"), struck=(), notice=True):
    claim = StarClaim(
        id="C-1",
        at=T0 + 30 * DAY,
        actor="p-1-1a",
        household=HOUSEHOLD,
        stars=("law_abiding", "helping_others", "hygiene"),
    )
    records = [
        claim,
        StarReview(
            id="R-1",
            at=T0 + 40 * DAY,
            actor="p-2-1a",
            claim="C-1",
            stage="representatives",
            approved=approved,
        ),
        StarReview(
            id="R-2", at=T0 + 50 * DAY, actor="p-sec", claim="C-1", stage="committee", approved=approved
        ),
    ]
    if notice:
        records.append(PublicNotice(id="N-1", at=T0 + 55 * DAY, actor="p-sec", claim="C-1", struck=struck))
    return records


@pytest.fixture
def activity_ledger(new_ledger):
    return _with_activities(new_ledger, 2)


def _context(ledger, records=(), period=YEAR):
    return EvaluationContext.from_ledger(ledger, period=period, records=records)


def test_star_rating_counts_stars_through_the_procedure(activity_ledger):
    """A star counts once claimed, approved at every stage, posted, and backed by its events."""
    score = STARS.evaluate(_context(activity_ledger, _procedure()), HOUSEHOLD)
    assert score.value == 3
    assert score.maximum == 3
    assert score.tier is not None
    assert score.tier.key == "gold"
    helping = next(c for c in score.criteria if c.key == "helping_others")
    assert helping.seqs == (0, 1)
    assert set(helping.records) == {"C-1", "R-1", "R-2", "N-1"}


def test_star_needs_its_events_and_every_stage(new_ledger):
    """Without enough participations, or without committee approval, a star scores 0."""
    ledger = _with_activities(new_ledger, 1)
    score = STARS.evaluate(
        _context(ledger, _procedure(approved=("law_abiding", "helping_others"))), HOUSEHOLD
    )
    values = {c.key: c.value for c in score.criteria}
    assert values == {"law_abiding": 1, "helping_others": 0, "hygiene": 0}
    assert score.tier is not None
    assert score.tier.key == "bronze"
    unposted = STARS.evaluate(_context(ledger, _procedure(notice=False)), HOUSEHOLD)
    assert unposted.value == 0


def test_struck_star_and_running_notice_do_not_count(activity_ledger):
    """A star struck on objection, or a notice still running at period end, earns nothing."""
    score = STARS.evaluate(_context(activity_ledger, _procedure(struck=("hygiene",))), HOUSEHOLD)
    assert score.value == 2
    short = Period(YEAR.start, T0 + 58 * DAY)
    running = STARS.evaluate(_context(activity_ledger, _procedure(), period=short), HOUSEHOLD)
    assert running.value == 0
    assert "public notice runs until" in running.criteria[0].note


def test_veto_finding_removes_the_rating(activity_ledger):
    """A veto finding sets the score to 0 and no tier, whatever the stars."""
    finding = VetoFinding(
        id="V-1",
        at=T0 + 60 * DAY,
        actor="p-sec",
        subject=HOUSEHOLD,
        veto="crime",
        finding="盗窃 theft",
        evidence=(0,),
    )
    score = STARS.evaluate(_context(activity_ledger, [*_procedure(), finding]), HOUSEHOLD)
    assert score.vetoed
    assert score.value == 0
    assert score.tier is None
    assert "盗窃" in score.explain("zh")


def test_cooling_off_after_revocation(activity_ledger):
    """A household revoked within the cooling-off period is vetoed; after it, it may be rated again."""
    revoked = StarRevocation(
        id="X-1", at=datetime(2021, 6, 1, tzinfo=CHINA_TZ), household=HOUSEHOLD, reason="赌博"
    )
    score = STARS.evaluate(_context(activity_ledger, [*_procedure(), revoked]), HOUSEHOLD)
    assert [v.key for v in score.vetoes] == ["cooling_off"]
    old = StarRevocation(
        id="X-0", at=datetime(2019, 6, 1, tzinfo=CHINA_TZ), household=HOUSEHOLD, reason="赌博"
    )
    assert STARS.evaluate(_context(activity_ledger, [*_procedure(), old]), HOUSEHOLD).value == 3


def test_stale_claims_lapse(activity_ledger):
    """Only a claim made within the re-rating window counts."""
    rule = StarRating("s", "星", "stars", stars=STARS.stars, valid_days=10)
    later = Period(YEAR.start, T0 + 200 * DAY)
    assert rule.evaluate(_context(activity_ledger, _procedure(), period=later), HOUSEHOLD).value == 0


def test_star_rating_refuses_non_households_and_misconfiguration(activity_ledger):
    """Only households are star-rated; a misconfigured rule lists its problems and refuses to run."""
    with pytest.raises(InvalidFieldError, match="rates households"):
        STARS.evaluate(_context(activity_ledger), G1)
    bad = StarRating("bad", "坏", "bad", stars=(), tiers=(Tier("t", "t", "t", 5),))
    assert len(bad.problems()) == 2
    with pytest.raises(DefinitionError, match="misconfigured"):
        bad.evaluate(_context(activity_ledger), HOUSEHOLD)


def test_explanation_prints_every_event_and_record(activity_ledger):
    """The explanation names the rule, tier, each criterion, its records and its events, in both languages."""
    score = STARS.evaluate(_context(activity_ledger, _procedure()), HOUSEHOLD)
    zh, en = score.explain("zh"), score.explain("en")
    assert "三星户" in zh
    assert "three-star household" not in zh  # a Chinese explanation needs no English gloss
    assert "three-star household (三星户)" in en
    assert "gold (金星)" in en
    assert "#0 2022-01-03 09:00 activity_held clean_up A-0" in en
    assert "star_claim C-1" in en
    with pytest.raises(InvalidFieldError):
        score.explain("fr")


def test_score_invariants_are_enforced():
    """A score whose criteria do not add up, or whose vetoed value is not 0, cannot be built."""
    c = Criterion("a", "甲", "a", 1.0, 2.0)
    with pytest.raises(InvalidFieldError, match="add up"):
        Score("r", "规则", "rule", "unit", "U1", None, 2.0, 2.0, criteria=(c,))
    with pytest.raises(InvalidFieldError, match="exceeds"):
        Criterion("a", "甲", "a", 3.0, 2.0)
    with pytest.raises(InvalidFieldError, match="not described"):
        Score(
            "r",
            "规则",
            "rule",
            "unit",
            "U1",
            None,
            1.0,
            2.0,
            criteria=(Criterion("a", "甲", "a", 1.0, 2.0, seqs=(4,)),),
        )


# -- satisfaction, rates ----------------------------------------------------------------------
def _issues_ledger(new_ledger, journeys, n_g1: int, n_g2: int, answers=("satisfied",)):
    events = []
    for i in range(n_g1):
        events.append(journeys.resolved(T0 + i * DAY, grid=0, satisfaction=answers[i % len(answers)]))
    for i in range(n_g2):
        events.append(journeys.resolved(T0 + i * DAY, grid=1, satisfaction="satisfied", days=1))
    ledger = new_ledger()
    for event in journeys.merge(*events):
        ledger.apply(event)
    return ledger


def test_tiered_satisfaction_weights_answers_and_leaves_out_dont_know(new_ledger, journeys):
    """1 / 0.75 / 0.55 weights; 不了解 is out of the denominator; points trace to follow-up visits."""
    answers = ("satisfied", "basically_satisfied", "dissatisfied", "dont_know")
    ledger = _issues_ledger(new_ledger, journeys, 8, 0, answers)
    rule = TieredSatisfaction(
        "sat",
        "满意度",
        "satisfaction",
        weights={"satisfied": 1, "basically_satisfied": 0.75, "dissatisfied": 0.55, "dont_know": None},
        tiers=(Tier("good", "好", "good", 75),),
    )
    score = rule.evaluate(_context(ledger), G1)
    assert score.value == pytest.approx(100 * (2 * 1 + 2 * 0.75 + 2 * 0.55) / 6)
    assert score.tier is not None
    for seq in score.seqs():
        assert ledger.events[seq].type == "follow_up_visited"
    assert len(score.seqs()) == 6


def test_satisfaction_from_surveys_about_a_person(new_ledger):
    """Survey responses about a person score them; below the minimum they are not rated."""
    ledger = new_ledger()
    rule = TieredSatisfaction(
        "cadre_sat",
        "干部满意度",
        "cadre satisfaction",
        sources=("surveys",),
        subject="person",
        minimum_answers=2,
    )
    one = [SurveyResponse(id="S-1", at=T0, subject="p-grid1", answer="satisfied")]
    assert not rule.evaluate(_context(ledger, one), "p-grid1").rated
    two = [*one, SurveyResponse(id="S-2", at=T0, subject="p-grid1", answer="dissatisfied")]
    assert rule.evaluate(_context(ledger, two), "p-grid1").value == pytest.approx(50)


def test_weighted_rates_rank_only_above_the_minimum_sample(new_ledger, journeys):
    """A grid with one perfect case is not rated and ranks below a rated grid with worse rates."""
    ledger = _issues_ledger(new_ledger, journeys, 12, 1, ("satisfied", "dissatisfied"))
    rule = WeightedRates("rates", "综合评价", "weighted rates", minimum_sample=10)
    context = _context(ledger)
    scores = rank(rule.evaluate(context, g) for g in (G1, G2))
    assert [s.subject for s in scores] == [G1, G2]
    assert scores[0].rated
    assert not scores[1].rated
    assert "minimum sample" in scores[1].reason
    satisfaction = next(c for c in scores[0].criteria if c.key == "satisfaction")
    assert satisfaction.interval is not None
    assert satisfaction.interval[0] < 0.5 < satisfaction.interval[1]
    assert scores[0].value == pytest.approx(100 * (0.1 * 1 + 0.5 * 1 + 0.4 * 0.5))


def test_weighted_rates_refuse_unknown_rates():
    """A rule weighing an unknown rate reports it among its problems."""
    rule = WeightedRates("r", "率", "rates", weights={"speed": 1.0})
    assert any("unknown rates" in p for p in rule.problems())


def test_wilson_interval_contains_the_rate_and_narrows():
    """The interval contains the observed rate and narrows as the sample grows."""
    low, high = wilson_interval(8, 10)
    assert low < 0.8 < high
    low2, high2 = wilson_interval(80, 100)
    assert high2 - low2 < high - low
    assert wilson_interval(0, 0) == (0.0, 1.0)


# -- panel review and projects ----------------------------------------------------------------
REVIEW = PanelReview(
    "cadre_review",
    "述职评议",
    "report-and-review",
    panels=(
        Panel("resident_representatives", "居民代表", "resident representatives", 0.6, minimum_ballots=2),
        Panel("town", "镇党委", "town", 0.4),
    ),
    tiers=(Tier("competent", "称职", "competent", 70), Tier("excellent", "优秀", "excellent", 90)),
)


def _ballots(grades_reps, grades_town, evidence=(0,)):
    out = []
    for i, g in enumerate(grades_reps):
        out.append(
            Ballot(
                id=f"B-r{i}",
                at=T0,
                rule="cadre_review",
                subject="a-grid1",
                panel="resident_representatives",
                grade=g,
                evidence=evidence,
            )
        )
    for i, g in enumerate(grades_town):
        out.append(
            Ballot(
                id=f"B-t{i}",
                at=T0,
                rule="cadre_review",
                subject="a-grid1",
                panel="town",
                grade=g,
                evidence=evidence,
            )
        )
    return out


@pytest.fixture
def review_ledger(new_ledger):
    ledger = new_ledger()
    ledger.apply(
        MeetingHeld(at=T0, actor="p-sec", meeting="RC-2022", kind="residents_congress", unit="420325100001")
    )
    return ledger


def test_panel_review_weights_panels(review_ledger):
    """The score is the weighted mean of panel means; ballots trace to the review meeting."""
    ballots = _ballots(["excellent", "competent"], ["excellent"])
    score = REVIEW.evaluate(_context(review_ledger, ballots), "a-grid1")
    assert score.value == pytest.approx(0.6 * 90 + 0.4 * 100)
    assert score.tier is not None
    assert score.tier.key == "excellent"
    assert score.seqs() == {0}
    assert "residents_congress RC-2022" in score.explain("en")


def test_panel_review_needs_quorum_and_vetoes_on_failing_share(review_ledger):
    """Too few ballots leaves the subject unrated; over a third 'incompetent' vetoes it."""
    assert not REVIEW.evaluate(
        _context(review_ledger, _ballots(["excellent"], ["excellent"])), "a-grid1"
    ).rated
    failing = _ballots(["incompetent", "incompetent", "excellent"], ["excellent"])
    score = REVIEW.evaluate(_context(review_ledger, failing), "a-grid1")
    assert score.vetoed
    assert score.value == 0
    with pytest.raises(UnknownKeyError, match="no appointment"):
        REVIEW.evaluate(_context(review_ledger, failing), "a-nobody")


QUALITY = ProjectQuality(
    "project_quality",
    "项目质量评议",
    "project quality",
    aspects=(Aspect("quality", "工程质量", "quality", 0.7), Aspect("progress", "进度", "progress", 0.3)),
    minimum_ratings=2,
)


def test_project_quality_counts_only_representatives(review_ledger):
    """Ratings by non-representatives are left out and named; the rest are averaged per aspect."""
    project = Project(id="P-1", at=T0, unit="420325100001", zh="老旧小区改造", en="old-compound renovation")
    ratings = [
        ProjectRating(
            id="PR-1",
            at=T0,
            actor="p-1-1a",
            project="P-1",
            aspects={"quality": 9, "progress": 8},
            evidence=(0,),
        ),
        ProjectRating(
            id="PR-2",
            at=T0,
            actor="p-2-1a",
            project="P-1",
            aspects={"quality": 7, "progress": 10},
            evidence=(0,),
        ),
        ProjectRating(id="PR-3", at=T0, actor="p-1-2a", project="P-1", aspects={"quality": 0, "progress": 0}),
    ]
    score = QUALITY.evaluate(_context(review_ledger, [project, *ratings]), "P-1")
    assert score.value == pytest.approx(70 * 0.8 + 30 * 0.9)
    assert "PR-3 (p-1-2a is not a resident_representative)" in score.criteria[0].note
    with pytest.raises(UnknownKeyError, match="no Project record"):
        QUALITY.evaluate(_context(review_ledger, ratings), "P-1")


def test_records_citing_missing_events_are_refused(review_ledger):
    """A record that cites an event the ledger does not hold cannot justify a point."""
    ballots = _ballots(["excellent", "excellent"], ["excellent"], evidence=(99,))
    with pytest.raises(UnknownKeyError, match="cites event #99"):
        REVIEW.evaluate(_context(review_ledger, ballots), "a-grid1")
