"""The ASGI application: GeoReport v2 under ``/open311/v2/``, a JSON API, the live report.

Every route but discovery and the OpenAPI document asks for an API key (``api_key`` in the
query or form, as GeoReport has it, or an ``X-API-Key`` header): a missing or unknown key is
a 401, a key without the route's scope a 403, and the ledger's own refusal of a write (the
key's person may not record intake at that unit) a 403 too.  Errors use the specification's
shape (a list of ``code`` and ``description``) in the format the path asks for.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.open311 import (
    MEDIA_TYPES,
    Format,
    Open311Error,
    Submission,
    check_format,
    discovery,
    errors_document,
    intake_event,
    render,
    render_list,
    service_definition,
    service_name,
    services,
)
from cogov.serve._desk import Desk, Snapshot
from cogov.serve._figures import grids_geojson, report_html, scores_json, statistics_json
from cogov.serve._keys import ApiKey, Keyring
from cogov.serve.openapi import openapi_document

__all__ = ["Settings", "create_app"]

PREFIX = "/open311/v2"
#: GeoReport's default window for GET requests without dates, and its most results
DEFAULT_DAYS = 90
MAX_RESULTS = 1000


@attrs.frozen
class Settings:
    """How a server runs: limits, CORS and who may read without a key."""

    #: the largest request body accepted (bytes)
    max_body: int = 64 * 1024
    #: requests per second each key may make (a token bucket); 0 turns the limit off
    rate: float = 20.0
    burst: int = 40
    #: origins allowed to call from a browser (CORS); none by default
    cors_origins: tuple[str, ...] = ()
    #: let GET routes answer without a key (writes always need one)
    public_read: bool = False
    contact: str = ""


def _fmt_of(path: str) -> Format:
    return "xml" if path.endswith(".xml") else "json"


def _error(status: int, description: str, fmt: Format, headers: dict[str, str] | None = None) -> Response:
    body = errors_document([(status, redact(description))], fmt)
    return Response(body, status_code=status, media_type=MEDIA_TYPES[fmt], headers=headers)


class _Buckets:
    """A token bucket per key: ``rate`` per second, up to ``burst`` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._state: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> float:
        """0 when the call may go ahead, else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        tokens, last = self._state.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1:
            self._state[key] = (tokens, now)
            return (1 - tokens) / self.rate
        self._state[key] = (tokens - 1, now)
        return 0.0


class _BodyLimit:
    """Refuse a body larger than ``limit`` with a 413 before the route reads it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        fmt = _fmt_of(scope.get("path", ""))
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = _error(413, f"the request body is larger than {self.limit} bytes", fmt)
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    msg = "body too large"
                    raise _BodyTooLargeError(msg)
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLargeError:
            response = _error(413, f"the request body is larger than {self.limit} bytes", fmt)
            await response(scope, receive, send)


class _BodyTooLargeError(Exception):
    pass


Handler = Callable[[Request], Awaitable[Response]]


class _Api:
    def __init__(self, desk: Desk, keys: Keyring, settings: Settings) -> None:
        self.desk, self.keys, self.settings = desk, keys, settings
        self.buckets = _Buckets(settings.rate, settings.burst)
        self.changeset = datetime.now(UTC).isoformat(timespec="seconds")

    # -- who is calling -----------------------------------------------------------------------
    def _secret(self, request: Request, form: dict[str, str] | None) -> str | None:
        secret = request.query_params.get("api_key") or request.headers.get("x-api-key")
        if secret is None and form is not None:
            secret = form.get("api_key")
        return secret or None

    def caller(self, request: Request, scope: str, form: dict[str, str] | None = None) -> ApiKey | None:
        """The key calling for ``scope``, or an :class:`Open311Error` (401, 403, 429)."""
        secret = self._secret(request, form)
        if secret is None:
            if scope == "read" and self.settings.public_read:
                return None
            msg = "an API key is required: give api_key (query or form) or an X-API-Key header"
            raise Open311Error(401, msg)
        key = self.keys.lookup(secret)
        if key is None:
            msg = "the API key is not known here"
            raise Open311Error(401, msg)
        if not key.allows(scope) and not (scope == "submit" and key.allows("report")):
            msg = f"the key {key.id!r} does not have the {scope!r} scope"
            raise Open311Error(403, msg)
        wait = self.buckets.take(key.id)
        if wait > 0:
            msg = f"too many requests for key {key.id!r}; retry in {wait:.2f} s"
            raise _RateLimitedError(msg, wait)
        return key

    # -- GeoReport ------------------------------------------------------------------------------
    def _respond(self, body: bytes, fmt: Format, status: int = 200) -> Response:
        return Response(body, status_code=status, media_type=MEDIA_TYPES[fmt])

    async def discovery(self, request: Request) -> Response:
        fmt = check_format(request.path_params["fmt"])
        url = str(request.base_url).rstrip("/") + PREFIX + "/"
        document = discovery(url, changeset=self.changeset, contact=self.settings.contact)
        return self._respond(render(document, fmt, "discovery"), fmt)

    async def services(self, request: Request) -> Response:
        fmt = check_format(request.path_params["fmt"])
        self.caller(request, "read")
        body = self._cached(
            ("services", fmt),
            lambda: render_list(
                services(self.desk.ledger_charter, self.desk.lang), fmt, "services", "service"
            ),
        )
        return self._respond(body, fmt)

    async def definition(self, request: Request) -> Response:
        fmt = check_format(request.path_params["fmt"])
        self.caller(request, "read")
        document = service_definition(self.desk.ledger_charter, request.path_params["service_code"])
        return self._respond(render(document, fmt, "service_definition"), fmt)

    def _cached(self, key: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
        snapshot = self.desk.snapshot
        cache = self.desk.bodies
        found = cache.get(key)
        if found is not None and found[0] == snapshot.version:
            return found[1]
        body = make()
        if len(cache) > 1024:
            cache.clear()
        cache[key] = (snapshot.version, body)
        return body

    async def requests(self, request: Request) -> Response:
        fmt = check_format(request.path_params["fmt"])
        if request.method == "POST":
            return await self._post(request, fmt)
        self.caller(request, "read")
        query = request.query_params
        key = ("requests", fmt, tuple(sorted((k, v) for k, v in query.multi_items() if k != "api_key")))
        snapshot = self.desk.snapshot
        body = self._cached(
            key, lambda: render_list(_filtered(snapshot, query), fmt, "service_requests", "request")
        )
        return self._respond(body, fmt)

    async def one_request(self, request: Request) -> Response:
        fmt = check_format(request.path_params["fmt"])
        self.caller(request, "read")
        found = self.desk.snapshot.by_id.get(request.path_params["service_request_id"])
        if found is None:
            msg = f"no service request {request.path_params['service_request_id']!r}"
            raise Open311Error(404, msg)
        return self._respond(render_list([found], fmt, "service_requests", "request"), fmt)

    async def token(self, request: Request) -> Response:
        fmt = check_format(request.path_params["fmt"])
        self.caller(request, "read")
        token = request.path_params["token"]
        if token not in self.desk.snapshot.by_id:
            msg = f"no token {token!r}"
            raise Open311Error(404, msg)
        items = [{"service_request_id": token, "token": token}]
        return self._respond(render_list(items, fmt, "service_requests", "request"), fmt)

    async def _post(self, request: Request, fmt: Format) -> Response:
        form = await _form(request)
        key = self.caller(request, "submit", form)
        assert key is not None
        if key.allows("submit"):
            actor, reporter = key.person, None
        else:  # a resident's key: the community's intake account records it, the resident reported it
            assert self.keys.intake is not None
            actor, reporter = self.keys.intake, key.person
        submission = Submission.from_fields(form)
        charter = self.desk.ledger_charter
        kinds = {k.key: k for k in charter.issue_kinds}
        kind = kinds.get(submission.service_code)
        if kind is None:
            msg = f"service_code {submission.service_code!r} is not a service here; services are: {', '.join(kinds)}"
            raise Open311Error(404, msg)
        event = intake_event(
            submission,
            self.desk.community,
            actor=actor,
            reporter=reporter,
            at=datetime.now(UTC),
            geography=self.desk.geography,
            service_name=service_name(kind, "zh"),
        )
        outcome = await self.desk.submit(event)
        notice = self.desk.snapshot.by_id.get(outcome.issue, {}).get("service_notice")
        items = [{"service_request_id": outcome.issue, "service_notice": notice, "account_id": None}]
        return self._respond(
            render_list(items, fmt, "service_requests", "request"), fmt, 201 if outcome.created else 200
        )

    # -- figures -------------------------------------------------------------------------------
    async def statistics(self, request: Request) -> Response:
        self.caller(request, "read")
        query = dict(request.query_params)
        query.pop("api_key", None)
        body = await self.desk.computed(
            ("statistics", tuple(sorted(query.items()))), lambda ledger: statistics_json(ledger, query)
        )
        return Response(body, media_type=MEDIA_TYPES["json"])

    async def scores(self, request: Request) -> Response:
        self.caller(request, "read")
        query = dict(request.query_params)
        query.pop("api_key", None)
        body = await self.desk.computed(
            ("scores", tuple(sorted(query.items()))), lambda ledger: scores_json(ledger, query)
        )
        return Response(body, media_type=MEDIA_TYPES["json"])

    async def grids(self, request: Request) -> Response:
        self.caller(request, "read")
        query = dict(request.query_params)
        query.pop("api_key", None)
        geography = self.desk.geography or Geography()
        body = await self.desk.computed(
            ("grids", tuple(sorted(query.items()))), lambda ledger: grids_geojson(ledger, geography, query)
        )
        return Response(body, media_type="application/geo+json")

    async def report(self, request: Request) -> Response:
        self.caller(request, "read")
        query = dict(request.query_params)
        query.pop("api_key", None)
        body = await self.desk.computed(
            ("report", tuple(sorted(query.items()))),
            lambda ledger: report_html(ledger, query, self.desk.lang, self.desk.geography),
        )
        return HTMLResponse(body)

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_document())


class _RateLimitedError(Exception):
    """A key past its rate: answered 429 with Retry-After (not a CogovError: nothing was wrong
    with the request itself)."""

    def __init__(self, description: str, wait: float) -> None:
        super().__init__(description)
        self.description = description
        self.wait = wait


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            parsed = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            msg = f"the body is not JSON: {error}"
            raise Open311Error(400, msg) from None
        if not isinstance(parsed, dict):
            msg = "a JSON body must be one object of request fields"
            raise Open311Error(400, msg)
        return {
            str(k): v if isinstance(v, str) else json.dumps(v) if isinstance(v, dict | list) else str(v)
            for k, v in parsed.items()
            if v is not None
        }
    if kind not in ("", "application/x-www-form-urlencoded"):
        msg = f"send the request as application/x-www-form-urlencoded (or JSON), not {kind}"
        raise Open311Error(415, msg)
    try:
        text = body.decode()
    except UnicodeDecodeError:
        msg = "the form is not UTF-8"
        raise Open311Error(400, msg) from None
    return dict(urllib.parse.parse_qsl(text, keep_blank_values=False))


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        msg = f"{name}: {value!r} is not an ISO 8601 date and time"
        raise Open311Error(400, msg) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _filtered(snapshot: Snapshot, query: Any) -> list[Any]:
    ids = query.get("service_request_id")
    if ids:
        wanted = [i.strip() for i in ids.split(",") if i.strip()]
        return [snapshot.by_id[i] for i in wanted if i in snapshot.by_id][:MAX_RESULTS]
    start, end = _date(query.get("start_date"), "start_date"), _date(query.get("end_date"), "end_date")
    if start is None and end is None:
        end = datetime.now(UTC)
        start = end - timedelta(days=DEFAULT_DAYS)
    codes = {c.strip() for c in (query.get("service_code") or "").split(",") if c.strip()}
    statuses = {s.strip() for s in (query.get("status") or "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        msg = f"status: {', '.join(sorted(statuses - {'open', 'closed'}))} is not a status; use open, closed or both"
        raise Open311Error(400, msg)
    found = []
    # newest first, as GeoReport lists them
    for request in reversed(snapshot.requests):
        at = datetime.fromisoformat(str(request["requested_datetime"]))
        if (start is not None and at < start) or (end is not None and at > end):
            continue
        if codes and request["service_code"] not in codes:
            continue
        if statuses and request["status"] not in statuses:
            continue
        found.append(request)
        if len(found) >= MAX_RESULTS:
            break
    return found


def create_app(desk: Desk, keys: Keyring, settings: Settings | None = None) -> Starlette:
    """The application serving ``desk``'s store to the holders of ``keys``."""
    settings = settings or Settings()
    api = _Api(desk, keys, settings)

    def guarded(handler: Handler) -> Handler:
        async def run(request: Request) -> Response:
            fmt = _fmt_of(request.url.path)
            try:
                return await handler(request)
            except _RateLimitedError as error:
                return _error(429, error.description, fmt, {"Retry-After": str(max(1, round(error.wait)))})
            except Open311Error as error:
                return _error(error.code, error.description, fmt)

        return run

    routes: Sequence[Route] = [
        Route(f"{PREFIX}/discovery.{{fmt}}", guarded(api.discovery), methods=["GET"]),
        Route(f"{PREFIX}/services.{{fmt}}", guarded(api.services), methods=["GET"]),
        Route(f"{PREFIX}/services/{{service_code}}.{{fmt}}", guarded(api.definition), methods=["GET"]),
        Route(f"{PREFIX}/requests.{{fmt}}", guarded(api.requests), methods=["GET", "POST"]),
        Route(f"{PREFIX}/requests/{{service_request_id}}.{{fmt}}", guarded(api.one_request), methods=["GET"]),
        Route(f"{PREFIX}/tokens/{{token}}.{{fmt}}", guarded(api.token), methods=["GET"]),
        Route("/api/v1/statistics", guarded(api.statistics), methods=["GET"]),
        Route("/api/v1/scores", guarded(api.scores), methods=["GET"]),
        Route("/api/v1/grids.geojson", guarded(api.grids), methods=["GET"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
        Route("/", guarded(api.report), methods=["GET"]),
    ]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> Any:
        await desk.start()
        try:
            yield
        finally:
            await desk.stop()

    async def not_found(request: Request, _exc: Exception) -> Response:
        return _error(404, f"no such resource: {request.url.path}", _fmt_of(request.url.path))

    async def not_allowed(request: Request, _exc: Exception) -> Response:
        return _error(
            405, f"{request.method} is not allowed on {request.url.path}", _fmt_of(request.url.path)
        )

    middleware = [Middleware(_BodyLimit, limit=settings.max_body)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["X-API-Key", "Content-Type"],
            )
        )
    return Starlette(
        routes=list(routes),
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={404: not_found, 405: not_allowed},
    )
