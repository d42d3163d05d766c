"""Xiaoxiguan's simulated year, calibrated to the figures the source reports.

The source (a 2022 news feature) gives one year's figures: 18 household-courtyard meetings
(户院会), 121 issues collected at them, 110 answered and resolved, 27 weekly joint meetings
(例会) and 14 disputes resolved with 100 % follow-up satisfaction, out of "500+ matters
answered or solved" in all.  :data:`XIAOXIGUAN_YEAR` reproduces them: over 200 replications
each lies inside the 95 % band of the simulated years.  How each parameter was set is in
``docs/explanation/calibration.md``; in short:

- *meetings* — 18 a year is far fewer than one a month in each of 14 grids, so the meeting
  goes round the grids (``scope="rotate"``) every 365/18 days; the weekly joint meeting is
  scheduled weekly and held with probability 27/52;
- *arrivals* — per-household Poisson rates set from the yearly totals divided by the 672
  households: 121 a year are raised at household meetings, about 400 more come through grid
  visits and the other channels, 15 of all issues are disputes;
- *resolution* — the on-the-spot share and handling times are set so that about 11 of the
  121 meeting issues are still in hand at the year end (110 resolved); mediation succeeds
  every time (调解成功率 100 %), and satisfaction is 98 % (the source's 98 % satisfaction);
- *volunteer activities* — rates and group sizes whose yearly person-times average the
  figures of the recorded year (holiday patrols 150, event security 23, disputes with the
  police 16, anti-fraud talks 50, school guard 60, clean-ups 100, volunteer-police patrols
  50; see ``docs/explanation/xiaoxiguan.md``): Poisson counts for occasional work, a fixed
  cadence for the weekly anti-fraud talk and the monthly clean-up.  Each kind draws from its
  own random stream, so the issue figures above are exactly what they were without them.
"""

from __future__ import annotations

from datetime import timedelta

from cogov.simulation import (
    ActivityModel,
    CommunitySource,
    Duration,
    KindModel,
    MeetingModel,
    Policy,
    Scenario,
    Weighted,
)
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.vocabulary import HOUSEHOLD_MEETING, WEEKLY_JOINT_MEETING

__all__ = [
    "ACTIVITIES",
    "ONE_MORE_SUNK_CADRE",
    "SOURCE_FIGURES",
    "WEEKLY_SUPERVISION",
    "XIAOXIGUAN_POLICIES",
    "XIAOXIGUAN_YEAR",
]

#: the source's figures for the year, by the name of the simulated figure that reproduces them
SOURCE_FIGURES = {
    f"meetings_by_kind:{HOUSEHOLD_MEETING}": 18.0,
    "meeting_issues_collected": 121.0,
    "meeting_issues_resolved": 110.0,
    f"meetings_by_kind:{WEEKLY_JOINT_MEETING}": 27.0,
    "disputes_resolved": 14.0,
    # volunteer person-times (the recorded year's reading of the source's "150余人次" etc.)
    "volunteer_person_times:holiday_patrol": 150.0,
    "volunteer_person_times:event_security": 23.0,
    "volunteer_person_times:dispute_assist": 16.0,
    "volunteer_person_times:anti_fraud_talk": 50.0,
    "volunteer_person_times:school_guard": 60.0,
    "volunteer_person_times:clean_up": 100.0,
    "volunteer_person_times:police_patrol": 50.0,
}

#: association and volunteer activities: per year, group sizes (equally likely), hours
ACTIVITIES = (
    ActivityModel("holiday_patrol", 10.0, participants=(14, 15, 16), hours=3.0),
    ActivityModel("event_security", 2.0, participants=(11, 12), hours=4.0),
    ActivityModel("dispute_assist", 16.0, participants=(1,), hours=2.0),
    ActivityModel("anti_fraud_talk", 50.0, participants=(1,), hours=1.0, regular=True),
    ActivityModel("school_guard", 20.0, participants=(3,), hours=1.5),
    ActivityModel("clean_up", 12.0, participants=(8, 8, 9), hours=2.0, regular=True),
    ActivityModel("police_patrol", 5.0, participants=(9, 10, 11), hours=2.0),
)

HOUSEHOLDS = (
    structure.GRIDS
    * structure.COMPOUNDS_PER_GRID
    * structure.BUILDINGS_PER_COMPOUND
    * structure.HOUSEHOLDS_PER_BUILDING
)

# issues a year by kind: (all channels, share raised at household meetings)
_YEARLY = {
    "policy_question": (170.0, 0.273),
    "reasonable_demand": (200.0, 0.273),
    "service_request": (90.0, 0.166),
    "hidden_risk": (45.0, 0.107),
    "dispute": (15.0, 0.22),
}


def _rate(kind: str) -> float:
    return _YEARLY[kind][0] / HOUSEHOLDS


def _share(kind: str) -> float:
    return _YEARLY[kind][1]


XIAOXIGUAN_YEAR = Scenario(
    key="xiaoxiguan",
    label="Xiaoxiguan community, one year as reported (小西关社区年度)",
    community=CommunitySource(example="xiaoxiguan"),
    kinds=(
        KindModel(
            "policy_question",
            _rate("policy_question"),
            meeting_share=_share("policy_question"),
            on_spot_share=0.8,
            handling=Duration(20.0, "gamma", 0.8),
        ),
        KindModel(
            "reasonable_demand",
            _rate("reasonable_demand"),
            seasonal_amplitude=0.25,
            seasonal_peak_day=190.0,
            meeting_share=_share("reasonable_demand"),
            on_spot_share=0.35,
            verification=Duration(3.0, "gamma", 0.5),
            handling=Duration(70.0, "gamma", 0.8),
            rebound_probability=0.02,
        ),
        KindModel(
            "service_request",
            _rate("service_request"),
            meeting_share=_share("service_request"),
            on_spot_share=0.4,
            handling=Duration(30.0, "gamma", 0.8),
        ),
        KindModel(
            "hidden_risk",
            _rate("hidden_risk"),
            meeting_share=_share("hidden_risk"),
            on_spot_share=0.1,
            verification=Duration(2.0, "gamma", 0.5),
            handling=Duration(40.0, "gamma", 0.8),
        ),
        KindModel(
            "dispute",
            _rate("dispute"),
            meeting_share=_share("dispute"),
            on_spot_share=0.0,
            mediate=True,
            verification=Duration(3.0, "gamma", 0.5),
            mediation=Duration(12.0, "gamma", 0.6),
            mediation_success=1.0,
        ),
    ),
    meetings=(
        MeetingModel(HOUSEHOLD_MEETING, 365.0 / 18.0, scope="rotate", first_day=5.0, attendance=0.9),
        MeetingModel(WEEKLY_JOINT_MEETING, 7.0, first_day=2.0, held_probability=27.0 / (365.0 / 7.0)),
    ),
    # the appointments begin on structure.START; a year of warm-up from then fills the queues
    start=structure.START + timedelta(days=365),
    warmup_days=365.0,
    handler_capacity=6,
    mediator_capacity=3,
    satisfaction=(
        Weighted("satisfied", 0.9),
        Weighted("basically_satisfied", 0.08),
        Weighted("dissatisfied", 0.02),
    ),
    household_meeting=HOUSEHOLD_MEETING,
    weekly_meeting=WEEKLY_JOINT_MEETING,
    handler_roles=("grid_head",),
    mediator_roles=("mediation_member",),
    activities=ACTIVITIES,
)

#: "one more head per grid", the Xiaoxiguan way: one more sunk cadre (下沉干部) in each grid
ONE_MORE_SUNK_CADRE = Policy(
    "xiaoxiguan:one_more_sunk_cadre",
    "one more sunk cadre handling issues in each grid (每网格增派一名下沉干部)",
    extra_handlers_per_grid=1,
    extra_handler_role="sunk_cadre",
    extra_handler_unit_level="grid",
)

#: weekly supervision rounds (每周督办): town cadres card red work, which is taken up first
WEEKLY_SUPERVISION = Policy(
    "xiaoxiguan:weekly_supervision",
    "weekly supervision rounds: red work carded and taken up first (每周督办，红牌事项优先办理)",
    supervision_days=7.0,
)

XIAOXIGUAN_POLICIES = (ONE_MORE_SUNK_CADRE, WEEKLY_SUPERVISION)
