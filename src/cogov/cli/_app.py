"""The built-in ``cogov`` command group, the group type of one run, and the exit codes.

:data:`cli` holds the built-in commands (each command module decorates it).  A run adds the
plugins' commands to a copy of it, a :class:`CommandGroup` (see :mod:`cogov.cli._main`), so
nothing a plugin adds outlives the run.  Every failure a user can cause ends in one line on
stderr and one of these exit codes, never a traceback:

====  ==================================================================================
code  meaning
====  ==================================================================================
0     success
1     the input is wrong (a file that does not decode, an event the ledger refuses, an
      unknown community set-up or scenario) or ``cogov validate`` found problems
2     the command line is wrong (unknown option, bad value); click's usage errors
70    a bug in cogov or a plugin (``COGOV_TRACEBACK=1`` shows the traceback)
130   interrupted (SIGINT, Ctrl-C)
143   terminated (SIGTERM)
====  ==================================================================================
"""

from __future__ import annotations

from typing import Any

import click

from cogov.report import escape_controls

__all__ = [
    "CONTEXT",
    "EXIT_BUG",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "CommandGroup",
    "Terminated",
    "cli",
    "fail",
    "interrupted",
    "one_line",
    "print_error",
]

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_BUG = 70
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class InputError(click.ClickException):
    """Bad input found by a command: printed as one line, exit code 1."""

    exit_code = EXIT_INPUT


def fail(message: str) -> InputError:
    """The error a command raises for bad input (``raise fail("...")``)."""
    return InputError(message)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C so that ``finally`` blocks and pools clean up.

    A subclass of :class:`KeyboardInterrupt` so code that stops work on Ctrl-C (a sweep
    terminating its workers) stops it on SIGTERM too.
    """


class _Interrupted(click.ClickException):
    exit_code = EXIT_INTERRUPTED


class _Terminated(click.ClickException):
    exit_code = EXIT_TERMINATED


def interrupted(message: str, cause: KeyboardInterrupt) -> click.ClickException:
    """What a command raises after saving its work on an interrupt: exit 143 for SIGTERM, else 130."""
    return _Terminated(message) if isinstance(cause, Terminated) else _Interrupted(message)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="cogov", prog_name="cogov")
def cli() -> None:
    """cogov: community co-governance (社区共治) — simulate, evaluate and report.

    Start with `cogov demo`: a simulated Xiaoxiguan year beside the figures its news
    source reports, the scores, and an HTML report.
    """


def one_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    # a message may quote user data: escape sequences in it are shown, not sent to the terminal
    return escape_controls("; ".join(lines)) if lines else "unknown error"


def print_error(message: str) -> None:
    click.echo(f"cogov: error: {one_line(message)}", err=True)


class CommandGroup(click.Group):
    """The ``cogov`` group of one run: the built-in commands and those the plugins added.

    ``plugin_commands`` credits each command to the plugin that added it (``cogov plugins``
    shows it); ``plugin_failure`` says why the plugins could not be loaded, if they could not.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plugin_commands: dict[str, tuple[str, ...]] = {}
        self.plugin_failure: str | None = None
