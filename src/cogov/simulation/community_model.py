"""The community model: stochastic processes that emit domain events into a ledger.

Residents' issues arise in households (one superposed Poisson process per issue kind, with
a seasonal swing, thinned: never a tick per household per step).  They are collected at the
next household-courtyard meeting (户院会) of their grid or on a grid visit, answered on the
spot or registered, reported to the weekly joint meeting (例会), verified on a home visit,
handled or mediated by role holders with limited capacity (FIFO queues per pool), followed
up, and sometimes rebound.  Association and volunteer activities (patrols, clean-ups, …) are
held at their own rate, each kind drawing from its own random stream so that adding them
changes no other process.  Every step is a cogov event applied to a :class:`Ledger`, taken
by a person whose appointment grants the duty over the issue's unit: the ledger validates
and authorises each one exactly as it would a real record.

Who acts and who handles comes from the ledger's appointments (:mod:`cogov.simulation.roster`).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from random import Random

from cogov.engine.ledger import Ledger, Observer
from cogov.model.events import (
    AgreementReached,
    AnsweredOnSpot,
    Appointed,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueReopened,
    IssueResolved,
    MediationFailed,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReferredOut,
    VerificationVisited,
)
from cogov.simulation.activities import Activities
from cogov.simulation.policies import BASELINE, Policy, world_for
from cogov.simulation.roster import Holders, Pool, Roster
from cogov.simulation.scenario import (
    DRAIN_LIMIT_DAYS,
    KindModel,
    MeetingModel,
    Scenario,
    ScenarioError,
    check_fits,
)
from cogov.simulation.scheduler import Scheduler
from cogov.simulation.streams import Streams
from cogov.simulation.supervision_rounds import SupervisionRounds
from cogov.simulation.well_formed import maker

__all__ = ["PHASES", "CommunityModel"]

#: where an issue is in the model (the ledger has the workflow state; these are the queues)
PHASES = (
    "awaiting_meeting",
    "awaiting_weekly_meeting",
    "queued_for_handler",
    "with_handler",
    "queued_for_mediator",
    "with_mediator",
    "awaiting_follow_up",
    "awaiting_rebound",
    "done",
)

_SEASON = 2.0 * math.pi / 365.0

# The events the model builds, from values it knows to be well-formed (see well_formed).
_MEETING = maker(MeetingHeld, "at", "actor", "meeting", "kind", "unit", "attendees")
_COLLECTED = maker(
    IssueCollected, "at", "actor", "issue", "kind", "unit", "channel", "summary", "reporter", "meeting"
)
_ON_SPOT = maker(AnsweredOnSpot, "at", "actor", "issue", "answer")
_REGISTERED = maker(IssueRegistered, "at", "actor", "issue")
_ESCALATED = maker(IssueEscalated, "at", "actor", "issue", "meeting")
_VERIFIED = maker(VerificationVisited, "at", "actor", "issue", "findings")
_PLAN = maker(PlanMade, "at", "actor", "issue", "responsible", "matter", "deadline")
_RESOLVED = maker(IssueResolved, "at", "actor", "issue", "outcome")
_MEDIATION = maker(MediationStarted, "at", "actor", "issue", "mediator")
_AGREED = maker(AgreementReached, "at", "actor", "issue", "terms")
_FAILED = maker(MediationFailed, "at", "actor", "issue", "reason")
_REFERRED = maker(ReferredOut, "at", "actor", "issue", "to", "reason")
_CONFIRMED = maker(CompletionConfirmed, "at", "actor", "issue")
_FOLLOWED_UP = maker(FollowUpVisited, "at", "actor", "issue", "satisfaction")
_CLOSED = maker(IssueClosed, "at", "actor", "issue")
_REOPENED = maker(IssueReopened, "at", "actor", "issue", "reason")


class _Issue:
    __slots__ = (
        "arrived",
        "grid",
        "household",
        "id",
        "model",
        "phase",
        "pool",
        "queued",
        "reporter",
        "server",
        "verify",
    )

    def __init__(  # noqa: PLR0917 - made in one place, once per issue
        self, issue_id: str, model: KindModel, household: str, grid: str, reporter: str | None, now: float
    ) -> None:
        self.id = issue_id
        self.model = model
        self.household = household
        self.grid = grid
        self.reporter = reporter
        self.arrived = now
        self.phase = "awaiting_meeting"
        self.queued = now
        self.pool: Pool | None = None
        self.server = ""
        #: whether the handler starts with a verification visit (issues from the weekly meeting)
        self.verify = False


class CommunityModel:
    """One replication: a scenario under a policy with one seed, driving one ledger."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        policy: Policy = BASELINE,
        *,
        observers: Iterable[Observer] = (),
    ) -> None:
        self.policy = policy
        self.scenario = scenario = policy.adapt(scenario)
        self.world = world = world_for(scenario, policy)
        scenario.check_size(households=len(world.households), grids=len(world.grids))
        self.charter = charter = world.charter
        self.seed = seed
        self.streams = Streams(seed)
        self.ledger = Ledger(
            charter,
            world.community,
            appointments=world.appointments,
            observers=observers,
            clock="simulated",
        )
        #: validate, authorise, hash and record one event (the ledger's own method, bound once)
        self._apply: Callable[[Event], object] = self.ledger.apply
        # The model's streams, fetched once (a stream's draws depend only on its name and the seed).
        streams = self.streams
        self._channel_rng = streams["channel"]
        self._meetings_rng = streams["meetings"]
        self._triage_rng = streams["triage"]
        self._durations_rng = streams["durations"]
        self._mediation_rng = streams["mediation"]
        self._follow_up_rng = streams["follow_up"]
        self._satisfaction_rng = streams["satisfaction"]
        self._rebound_rng = streams["rebound"]
        self.scheduler = Scheduler()
        self.origin: datetime = scenario.clock_start
        self._last_now = math.nan  # never equal: the first _time converts
        self._last_at = self.origin
        self.horizon = scenario.horizon
        self.census = dict.fromkeys(PHASES, 0)
        #: waits in handler queues (days) of issues queued after the warm-up, for queueing validation
        self.handler_waits: list[float] = []
        #: days from an issue arising to its being heard (collected), for issues collected after
        #: the warm-up: what meeting cadence changes, and what no ledger can know
        self.intake_waits: list[float] = []
        self._measure_from = scenario.warmup_days
        self._active = 0
        self._issue_count = 0
        self._meeting_count = 0
        self._awaiting_weekly: list[_Issue] = []
        self._pending: dict[str, list[_Issue]] = {grid: [] for grid in world.grids}
        check_fits(scenario, charter)
        self._index_holders(final=not world.staffing)
        if world.staffing:
            self._staff()
            self._index_holders(final=True)
        self.roster.build_handler_pools()
        self._satisfaction_keys = tuple(w.key for w in scenario.satisfaction)
        self._satisfaction_cumulative = tuple(itertools.accumulate(w.weight for w in scenario.satisfaction))
        self._satisfaction_total = self._satisfaction_cumulative[-1] + 0.0
        self._satisfaction_last = len(self._satisfaction_keys) - 1
        self._start_processes()

    def _time(self, now: float) -> datetime:
        # Steps of one callback share its time: the last conversion is kept (an exact float key).
        if now != self._last_now:
            self._last_now = now
            self._last_at = self.origin + timedelta(days=now)
        return self._last_at

    def _staff(self) -> None:
        staffing = self.world.staffing
        if not staffing:
            return
        at = self._time(0.0)
        for n, extra in enumerate(staffing, 1):
            appointer = self.roster.actor("appoint", extra.unit)
            self._apply(
                Appointed(
                    at=at,
                    actor=appointer,
                    appointment=f"sim-appt-{n}",
                    person=extra.person.id,
                    role=extra.role,
                    unit=extra.unit,
                )
            )

    def _index_holders(self, *, final: bool) -> None:
        """Index who holds which duty where; the final index is shared by a world's replications."""
        at = self._time(0.0)
        holders = (
            Holders.shared(self.ledger, self.world, at) if final else Holders(self.ledger, self.world, at)
        )
        self.roster = Roster(self.scenario, self.world, holders)

    def _start_processes(self) -> None:
        scenario, schedule = self.scenario, self.scheduler.at
        households = len(self.world.households)
        for kind in scenario.kinds:
            rate = kind.rate_per_household * households / 365.0
            if rate > 0:
                peak = rate * (1.0 + kind.seasonal_amplitude)
                rng = self.streams[f"arrivals:{kind.kind}"]
                schedule(rng.expovariate(peak), self._arrival, kind, rate, peak, rng)
        for meeting in scenario.meetings:
            if meeting.kind == scenario.household_meeting:
                grids = self.world.grids
                if meeting.scope == "rotate":
                    schedule(meeting.first_day, self._household_meeting, meeting, 0, None)
                else:
                    for i, grid in enumerate(grids):
                        offset = meeting.first_day + meeting.cadence_days * i / len(grids)
                        schedule(offset, self._household_meeting, meeting, 0, grid)
            elif meeting.kind == scenario.weekly_meeting:
                schedule(meeting.first_day, self._weekly_meeting, meeting)
            else:
                msg = (
                    f"scenario {scenario.key!r}: meeting kind {meeting.kind!r} is neither the household "
                    f"meeting {scenario.household_meeting!r} nor the weekly meeting {scenario.weekly_meeting!r}"
                )
                raise ScenarioError(msg)

        self.activities = Activities(
            scenario, self.world, self.roster, self.scheduler, self.streams, self._apply, self._time
        )
        self.activities.start()
        self.supervision: SupervisionRounds | None = None
        if self.policy.supervision_days is not None:
            self.supervision = SupervisionRounds(
                self.ledger,
                every_days=self.policy.supervision_days,
                scheduler=self.scheduler,
                keep_going=self._keep_meeting,
                when=self._time,
                pools=self.roster.pools,
                actor=self.roster.actor,
                apply=self._apply,
            )
            self.supervision.start(self.policy.supervision_days)

    def _move(self, issue: _Issue, phase: str) -> None:
        census = self.census
        census[issue.phase] -= 1
        census[phase] += 1
        issue.phase = phase

    # -- running ----------------------------------------------------------------------------
    def run(self) -> Ledger:
        """Run to the end of the period (or, for a drained scenario, until the system is empty)."""
        if self.scenario.drain:
            self.scheduler.run()
        else:
            self.scheduler.run(self.horizon)
        return self.ledger

    def _keep_meeting(self, next_time: float) -> bool:
        if next_time < self.horizon:
            return True
        if not self.scenario.drain or next_time >= self.horizon + DRAIN_LIMIT_DAYS:
            return False
        # Before the horizon more issues may still arrive; after it only the active ones remain.
        return self.scheduler.now < self.horizon or self._active > 0

    # -- arrivals ---------------------------------------------------------------------------
    def _arrival(self, model: KindModel, rate: float, peak: float, rng: Random) -> None:
        now = self.scheduler.now
        if now >= self.horizon:
            return
        self.scheduler.at(now + rng.expovariate(peak), self._arrival, model, rate, peak, rng)
        amplitude = model.seasonal_amplitude
        if amplitude:
            day = now - self.scenario.warmup_days - model.seasonal_peak_day
            if rng.random() * peak > rate * (1.0 + amplitude * math.cos(_SEASON * day)):
                return  # thinned: the seasonal rate is below its peak now
        world = self.world
        households = world.households
        household = households[rng.randrange(len(households))]
        self._issue_count += 1
        issue = _Issue(
            f"S{self._issue_count:06d}",
            model,
            household,
            world.grid_of[household],
            world.resident_of[household],
            now,
        )
        self._active += 1
        self.census["awaiting_meeting"] += 1
        if model.meeting_share >= 1.0 or (
            model.meeting_share > 0.0 and self._channel_rng.random() < model.meeting_share
        ):
            self._pending[issue.grid].append(issue)
        else:
            self._collect(issue, self.scenario.visit_channel, None, None)

    # -- meetings ---------------------------------------------------------------------------
    def _household_meeting(self, meeting: MeetingModel, round_: int, grid: str | None) -> None:
        now = self.scheduler.now
        grids = self.world.grids
        unit = grid if grid is not None else grids[round_ % len(grids)]
        next_time = now + meeting.cadence_days
        if self._keep_meeting(next_time):
            self.scheduler.at(next_time, self._household_meeting, meeting, round_ + 1, grid)
        rng = self._meetings_rng
        if meeting.held_probability < 1.0 and rng.random() >= meeting.held_probability:
            return
        pending = self._pending[unit]
        attending: dict[str, bool] = {}
        for issue in pending:
            if issue.household not in attending:
                attending[issue.household] = meeting.attendance >= 1.0 or rng.random() < meeting.attendance
        convener = self.roster.actor(self.charter.meeting_kind(meeting.kind).duty, unit)
        self._meeting_count += 1
        meeting_id = f"HM-{self._meeting_count:05d}"
        attendees = tuple(
            dict.fromkeys(
                r for h, came in attending.items() if came and (r := self.world.resident_of[h]) is not None
            )
        )
        self._apply(_MEETING(self._time(now), convener, meeting_id, meeting.kind, unit, attendees))
        still: list[_Issue] = []
        for issue in pending:
            if attending[issue.household]:
                self._collect(issue, self.scenario.meeting_channel, meeting_id, convener)
            else:
                still.append(issue)
        self._pending[unit] = still

    def _weekly_meeting(self, meeting: MeetingModel) -> None:
        now = self.scheduler.now
        next_time = now + meeting.cadence_days
        if self._keep_meeting(next_time):
            self.scheduler.at(next_time, self._weekly_meeting, meeting)
        if meeting.held_probability < 1.0 and self._meetings_rng.random() >= meeting.held_probability:
            return
        kind = self.charter.meeting_kind(meeting.kind)
        community = self.world.community
        unit = community.ancestor_at(self.world.grids[0], kind.level)
        if unit is None:
            msg = f"scenario {self.scenario.key!r}: no {kind.level!r} unit above the grids to hold {kind.label} at"
            raise ScenarioError(msg)
        convener = self.roster.actor(kind.duty, unit)
        self._meeting_count += 1
        meeting_id = f"WM-{self._meeting_count:05d}"
        at = self._time(now)
        self._apply(_MEETING(at, convener, meeting_id, meeting.kind, unit, ()))
        waiting, self._awaiting_weekly = self._awaiting_weekly, []
        for issue in waiting:
            actor = self.roster.actor("escalate", issue.household, prefer=convener)
            self._apply(_ESCALATED(at, actor, issue.id, meeting_id))
            self._queue_handler(issue, verify=True)

    # -- intake and triage --------------------------------------------------------------------
    def _collect(self, issue: _Issue, channel: str, meeting: str | None, convener: str | None) -> None:
        now = self.scheduler.now
        if now >= self._measure_from:
            self.intake_waits.append(now - issue.arrived)
        at = self._time(now)
        model = issue.model
        collector = self.roster.actor("collect", issue.household, prefer=convener)
        self._apply(
            _COLLECTED(
                at,
                collector,
                issue.id,
                model.kind,
                issue.household,
                channel,
                f"simulated {model.kind}",
                issue.reporter,
                meeting,
            )
        )
        share = self.policy.on_spot(model)
        if share > 0.0 and self._triage_rng.random() < share:
            actor = self.roster.actor("answer_on_spot", issue.household, prefer=collector)
            self._apply(_ON_SPOT(at, actor, issue.id, "answered on the spot"))
            self._after_resolution(issue)
            return
        actor = self.roster.actor("register", issue.household, prefer=collector)
        self._apply(_REGISTERED(at, actor, issue.id))
        self._route(issue)

    def _route(self, issue: _Issue) -> None:
        route = self.policy.route(issue.model)
        if route == "weekly_meeting":
            self._move(issue, "awaiting_weekly_meeting")
            self._awaiting_weekly.append(issue)
        elif route == "mediation":
            self._queue_mediator(issue)
        else:
            self._queue_handler(issue, verify=False)

    # -- handling -------------------------------------------------------------------------------
    def _queue_handler(self, issue: _Issue, *, verify: bool) -> None:
        pool = self.roster.handler_pool(issue.grid)
        issue.queued = self.scheduler.now
        issue.pool = pool
        index = pool.free_server()
        if index < 0:
            self._move(issue, "queued_for_handler")
            pool.queue.append(issue)
            issue.verify = verify
        else:
            self._start_handling(issue, pool, index, verify=verify)

    def _start_handling(self, issue: _Issue, pool: Pool, index: int, *, verify: bool) -> None:
        now = self.scheduler.now
        if issue.queued >= self._measure_from:
            self.handler_waits.append(now - issue.queued)
        pool.load[index] += 1
        issue.server = pool.servers[index]
        self._move(issue, "with_handler")
        rng = self._durations_rng
        model = issue.model
        if verify:
            self.scheduler.at(now + model.verification.sample(rng), self._verified, issue, index)
        else:
            self._verified(issue, index, visited=False)

    def _verified(self, issue: _Issue, index: int, visited: bool = True) -> None:
        now = self.scheduler.now
        model = issue.model
        if visited:
            findings = "verified on a home visit"
            visitor = self.roster.actor("verify", issue.household, prefer=issue.server)
            self._apply(_VERIFIED(self._time(now), visitor, issue.id, findings))
        if model.mediate and (kind := self.charter.issue_kind(model.kind)).mediable:
            at = self._time(now)
            deadline = at + timedelta(days=kind.resolve_within_days or 30)
            planner = self.roster.actor("plan", issue.household, prefer=issue.server)
            self._apply(_PLAN(at, planner, issue.id, issue.server, "mediate", deadline))
            self._release(issue, index)
            self._queue_mediator(issue)
            return
        self.scheduler.at(now + model.handling.sample(self._durations_rng), self._handled, issue, index)

    def _handled(self, issue: _Issue, index: int) -> None:
        at = self._time(self.scheduler.now)
        resolver = self.roster.actor("resolve", issue.household, prefer=issue.server)
        self._apply(_RESOLVED(at, resolver, issue.id, "handled"))
        self._release(issue, index)
        self._after_resolution(issue, confirm=True)

    def _release(self, issue: _Issue, index: int) -> None:
        pool = issue.pool
        assert pool is not None
        pool.load[index] -= 1
        if pool.queue:
            waiting = pool.queue.popleft()
            if pool.mediation:
                self._start_mediation(waiting, pool, index)
            else:
                self._start_handling(waiting, pool, index, verify=waiting.verify)

    # -- mediation ------------------------------------------------------------------------------
    def _queue_mediator(self, issue: _Issue) -> None:
        pool = self.roster.mediator_pool(issue.grid)
        issue.pool = pool
        issue.queued = self.scheduler.now
        index = pool.free_server()
        if index < 0:
            self._move(issue, "queued_for_mediator")
            pool.queue.append(issue)
        else:
            self._start_mediation(issue, pool, index)

    def _start_mediation(self, issue: _Issue, pool: Pool, index: int) -> None:
        now = self.scheduler.now
        pool.load[index] += 1
        issue.server = mediator = pool.servers[index]
        self._move(issue, "with_mediator")
        self._apply(_MEDIATION(self._time(now), mediator, issue.id, mediator))
        duration = issue.model.mediation.sample(self._mediation_rng)
        self.scheduler.at(now + duration, self._mediated, issue, index)

    def _mediated(self, issue: _Issue, index: int) -> None:
        at = self._time(self.scheduler.now)
        model = issue.model
        success = model.mediation_success >= 1.0 or self._mediation_rng.random() < model.mediation_success
        if success:
            self._apply(_AGREED(at, issue.server, issue.id, "agreement"))
            self._release(issue, index)
            self._after_resolution(issue)
        else:
            self._apply(_FAILED(at, issue.server, issue.id, "no agreement"))
            actor = self.roster.actor("refer_out", issue.household, prefer=issue.server)
            self._apply(_REFERRED(at, actor, issue.id, "court", "mediation failed"))
            self._release(issue, index)
            self._finish(issue)

    # -- after resolution -----------------------------------------------------------------------
    def _after_resolution(self, issue: _Issue, *, confirm: bool = False) -> None:
        model = issue.model
        if model.follow_up_share <= 0.0 or (
            model.follow_up_share < 1.0 and self._follow_up_rng.random() >= model.follow_up_share
        ):
            self._finish(issue)
            return
        self._move(issue, "awaiting_follow_up")
        delay = model.follow_up.sample(self._follow_up_rng)
        self.scheduler.at(self.scheduler.now + delay, self._follow_up, issue, confirm)

    def _follow_up(self, issue: _Issue, confirm: bool) -> None:
        at = self._time(self.scheduler.now)
        unit = issue.household
        if confirm:
            self._apply(_CONFIRMED(at, self.roster.actor("confirm_completion", unit), issue.id))
        rng = self._satisfaction_rng
        # what rng.choices(keys, cum_weights=cumulative)[0] draws, without building its list
        cumulative = self._satisfaction_cumulative
        satisfaction = self._satisfaction_keys[
            bisect(cumulative, rng.random() * self._satisfaction_total, 0, self._satisfaction_last)
        ]
        visitor = self.roster.actor("follow_up", unit)
        self._apply(_FOLLOWED_UP(at, visitor, issue.id, satisfaction))
        self._apply(_CLOSED(at, self.roster.actor("close", unit, prefer=visitor), issue.id))
        model = issue.model
        if model.rebound_probability > 0.0 and self._rebound_rng.random() < model.rebound_probability:
            self._move(issue, "awaiting_rebound")
            self.scheduler.at(
                self.scheduler.now + model.rebound.sample(self._rebound_rng), self._rebound, issue
            )
        else:
            self._finish(issue)

    def _rebound(self, issue: _Issue) -> None:
        at = self._time(self.scheduler.now)
        self._apply(_REOPENED(at, self.roster.actor("reopen", issue.household), issue.id, "rebound"))
        # A reopened issue goes back to the weekly joint meeting (resolve is not allowed from reopened).
        if self.policy.route(issue.model) == "mediation":
            self._queue_mediator(issue)
        else:
            self._move(issue, "awaiting_weekly_meeting")
            self._awaiting_weekly.append(issue)

    def _finish(self, issue: _Issue) -> None:
        self._move(issue, "done")
        self._active -= 1

    # -- reading ------------------------------------------------------------------------------
    @property
    def arrivals(self) -> int:
        """Issues that have arisen so far (collected or still waiting to be raised)."""
        return self._issue_count

    @property
    def active(self) -> int:
        return self._active
