"""The ``cogov`` command group and its entry point.

:func:`main` is what the ``cogov`` console script runs.  It turns every failure a user can
cause into one line on stderr and a non-zero exit code, never a traceback:

====  ==================================================================================
code  meaning
====  ==================================================================================
0     success
1     the input is wrong (a file that does not decode, an event the ledger refuses, an
      unknown example or scenario) or ``cogov validate`` found problems
2     the command line is wrong (unknown option, bad value); click's usage errors
70    a bug in cogov or a plugin (``COGOV_TRACEBACK=1`` shows the traceback)
130   interrupted (SIGINT, Ctrl-C)
143   terminated (SIGTERM)
====  ==================================================================================

:data:`cli` holds the built-in commands.  Each run builds its own group from it
(:func:`build_cli`): plugins add commands through the ``cogov_register_commands`` hook, called
once per run before the arguments are parsed, so nothing a plugin adds outlives the run.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click
import pluggy

from cogov.errors import CogovError
from cogov.report import escape_controls

__all__ = [
    "EXIT_BUG",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "CommandGroup",
    "Terminated",
    "build_cli",
    "cli",
    "fail",
    "interrupted",
    "main",
]

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_BUG = 70
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Within: SIGTERM raises :class:`Terminated` (only the main thread may set handlers)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread (main() called from a test thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group(context_settings=_CONTEXT)
@click.version_option(package_name="cogov", prog_name="cogov")
def cli() -> None:
    """cogov: community co-governance (社区共治) — simulate, evaluate and report.

    Start with `cogov demo`: a simulated Xiaoxiguan year beside the figures its news
    source reports, the scores, and an HTML report.
    """


def _one_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    # a message may quote user data: escape sequences in it are shown, not sent to the terminal
    return escape_controls("; ".join(lines)) if lines else "unknown error"


def _error(message: str) -> None:
    click.echo(f"cogov: error: {_one_line(message)}", err=True)


class CommandGroup(click.Group):
    """The ``cogov`` group of one run: the built-in commands and those the plugins added.

    ``plugin_commands`` credits each command to the plugin that added it (``cogov plugins``
    shows it); ``plugin_failure`` says why the plugins could not be loaded, if they could not.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plugin_commands: dict[str, tuple[str, ...]] = {}
        self.plugin_failure: str | None = None


def build_cli(pm: pluggy.PluginManager | None = None) -> CommandGroup:
    """A new command group: the built-in commands of :data:`cli` plus every plugin's.

    Each plugin's ``cogov_register_commands`` is called through pluggy on its own (a subset
    hook caller), so hook tracing and monitoring see it, a failing plugin is named in a
    warning without hiding the others, and each command is credited to the plugin that added
    it.  ``pm`` defaults to the process-wide manager; :data:`cli` itself is never changed,
    so building twice gives the same group twice.
    """
    from cogov.cli import _commands  # noqa: F401, PLC0415 - registers the built-in commands on cli

    group = CommandGroup(
        name=cli.name,
        commands=dict(cli.commands),
        callback=cli.callback,
        params=list(cli.params),
        help=cli.help,
        context_settings=_CONTEXT,
    )
    if pm is None:
        from cogov.plugins import get_plugin_manager  # noqa: PLC0415 - plugins load only when the CLI runs

        try:
            pm = get_plugin_manager()
        except CogovError as error:
            # stay quiet: a command that needs the plugins reports this itself, in one line
            group.plugin_failure = _one_line(str(error))
            return group
    names = [impl.plugin_name for impl in pm.hook.cogov_register_commands.get_hookimpls()]
    for name in names:
        others = [pm.get_plugin(other) for other in names if other != name]
        register = pm.subset_hook_caller("cogov_register_commands", remove_plugins=others)
        before = set(group.commands)
        try:
            register(cli=group)
        except Exception as error:
            click.echo(
                f"cogov: warning: plugin {name!r}, hook cogov_register_commands failed: "
                f"{type(error).__name__}: {_one_line(str(error))}",
                err=True,
            )
            continue
        added = tuple(sorted(set(group.commands) - before))
        if added:
            group.plugin_commands[name] = added
    return group


def _skip_hint(error: CogovError) -> str:
    """For an installed plugin that is broken: how to run without it (and every other broken one)."""
    from cogov.plugins import BUILTIN_NAME, ENV_LOAD_PLUGINS, PluginError, survey_plugins  # noqa: PLC0415

    if not isinstance(error, PluginError) or error.plugin in (None, BUILTIN_NAME):
        return ""
    try:
        pm, broken = survey_plugins()
    except CogovError:
        return ""
    if error.plugin not in broken:  # e.g. a name in COGOV_LOAD_PLUGINS that is not installed
        return ""
    healthy = sorted(name for name, _ in pm.list_name_plugin() if name != BUILTIN_NAME)
    return (
        f"; to run without the broken plugin(s) {', '.join(sorted(broken))}, set "
        f"{ENV_LOAD_PLUGINS}={','.join(healthy)} (`cogov plugins` shows each one's error)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    group = build_cli()
    try:
        with _sigterm_raises():
            # make_context and invoke rather than cli.main: click's main turns a closed pipe into
            # sys.exit(1) itself, and every failure's exit code is decided here
            args = list(argv) if argv is not None else sys.argv[1:]
            with group.make_context("cogov", args) as context:
                result = group.invoke(context)
    except click.exceptions.Exit as done:  # --help, --version
        return done.exit_code
    except (click.exceptions.Abort, EOFError) as error:
        # click turns KeyboardInterrupt (and so Terminated) into Abort, keeping it as the cause
        if isinstance(error.__cause__, Terminated):
            _error("terminated")
            return EXIT_TERMINATED
        _error("aborted")
        return EXIT_INTERRUPTED
    except Terminated:
        _error("terminated")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``cogov report … | head``): it has what it wanted, so this is
        # success; stdout goes to /dev/null so the interpreter's last flush cannot fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except click.ClickException as error:
        message = error.format_message()
        if group.plugin_failure and message.startswith("No such command"):
            message += f" (plugins did not load: {group.plugin_failure})"
        _error(message)
        return error.exit_code
    except CogovError as error:
        _error(str(error) + _skip_hint(error))
        return EXIT_INPUT
    except OSError as error:
        name = f" {error.filename}" if error.filename else ""
        _error(f"{error.strerror or error}{':' if name else ''}{name}")
        return EXIT_INPUT
    except Exception as error:
        if os.environ.get("COGOV_TRACEBACK"):
            traceback.print_exc()
        _error(
            f"internal error: {type(error).__name__}: {error} (set COGOV_TRACEBACK=1 to see the traceback)"
        )
        return EXIT_BUG
    return result if isinstance(result, int) else 0
