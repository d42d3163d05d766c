"""Importing this module registers the built-in commands on :data:`cogov.cli.cli`."""

from __future__ import annotations

import cogov.cli._compare
import cogov.cli._export
import cogov.cli._inspect
import cogov.cli._open311
import cogov.cli._register
import cogov.cli._report
import cogov.cli._serve
import cogov.cli._simulate
import cogov.cli._store
import cogov.cli._store_copy
import cogov.cli._validate  # noqa: F401 - imported for the commands they register
