"""The small community of the core tests, under the basic charter (whose secretary supervises)."""

from __future__ import annotations

from tests.core.conftest import ledger, registered

__all__ = ["ledger", "registered"]
