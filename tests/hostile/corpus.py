"""The hostile-input corpus: files that once crashed cogov or leaked what they should not.

Each :class:`Hostile` entry writes one file (JSON Lines, JSON or a SQLite store) into a
folder and says which commands read it, which exit codes are right and a phrase the output
must contain.  ``test_cli_corpus.py`` runs the installed ``cogov`` on every entry as a real
subprocess; ``test_cli_properties.py`` mutates the same inputs with Hypothesis.  Add a new
entry here for every hostile input found; none may ever end in exit code 70.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

RECORDED = Path(__file__).parents[2] / "plugins/xiaoxiguan/src/cogov_xiaoxiguan/data/year-2022.jsonl"
HEADER = '{"format":"cogov.events","version":1}'
#: the first events of the recorded Xiaoxiguan year: a valid stream to start from
VALID_LINES: list[str] = RECORDED.read_text(encoding="utf-8").splitlines()[1:61]
ACTIVITY = (
    '{"type":"activity_held","at":"2022-01-06T10:00:00+08:00","actor":"xxg-police",'
    '"activity":"XXG-2022-FRAUD99","kind":"anti_fraud_talk","unit":"420325100001",'
    '"participants":[],"hours":%s}'
)


def collected_at(at: str, summary: str = "楼道灯损坏 stairwell light") -> str:
    """A Xiaoxiguan issue_collected event at ``at`` (an ISO string)."""
    return json.dumps(
        {
            "type": "issue_collected",
            "at": at,
            "actor": "xxg-sc001",
            "issue": "XXG-HOSTILE-1",
            "kind": "reasonable_demand",
            "unit": "420325100001001020102",
            "channel": "household_meeting",
            "summary": summary,
            "reporter": None,
            "meeting": None,
        },
        ensure_ascii=False,
    )


def stream(*lines: str) -> str:
    return "\n".join((HEADER, *lines)) + "\n"


@dataclass(frozen=True)
class Hostile:
    """One hostile input: how to write it, who reads it, what must happen."""

    name: str
    file: str
    make: Callable[[Path], None]
    #: exit codes that are right (never 70); 0 means the input is acceptable after all
    codes: frozenset[int] = frozenset({1})
    #: a phrase the command's output (stdout and stderr) must contain
    says: str = ""
    commands: tuple[str, ...] = ("validate", "report")
    #: text that must not appear in the output
    never: tuple[str, ...] = field(default=("\x1b", "\x07", "Traceback"))


def text(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


# -- stores ------------------------------------------------------------------------------------
def _store(path: Path, grid_name: str | None = None) -> None:
    """A store of the first recorded events (with every grid called ``grid_name``, if given)."""
    import attrs  # noqa: PLC0415 - cogov is imported when building

    from cogov.boundary.codec import loads_events  # noqa: PLC0415
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415
    from cogov.model.structure import Community  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    example = load_setup("xiaoxiguan")
    community = example.community
    if grid_name is not None:
        community = Community(example.community.levels)
        community.extend(
            [
                attrs.evolve(u, name_zh=grid_name, name_en=grid_name) if u.level == "grid" else u
                for u in example.community.units
            ],
            example.community.people,
            example.community.associations,
        )
    with SQLiteStore.create(
        path,
        example.charter,
        community,
        example.appointments,
        guards=example.guards,
        clock="events",  # the recorded 2022 year, an archive
    ) as store:
        store.append(loads_events(stream(*VALID_LINES)))


def damaged_store(*statements: str) -> Callable[[Path], None]:
    """A valid store of the first recorded events, then ``statements`` run on it."""

    def make(path: Path) -> None:
        _store(path)
        db = sqlite3.connect(path, isolation_level=None)
        try:
            for statement in statements:
                db.execute(statement)
        finally:
            db.close()

    return make


def renamed_grids(name: str) -> Callable[[Path], None]:
    """A valid store whose grids are all called ``name`` (in both languages) from its genesis."""

    def make(path: Path) -> None:
        _store(path, grid_name=name)

    return make


def truncated_store(path: Path) -> None:
    _store(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


DEEP = "[" * 100_000 + "]" * 100_000
OK_OR_INPUT = frozenset({0, 1})

CORPUS: tuple[Hostile, ...] = (
    # -- decoders
    Hostile("array nested 100,000 deep", "deep.jsonl", text(stream(DEEP)), says="nested too deeply"),
    Hostile(
        "document nested 100,000 deep",
        "deep.json",
        text(f'{{"format":"cogov.events","version":1,"events":[{DEEP}]}}'),
        says="nested too deeply",
    ),
    Hostile("header nested 100,000 deep", "deep-header.jsonl", text(DEEP + "\n"), says="nested too deeply"),
    Hostile(
        "integer of 5,000 digits", "bigint.jsonl", text(stream(ACTIVITY % ("9" * 5000))), says="5,000 digits"
    ),
    Hostile(
        "integer of 400 digits (beyond a float)",
        "int400.jsonl",
        text(stream(ACTIVITY % ("9" * 400))),
        says="400 digits",
    ),
    Hostile(
        "version of 5,000 digits",
        "bigversion.jsonl",
        text('{"format":"cogov.events","version":' + "9" * 5000 + "}\n"),
        says="5,000 digits",
    ),
    Hostile(
        "type tag is a list",
        "list-tag.jsonl",
        text(stream('{"type":["issue_collected"]}')),
        says="must be a string",
    ),
    Hostile(
        "type tag is a list in a document",
        "list-tag.json",
        text('{"format":"cogov.events","version":1,"events":[{"type":["x"]}]}'),
        says="must be a string",
    ),
    Hostile(
        "type tag is an object", "dict-tag.jsonl", text(stream('{"type":{"a":1}}')), says="must be a string"
    ),
    Hostile(
        "duplicate keys",
        "duplicate.jsonl",
        text(stream(ACTIVITY % '1,"hours":2')),
        says="'hours' appears twice",
    ),
    Hostile(
        "duplicate header keys",
        "duplicate-header.jsonl",
        text('{"format":"cogov.events","version":1,"version":2}\n'),
        says="'version' appears twice",
    ),
    Hostile("NaN", "nan.jsonl", text(stream(ACTIVITY % "NaN")), says="not a JSON number"),
    Hostile(
        "UTF-8 byte order mark",
        "bom.jsonl",
        text("\ufeff" + stream(*VALID_LINES)),
        codes=frozenset({0}),
        says="HTML report",
        commands=("report",),
    ),
    Hostile(
        "UTF-8 byte order mark (validate)",
        "bom2.jsonl",
        text("\ufeff" + stream(*VALID_LINES)),
        codes=frozenset({0}),
        says="ok",
        commands=("validate",),
    ),
    Hostile(
        "lone surrogate in a summary",
        "surrogate.jsonl",
        text(stream(collected_at("2022-05-01T09:00:00+08:00", "\\ud800").replace("\\\\ud800", "\\ud800"))),
        says="lone surrogate",
    ),
    Hostile(
        "not UTF-8",
        "latin1.jsonl",
        raw(b'{"format":"cogov.events","version":1}\n{"type":"\xe9"}\n'),
        says="UTF-8",
    ),
    Hostile("empty file", "empty.jsonl", text(""), says="not a cogov document"),
    Hostile(
        "escape sequences in a type",
        "ansi-type.jsonl",
        text(stream('{"type":"\\u001b[31mred\\u001b]0;title\\u0007"}')),
        says="unknown event type",
    ),
    # -- dates
    Hostile(
        "issue in year 9999",
        "year-9999.jsonl",
        text(stream(*VALID_LINES, collected_at("9999-12-31T23:59:59-12:00"))),
        says="outside the supported years 1900-2200",
    ),
    Hostile(
        "issue in year 1",
        "year-1.jsonl",
        text(stream(collected_at("0001-01-01T00:00:00+14:00"))),
        says="outside the supported years",
    ),
    Hostile(
        "issue at the end of 2200",
        "year-2200.jsonl",
        text(stream(*VALID_LINES, collected_at("2200-12-31T23:59:59-12:00"))),
        codes=frozenset({0}),
        commands=("validate",),  # decodes: the date is inside the supported range
    ),
    Hostile(
        "issue at the end of 2200, reported",
        "year-2200-report.jsonl",
        text(stream(*VALID_LINES, collected_at("2200-12-31T23:59:59-12:00"))),
        says="after the wall clock",  # in range, but it has not happened yet
        commands=("report",),
    ),
    # -- stores
    Hostile(
        "store without its format row",
        "no-format.sqlite",
        damaged_store("DELETE FROM meta WHERE key = 'format'"),
        says="not a cogov store",
    ),
    Hostile(
        "store without its genesis row",
        "no-genesis.sqlite",
        damaged_store("DELETE FROM meta WHERE key = 'genesis'"),
        says="no genesis record",
    ),
    Hostile(
        "store without its charter row",
        "no-charter.sqlite",
        damaged_store("DELETE FROM meta WHERE key = 'charter'"),
        says="lacks a text value for ['charter']",
    ),
    Hostile(
        "store with a damaged charter",
        "bad-charter.sqlite",
        damaged_store("UPDATE meta SET value = '{' WHERE key = 'charter'"),
        says="recorded charter does not decode",
    ),
    Hostile(
        "store with a non-numeric version",
        "bad-version.sqlite",
        damaged_store("UPDATE meta SET value = 'one' WHERE key = 'version'"),
        says="is not a number",
    ),
    Hostile(
        "store with an integer hash",
        "int-hash.sqlite",
        damaged_store("UPDATE events SET hash = 42 WHERE seq = 7"),
        says="event #7",
    ),
    Hostile(
        "store with a row that cannot be re-encoded",
        "bad-row.sqlite",
        damaged_store(
            'UPDATE events SET body = CAST(replace(CAST(body AS TEXT), \'"note":""\', \'"note":7\') AS BLOB) '
            "WHERE seq = 0"
        ),
        says="event #0",
    ),
    Hostile(
        "store with meta text that is not UTF-8",
        "latin1-meta.sqlite",
        damaged_store("UPDATE meta SET value = CAST(X'7BFF' AS TEXT) WHERE key = 'genesis'"),
        says="not UTF-8",
    ),
    Hostile(
        "store with a lone surrogate in a grid name",
        "surrogate-name.sqlite",
        damaged_store(
            'UPDATE meta SET value = replace(value, \'"level":"grid","name_zh":"\', '
            '\'"level":"grid","name_zh":"\\ud800\') WHERE key = \'genesis\''
        ),
        says="lone surrogate",
    ),
    Hostile("store cut in half", "truncated.sqlite", truncated_store, says="store"),
    Hostile("empty store file", "empty.sqlite", raw(b""), says="store"),
    Hostile(
        "store that is not SQLite", "junk.sqlite", raw(b"SQLite format 3\x00" + b"\xff" * 2000), says="store"
    ),
    # -- terminal output
    Hostile(
        "closing markup tag as a grid name",
        "markup-close.sqlite",
        renamed_grids("[/]"),
        codes=frozenset({0}),
        says="[/]",
        commands=("report",),
    ),
    Hostile(
        "rich markup and a link as a grid name",
        "markup-link.sqlite",
        renamed_grids("[bold red]网格[/] [link=https://example.invalid]x[/link]"),
        codes=frozenset({0}),
        says="[bold red]网格[/]",
        commands=("report",),
    ),
    Hostile(
        "escape sequences as a grid name",
        "ansi-name.sqlite",
        renamed_grids("\x1b[31mred\x1b]8;;https://example.invalid\x07link\u202e"),
        codes=frozenset({0}),
        says="\\x1b[31mred",
        commands=("report",),
    ),
)
