"""The hostile corpus, extended by Hypothesis: mutated event streams, damaged stores and cut
or altered corpus files, given to the command line in process; never exit code 70."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogov.cli import main

from .corpus import CORPUS, HEADER, VALID_LINES, Hostile, damaged_store

EXIT_BUG = 70


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A scratch folder for the whole module (Hypothesis runs many examples per test)."""
    path = Path(tempfile.mkdtemp(prefix="cogov-hostile-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def pristine_store(folder: Path) -> Path:
    """A valid store of the first recorded events (a path: Hypothesis reports arguments)."""
    path = folder / "pristine.sqlite"
    damaged_store()(path)
    return path


@pytest.fixture(scope="module")
def corpus_files(folder: Path) -> dict[str, Path]:
    """Every corpus file, written once, by entry name."""
    files = {}
    for entry in CORPUS:
        path = folder / f"corpus-{entry.file}"
        entry.make(path)
        files[entry.name] = path
    return files


def run(*args: str) -> tuple[int, str, str]:
    """``cogov ARGS`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def check_commands(path: Path) -> None:
    """validate and report on ``path`` end in success or one clear line, never exit 70."""
    for command in ("validate", "report"):
        extra = ["--out", str(path.with_suffix(".html"))] if command == "report" else []
        code, out, err = run(command, str(path), *extra)
        assert code != EXIT_BUG, err
        if code != 0:
            lines = err.strip().splitlines()
            assert len(lines) == 1, err
            assert lines[0].startswith("cogov: error: "), err
        assert "\x1b" not in out + err


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**320)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "[/]", "\x1b[31m", "\ud800", "9999-12-31T23:59:59-12:00", "2022-05-01T09:00:00"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def mutated_streams(draw: st.DrawFn) -> bytes:
    """A valid event stream with one event's field replaced, removed or added, or a line replaced."""
    lines = [HEADER, *VALID_LINES[: draw(st.integers(1, len(VALID_LINES)))]]
    index = draw(st.integers(0, len(lines) - 1))
    document: Any = json.loads(lines[index])
    how = draw(st.sampled_from(["replace", "remove", "add", "line", "duplicate"]))
    key = draw(st.sampled_from(sorted(document)))
    if how == "replace":
        document[key] = draw(json_values)
    elif how == "remove":
        del document[key]
    elif how == "add":
        document[draw(st.text(max_size=8))] = draw(json_values)
    if how == "line":
        lines[index] = draw(st.text(max_size=40) | json_values.map(json.dumps))
    elif how == "duplicate":
        lines[index] = lines[index][:-1] + f",{json.dumps(key)}:{json.dumps(draw(json_values))}}}"
    else:
        lines[index] = json.dumps(document, ensure_ascii=draw(st.booleans()))
    text = "\n".join(lines) + "\n"
    prefix = draw(st.sampled_from(["", "\ufeff"]))
    return (prefix + text).encode("utf-8", errors="surrogatepass")


quiet = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@quiet
@given(data=mutated_streams())
def test_mutated_event_streams_never_exit_70(folder: Path, data: bytes) -> None:
    """Any one change to a valid stream is accepted or refused in one line."""
    path = folder / "mutated.jsonl"
    path.write_bytes(data)
    check_commands(path)


sql_values = (
    st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.binary(max_size=40)
)
meta_keys = st.sampled_from(["format", "version", "charter_key", "charter", "community", "created_at"])


@quiet
@given(
    damage=st.one_of(
        st.tuples(st.just("UPDATE meta SET value = ? WHERE key = ?"), st.tuples(sql_values, meta_keys)),
        st.tuples(st.just("DELETE FROM meta WHERE key = ?"), st.tuples(meta_keys)),
        st.tuples(
            st.sampled_from(
                [
                    "UPDATE events SET body = ? WHERE seq = ?",
                    "UPDATE events SET hash = ? WHERE seq = ?",
                    "UPDATE events SET batch = ? WHERE seq = ?",
                    "UPDATE batches SET head = ? WHERE id = ?",
                ]
            ),
            st.tuples(sql_values, st.integers(0, len(VALID_LINES))),
        ),
        st.tuples(st.just("DELETE FROM events WHERE seq = ?"), st.tuples(st.integers(0, len(VALID_LINES)))),
    )
)
def test_damaged_stores_never_exit_70(
    folder: Path, pristine_store: Path, damage: tuple[str, tuple[Any, ...]]
) -> None:
    """Any one damaged value or row in a store gives a clear error (or is harmless), never 70."""
    path = folder / "damaged.sqlite"
    path.with_name("damaged.sqlite-wal").unlink(missing_ok=True)
    path.with_name("damaged.sqlite-shm").unlink(missing_ok=True)
    shutil.copyfile(pristine_store, path)
    statement, parameters = damage
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(statement, parameters)
    except sqlite3.IntegrityError:  # NOT NULL and the like: the file cannot hold it
        pass
    finally:
        db.close()
    check_commands(path)


@quiet
@given(
    entry=st.sampled_from(CORPUS),
    cut=st.floats(0, 1),
    flip=st.none() | st.tuples(st.floats(0, 1), st.integers(1, 255)),
)
def test_cut_or_altered_corpus_files_never_exit_70(
    folder: Path, corpus_files: dict[str, Path], entry: Hostile, cut: float, flip: tuple[float, int] | None
) -> None:
    """A corpus file cut short and with one byte changed is still refused (or read) cleanly."""
    data = bytearray(corpus_files[entry.name].read_bytes())
    data = data[: max(1, round(len(data) * cut))] if entry.file.endswith(".jsonl") or cut > 0.5 else data
    if flip is not None and data:
        where, mask = flip
        position = min(len(data) - 1, int(len(data) * where))
        data[position] ^= mask
    path = folder / f"altered{Path(entry.file).suffix}"
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(bytes(data))
    check_commands(path)
