"""Renamed :mod:`cogov.evaluation.off_ledger` (the inputs to scoring that are not ledger events).

"Records" read as the ledger's folded records too; this module keeps the old path working
for one release: each name resolves from the new module with a DeprecationWarning.
"""

from __future__ import annotations

import warnings
from typing import Any

from cogov.evaluation import off_ledger as _off_ledger


def __getattr__(name: str) -> Any:
    """A name of the renamed module: its value from :mod:`cogov.evaluation.off_ledger`, with a warning."""
    if name not in _off_ledger.__all__:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    warnings.warn(
        "cogov.evaluation.records is renamed cogov.evaluation.off_ledger "
        f"(from cogov.evaluation.off_ledger import {name})",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_off_ledger, name)
