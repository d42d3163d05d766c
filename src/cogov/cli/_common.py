"""What several commands share: the ``--lang`` option, periods, community set-ups and ledgers from files."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from cogov import CHINA_TZ
from cogov.boundary.strict_json import parse_json
from cogov.cli._app import fail
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError, DecodeError
from cogov.evaluation import Period
from cogov.model.events import Event
from cogov.model.fields import FIRST_YEAR, LAST_YEAR

__all__ = [
    "CHINA_TZ",
    "REPORT_NAME",
    "STORE_SUFFIXES",
    "console",
    "html_name",
    "lang_option",
    "ledger_from_events",
    "load_events",
    "load_ledger",
    "load_setup",
    "period_from_options",
    "period_options",
    "read_text",
    "sniff_format",
]

F = TypeVar("F", bound=Callable[..., Any])

lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    envvar="COGOV_LANG",
    show_default=True,
    help="Language of labels in tables and reports (env COGOV_LANG).",
)


class _CommandConsole(Console):
    """A console that leaves a closed pipe to the command line's one policy (quiet, exit 0)."""

    def on_broken_pipe(self) -> None:
        # rich's own handler raises SystemExit(1): ``cogov report … | head`` would then fail
        self.quiet = True
        raise BrokenPipeError


#: the HTML report's default file name in the default language (Chinese)
REPORT_NAME = "report.html"


def html_name(name: str, lang: str) -> str:
    """``name`` for a report in ``lang``: Chinese keeps it, other languages add theirs
    (``report.html``, ``report.en.html``), so reports in two languages never overwrite each other."""
    if lang == "zh":
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{lang}.{suffix}" if dot else f"{name}.{lang}"


def console() -> Console:
    """A console on stdout: the terminal's width, ``COLUMNS`` when set, else 120 when piped."""
    sized = sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()
    return _CommandConsole(width=None if sized else 120, highlight=False)


def period_options(function: F) -> F:
    """Add ``--year``, ``--from`` and ``--to`` (inclusive dates, China Standard Time)."""
    function = click.option(
        "--to", "to_", metavar="DATE", help="Last day of the period (YYYY-MM-DD), inclusive."
    )(function)
    function = click.option("--from", "from_", metavar="DATE", help="First day of the period (YYYY-MM-DD).")(
        function
    )
    return click.option("--year", type=int, metavar="YEAR", help="A calendar year, e.g. 2022.")(function)


def _date(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        msg = f"{option}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-03-01"
        raise fail(msg) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        msg = f"{option}: {value} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}"
        raise fail(msg)
    return day


def period_from_options(
    year: int | None, from_: str | None, to_: str | None, tz: tzinfo = CHINA_TZ
) -> Period | None:
    """The period the options name, or ``None`` for all time."""
    if year is not None and (from_ or to_):
        msg = "--year cannot be combined with --from/--to; give one or the other"
        raise fail(msg)
    if year is not None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            msg = f"--year: {year} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}"
            raise fail(msg)
        return Period.year(year, tz)
    if not (from_ or to_):
        return None
    start = _date(from_, "--from") if from_ else date(FIRST_YEAR, 1, 1)
    end = _date(to_, "--to") if to_ else date(LAST_YEAR, 12, 31)
    if end < start:
        msg = f"--to {end.isoformat()} is before --from {start.isoformat()}"
        raise fail(msg)
    return Period(
        datetime(start.year, start.month, start.day, tzinfo=tz),
        datetime(end.year, end.month, end.day, tzinfo=tz) + timedelta(days=1),
    )


def load_setup(name: str) -> Any:
    """The community set-up ``name`` from the installed plugins."""
    from cogov.plugins import load_setup as _load  # noqa: PLC0415 - plugins load on demand

    return _load(name)


def read_text(path: Path) -> str:
    try:
        # utf-8-sig: a byte order mark (Notepad, Excel) is dropped, as the Python decoder does
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        msg = f"{path}: not UTF-8 text (byte {error.start}); is it a cogov JSON or JSON Lines file?"
        raise fail(msg) from None
    except IsADirectoryError:
        msg = f"{path}: is a directory, not a file"
        raise fail(msg) from None
    except FileNotFoundError:
        msg = f"{path}: no such file"
        raise fail(msg) from None


_HEADER_START = re.compile(r'\s*\{\s*"format"\s*:\s*"(cogov\.[a-z._-]+)"')


def sniff_format(path: Path, text: str) -> str:
    """The ``format`` of a cogov document: the header's ``format`` field (first line for JSON Lines)."""
    first = text.lstrip().split("\n", 1)[0]
    unreadable = ""
    for candidate in (first, text):
        try:
            header = parse_json(candidate, unique_keys=False)
        except ValueError as error:
            # the first line's error explains a JSON Lines file; the whole text's, a document
            unreadable = unreadable or str(error)
            continue
        unreadable = "parsed"
        if isinstance(header, dict) and isinstance(header.get("format"), str):
            return str(header["format"])
    # a document that does not parse but opens with its header goes to the decoder, which says where it breaks
    opening = _HEADER_START.match(text)
    if opening is not None:
        return opening.group(1)
    why = "" if unreadable in ("", "parsed") or not first.startswith(("{", "[")) else f"; {unreadable}"
    msg = (
        f'{path}: not a cogov document (no JSON header with a "format" field such as cogov.events or '
        f"cogov.community){why}"
    )
    raise fail(msg)


STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def load_events(path: Path) -> list[Event]:
    """Events from a JSON Lines stream or a JSON events document."""
    if path.suffix in STORE_SUFFIXES:
        msg = f"{path}: a SQLite store holds a whole ledger; open it with load_ledger"
        raise fail(msg)
    text = read_text(path)
    found = sniff_format(path, text)
    if found != "cogov.events":
        msg = f"{path}: is a {found} document, not an event stream (cogov.events)"
        raise fail(msg)
    from cogov.boundary import codec  # noqa: PLC0415 - the codec is needed only here

    first = text.lstrip().split("\n", 1)[0]
    try:
        header = parse_json(first, unique_keys=False)
    except ValueError:
        header = None
    try:
        if isinstance(header, dict) and "events" not in header:
            return codec.loads_events(text)
        return codec.loads_events_document(text)
    except DecodeError as error:
        count = len(error.problems)
        first = error.problems[0] if error.problems else "unreadable"
        more = f" (and {count - 1} more; `cogov validate {path}` lists them all)" if count > 1 else ""
        msg = f"{path}: {first}{more}"
        raise fail(msg) from None


def load_ledger(path: Path | str, setup: Any, *, verify: bool = True, community: str | None = None) -> Ledger:
    """The ledger at ``path``: a store (a SQLite file or any store address, opened read-only
    under the set-up's charter and, unless ``verify`` is false, fully verified), or a JSON
    Lines / JSON event file applied, event by event, to a fresh ledger on ``setup``, a community set-up."""
    from cogov.cli._addresses import is_store_address, open_address, shown  # noqa: PLC0415

    if not is_store_address(str(path)):
        return ledger_from_events(setup, load_events(Path(path)), str(path))
    store = open_address(str(path), community=community, setup=setup, readonly=True)
    try:
        if verify:
            # every row's bytes, the chain and every event's meaning; then nothing to re-check
            store.verify()
        return store.load(verify=False)
    except CogovError as error:
        hint = "; `cogov validate` checks it" if verify else ""
        msg = f"{shown(str(path))}: refused: {str(error).splitlines()[0]}{hint}"
        raise fail(msg) from None
    finally:
        store.close()


def ledger_from_events(setup: Any, events: list[Event], source: str) -> Ledger:
    """A ledger on ``setup`` holding ``events``, each validated; a refused event names its position."""
    ledger: Ledger = setup.ledger()
    for position, event in enumerate(events):
        try:
            ledger.apply(event)
        except CogovError as error:
            first = str(error).splitlines()[0]
            msg = f"{source}: event {position + 1} ({type(event).type}) is refused: {first}"
            raise fail(msg) from None
    return ledger
