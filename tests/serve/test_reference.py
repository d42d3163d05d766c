"""The shipped OpenAPI document and the HTTP API reference page are what the code generates."""

from __future__ import annotations

from pathlib import Path

from cogov.serve import markdown_reference, openapi_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_openapi_document_is_up_to_date() -> None:
    """src/cogov/serve/openapi.json is regenerated: python -m cogov.serve openapi > it."""
    assert (ROOT / "src/cogov/serve/openapi.json").read_text(encoding="utf-8") == openapi_text()


def test_the_http_api_reference_is_up_to_date() -> None:
    """docs/reference/http-api.md is regenerated from the OpenAPI document (see its header)."""
    assert (ROOT / "docs/reference/http-api.md").read_text(encoding="utf-8") == markdown_reference()
