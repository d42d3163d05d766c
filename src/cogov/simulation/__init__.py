"""Policy simulation: a simulated year is just another source of events.

A :class:`Scenario` (data) names a community and the stochastic models of a year; a
:class:`CommunityModel` drives a discrete-event :class:`Scheduler` whose callbacks apply
domain events to a real :class:`~cogov.Ledger`, so every simulated step is validated and
authorised like a recorded one.  :func:`run_replications`, :func:`compare` and
:func:`sweep` run many seeded years on any :class:`concurrent.futures.Executor` and report
every figure with its Student-t confidence interval.
"""

from __future__ import annotations

from cogov.evaluation.confidence import Estimate, estimate, t_quantile
from cogov.simulation.catalogue import (
    BUILTIN_POLICIES,
    DEMO,
    FORTNIGHTLY,
    MEDIATE_DISPUTES,
    MMC,
    ONE_MORE_HEAD,
    builtin_scenarios,
    mmc_scenario,
)
from cogov.simulation.community_model import PHASES, CommunityModel
from cogov.simulation.experiments import (
    CRN_KEY,
    Comparison,
    Measure,
    Progress,
    ReplicationResults,
    compare,
    period_of,
    replication_seed,
    report_year,
    run_replications,
    simulate,
    simulate_year,
    sweep,
)
from cogov.simulation.figures import year_figures
from cogov.simulation.policies import BASELINE, Policy, RouteRule, with_parameters
from cogov.simulation.queueing import SamplePath, erlang_c, mmc_mean_wait, sample_path, simulate_mmc
from cogov.simulation.scenario import (
    ActivityModel,
    CommunitySource,
    Duration,
    KindModel,
    MeetingModel,
    Scenario,
    ScenarioError,
    Weighted,
)
from cogov.simulation.scheduler import Scheduler
from cogov.simulation.streams import Streams, derive_seed
from cogov.simulation.world import Staffing, World, build_world

__all__ = [
    "BASELINE",
    "BUILTIN_POLICIES",
    "CRN_KEY",
    "DEMO",
    "FORTNIGHTLY",
    "MEDIATE_DISPUTES",
    "MMC",
    "ONE_MORE_HEAD",
    "PHASES",
    "ActivityModel",
    "CommunityModel",
    "CommunitySource",
    "Comparison",
    "Duration",
    "Estimate",
    "KindModel",
    "Measure",
    "MeetingModel",
    "Policy",
    "Progress",
    "ReplicationResults",
    "RouteRule",
    "SamplePath",
    "Scenario",
    "ScenarioError",
    "Scheduler",
    "Staffing",
    "Streams",
    "Weighted",
    "World",
    "build_world",
    "builtin_scenarios",
    "compare",
    "derive_seed",
    "erlang_c",
    "estimate",
    "mmc_mean_wait",
    "mmc_scenario",
    "period_of",
    "replication_seed",
    "report_year",
    "run_replications",
    "sample_path",
    "simulate",
    "simulate_mmc",
    "simulate_year",
    "sweep",
    "t_quantile",
    "with_parameters",
    "year_figures",
]
