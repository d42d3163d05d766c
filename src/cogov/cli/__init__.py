"""The ``cogov`` command line (click): demo, simulate, sweep, report, validate, plugins, schema.

``main`` is the console script's entry point; ``cli`` is the click group of the built-in
commands; ``build_cli`` makes a new group from it with every plugin's commands added (hook
``cogov_register_commands``), which is what ``main`` runs.
"""

from __future__ import annotations

from cogov.cli._app import EXIT_BUG, EXIT_INPUT, EXIT_USAGE, CommandGroup, cli
from cogov.cli._main import build_cli, main

__all__ = ["EXIT_BUG", "EXIT_INPUT", "EXIT_USAGE", "CommandGroup", "build_cli", "cli", "main"]
