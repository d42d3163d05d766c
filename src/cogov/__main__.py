"""``python -m cogov``: the same as the ``cogov`` command."""

from __future__ import annotations

import sys

from cogov.cli import main

sys.exit(main())
