"""The serialised-value strategies, now public in :mod:`cogov.testing` (kept for old imports)."""

from __future__ import annotations

from cogov.testing import SERIALISED_VALUES as MODEL_VALUES
from cogov.testing import community_documents, events_of, field_strategy, values_of

__all__ = ["MODEL_VALUES", "community_documents", "events_of", "field_strategy", "values_of"]
