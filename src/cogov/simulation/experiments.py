"""Experiments: replications with confidence intervals, policy comparisons, sweeps.

Every replication is an independent simulated period whose seed is derived from
``(base seed, policy seed key, replication)`` (:func:`replication_seed`), so results do not
depend on the executor, the number of workers, the batching or the order of completion.
In a comparison the seed key is shared by all policies (common random numbers): replication
*r* of every policy sees the same random streams, and the paired differences have a much
smaller variance than independent runs would.

Sweeps accept any :class:`concurrent.futures.Executor` — a process pool by default, a Dask
``distributed`` client's ``get_executor()``, a Ray executor — and send replications in
batches so each task is worth shipping.  Results are plain attrs values that serialise to
JSON and CSV.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from typing import Any

import attrs

from cogov.engine.ledger import Ledger
from cogov.simulation.community_model import CommunityModel
from cogov.simulation.confidence import Estimate, estimate
from cogov.simulation.figures import year_figures
from cogov.simulation.policies import BASELINE, Policy
from cogov.simulation.scenario import Scenario, ScenarioError
from cogov.simulation.streams import derive_seed

__all__ = [
    "CRN_KEY",
    "Comparison",
    "Measure",
    "Progress",
    "ReplicationResults",
    "compare",
    "replication_seed",
    "run_replications",
    "simulate",
    "simulate_year",
    "sweep",
]

#: what a replication is measured by: model → figures (a top-level function, so it pickles)
Measure = Callable[[CommunityModel], Mapping[str, float]]
#: called as ``progress(done, total)`` in replications, from the calling thread
Progress = Callable[[int, int], None]

#: the seed key shared by all policies of a comparison (common random numbers)
CRN_KEY = "crn"
#: default batching: tasks per worker (more tasks even out the tail; fewer cost less to send)
TASKS_PER_WORKER = 8


def replication_seed(base_seed: int, policy_key: str, replication: int) -> int:
    """The seed of ``replication`` of the policy keyed ``policy_key`` under ``base_seed``."""
    return derive_seed(base_seed, policy_key, replication)


def simulate(scenario: Scenario, seed: int, policy: Policy = BASELINE) -> CommunityModel:
    """Run one replication; the model holds the ledger and what the simulation measured."""
    model = CommunityModel(scenario, seed, policy)
    model.run()
    return model


def simulate_year(scenario: Scenario, seed: int, policy: Policy = BASELINE) -> Ledger:
    """The ledger of one simulated period (every event validated and authorised)."""
    return simulate(scenario, seed, policy).ledger


@attrs.frozen
class ReplicationResults:
    """Figures of ``len(values)`` replications of one scenario under one policy.

    ``values[r][i]`` is figure ``names[i]`` of replication ``r`` (``nan`` where undefined,
    e.g. a rate with an empty denominator, or a figure one replication lacks).
    """

    scenario: str
    policy: str
    seed: int
    seed_key: str
    names: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]

    @classmethod
    def from_rows(
        cls, scenario: str, policy: str, seed: int, seed_key: str, rows: Sequence[Mapping[str, float]]
    ) -> ReplicationResults:
        names = tuple(sorted({name for row in rows for name in row}))
        values = tuple(tuple(float(row.get(name, math.nan)) for name in names) for row in rows)
        return cls(scenario, policy, seed, seed_key, names, values)

    @property
    def replications(self) -> int:
        return len(self.values)

    def column(self, name: str) -> tuple[float, ...]:
        try:
            index = self.names.index(name)
        except ValueError:
            msg = f"no figure {name!r} in the results of {self.policy!r}; figures: {list(self.names)}"
            raise ScenarioError(msg) from None
        return tuple(row[index] for row in self.values)

    def estimate(self, name: str, confidence: float = 0.95) -> Estimate:
        return estimate(name, self.column(name), confidence)

    def summary(self, confidence: float = 0.95) -> dict[str, Estimate]:
        """Every figure's mean with its Student-t confidence interval (and its band)."""
        return {name: self.estimate(name, confidence) for name in self.names}

    def to_json(self) -> str:
        data = attrs.asdict(self)
        data["values"] = [[None if math.isnan(v) else v for v in row] for row in self.values]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ReplicationResults:
        data = json.loads(text)
        values = tuple(tuple(math.nan if v is None else float(v) for v in row) for row in data["values"])
        return cls(
            data["scenario"], data["policy"], data["seed"], data["seed_key"], tuple(data["names"]), values
        )

    def to_csv(self) -> str:
        """One row per replication, one column per figure."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["replication", *self.names])
        for r, row in enumerate(self.values):
            writer.writerow([r, *("" if math.isnan(v) else repr(v) for v in row)])
        return out.getvalue()


@attrs.frozen
class Comparison:
    """Policies compared replication by replication (common random numbers).

    :meth:`difference` estimates ``alternative − baseline`` from the paired differences.
    """

    results: tuple[ReplicationResults, ...]

    @property
    def policies(self) -> tuple[str, ...]:
        return tuple(r.policy for r in self.results)

    def of(self, policy: str) -> ReplicationResults:
        for result in self.results:
            if result.policy == policy:
                return result
        msg = f"no policy {policy!r} in this comparison; policies: {list(self.policies)}"
        raise ScenarioError(msg)

    def difference(
        self, name: str, alternative: str, baseline: str | None = None, confidence: float = 0.95
    ) -> Estimate:
        base = self.of(baseline or self.results[0].policy).column(name)
        other = self.of(alternative).column(name)
        paired = [b - a for a, b in zip(base, other, strict=True)]
        return estimate(name, paired, confidence)

    def differences(
        self, alternative: str, baseline: str | None = None, confidence: float = 0.95
    ) -> dict[str, Estimate]:
        names = sorted(
            set(self.of(baseline or self.results[0].policy).names) & set(self.of(alternative).names)
        )
        return {name: self.difference(name, alternative, baseline, confidence) for name in names}

    def to_json(self) -> str:
        return json.dumps([json.loads(r.to_json()) for r in self.results], ensure_ascii=False)


def _run_batch(
    scenario: Scenario, policy: Policy, seeds: tuple[int, ...], measure: Measure
) -> list[dict[str, float]]:
    """Run a batch of replications in one task (top-level so process pools can pickle it)."""
    rows = []
    for seed in seeds:
        model = CommunityModel(scenario, seed, policy)
        model.run()
        rows.append(dict(measure(model)))
    return rows


def _batches(count: int, size: int) -> Iterable[range]:
    for start in range(0, count, size):
        yield range(start, min(count, start + size))


def sweep(
    scenario: Scenario,
    policies: Sequence[Policy],
    replications: int,
    seed: int,
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    measure: Measure = year_figures,
    common_random_numbers: bool = True,
) -> tuple[ReplicationResults, ...]:
    """Run ``replications`` of ``scenario`` under each policy; results in policy order.

    ``executor``: any :class:`concurrent.futures.Executor`; without one, a process pool of
    ``workers`` (default: the CPU count) that is shut down afterwards, or the calling
    process itself when ``workers == 1``.  ``batch_size`` replications go in one task (default:
    enough for about eight tasks per worker, so the last ones leave little idle time).  With ``common_random_numbers`` (the default)
    replication *r* has the same seed under every policy; otherwise the policy's key enters
    its seed.
    """
    if replications < 1:
        msg = f"sweep: replications must be >= 1, got {replications!r}"
        raise ScenarioError(msg)
    keys = [p.key for p in policies]
    if len(set(keys)) != len(keys) or not keys:
        msg = f"sweep: give at least one policy, each key once; got {keys}"
        raise ScenarioError(msg)
    seed_keys = [CRN_KEY if common_random_numbers else p.key for p in policies]
    total = replications * len(policies)
    own_pool = None
    if executor is None and (workers or os.cpu_count() or 1) > 1:
        executor = own_pool = ProcessPoolExecutor(max_workers=workers)
    slots = workers or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
    size = batch_size or max(1, math.ceil(total / (TASKS_PER_WORKER * slots)))
    rows: list[list[dict[str, float] | None]] = [[None] * replications for _ in policies]
    done = 0
    try:
        if executor is None:
            for p, policy in enumerate(policies):
                for r in range(replications):
                    rows[p][r] = _run_batch(
                        scenario, policy, (replication_seed(seed, seed_keys[p], r),), measure
                    )[0]
                    done += 1
                    if progress is not None:
                        progress(done, total)
        else:
            futures: dict[Future[list[dict[str, float]]], tuple[int, range]] = {}
            for p, policy in enumerate(policies):
                for batch in _batches(replications, size):
                    seeds = tuple(replication_seed(seed, seed_keys[p], r) for r in batch)
                    futures[executor.submit(_run_batch, scenario, policy, seeds, measure)] = (p, batch)
            for future in as_completed(futures):
                p, batch = futures[future]
                for r, row in zip(batch, future.result(), strict=True):
                    rows[p][r] = row
                done += len(batch)
                if progress is not None:
                    progress(done, total)
    finally:
        if own_pool is not None:
            own_pool.shutdown(cancel_futures=True)
    return tuple(
        ReplicationResults.from_rows(
            scenario.key, policy.key, seed, seed_keys[p], [row for row in rows[p] if row is not None]
        )
        for p, policy in enumerate(policies)
    )


def run_replications(
    scenario: Scenario,
    replications: int,
    seed: int,
    *,
    policy: Policy = BASELINE,
    executor: Executor | None = None,
    workers: int | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    measure: Measure = year_figures,
) -> ReplicationResults:
    """``replications`` of ``scenario`` under ``policy``; see :func:`sweep` for the arguments."""
    (result,) = sweep(
        scenario,
        (policy,),
        replications,
        seed,
        executor=executor,
        workers=workers,
        batch_size=batch_size,
        progress=progress,
        measure=measure,
    )
    return result


def compare(
    scenario: Scenario,
    policies: Sequence[Policy],
    replications: int,
    seed: int,
    **options: Any,
) -> Comparison:
    """Run every policy with common random numbers; the first policy is the baseline."""
    return Comparison(sweep(scenario, policies, replications, seed, common_random_numbers=True, **options))
