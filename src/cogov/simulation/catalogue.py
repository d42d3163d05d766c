"""Scenarios and policies that ship with the core (plugins register more by name).

- ``mmc``: an M/M/c queue through the full engine — one grid, one household, Poisson
  arrivals (λ = 9 a day) collected on a grid visit, registered and handled directly by
  ``c = 10`` community cadres with exponential handling (μ = 1 a day).  Its mean wait for a
  handler is Erlang C's 0.6687 days.
- ``demo``: a small synthetic community (4 grids of 60 households) with monthly household
  meetings, a weekly joint meeting, three issue kinds and mediation.
- Policies ``baseline``, ``fortnightly_household_meetings``, ``one_more_head_per_grid``,
  ``disputes_straight_to_mediation``.
"""

from __future__ import annotations

from cogov.simulation.policies import BASELINE, Policy, RouteRule
from cogov.simulation.scenario import CommunitySource, Duration, KindModel, MeetingModel, Scenario

__all__ = [
    "BUILTIN_POLICIES",
    "DEMO",
    "FORTNIGHTLY",
    "MEDIATE_DISPUTES",
    "MMC",
    "ONE_MORE_HEAD",
    "builtin_scenarios",
    "mmc_scenario",
]


def mmc_scenario(
    arrival_rate: float = 9.0,
    service_rate: float = 1.0,
    servers: int = 10,
    *,
    days: float = 200.0,
    warmup_days: float = 20.0,
    drain: bool = False,
) -> Scenario:
    """An M/M/c queue expressed as a community scenario (see the module docstring)."""
    return Scenario(
        key="mmc",
        label=f"M/M/{servers} queue (λ={arrival_rate:g}, μ={service_rate:g})",
        community=CommunitySource(
            grids=1, households_per_grid=1, cadres=servers, mediators=0, grid_heads=False
        ),
        kinds=(
            KindModel(
                "service_request",
                rate_per_household=arrival_rate * 365.0,
                meeting_share=0.0,
                on_spot_share=0.0,
                route="direct",
                handling=Duration(1.0 / service_rate),
                follow_up_share=0.0,
            ),
        ),
        meetings=(),
        days=days,
        warmup_days=warmup_days,
        handler_capacity=1,
        handler_roles=("community_cadre",),
        drain=drain,
    )


MMC = mmc_scenario()

DEMO = Scenario(
    key="demo",
    label="synthetic community of 4 grids (示例社区)",
    community=CommunitySource(grids=4, households_per_grid=60, cadres=2, mediators=2),
    kinds=(
        KindModel(
            "policy_question",
            0.25,
            meeting_share=0.8,
            on_spot_share=0.85,
            handling=Duration(3.0, "gamma", 0.5),
        ),
        KindModel(
            "reasonable_demand",
            0.35,
            seasonal_amplitude=0.3,
            seasonal_peak_day=200.0,
            meeting_share=0.6,
            on_spot_share=0.4,
            handling=Duration(12.0, "gamma", 0.7),
            rebound_probability=0.05,
        ),
        KindModel(
            "dispute",
            0.06,
            meeting_share=0.5,
            on_spot_share=0.05,
            mediate=True,
            mediation=Duration(10.0, "gamma", 0.6),
            mediation_success=0.85,
            rebound_probability=0.05,
        ),
    ),
    meetings=(
        MeetingModel("household_meeting", 30.0, attendance=0.8),
        MeetingModel("weekly_joint_meeting", 7.0, first_day=3.0, held_probability=0.9),
    ),
    warmup_days=90.0,
    handler_capacity=3,
    mediator_capacity=2,
)

FORTNIGHTLY = Policy(
    "fortnightly_household_meetings",
    "household meetings every 14 days (户院会两周一次)",
    household_meeting_days=14.0,
)
ONE_MORE_HEAD = Policy(
    "one_more_head_per_grid",
    "one more handler stationed in each grid (每网格增派一人)",
    extra_handlers_per_grid=1,
)
MEDIATE_DISPUTES = Policy(
    "disputes_straight_to_mediation",
    "disputes go straight to mediation (纠纷直接调解)",
    routes=(RouteRule("dispute", "mediation"),),
)
BUILTIN_POLICIES = (BASELINE, FORTNIGHTLY, ONE_MORE_HEAD, MEDIATE_DISPUTES)


def builtin_scenarios() -> tuple[Scenario, ...]:
    """The scenarios the core ships: the M/M/c check and the demo community."""
    return (MMC, DEMO)
