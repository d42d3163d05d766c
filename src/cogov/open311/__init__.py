"""Open311 GeoReport v2: services, service requests and intake, with no web framework.

The mapping between a community's ledger and the GeoReport v2 standard for civic issue APIs
(boundary layer: it reads ledgers and writes stores, and needs nothing beyond the core):

* :func:`services` / :func:`service_definition` — the charter's issue kinds as services;
* :func:`service_request` / :func:`service_requests` — issues as service requests, with the
  specification's filters;
* :class:`Submission`, :func:`intake_event` — a submitted request as an intake event on the
  ``app`` channel, its id a fingerprint so the same request is recorded once;
* :func:`export_requests`, :func:`read_requests`, :func:`import_requests` — files of requests
  in and out (``cogov open311 export`` / ``import``);
* :func:`render_list`, :func:`render`, :func:`errors_document` — JSON and XML as the
  specification shapes them; :class:`Open311Error` carries the HTTP status of a refusal.

``cogov serve`` (:mod:`cogov.serve`) puts this behind HTTP.
"""

from __future__ import annotations

from typing import Any

from cogov.open311._exchange import (
    ImportResult,
    export_requests,
    import_requests,
    intake_events,
    read_requests,
)
from cogov.open311._formats import (
    FORMATS,
    MEDIA_TYPES,
    Format,
    Open311Error,
    check_format,
    errors_document,
    render,
    render_list,
)
from cogov.open311._intake import CHANNEL, CONTACT_FIELDS, Submission, intake_event, place_of, request_id
from cogov.open311._requests import REQUEST_FIELDS, service_request, service_requests
from cogov.open311._services import (
    DATATYPES,
    Lang,
    ServiceAttribute,
    service_definition,
    service_name,
    services,
)

__all__ = [
    "CHANNEL",
    "CONTACT_FIELDS",
    "DATATYPES",
    "FORMATS",
    "MEDIA_TYPES",
    "REQUEST_FIELDS",
    "SPECIFICATION",
    "Format",
    "ImportResult",
    "Lang",
    "Open311Error",
    "ServiceAttribute",
    "Submission",
    "check_format",
    "discovery",
    "errors_document",
    "export_requests",
    "import_requests",
    "intake_event",
    "intake_events",
    "place_of",
    "read_requests",
    "render",
    "render_list",
    "request_id",
    "service_definition",
    "service_name",
    "service_request",
    "service_requests",
    "services",
]

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def discovery(url: str, *, changeset: str, contact: str = "", key_service: str = "") -> dict[str, Any]:
    """The service discovery document of an endpoint at ``url`` (…/open311/v2/)."""
    return {
        "changeset": changeset,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": changeset,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
