"""``cogov validate FILE``: check an event stream, community or charter document.

Prints one line per problem (``FILE: $.events[3].at: ...``) and exits 1 when there is any;
with ``--example``, events are also applied to a ledger on that example community, so an
event the workflow or the appointments refuse is reported as well.
"""

from __future__ import annotations

from pathlib import Path

import click

from cogov.boundary.sqlite_store import SQLiteStore
from cogov.boundary.strict_json import parse_json
from cogov.cli._app import cli, fail
from cogov.cli._common import STORE_SUFFIXES, load_events, load_example, read_text, sniff_format
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


def _ledger_problems(path: Path, example_name: str, limit: int) -> tuple[list[str], int]:
    """The first ``limit`` events the ledger refuses, and how many it refuses in all."""
    example = load_example(example_name)
    ledger = example.ledger()
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


def _validate_store(path: Path, example_name: str, checkpoint: Path | None, hashes_only: bool) -> None:
    """Open a SQLite store under the example's charter and verify it: every row, the genesis
    record, the hash chain, every event's meaning (unless ``hashes_only``) and the checkpoints."""
    if not path.is_file():
        msg = f"{path}: no such file"
        raise fail(msg)
    published = None
    if checkpoint is not None:
        try:
            published = Checkpoint.loads(read_text(checkpoint))
        except DecodeError as error:
            msg = f"{checkpoint}: {error.problems[0]}"
            raise fail(msg) from None
    example = load_example(example_name)
    try:
        store = SQLiteStore.open(path, example.charter, guards=example.guards, readonly=True)
    except CogovError as error:
        msg = f"{path}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    try:
        head = store.verify(hashes_only=hashes_only, checkpoint=published)
        count = sum(batch.count for batch in store.batches())
        points = len(store.checkpoints()) + (published is not None)
        legacy = store.legacy
    except CogovError as error:
        msg = f"{path}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    finally:
        store.close()
    checked = "hash chain intact" if hashes_only else "hash chain intact, every event valid"
    with_points = f", {points} checkpoint{'s' if points != 1 else ''} on the chain" if points else ""
    old = "; format version 1: run `cogov store upgrade` before appending" if legacy else ""
    click.echo(
        f"{path}: ok — cogov SQLite store, {count:,} events, {checked}{with_points} "
        f"(head {head.hex()[:16]}…){old}"
    )


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--example",
    metavar="NAME",
    help="Also apply the events to a ledger on this example community (e.g. xiaoxiguan).",
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
def validate(
    file: Path, example: str | None, max_problems: int, checkpoint: Path | None, hashes_only: bool
) -> None:
    """Check FILE, a cogov event stream (.jsonl/.json), community or charter document.

    One line per problem on stdout; exit code 1 when there is any.
    """
    if file.suffix in STORE_SUFFIXES:
        _validate_store(file, example or "xiaoxiguan", checkpoint, hashes_only)
        return
    if checkpoint is not None or hashes_only:
        msg = "--checkpoint and --hashes-only apply to SQLite stores"
        raise fail(msg)
    text = read_text(file)
    fmt = sniff_format(file, text)
    problems, summary = _decode_problems(file, fmt, text)
    count = len(problems)
    if not problems and example is not None:
        if fmt != "cogov.events":
            msg = f"--example applies to event streams; {file} is a {fmt} document"
            raise fail(msg)
        problems, count = _ledger_problems(file, example, max_problems)
    for problem in problems[:max_problems]:
        click.echo(escape_controls(f"{file}: {problem}"))
    if problems:
        more = f" (first {max_problems} shown)" if count > max_problems else ""
        msg = f"{file}: {count} problem{'s' if count != 1 else ''}{more}"
        raise fail(msg)
    checked = f", all accepted by a ledger on example {example!r}" if example else ""
    click.echo(f"{file}: ok — {fmt}, {summary}{checked}")
