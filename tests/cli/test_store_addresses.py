"""Store addresses on the command line: ``store copy`` between SQLite files and PostgreSQL, and
``validate`` / ``report`` / ``store`` on any address, as a user runs them (real subprocesses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.test_cli import COGOV, RECORDED, assert_one_line_error, cogov

from cogov.testing.store_backends import PostgresBackend

pytestmark = [
    pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed"),
    pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is absent"),
]
CODE = "420325100001"  # Xiaoxiguan


@pytest.fixture
def database(postgres_address: str) -> Iterator[str]:
    """A PostgreSQL address with a schema of its own (dropped afterwards)."""
    backend = PostgresBackend(postgres_address)
    try:
        yield backend.address("")
    finally:
        backend.cleanup()


def test_a_year_goes_from_a_file_to_sqlite_and_back_through_a_copy(tmp_path: Path) -> None:
    """An events file imported into a SQLite store and copied to another file keeps its head."""
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    imported = cogov("store", "copy", RECORDED, first)
    assert imported.returncode == 0, imported.stderr
    assert f"community {CODE}" in imported.stdout
    copied = cogov("store", "copy", f"sqlite:///{first}", second)
    assert copied.returncode == 0, copied.stderr
    head = imported.stdout.split("head ")[1][:16]
    assert head in copied.stdout
    ok = cogov("validate", second)
    assert ok.returncode == 0, ok.stderr
    assert head in ok.stdout
    again = cogov("store", "copy", first, second)
    assert "exists" in assert_one_line_error(again, code=1)
    wrong = cogov("store", "copy", first, tmp_path / "third.db", "--community", "elsewhere")
    assert "not 'elsewhere'" in assert_one_line_error(wrong, code=1)


def test_postgres_addresses_work_in_every_store_command(tmp_path: Path, database: str) -> None:
    """create, copy in and out, validate, checkpoint and report all take a postgresql:// address."""
    made = cogov("store", "create", database, "--community", "empty-one", "--clock", "events")
    assert made.returncode == 0, made.stderr
    imported = cogov("store", "copy", RECORDED, database)
    assert imported.returncode == 0, imported.stderr
    head = imported.stdout.split("head ")[1][:16]
    checked = cogov("validate", database)  # every community in the database
    assert checked.returncode == 0, checked.stderr
    assert f"PostgreSQL store, community {CODE}" in checked.stdout
    assert "community empty-one, 0 events" in checked.stdout
    point = cogov("store", "checkpoint", database, "--community", CODE)
    assert point.returncode == 0, point.stderr
    out = tmp_path / "out.db"
    exported = cogov("store", "copy", database, out, "--community", CODE)
    assert exported.returncode == 0, exported.stderr
    assert head in exported.stdout
    report = cogov("report", database, "--community", CODE, "--year", "2022", "-o", tmp_path / "r.html")
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "r.html").exists()
    ambiguous = cogov("report", database)
    assert "--community CODE" in assert_one_line_error(ambiguous, code=1)
    unknown = cogov("validate", database, "--community", "nowhere")
    assert "no community 'nowhere'" in assert_one_line_error(unknown, code=1)


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("mysql://u@h/db", "scheme 'mysql'"),
        ("postgresql://u:secret@127.0.0.1:9/db", "cannot connect to PostgreSQL at postgresql://u:***@"),
        ("missing.db", "no such file"),
    ],
)
def test_a_bad_address_is_one_line_and_exit_1(address: str, says: str) -> None:
    """A bad address, an unreachable server, a missing file: one line, exit code 1, no password."""
    for command in (("validate", address), ("report", address), ("store", "checkpoint", address)):
        line = assert_one_line_error(cogov(*command), code=1)
        assert says in line
        assert "secret" not in line
