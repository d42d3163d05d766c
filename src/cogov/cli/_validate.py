"""``cogov validate FILE``: check an event stream, community or charter document.

Prints one line per problem (``FILE: $.events[3].at: ...``) and exits 1 when there is any;
with ``--setup``, events are also applied to a ledger on that community set-up, so an
event the workflow or the appointments refuse is reported as well.
"""

from __future__ import annotations

from pathlib import Path

import click

from cogov.boundary.addresses import parse_address
from cogov.boundary.strict_json import parse_json
from cogov.cli._addresses import community_option, is_store_address, open_address, shown, store_communities
from cogov.cli._app import cli, fail
from cogov.cli._common import load_events, load_setup, read_text, sniff_format
from cogov.cli._setup_option import DEFAULT_SETUP, setup_option
from cogov.engine.checkpoints import Checkpoint
from cogov.errors import CogovError, DecodeError
from cogov.report import escape_controls

__all__ = ["validate"]


def _decode_problems(path: Path, fmt: str, text: str) -> tuple[list[str], str]:
    """Problems of decoding, and a summary of what decoded."""
    from cogov.boundary import codec  # noqa: PLC0415 - the codec is needed only here

    try:
        if fmt == "cogov.events":
            events = codec.loads_events(text) if _is_lines(text) else codec.loads_events_document(text)
            return [], f"{len(events):,} events"
        if fmt == "cogov.community":
            community = codec.loads_community(text)
            return [], f"{len(community):,} units, {sum(1 for _ in community.people):,} people"
        if fmt == "cogov.charter":
            charter = codec.loads_charter(text)
            return [], f"charter {charter.key!r} ({len(charter.workflow.states)} states)"
    except DecodeError as error:
        return list(error.problems), ""
    except CogovError as error:
        return [line.strip() for line in str(error).splitlines() if line.strip()], ""
    msg = f"{path}: cannot validate format {fmt!r}; known: cogov.events, cogov.community, cogov.charter"
    raise fail(msg)


def _is_lines(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    try:
        header = parse_json(first, unique_keys=False)
    except ValueError:
        return False
    return isinstance(header, dict) and "events" not in header


def _ledger_problems(path: Path, setup_name: str, limit: int) -> tuple[list[str], int]:
    """The first ``limit`` events the ledger refuses, and how many it refuses in all."""
    ledger = load_setup(setup_name).ledger()
    problems: list[str] = []
    refused = 0
    for position, event in enumerate(load_events(path)):  # decoded cleanly just before
        try:
            ledger.apply(event)
        except CogovError as error:
            refused += 1
            if len(problems) < limit:
                problems.append(f"event {position + 1} ({type(event).type}): {str(error).splitlines()[0]}")
    return problems, refused


def _validate_store(
    address: str, community: str | None, setup_name: str, checkpoint: Path | None, hashes_only: bool
) -> None:
    """Open a store under the community set-up's charter and verify it: every row, the genesis record,
    the hash chain, every event's meaning (unless ``hashes_only``) and the checkpoints; in a
    database of many communities, each of them (or the one ``community`` names)."""
    published = None
    if checkpoint is not None:
        try:
            published = Checkpoint.loads(read_text(checkpoint))
        except DecodeError as error:
            msg = f"{checkpoint}: {error.problems[0]}"
            raise fail(msg) from None
    setup = load_setup(setup_name)
    where = parse_address(address) if "://" in address else None
    many = where is not None and where.is_postgres
    for code in store_communities(address, community) if many else (community,):
        store = open_address(address, community=code, setup=setup, readonly=True)
        try:
            head = store.verify(hashes_only=hashes_only, checkpoint=published)
            count = sum(batch.count for batch in store.batches())
            points = len(store.checkpoints()) + (published is not None)
            legacy = getattr(store, "legacy", False)
        except CogovError as error:
            named = f" community {code}" if many else ""
            msg = f"{shown(address)}{named}: {str(error).splitlines()[0]}"
            raise fail(msg) from None
        finally:
            store.close()
        checked = "hash chain intact" if hashes_only else "hash chain intact, every event valid"
        with_points = f", {points} checkpoint{'s' if points != 1 else ''} on the chain" if points else ""
        old = "; format version 1: run `cogov store upgrade` before appending" if legacy else ""
        kind = f"PostgreSQL store, community {code}" if many else "SQLite store"
        click.echo(
            f"{shown(address)}: ok — cogov {kind}, {count:,} events, {checked}{with_points} "
            f"(head {head.hex()[:16]}…){old}"
        )


@cli.command()
@click.argument("file", metavar="FILE")
@setup_option(
    "Also apply the events to a ledger on this community set-up (e.g. xiaoxiguan); "
    f"a store is opened under {DEFAULT_SETUP}'s charter unless given.",
    default=None,
)
@click.option("--max-problems", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--checkpoint",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A store's published checkpoint (cogov store checkpoint) that must lie on its chain.",
)
@click.option(
    "--hashes-only",
    is_flag=True,
    help="For a store: check the hash chain only, not the meaning of every event (faster).",
)
@community_option
def validate(
    *,
    file: str,
    setup: str | None,
    max_problems: int,
    checkpoint: Path | None,
    hashes_only: bool,
    community: str | None,
) -> None:
    """Check FILE, a cogov event stream (.jsonl/.json), community or charter document, or a
    store (a SQLite file, or postgresql://USER@HOST:PORT/DB: every community, or --community CODE).

    One line per problem on stdout; exit code 1 when there is any.
    """
    if is_store_address(file):
        _validate_store(file, community, setup or DEFAULT_SETUP, checkpoint, hashes_only)
        return None
    if checkpoint is not None or hashes_only or community is not None:
        msg = "--checkpoint, --hashes-only and --community apply to stores"
        raise fail(msg)
    return _validate_document(Path(file), setup, max_problems)


def _validate_document(file: Path, setup: str | None, max_problems: int) -> None:
    text = read_text(file)
    fmt = sniff_format(file, text)
    problems, summary = _decode_problems(file, fmt, text)
    count = len(problems)
    if not problems and setup is not None:
        if fmt != "cogov.events":
            msg = f"--setup applies to event streams; {file} is a {fmt} document"
            raise fail(msg)
        problems, count = _ledger_problems(file, setup, max_problems)
    for problem in problems[:max_problems]:
        click.echo(escape_controls(f"{file}: {problem}"))
    if problems:
        more = f" (first {max_problems} shown)" if count > max_problems else ""
        msg = f"{file}: {count} problem{'s' if count != 1 else ''}{more}"
        raise fail(msg)
    checked = f", all accepted by a ledger on set-up {setup!r}" if setup else ""
    click.echo(f"{file}: ok — {fmt}, {summary}{checked}")
