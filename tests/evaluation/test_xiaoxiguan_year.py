"""The source's year, reproduced: the recorded Xiaoxiguan 2022 gives the article's figures."""

from __future__ import annotations

from importlib import resources

import pytest

from cogov import CHINA_TZ
from cogov.boundary.codec import dumps_events
from cogov.evaluation import EvaluationContext, Period, compute_statistics, rank
from cogov.plugins import load_setup, rules
from cogov.report import headline_values

recorded = pytest.importorskip("cogov_xiaoxiguan.recorded")
xevaluation = pytest.importorskip("cogov_xiaoxiguan.evaluation")
structure = pytest.importorskip("cogov_xiaoxiguan.structure")

YEAR = Period.year(2022, CHINA_TZ)
HOUSEHOLD_MEETING = "xiaoxiguan:household_meeting"
WEEKLY_JOINT_MEETING = "xiaoxiguan:weekly_joint_meeting"


@pytest.fixture(scope="module")
def context() -> EvaluationContext:
    return xevaluation.recorded_context()


@pytest.fixture(scope="module")
def year_ledger(context):
    example = load_setup("xiaoxiguan")
    ledger = example.ledger()
    ledger.apply_all(recorded.load_year())
    return ledger


def test_recorded_year_gives_exactly_the_source_figures(year_ledger):
    """18 household meetings, 121 issues, 110 answered and resolved, 27 weekly meetings, 14 disputes at 100%."""
    stats = compute_statistics(year_ledger, period=YEAR)
    assert stats.meetings_by_kind[HOUSEHOLD_MEETING] == 18
    assert stats.issues_collected == 121
    assert stats.collected_by_channel == {"household_meeting": 121}
    assert stats.resolved == 110
    assert stats.meetings_by_kind[WEEKLY_JOINT_MEETING] == 27
    assert stats.disputes_resolved == 14
    assert stats.dispute_follow_up_satisfaction == 1.0
    assert stats.mediation_success_rate == 1.0
    figures = recorded.SOURCE_FIGURES
    assert (stats.meetings_by_kind[HOUSEHOLD_MEETING], stats.issues_collected, stats.resolved) == (
        figures["household_meetings"],
        figures["issues_collected"],
        figures["answered_and_resolved"],
    )


def test_recorded_year_gives_the_source_volunteer_person_times(year_ledger):
    """Holiday patrols 150, event security 23, disputes with police 16, anti-fraud 50, school guard 60, clean-ups 100."""
    stats = compute_statistics(year_ledger, period=YEAR)
    assert stats.volunteer_person_times == {
        "anti_fraud_talk": 50,
        "clean_up": 100,
        "dispute_assist": 16,
        "event_security": 23,
        "holiday_patrol": 150,
        "police_patrol": 50,
        "school_guard": 60,
    }
    assert stats.volunteer_person_times == recorded.ACTIVITY_FIGURES
    assert headline_values(stats)["volunteer_person_times"] == 449
    community = year_ledger.community
    teams = {a.kind: set(a.members) for a in community.associations}
    kinds = {k.key: k for k in year_ledger.charter.activity_kinds}
    for activity in year_ledger.activities.values():
        kind = kinds[activity.kind]
        # participants come from the kind's team; the recorder holds the kind's duty there
        assert set(activity.participants) <= teams[kind.association], activity.id
        assert year_ledger.authority.may(activity.recorder, kind.duty, activity.unit, activity.at).allowed


def test_every_issue_was_collected_at_a_household_meeting(year_ledger):
    """All 121 issues name a household meeting they were collected at, within its grid."""
    issues = year_ledger.issues.values()
    assert {i.channel for i in issues} == {"household_meeting"}
    for issue in issues:
        meeting = year_ledger.meetings[issue.meeting]
        assert meeting.kind == HOUSEHOLD_MEETING
        assert year_ledger.community.within(issue.unit, meeting.unit)


def test_data_file_is_what_the_generator_writes():
    """The packaged JSON Lines file is exactly the deterministic generator's output."""
    text = resources.files("cogov_xiaoxiguan").joinpath("data", recorded.DATA_FILE).read_text("utf-8")
    assert text == dumps_events(recorded.generate_year())


def test_plugin_registers_its_rules_and_charter_carries_them():
    """The Xiaoxiguan plugin registers its rules through the hook; its charter assembles them."""
    keys = {r.key for r in load_setup("xiaoxiguan").charter.rules}
    assert {
        "xiaoxiguan:ten_star_household",
        "xiaoxiguan:cadre_review",
        "xiaoxiguan:double_evaluation",
        "xiaoxiguan:project_quality",
    } <= keys
    assert keys <= set(rules())
    for rule in xevaluation.RULES:
        assert rule.problems() == []


def test_every_rule_scores_and_explains_the_year_down_to_events(context):
    """Each rule scores a subject of the year; every cited event exists and is printed."""
    grid_head = next(a.id for a in context.appointments if a.role == "grid_head")
    household = next(r.household for r in context.records if r.type == "star_claim")
    subjects = {
        "xiaoxiguan:ten_star_household": household,
        "xiaoxiguan:cadre_review": grid_head,
        "xiaoxiguan:double_evaluation": structure.COMMUNITY,
        "xiaoxiguan:project_quality": "XXG-P-RENOVATION",
        "xiaoxiguan:grid_responsiveness": structure.grid_code(1),
        "xiaoxiguan:follow_up_satisfaction": structure.COMMUNITY,
    }
    for rule in xevaluation.RULES:
        score = rule.evaluate(context, subjects[rule.key])
        assert score.rated, (rule.key, score.reason)
        assert 0 < score.value <= score.maximum
        assert score.seqs(), rule.key
        text = score.explain("en")
        for seq in score.seqs():
            assert 0 <= seq < len(context.events)
            assert f"#{seq} " in text


def test_ten_star_vetoes_and_cooling_off_in_the_year(context):
    """The household found gambling and the one revoked in 2021 are vetoed; the others are tiered."""
    rule = xevaluation.TEN_STAR_HOUSEHOLD
    vetoed = {r.subject for r in context.records if r.type == "veto_finding"}
    cooling = {r.household for r in context.records if r.type == "star_revocation"}
    claimed = sorted({r.household for r in context.records if r.type == "star_claim"})
    scores = {h: rule.evaluate(context, h) for h in claimed}
    for household, score in scores.items():
        if household in vetoed | cooling:
            assert score.vetoed
            assert score.value == 0
        else:
            assert score.tier is not None
    assert any(s.tier is not None and s.tier.key == "gold" for s in scores.values())
    assert any(s.tier is not None and s.tier.key == "silver" for s in scores.values())


def test_grid_ranking_leaves_small_grids_unrated(context):
    """Grids below the minimum sample come after every rated grid."""
    rule = xevaluation.GRID_RESPONSIVENESS
    ranked = rank(rule.evaluate(context, structure.grid_code(g)) for g in range(1, structure.GRIDS + 1))
    seen_unrated = False
    for score in ranked:
        seen_unrated |= not score.rated
        assert score.rated or seen_unrated
        if seen_unrated:
            assert not score.rated
