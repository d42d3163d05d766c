"""Renamed :mod:`cogov.engine.folded` (what the ledger folds its events into).

"Records" read as the evaluation's off-ledger records too; this module keeps the old path
working for one release: each name resolves from the new module with a DeprecationWarning.
"""

from __future__ import annotations

import warnings
from typing import Any

from cogov.engine import folded as _folded


def __getattr__(name: str) -> Any:
    """A name of the renamed module: its value from :mod:`cogov.engine.folded`, with a warning."""
    if name not in _folded.__all__:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    warnings.warn(
        f"cogov.engine.records is renamed cogov.engine.folded (from cogov.engine.folded import {name})",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_folded, name)
