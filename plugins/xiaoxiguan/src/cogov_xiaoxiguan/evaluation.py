"""Xiaoxiguan's evaluation rules (效果共评) and the evaluation records of its recorded 2022.

Rules, registered through ``cogov_register_rules``:

- **ten-star civilised households** (十星级文明户) — the common ten-star list, its vetoes
  (一票否决), tiers bronze 5–7 / silver 8–9 / gold 10, self-claim → resident representatives'
  review → community committee check → public notice, yearly re-rating, two years' wait
  after a revocation.  "Helping others" needs a household member in a volunteer activity.
- **yearly party-building report and appraisal** (抓党建述职评议) of role holders, with
  resident representatives taking part in the scoring (0.6) alongside the town (0.4).
- **double evaluation** (双评) of the community through the residents' congress and the
  owners' committee.
- **project quality rating** by resident representatives (请居民代表看进展、评质量).
- **grid responsiveness** — weighted response / resolution / satisfaction rates of the
  grids, not rated below five issues; and **follow-up satisfaction** weighted 1 / 0.75 / 0.55.

:func:`year_records` writes the evaluation records (claims, reviews, notices, ballots,
ratings) of the recorded year; like the events, they are synthetic detail consistent with
the source, and each cites the meeting or activity events it rests on.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from cogov import CHINA_TZ, Community
from cogov.evaluation import (
    Aspect,
    Ballot,
    EvaluationContext,
    EvaluationRecord,
    Grade,
    Panel,
    PanelReview,
    Period,
    Project,
    ProjectQuality,
    ProjectRating,
    PublicNotice,
    Star,
    StarClaim,
    StarRating,
    StarReview,
    StarRevocation,
    Tier,
    TieredSatisfaction,
    VetoFinding,
    VetoRule,
    WeightedRates,
)
from cogov.events import ActivityHeld, Event, MeetingHeld
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.recorded import APPRAISAL_MEETING, CONGRESS_MEETING
from cogov_xiaoxiguan.recorded_services import public_order_survey

__all__ = [
    "CADRE_REVIEW",
    "DOUBLE_EVALUATION",
    "FOLLOW_UP_SATISFACTION",
    "GRID_RESPONSIVENESS",
    "PROJECT_QUALITY",
    "RULES",
    "TEN_STARS",
    "TEN_STAR_HOUSEHOLD",
    "recorded_context",
    "year_records",
]

_VOLUNTEERING = {
    "clean_up",
    "holiday_patrol",
    "event_security",
    "poverty_relief_visit",
    "door_to_door_service",
}

TEN_STARS = (
    Star("love_party_country", "爱党爱国星", "love of party and country"),
    Star("honesty", "诚实守信星", "honesty"),
    Star("law_abiding", "遵纪守法星", "law-abiding"),
    Star("prosperity", "勤劳致富星", "prosperity through work"),
    Star("filial_care", "孝老爱亲星", "filial care"),
    Star("helping_others", "助人为乐星", "helping others", activity_kinds=_VOLUNTEERING),
    Star("hygiene", "卫生环保星", "hygiene and environment"),
    Star("thrift", "勤俭节约星", "thrift"),
    Star("reformed_customs", "移风易俗星", "reformed customs"),
    Star("courtesy", "文明礼貌星", "courtesy"),
)

TEN_STAR_HOUSEHOLD = StarRating(
    "xiaoxiguan:ten_star_household",
    "十星级文明户",
    "ten-star civilised household",
    stars=TEN_STARS,
    vetoes=(
        VetoRule("crime", "家庭成员违法犯罪", "a member committed a crime"),
        VetoRule("drugs_gambling", "涉毒涉赌", "drugs or gambling"),
        VetoRule("cult", "参与邪教", "cult involvement"),
        VetoRule("domestic_violence", "家庭暴力", "domestic violence"),
        VetoRule("neglect", "虐待遗弃老人或未成年人", "neglect of the elderly or minors"),
        VetoRule("bad_credit", "严重失信", "serious bad credit"),
    ),
    tiers=(
        Tier("bronze", "铜星户", "bronze", 5),
        Tier("silver", "银星户", "silver", 8),
        Tier("gold", "金星户(十星级)", "gold (ten stars)", 10),
    ),
    stages=("representatives", "committee"),
    valid_days=365,
    cooling_off_days=730,
)

_CADRE_TIERS = (
    Tier("basically_competent", "基本称职", "basically competent", 60),
    Tier("competent", "称职", "competent", 75),
    Tier("excellent", "优秀", "excellent", 90),
)

CADRE_REVIEW = PanelReview(
    "xiaoxiguan:cadre_review",
    "抓党建述职评议",
    "party-building report and appraisal",
    panels=(
        Panel("resident_representatives", "居民代表", "resident representatives", 0.6, minimum_ballots=8),
        Panel("town", "镇党委", "town party committee", 0.4, minimum_ballots=2),
    ),
    subject="role_holder",
    tiers=_CADRE_TIERS,
)

_SATISFACTION_GRADES = (
    Grade("satisfied", "满意", "satisfied", 100.0),
    Grade("basically_satisfied", "基本满意", "basically satisfied", 75.0),
    Grade("dissatisfied", "不满意", "dissatisfied", 0.0),
)

DOUBLE_EVALUATION = PanelReview(
    "xiaoxiguan:double_evaluation",
    "双评",
    "double evaluation",
    panels=(
        Panel("residents_congress", "居民代表大会", "residents' congress", 0.5, minimum_ballots=10),
        Panel("owners_committee", "业主委员会", "owners' committee", 0.5, minimum_ballots=3),
    ),
    grades=_SATISFACTION_GRADES,
    subject="community",
    fail_grade=None,
    fail_share=None,
    tiers=(Tier("satisfactory", "满意", "satisfactory", 85), Tier("passing", "基本满意", "passing", 60)),
)

PROJECT_QUALITY = ProjectQuality(
    "xiaoxiguan:project_quality",
    "居民代表评议项目质量",
    "project quality rated by resident representatives",
    aspects=(
        Aspect("quality", "工程质量", "construction quality", 0.5),
        Aspect("progress", "工程进度", "progress", 0.2),
        Aspect("civilised_works", "文明施工", "civilised works", 0.15),
        Aspect("benefit", "惠民实效", "benefit to residents", 0.15),
    ),
    minimum_ratings=5,
    tiers=(Tier("pass", "合格", "pass", 60), Tier("good", "优良", "good", 85)),
)

GRID_RESPONSIVENESS = WeightedRates(
    "xiaoxiguan:grid_responsiveness",
    "网格响应评价",
    "grid responsiveness",
    level="grid",
    weights={"response": 30, "resolution": 35, "satisfaction": 35},
    minimum_sample=5,
    tiers=(Tier("good", "良好", "good", 80), Tier("excellent", "优秀", "excellent", 95)),
)

FOLLOW_UP_SATISFACTION = TieredSatisfaction(
    "xiaoxiguan:follow_up_satisfaction",
    "回访满意度",
    "follow-up satisfaction",
    weights={"satisfied": 1.0, "basically_satisfied": 0.75, "dissatisfied": 0.55, "dont_know": None},
    minimum_answers=3,
    tiers=(Tier("satisfied", "满意", "satisfied", 90),),
)

RULES = (
    TEN_STAR_HOUSEHOLD,
    CADRE_REVIEW,
    DOUBLE_EVALUATION,
    PROJECT_QUALITY,
    GRID_RESPONSIVENESS,
    FOLLOW_UP_SATISFACTION,
)


# -- the recorded year's evaluation records --------------------------------------------------
def _seq_of_meeting(events: Sequence[Event], meeting: str) -> int:
    for seq, event in enumerate(events):
        if type(event) is MeetingHeld and event.meeting == meeting:
            return seq
    msg = f"the events hold no meeting {meeting!r}"
    raise LookupError(msg)


def year_records(events: Sequence[Event]) -> list[EvaluationRecord]:
    """The evaluation records of 2022, citing ``events`` (the recorded year) by sequence number."""
    rng = random.Random(2022_12)  # noqa: S311 - reproducible synthetic detail, not security
    community = structure.build_community()
    congress = _seq_of_meeting(events, CONGRESS_MEETING)
    appraisal = _seq_of_meeting(events, APPRAISAL_MEETING)
    weekly = [
        seq
        for seq, e in enumerate(events)
        if type(e) is MeetingHeld and e.kind == "xiaoxiguan:weekly_joint_meeting"
    ]
    representatives = sorted(p.id for p in community.people if "resident_representative" in p.attributes)
    records: list[EvaluationRecord] = []
    committee = next(seq for seq in weekly if seq > congress)
    records += _star_records(events, community, congress, committee)
    records += _ballots(rng, representatives, appraisal, congress)
    records += _projects(rng, representatives, congress)
    records += public_order_survey()
    return records


def _star_records(
    events: Sequence[Event], community: Community, congress: int, committee: int
) -> list[EvaluationRecord]:
    volunteering_households = sorted(
        {
            household
            for e in events
            if isinstance(e, ActivityHeld)  # an association's activities (AssociationActivityHeld) too
            for p in e.participants
            if (household := community.person(p).household) is not None
        }
    )
    chosen = volunteering_households[:24]
    claim_day = datetime(2022, 11, 1, 10, tzinfo=CHINA_TZ)
    review_day = events[congress].at
    committee_day = events[committee].at
    out: list[EvaluationRecord] = []
    all_stars = tuple(s.key for s in TEN_STARS)
    for n, household in enumerate(chosen, start=1):
        claimed = all_stars if n % 3 else all_stars[: 7 + n % 3]
        claim = f"XXG-2022-SC{n:03d}"
        head = f"xxg-r{household[len(structure.COMMUNITY) :]}-0"
        out.append(
            StarClaim(
                id=claim, at=claim_day + timedelta(hours=n), actor=head, household=household, stars=claimed
            )
        )
        reps = claimed if n % 5 else tuple(s for s in claimed if s != "hygiene")
        out.append(
            StarReview(
                id=f"{claim}-R",
                at=review_day,
                actor="xxg-secretary",
                claim=claim,
                stage="representatives",
                approved=reps,
                evidence=(congress,),
            )
        )
        out.append(
            StarReview(
                id=f"{claim}-K",
                at=committee_day,
                actor="xxg-secretary",
                claim=claim,
                stage="committee",
                approved=reps,
                evidence=(committee,),
            )
        )
        out.append(
            PublicNotice(
                id=f"{claim}-N",
                at=committee_day + timedelta(days=1),
                actor="xxg-cadre-1",
                claim=claim,
                days=7,
                struck=("courtesy",) if n == 4 else (),
            )
        )
    # one household found gambling this year; one revoked in 2021 and still cooling off
    out.append(
        VetoFinding(
            id="XXG-2022-VF01",
            at=datetime(2022, 9, 14, 10, tzinfo=CHINA_TZ),
            actor="xxg-police",
            subject=chosen[1],
            veto="drugs_gambling",
            finding="家庭成员参与赌博被处罚",  # a record in the words it was written in
        )
    )
    out.append(
        StarRevocation(
            id="XXG-2021-RV01",
            at=datetime(2021, 10, 8, 10, tzinfo=CHINA_TZ),
            actor="xxg-secretary",
            household=chosen[2],
            reason="违反居民规约",
        )
    )
    return out


def _ballots(
    rng: random.Random, representatives: list[str], appraisal: int, congress: int
) -> list[EvaluationRecord]:
    out: list[EvaluationRecord] = []
    at = datetime(2022, 12, 27, 11, tzinfo=CHINA_TZ)
    appointments = structure.appointments()
    reviewed = [a.id for a in appointments if a.role in ("residential_head", "grid_head")]
    grades = ("excellent", "competent", "basically_competent", "incompetent")
    for subject in reviewed:
        bias = rng.random()
        for i in range(12):
            r = rng.random()
            grade = (
                grades[0]
                if r < 0.45 + 0.3 * bias
                else grades[1]
                if r < 0.92
                else grades[2]
                if r < 0.98
                else grades[3]
            )
            out.append(
                Ballot(
                    id=f"XXG-2022-B-{subject}-r{i:02d}",
                    at=at,
                    rule=CADRE_REVIEW.key,
                    subject=subject,
                    panel="resident_representatives",
                    grade=grade,
                    evidence=(appraisal,),
                )
            )
        for i in range(3):
            out.append(
                Ballot(
                    id=f"XXG-2022-B-{subject}-t{i}",
                    at=at,
                    rule=CADRE_REVIEW.key,
                    subject=subject,
                    panel="town",
                    grade=grades[0] if rng.random() < 0.5 + 0.3 * bias else grades[1],
                    evidence=(appraisal,),
                )
            )
    day = datetime(2022, 12, 5, 11, tzinfo=CHINA_TZ)
    for i in range(len(representatives) // 4):
        r = rng.random()
        out.append(
            Ballot(
                id=f"XXG-2022-DE-c{i:03d}",
                at=day,
                rule=DOUBLE_EVALUATION.key,
                subject=structure.COMMUNITY,
                panel="residents_congress",
                grade="satisfied" if r < 0.85 else "basically_satisfied" if r < 0.97 else "dissatisfied",
                evidence=(congress,),
            )
        )
    for i in range(5):
        out.append(
            Ballot(
                id=f"XXG-2022-DE-o{i}",
                at=day,
                rule=DOUBLE_EVALUATION.key,
                subject=structure.COMMUNITY,
                panel="owners_committee",
                grade="satisfied" if i < 4 else "basically_satisfied",
                evidence=(congress,),
            )
        )
    return out


_PROJECTS = (
    (
        "XXG-P-RENOVATION",
        f"{structure.grid_code(1)}01",
        "祥和小区老旧小区改造",
        "Xianghe old-compound renovation",
    ),
    ("XXG-P-REFUSE", structure.COMMUNITY, "垃圾分类", "refuse sorting"),
    ("XXG-P-GREENING", f"{structure.grid_code(5)}01", "小区绿化", "compound greening"),
)


def _projects(rng: random.Random, representatives: list[str], congress: int) -> list[EvaluationRecord]:
    out: list[EvaluationRecord] = []
    at = datetime(2022, 12, 5, 15, tzinfo=CHINA_TZ)
    for p, (pid, unit, zh, en) in enumerate(_PROJECTS):
        out.append(
            Project(
                id=pid,
                at=datetime(2022, 3, 1, tzinfo=CHINA_TZ),
                actor="xxg-secretary",
                unit=unit,
                zh=zh,
                en=en,
            )
        )
        raters = rng.sample(representatives, 9)
        for i, rater in enumerate(raters):
            base = 9 - p
            out.append(
                ProjectRating(
                    id=f"{pid}-{i:02d}",
                    at=at,
                    actor=rater,
                    project=pid,
                    aspects={
                        "quality": min(10, base + rng.choice((-1, 0, 0, 1))),
                        "progress": min(10, base + rng.choice((-2, -1, 0))),
                        "civilised_works": min(10, base + rng.choice((0, 1))),
                        "benefit": min(10, base + 1),
                    },
                    evidence=(congress,),
                )
            )
    # a rating handed in by someone who is not a representative is kept but left out
    out.append(
        ProjectRating(
            id="XXG-P-REFUSE-X1",
            at=at,
            actor="xxg-cadre-3",
            project="XXG-P-REFUSE",
            aspects={"quality": 10, "progress": 10, "civilised_works": 10, "benefit": 10},
        )
    )
    return out


def recorded_context() -> EvaluationContext:
    """The 2022 evaluation context: the recorded year on a Xiaoxiguan ledger, with its records."""
    from cogov.plugins import load_setup  # noqa: PLC0415 - loading the set-up needs the plugin host
    from cogov_xiaoxiguan.recorded import load_year  # noqa: PLC0415

    events = load_year()
    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(events)
    return EvaluationContext.from_ledger(
        ledger, period=Period.year(2022, CHINA_TZ), records=year_records(ledger.events)
    )
