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
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from datetime import timedelta
from typing import Any

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import did_you_mean
from cogov.evaluation.confidence import Estimate, estimate
from cogov.evaluation.period import Period
from cogov.simulation.community_model import CommunityModel
from cogov.simulation.figures import figure_range, year_figures
from cogov.simulation.policies import BASELINE, Policy, world_for
from cogov.simulation.scenario import Scenario, ScenarioError
from cogov.simulation.streams import derive_seed

__all__ = [
    "CRN_KEY",
    "Comparison",
    "Completed",
    "Measure",
    "OnResult",
    "Progress",
    "ReplicationResults",
    "check_size",
    "compare",
    "period_of",
    "replication_seed",
    "report_year",
    "run_replications",
    "simulate",
    "simulate_year",
    "sweep",
]

#: what a replication is measured by: model → figures (a top-level function, so it pickles)
Measure = Callable[[CommunityModel], Mapping[str, float]]
#: called as ``progress(done, total)`` in replications, from the calling thread
Progress = Callable[[int, int], None]
#: called as ``on_result(policy_key, replication, figures)`` as each replication finishes,
#: from the calling thread (e.g. to write it down so an interrupted sweep keeps it)
OnResult = Callable[[str, int, Mapping[str, float]], None]
#: replications already run, by ``(policy key, replication)``: a sweep does not run them again
Completed = Mapping[tuple[str, int], Mapping[str, float]]

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


def period_of(scenario: Scenario) -> Period:
    """The measured period of a simulated run."""
    return Period(scenario.start, scenario.start + timedelta(days=scenario.days))


def report_year(scenario: Scenario, policy: Policy, seed: int) -> tuple[Ledger, int]:
    """The ledger of replication 0 (the same year the replications' first row measured) and its seed."""
    year_seed = replication_seed(seed, CRN_KEY, 0)
    return simulate_year(scenario, year_seed, policy), year_seed


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
            msg = (
                f"no figure {name!r} in the results of {self.policy!r}{did_you_mean(name, self.names)} "
                f"(figures: {list(self.names)})"
            )
            raise ScenarioError(msg) from None
        return tuple(row[index] for row in self.values)

    def estimate(self, name: str, confidence: float = 0.95) -> Estimate:
        """Mean and interval of figure ``name``, clipped to its range (:func:`figure_range`)."""
        low, high = figure_range(name)
        return estimate(name, self.column(name), confidence, low=low, high=high)

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
        msg = (
            f"no policy {policy!r} in this comparison{did_you_mean(policy, self.policies)} "
            f"(policies: {list(self.policies)})"
        )
        raise ScenarioError(msg)

    def difference(
        self, name: str, alternative: str, baseline: str | None = None, confidence: float = 0.95
    ) -> Estimate:
        base = self.of(baseline or self.results[0].policy).column(name)
        other = self.of(alternative).column(name)
        paired = [b - a for a, b in zip(base, other, strict=True)]
        low, high = figure_range(name)  # a difference of two values in [low, high]
        return estimate(name, paired, confidence, low=low - high, high=high - low)

    def differences(
        self, alternative: str, baseline: str | None = None, confidence: float = 0.95
    ) -> dict[str, Estimate]:
        names = sorted(
            set(self.of(baseline or self.results[0].policy).names) & set(self.of(alternative).names)
        )
        return {name: self.difference(name, alternative, baseline, confidence) for name in names}

    def to_json(self) -> str:
        return json.dumps([json.loads(r.to_json()) for r in self.results], ensure_ascii=False)


def check_size(scenario: Scenario, policy: Policy = BASELINE) -> None:
    """Refuse, before anything runs, a run of ``scenario`` under ``policy`` that is too large.

    Each parameter is checked against its range when it is set; this adds the size of the
    community (known only once a plugin's community set-up is built) and the policy's changes.
    """
    adapted = policy.adapt(scenario)
    world = world_for(adapted, policy)
    adapted.check_size(households=len(world.households), grids=len(world.grids))


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


def _batches(todo: Sequence[int], size: int) -> Iterable[tuple[int, ...]]:
    for start in range(0, len(todo), size):
        yield tuple(todo[start : start + size])


#: how often a pool worker looks whether the process that started it is still there
_PARENT_POLL_SECONDS = 0.5


def _start_worker(parent: int) -> None:
    """Initialise a worker of the sweep's own process pool (runs in the worker).

    Ctrl-C at a terminal reaches the whole process group; the parent alone decides what
    stops (it terminates its workers), so a worker ignores SIGINT, and takes SIGTERM's
    default action whatever handler it inherited by fork.  A worker whose parent is gone
    (killed with SIGKILL, say) exits instead of waiting forever on a queue it inherited.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel what waits, terminate the workers, reap them.

    ``shutdown`` alone waits for the running tasks (minutes of replications) and, if a
    worker was hit by the same Ctrl-C, can wait forever; an interrupted sweep must end in
    seconds and leave no process behind.
    """
    # the running workers and the pool's manager thread: private, but the only handles
    # (Python 3.14 adds ``terminate_workers`` for this)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 2.0
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)
    # With its workers gone the pool's manager thread ends at once; wait for it, or it may
    # close the pool's wake-up pipe while the interpreter's exit hook writes to it (an
    # "Exception ignored ... Bad file descriptor" after the sweep's own message)
    if manager is not None:
        manager.join(2.0)


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
    completed: Completed | None = None,
    on_result: OnResult | None = None,
) -> tuple[ReplicationResults, ...]:
    """Run ``replications`` of ``scenario`` under each policy; results in policy order.

    ``executor``: any :class:`concurrent.futures.Executor`; without one, a process pool of
    ``workers`` (default: the CPU count) that is shut down afterwards, or the calling
    process itself when ``workers == 1``.  ``batch_size`` replications go in one task (default:
    enough for about eight tasks per worker, so the last ones leave little idle time).  With ``common_random_numbers`` (the default)
    replication *r* has the same seed under every policy; otherwise the policy's key enters
    its seed.

    ``completed`` holds figures of replications already run (keyed by policy key and
    replication), which are used as they are; ``on_result`` is told of each replication as
    it finishes.  Together they make a sweep resumable.  When the sweep is interrupted
    (KeyboardInterrupt, or any exception) its own pool is stopped at once, its workers
    terminated, and what was pending on a given executor cancelled.
    """
    if replications < 1:
        msg = f"sweep: replications must be >= 1, got {replications!r}"
        raise ScenarioError(msg)
    keys = [p.key for p in policies]
    if len(set(keys)) != len(keys) or not keys:
        msg = f"sweep: give at least one policy, each key once; got {keys}"
        raise ScenarioError(msg)
    for policy in policies:
        check_size(scenario, policy)
    seed_keys = [CRN_KEY if common_random_numbers else p.key for p in policies]
    total = replications * len(policies)
    rows: list[list[Mapping[str, float] | None]] = [
        [(completed or {}).get((policy.key, r)) for r in range(replications)] for policy in policies
    ]
    todo = [[r for r in range(replications) if rows[p][r] is None] for p in range(len(policies))]
    done = total - sum(len(t) for t in todo)

    def finished(p: int, r: int, row: Mapping[str, float]) -> None:
        nonlocal done
        rows[p][r] = row
        done += 1
        if on_result is not None:
            on_result(policies[p].key, r, row)

    own_pool = None
    if executor is None and (workers or os.cpu_count() or 1) > 1 and done < total:
        executor = own_pool = ProcessPoolExecutor(
            max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),)
        )
    slots = workers or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
    size = batch_size or max(1, math.ceil((total - done) / (TASKS_PER_WORKER * slots)))
    futures: dict[Future[list[dict[str, float]]], tuple[int, tuple[int, ...]]] = {}
    try:
        if executor is None:
            for p, policy in enumerate(policies):
                for r in todo[p]:
                    one = (replication_seed(seed, seed_keys[p], r),)
                    finished(p, r, _run_batch(scenario, policy, one, measure)[0])
                    if progress is not None:
                        progress(done, total)
        else:
            for p, policy in enumerate(policies):
                for batch in _batches(todo[p], size):
                    seeds = tuple(replication_seed(seed, seed_keys[p], r) for r in batch)
                    futures[executor.submit(_run_batch, scenario, policy, seeds, measure)] = (p, batch)
            for future in as_completed(futures):
                p, batch = futures[future]
                for r, row in zip(batch, future.result(), strict=True):
                    finished(p, r, row)
                if progress is not None:
                    progress(done, total)
    except BaseException:
        if own_pool is not None:
            _stop_pool(own_pool)
            own_pool = None
        else:
            for future in futures:
                future.cancel()
        raise
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
    completed: Mapping[int, Mapping[str, float]] | None = None,
    on_result: Callable[[int, Mapping[str, float]], None] | None = None,
) -> ReplicationResults:
    """``replications`` of ``scenario`` under ``policy``; see :func:`sweep` for the arguments.

    ``completed`` and ``on_result`` are keyed by replication alone here.
    """
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
        completed={(policy.key, r): row for r, row in (completed or {}).items()},
        on_result=None if on_result is None else lambda _key, r, row: on_result(r, row),
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
