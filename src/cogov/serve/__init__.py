"""``cogov serve``: a community's ledger over HTTP (the optional ``serve`` extra).

An ASGI application (Starlette, served by uvicorn) with Open311 GeoReport v2 under
``/open311/v2/``, a read-only JSON API of statistics and scores under ``/api/v1/``, the
live HTML report at ``/`` and its OpenAPI document at ``/openapi.json``.  It is a face, like
the command line: it imports everything below it and nothing imports it.

* :func:`create_app` — the application for a :class:`Desk` (the store behind one writer
  thread, committing requests in groups) and a :class:`Keyring` (API keys, stored hashed);
* :class:`Settings` — body and rate limits, CORS (off by default), public reading;
* :func:`add_key` — a new key in a keys file, its secret returned once;
* :func:`run` — open the store at an address and serve it with uvicorn.
"""

from __future__ import annotations

from collections.abc import Callable

from cogov.boundary.geography import Geography
from cogov.boundary.store import EventStore
from cogov.open311 import Lang
from cogov.serve._app import PREFIX, Settings, create_app
from cogov.serve._desk import Desk, Outcome, Snapshot
from cogov.serve._keys import KEYS_FORMAT, SCOPES, ApiKey, Keyring, add_key
from cogov.serve.openapi import markdown_reference, openapi_document, openapi_text

__all__ = [
    "KEYS_FORMAT",
    "PREFIX",
    "SCOPES",
    "ApiKey",
    "Desk",
    "Keyring",
    "Outcome",
    "Settings",
    "Snapshot",
    "add_key",
    "create_app",
    "markdown_reference",
    "openapi_document",
    "openapi_text",
    "run",
]


def run(
    opener: Callable[[], EventStore],
    keys: Keyring,
    *,
    host: str = "127.0.0.1",
    port: int = 8311,
    settings: Settings | None = None,
    lang: Lang = "zh",
    geography: Geography | None = None,
    log_level: str = "warning",
) -> None:
    """Serve the store ``opener`` opens until interrupted (uvicorn, one process)."""
    import uvicorn  # noqa: PLC0415 - the serve extra, loaded when serving

    app = create_app(Desk(opener, lang=lang, geography=geography), keys, settings)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)
