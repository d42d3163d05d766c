"""What the commands ask of the simulation: scenarios and policies by name, replications
measured by the report's headline figures.

The simulation's own parts (sweep parameters, the measured period, the report's year) live
in :mod:`cogov.simulation`; the headline measure stays here because it joins the report's
figures to the simulation's runs, and only a face imports both.

Scenarios are the ones plugins register (``cogov_register_scenarios``; the Xiaoxiguan
plugin registers the calibrated ``xiaoxiguan``).  Each replication is measured by
:func:`headline_measure`, the report's headline figures of the simulated period, so the
summary and the report speak of the same figures.  Sweep parameters are fields of a
:class:`~cogov.simulation.policies.Policy` (cadences, extra handlers, share answered on the
spot) or scalar fields of the scenario (capacities, days).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cogov.cli._app import fail
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError, did_you_mean
from cogov.evaluation import compute_statistics
from cogov.report import MeetingKeys, headline_values, meeting_cohort
from cogov.simulation import (
    BUILTIN_POLICIES,
    CommunityModel,
    Policy,
    Scenario,
    builtin_scenarios,
    experiments,
    period_of,
    report_year,
    run_replications,
    with_parameters,
)

__all__ = [
    "DEMO_SCENARIO",
    "Figures",
    "check_size",
    "headline_measure",
    "load_policy",
    "load_scenario",
    "period_of",
    "replicate",
    "report_year",
    "with_parameters",
    "write_ledger",
]

#: the calibrated scenario ``cogov demo`` runs
DEMO_SCENARIO = "xiaoxiguan"
#: one replication's headline figures (``None`` where undefined)
Figures = dict[str, float | None]


def check_size(scenario: Scenario, policy: Policy) -> None:
    """Refuse a run too large to finish (the size of a plugin community is known only here)."""
    try:
        experiments.check_size(scenario, policy)
    except CogovError as error:
        msg = str(error).splitlines()[0]
        raise fail(msg) from None


#: the plugin distribution that provides it
DEMO_DISTRIBUTION = "cogov-xiaoxiguan"


def _not_installed_hint(name: str) -> str:
    """How to get the demo's scenario when it is missing: install, or load, its distribution."""
    import importlib.metadata  # noqa: PLC0415 - only on this error path

    try:
        importlib.metadata.distribution(DEMO_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return (
            f"scenario {name!r} (the demo's Xiaoxiguan year) comes with the plugin distribution "
            f"{DEMO_DISTRIBUTION}; install it: pip install {DEMO_DISTRIBUTION} "
            "(from a checkout: pip install -e plugins/xiaoxiguan)"
        )
    return (
        f"scenario {name!r} comes with the plugin distribution {DEMO_DISTRIBUTION} "
        f"(pip install {DEMO_DISTRIBUTION}), which is installed here but not loaded: unset "
        "COGOV_DISABLE_PLUGIN_AUTOLOAD, or add xiaoxiguan to COGOV_LOAD_PLUGINS"
    )


def _registered() -> Mapping[str, Any]:
    """Built-in scenarios (``demo``, ``mmc``), then those plugins register (which win)."""
    from cogov.plugins import scenarios  # noqa: PLC0415 - plugins load on demand

    return {**{s.key: s for s in builtin_scenarios()}, **scenarios()}


def load_scenario(name: str) -> Scenario:
    """The scenario registered as ``name``; a one-line error naming the known ones otherwise."""
    found = _registered()
    scenario = found.get(name)
    if scenario is None and name == DEMO_SCENARIO:
        raise fail(_not_installed_hint(name))
    if scenario is None:
        known = (
            ", ".join(sorted(found)) or "none (install a plugin that registers one, e.g. cogov-xiaoxiguan)"
        )
        msg = f"unknown scenario {name!r}{did_you_mean(name, found)} (known scenarios: {known})"
        raise fail(msg)
    if not isinstance(scenario, Scenario):
        msg = f"scenario {name!r} is a {type(scenario).__name__}, not a cogov.simulation Scenario"
        raise fail(msg)
    return scenario


def load_policy(name: str) -> Policy:
    """The built-in or plugin policy ``name`` (``baseline``, ``fortnightly_household_meetings``, …)."""
    from cogov.plugins import policies  # noqa: PLC0415 - plugins load on demand

    found: dict[str, Any] = {**{p.key: p for p in BUILTIN_POLICIES}, **policies()}
    policy = found.get(name)
    if not isinstance(policy, Policy):
        msg = (
            f"unknown policy {name!r}{did_you_mean(name, found)} (known policies: {', '.join(sorted(found))})"
        )
        raise fail(msg)
    return policy


def headline_measure(model: CommunityModel) -> dict[str, float]:
    """The report's headline figures of one simulated period (``nan`` where undefined)."""
    period = period_of(model.scenario)
    ledger = model.ledger
    stats = compute_statistics(ledger, period=period, group_level=model.scenario.grid_level)
    scenario = model.scenario
    keys = MeetingKeys(scenario.household_meeting, scenario.weekly_meeting, scenario.meeting_channel)
    values = headline_values(stats, meeting_cohort(ledger, period, channel=keys.channel), keys)
    return {key: math.nan if value is None else float(value) for key, value in values.items()}


def replicate(
    scenario: Scenario,
    policy: Policy,
    *,
    replications: int,
    seed: int,
    workers: int,
    progress: Callable[[int, int], None] | None,
    completed: Mapping[int, Mapping[str, float | None]] | None = None,
    on_result: Callable[[int, dict[str, float | None]], None] | None = None,
) -> list[dict[str, float | None]]:
    """Headline figures of each replication, in replication order (``None`` where undefined).

    ``completed``: figures of replications already run (not run again); ``on_result`` is
    told of each replication as it finishes.
    """
    known = {
        r: {name: math.nan if value is None else value for name, value in row.items()}
        for r, row in (completed or {}).items()
    }

    def told(r: int, row: Mapping[str, float]) -> None:
        if on_result is not None:
            on_result(r, {name: None if math.isnan(value) else value for name, value in row.items()})

    results = run_replications(
        scenario,
        replications,
        seed,
        policy=policy,
        workers=workers,
        progress=progress,
        measure=headline_measure,
        completed=known,
        on_result=told,
    )
    return [
        {name: None if math.isnan(value) else value for name, value in zip(results.names, row, strict=True)}
        for row in results.values
    ]


def write_ledger(ledger: Ledger, path: Path) -> None:
    """The ledger's events as JSON Lines (readable by ``cogov report`` and ``cogov validate``)."""
    from cogov.boundary import codec  # noqa: PLC0415 - the codec is needed only here

    path.write_text(codec.dumps_events(ledger.events), encoding="utf-8")


def figure_rows(seeds: Sequence[int], per_year: Sequence[Mapping[str, float | None]]) -> list[dict[str, Any]]:
    return [
        {"replication": i, "seed": s, **row} for i, (s, row) in enumerate(zip(seeds, per_year, strict=True))
    ]
