"""The OpenAPI document of ``cogov serve``, built here and shipped as ``openapi.json``.

``python -m cogov.serve openapi`` prints it; ``python -m cogov.serve reference`` prints
``docs/reference/http-api.md`` (:func:`markdown_reference`); tests keep both up to date.
"""

from __future__ import annotations

import json
from typing import Any, Final

from cogov.open311 import REQUEST_FIELDS

__all__ = ["markdown_reference", "openapi_document", "openapi_text"]

_FMT: Final = {
    "name": "fmt",
    "in": "path",
    "required": True,
    "description": "Response format: json or xml",
    "schema": {"type": "string", "enum": ["json", "xml"]},
}
_ERRORS: Final = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
_NULLABLE_TEXT: Final = {"type": ["string", "null"]}
_SERVICE: Final = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": {"type": "string"},
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": {"type": "string"},
        "group": {"type": "string"},
    },
}
_REQUEST: Final = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "properties": {
        **dict.fromkeys(REQUEST_FIELDS, _NULLABLE_TEXT),
        "status": {"type": "string", "enum": ["open", "closed"]},
        "lat": {"type": ["number", "null"]},
        "long": {"type": ["number", "null"]},
    },
}


def _error_responses(*codes: int) -> dict[str, Any]:
    reasons = {
        400: "The request is malformed (the description says what and where)",
        401: "No API key, or one that is not known",
        403: "The key lacks the scope, or its person may not take this step",
        404: "No such service, request, token or unit",
        413: "The body is larger than the server accepts",
        415: "The body is neither a form nor JSON",
        429: "Too many calls for this key; see Retry-After",
    }
    return {
        str(code): {
            "description": reasons[code],
            "content": {"application/json": {"schema": _ERRORS}, "text/xml": {"schema": {"type": "string"}}},
        }
        for code in codes
    }


def _ok(description: str, schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {
        status: {
            "description": description,
            "content": {"application/json": {"schema": schema}, "text/xml": {"schema": {"type": "string"}}},
        }
    }


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


_PERIOD: Final = [
    _query("year", "A calendar year (China Standard Time)", {"type": "integer"}),
    _query("from", "First day, YYYY-MM-DD", {"type": "string", "format": "date"}),
    _query("to", "Last day, YYYY-MM-DD (inclusive)", {"type": "string", "format": "date"}),
    _query("unit", "Only what happened within this unit (a unit code)"),
]
_READ: Final = _error_responses(400, 401, 403, 404, 429)


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of every route of ``cogov serve``."""
    fmt_paths: dict[str, Any] = {
        "/open311/v2/discovery.{fmt}": {
            "get": {
                "summary": "GeoReport service discovery",
                "security": [],
                "parameters": [_FMT],
                "responses": {**_ok("The discovery document", {"type": "object"}), **_error_responses(400)},
            }
        },
        "/open311/v2/services.{fmt}": {
            "get": {
                "summary": "Services: the charter's issue kinds",
                "parameters": [_FMT],
                "responses": {**_ok("Every service", {"type": "array", "items": _SERVICE}), **_READ},
            }
        },
        "/open311/v2/services/{service_code}.{fmt}": {
            "get": {
                "summary": "A service definition (its attributes)",
                "parameters": [
                    {"name": "service_code", "in": "path", "required": True, "schema": {"type": "string"}},
                    _FMT,
                ],
                "responses": {**_ok("The definition", {"type": "object"}), **_READ},
            }
        },
        "/open311/v2/requests.{fmt}": {
            "get": {
                "summary": "Service requests (newest first; the last 90 days unless dates are given; at most 1000)",
                "parameters": [
                    _FMT,
                    _query("service_request_id", "Comma-separated ids (other filters are then ignored)"),
                    _query("service_code", "Comma-separated service codes"),
                    _query(
                        "start_date",
                        "Earliest requested_datetime (ISO 8601)",
                        {"type": "string", "format": "date-time"},
                    ),
                    _query(
                        "end_date",
                        "Latest requested_datetime (ISO 8601)",
                        {"type": "string", "format": "date-time"},
                    ),
                    _query("status", "open, closed or both (comma-separated)"),
                ],
                "responses": {**_ok("Matching requests", {"type": "array", "items": _REQUEST}), **_READ},
            },
            "post": {
                "summary": "Submit a service request (recorded as an intake event on the app channel)",
                "parameters": [_FMT],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["service_code"],
                                "properties": {
                                    "service_code": {"type": "string"},
                                    "description": {"type": "string", "maxLength": 4000},
                                    "address_id": {"type": "string"},
                                    "address_string": {"type": "string"},
                                    "lat": {"type": "number"},
                                    "long": {"type": "number"},
                                    "email": {"type": "string"},
                                    "device_id": {"type": "string"},
                                    "account_id": {"type": "string"},
                                    "first_name": {"type": "string"},
                                    "last_name": {"type": "string"},
                                    "phone": {"type": "string"},
                                    "media_url": {"type": "string"},
                                    "api_key": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    **_ok(
                        "Recorded now",
                        {"type": "array", "items": {"type": "object", "required": ["service_request_id"]}},
                        "201",
                    ),
                    **_ok("Already recorded (the same request): its id", {"type": "array"}),
                    **_error_responses(400, 401, 403, 404, 413, 415, 429),
                },
            },
        },
        "/open311/v2/requests/{service_request_id}.{fmt}": {
            "get": {
                "summary": "One service request",
                "parameters": [
                    {
                        "name": "service_request_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    _FMT,
                ],
                "responses": {**_ok("The request", {"type": "array", "items": _REQUEST}), **_READ},
            }
        },
        "/open311/v2/tokens/{token}.{fmt}": {
            "get": {
                "summary": "The request a token stands for (tokens are request ids: requests are recorded at once)",
                "parameters": [
                    {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}},
                    _FMT,
                ],
                "responses": {**_ok("The token's request id", {"type": "array"}), **_READ},
            }
        },
    }
    json_only = {
        "/api/v1/statistics": (
            "Governance statistics of a period and unit; with level, one entry per unit at that level",
            [*_PERIOD, _query("level", "A level key, e.g. grid")],
        ),
        "/api/v1/scores": ("Score cards of a period", _PERIOD[:3]),
        "/api/v1/grids.geojson": (
            "Units at a level (default grid) with a place, as GeoJSON with their figures",
            [*_PERIOD[:3], _query("level", "A level key, default grid")],
        ),
    }
    for path, (summary, parameters) in json_only.items():
        fmt_paths[path] = {
            "get": {
                "summary": summary,
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": summary,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **_READ,
                },
            }
        }
    fmt_paths["/"] = {
        "get": {
            "summary": "The live HTML report",
            "parameters": [*_PERIOD, _query("lang", "zh or en", {"type": "string", "enum": ["zh", "en"]})],
            "responses": {
                "200": {"description": "One self-contained HTML page", "content": {"text/html": {}}},
                **_READ,
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cogov serve",
            "version": "1",
            "description": (
                "Open311 GeoReport v2 over a cogov ledger, a read-only JSON API of its statistics "
                "and scores, and its live report. Every write is an event authorised by the key's person."
            ),
        },
        "security": [{"apiKeyQuery": []}, {"apiKeyHeader": []}],
        "components": {
            "securitySchemes": {
                "apiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
                "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            }
        },
        "paths": fmt_paths,
    }


def openapi_text() -> str:
    """The document as shipped: sorted keys, two-space indent, a final newline."""
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def markdown_reference() -> str:
    """``docs/reference/http-api.md``: every route, its parameters and responses."""
    document = openapi_document()
    lines = [
        "# HTTP API reference",
        "",
        "<!-- generated from the OpenAPI document: python -m cogov.serve reference > docs/reference/http-api.md -->",
        "",
        document["info"]["description"],
        "",
        "Authentication: an API key as the `api_key` query (or form) field or an `X-API-Key` header; "
        "routes marked *public* need none. The OpenAPI document itself is served at `/openapi.json`.",
        "",
    ]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            public = " *(public)*" if operation.get("security") == [] else ""
            lines += [f"## `{method.upper()} {path}`{public}", "", operation["summary"], ""]
            parameters = operation.get("parameters", [])
            if parameters:
                lines += ["| parameter | in | description |", "|---|---|---|"]
                for parameter in parameters:
                    schema = parameter.get("schema", {})
                    described = parameter.get("description", "")
                    if "enum" in schema:
                        described = f"{described} ({', '.join(schema['enum'])})".strip()
                    lines.append(f"| `{parameter['name']}` | {parameter['in']} | {described} |")
                lines.append("")
            body = operation.get("requestBody")
            if body:
                for media, content in body["content"].items():
                    fields = ", ".join(f"`{name}`" for name in content["schema"]["properties"])
                    lines += [f"Body ({media}): {fields}.", ""]
            lines += ["| status | meaning |", "|---|---|"]
            for status, response in operation["responses"].items():
                lines.append(f"| {status} | {response['description']} |")
            lines.append("")
    return "\n".join(lines)
