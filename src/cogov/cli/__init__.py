"""The ``cogov`` command line (click): demo, simulate, sweep, report, validate, plugins, schema.

``main`` is the console script's entry point; ``cli`` is the click group plugins add their
commands to (hook ``cogov_register_commands``).
"""

from __future__ import annotations

from cogov.cli._app import EXIT_BUG, EXIT_INPUT, EXIT_USAGE, cli, main

__all__ = ["EXIT_BUG", "EXIT_INPUT", "EXIT_USAGE", "cli", "main"]
