"""The server's one writer: it owns the store, commits requests in groups, and keeps the view.

Every store call runs on one thread (a SQLite connection belongs to the thread that opened
it).  Requests POSTed while a commit is under way wait in a queue; the next commit takes all
of them as one batch (group commit), so one fsync serves many requests and a 201 is sent
only after the commit that holds the request.  An event the ledger refuses is retried alone,
so it fails by itself and the others of its batch are still recorded.

Readers never touch the store or the ledger: after each commit the writer publishes an
immutable :class:`Snapshot` of the service requests, and anything else computed from the
ledger (statistics, scores, the report) runs on the writer's thread, between commits, and is
cached until the next commit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.boundary.store import EventStore
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError
from cogov.model.charter import Charter
from cogov.model.events import IssueCollected, IssueEvent
from cogov.model.structure import Community
from cogov.open311 import Lang, Open311Error, service_request

__all__ = ["Desk", "Outcome", "Snapshot"]

T = TypeVar("T")
#: the most requests one commit takes (a bound on the time a batch holds the write lock)
MAX_BATCH = 512


@attrs.frozen
class Snapshot:
    """The service requests as of commit ``version`` (oldest first), and by id."""

    version: int
    requests: tuple[Mapping[str, Any], ...]
    by_id: Mapping[str, Mapping[str, Any]]


@attrs.frozen
class Outcome:
    """What became of one submitted request: ``created`` now, or already there."""

    issue: str
    created: bool


def _request(ledger: Ledger, issue: str, lang: Lang, geography: Geography | None) -> dict[str, Any]:
    request = service_request(ledger, ledger.issues[issue], lang=lang, geography=geography)
    # the last guard: a unit's name or a summary recorded by another path may hold a number
    return {k: redact(v) if isinstance(v, str) else v for k, v in request.items()}


class Desk:
    """The store, its reader ledger and the request view, behind one writer thread."""

    def __init__(
        self,
        opener: Callable[[], EventStore],
        *,
        lang: Lang = "zh",
        geography: Geography | None = None,
    ) -> None:
        self._opener = opener
        self.lang: Lang = lang
        self.geography = geography
        self._thread = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="cogov-desk")
        self._store: EventStore | None = None
        self._ledger: Ledger | None = None
        self._requests: dict[str, Mapping[str, Any]] = {}
        self.snapshot = Snapshot(0, (), {})
        self._queue: asyncio.Queue[tuple[IssueCollected, asyncio.Future[Outcome]]] | None = None
        self._worker: asyncio.Task[None] | None = None
        self._cache: dict[tuple[Any, ...], Any] = {}
        #: response bodies rendered from a snapshot, keyed by what was asked (version-checked)
        self.bodies: dict[tuple[Any, ...], tuple[int, bytes]] = {}
        self.charter: Charter | None = None
        self.commits = 0
        #: whether ``_requests`` is in requested order, and the latest key in it
        self._in_order = True
        self._latest: tuple[datetime, str] | None = None
        self.committed_events = 0

    # -- life -------------------------------------------------------------------------------
    async def start(self) -> None:
        await self.run(self._open)
        self._queue = asyncio.Queue()
        self._worker = asyncio.create_task(self._commit_loop())

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        await self.run(self._close)
        self._thread.shutdown(wait=True)

    async def run(self, function: Callable[[], T]) -> T:
        """Run ``function`` on the writer's thread (between commits)."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, function)

    def _open(self) -> None:
        self._store = self._opener()
        self.charter = self._store.charter
        self._reload()

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _reload(self) -> None:
        assert self._store is not None
        ledger = self._store.load()
        self._ledger = ledger
        self._requests = {i: _request(ledger, i, self.lang, self.geography) for i in ledger.issues}
        self._in_order = False
        self._publish()

    def _publish(self) -> None:
        # Requests are kept oldest first.  New requests are mostly the newest (collected now), so
        # they are appended and the order kept without sorting; an older one (an import of past
        # requests) marks the order broken, and the next publication sorts once.
        if not self._in_order:
            ordered = sorted(self._requests.values(), key=_requested)
            self._requests = {str(r["service_request_id"]): r for r in ordered}
            self._in_order = True
            self._latest = _requested(ordered[-1]) if ordered else None
        self.snapshot = Snapshot(
            self.snapshot.version + 1, tuple(self._requests.values()), dict(self._requests)
        )
        self._cache.clear()

    # -- reading the ledger (on the writer's thread) ----------------------------------------
    @property
    def ledger_charter(self) -> Charter:
        assert self.charter is not None
        return self.charter

    @property
    def community(self) -> Community:
        """The community as of the last commit (read-only; units and people are looked up)."""
        return self.ledger.community

    @property
    def ledger(self) -> Ledger:
        """The ledger as of the last commit: use it only inside :meth:`computed`."""
        assert self._ledger is not None
        return self._ledger

    async def computed(self, key: tuple[Any, ...], function: Callable[[Ledger], T]) -> T:
        """``function(ledger)`` on the writer's thread, cached until the next commit."""
        version = self.snapshot.version
        cached = self._cache.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]  # type: ignore[no-any-return]
        value = await self.run(lambda: function(self.ledger))
        self._cache[key] = (self.snapshot.version, value)
        return value

    # -- writing ------------------------------------------------------------------------------
    async def submit(self, event: IssueCollected) -> Outcome:
        """Record ``event`` (durably, in the next group commit); what became of it."""
        assert self._queue is not None
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        await self._queue.put((event, future))
        return await future

    async def _commit_loop(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            batch = [await queue.get()]
            while len(batch) < MAX_BATCH and not queue.empty():
                batch.append(queue.get_nowait())
            try:
                results = await self.run(lambda batch=batch: self._commit([event for event, _ in batch]))  # type: ignore[misc]
            except Exception as error:
                results = [error] * len(batch)
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)

    def _commit(self, events: list[IssueCollected]) -> list[Outcome | Exception]:
        """Append what is new of ``events`` in one batch; a refused batch is retried one by one."""
        assert self._store is not None
        ledger = self.ledger
        fresh: list[IssueCollected] = []
        seen: set[str] = set()
        for event in events:
            if event.issue not in ledger.issues and event.issue not in seen:
                seen.add(event.issue)
                fresh.append(event)
        refused: dict[str, Exception] = {}
        if fresh:
            try:
                self._append(fresh)
            except CogovError:
                for event in fresh:
                    try:
                        self._append([event])
                    except CogovError as error:
                        refused[event.issue] = _http_error(error)
        outcomes: list[Outcome | Exception] = []
        claimed: set[str] = set()
        for event in events:
            if event.issue in refused:
                outcomes.append(refused[event.issue])
            else:
                created = event.issue in seen and event.issue not in claimed
                claimed.add(event.issue)
                outcomes.append(Outcome(event.issue, created))
        return outcomes

    def _append(self, events: list[IssueCollected]) -> None:
        assert self._store is not None
        ledger = self.ledger
        batch = self._store.append(events)
        self.commits += 1
        self.committed_events += len(events)
        if batch.first_seq != len(ledger):
            self._reload()  # another writer appended to the store meanwhile: read it all again
            return
        try:
            ledger.apply_all(events)
        except CogovError:
            self._reload()
            return
        touched = dict.fromkeys(e.issue for e in events if isinstance(e, IssueEvent))
        for issue in touched:
            request = _request(ledger, issue, self.lang, self.geography)
            if issue not in self._requests:
                key = _requested(request)
                if self._latest is not None and key < self._latest:
                    self._in_order = False
                self._latest = key if self._latest is None else max(key, self._latest)
            self._requests[issue] = request
        self._publish()


def _requested(request: Mapping[str, Any]) -> tuple[datetime, str]:
    """The order of requests: when requested (as instants, whatever their offsets), then id."""
    return datetime.fromisoformat(str(request["requested_datetime"])), str(request["service_request_id"])


def _http_error(error: CogovError) -> Open311Error:
    code = 403 if isinstance(error, PermissionError) else 400
    return Open311Error(code, redact(str(error).splitlines()[0]))
