"""``python -m cogov.serve openapi`` prints the OpenAPI document (``src/cogov/serve/openapi.json``);
``python -m cogov.serve reference`` prints the HTTP API reference (``docs/reference/http-api.md``)."""

from __future__ import annotations

import sys

from cogov.serve.openapi import markdown_reference, openapi_text

if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what not in ("openapi", "reference"):
        sys.exit("usage: python -m cogov.serve openapi|reference")
    sys.stdout.write(openapi_text() if what == "openapi" else markdown_reference())
