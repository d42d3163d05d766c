"""``cogov store`` and the trust checks of ``cogov validate`` / ``cogov report``, as a user runs them.

Each runs the installed ``cogov`` as a subprocess on a real SQLite file: a store created from
the Xiaoxiguan example, its recorded 2022 year appended, a register imported as events, a
checkpoint published and checked, forgeries and a dropped tail refused with one line.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.cli.test_cli import COGOV, RECORDED, assert_one_line_error, cogov

pytestmark = [
    pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed"),
    pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is absent"),
]


def _archive(tmp_path: Path) -> Path:
    """The recorded year in a store whose clock follows its events."""
    from cogov.boundary.codec import loads_events  # noqa: PLC0415
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    path = tmp_path / "year.db"
    created = cogov("store", "create", path, "--clock", "events")
    assert created.returncode == 0, created.stderr
    example = load_setup("xiaoxiguan")
    with SQLiteStore.open(path, example.charter, guards=example.guards) as store:
        store.append(loads_events(RECORDED.read_text(encoding="utf-8")))
    return path


def test_a_checkpoint_is_published_and_checked_and_a_dropped_tail_is_caught(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    published = cogov("store", "checkpoint", path, "--out", tmp_path / "cp.json")
    assert published.returncode == 0, published.stderr
    point = json.loads(published.stdout)
    assert point["format"] == "cogov.checkpoint"
    assert point["count"] > 700
    ok = cogov("validate", path, "--checkpoint", tmp_path / "cp.json")
    assert ok.returncode == 0, ok.stderr
    assert "every event valid" in ok.stdout
    assert "checkpoint" in ok.stdout
    db = sqlite3.connect(path, isolation_level=None)
    last = db.execute("SELECT MAX(id) FROM batches").fetchone()[0]
    db.execute("DELETE FROM checkpoints")
    db.execute("DELETE FROM events WHERE batch = ?", (last,))
    db.execute("DELETE FROM batches WHERE id = ?", (last,))
    db.close()
    dropped = cogov("validate", path, "--checkpoint", tmp_path / "cp.json")
    assert "dropped" in assert_one_line_error(dropped, code=1)


def test_a_signed_checkpoint_is_checked_against_the_key_in_the_genesis(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    key = tmp_path / "community.key"
    made = cogov("store", "keygen", key)
    assert made.returncode == 0, made.stderr
    public = made.stdout.strip()
    assert len(public) == 64
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    path = tmp_path / "live.db"
    assert cogov("store", "create", path, "--public-key", public).returncode == 0
    signed = cogov("store", "checkpoint", path, "--key", key, "--out", tmp_path / "cp.json")
    assert signed.returncode == 0, signed.stderr
    assert json.loads(signed.stdout)["signature"]
    assert cogov("validate", path, "--checkpoint", tmp_path / "cp.json").returncode == 0
    point = json.loads((tmp_path / "cp.json").read_text(encoding="utf-8"))
    point["signature"] = "00" * 64
    (tmp_path / "forged.json").write_text(json.dumps(point), encoding="utf-8")
    forged = cogov("validate", path, "--checkpoint", tmp_path / "forged.json")
    assert "signature" in assert_one_line_error(forged, code=1)


def test_a_forged_event_is_refused_by_validate_and_report_with_one_line(tmp_path: Path) -> None:
    """A step inserted with a recomputed chain passes a hashes-only check and nothing else."""
    from cogov.boundary.event_rows import decode_row, encode_row, parse_row  # noqa: PLC0415
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415
    from cogov.engine.replay import replay  # noqa: PLC0415
    from cogov.model.events import IssueClosed  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    path = _archive(tmp_path)
    example = load_setup("xiaoxiguan")
    with SQLiteStore.open(path, example.charter, guards=example.guards, readonly=True) as store:
        ledger = store.load()
        genesis = store.genesis
    record = next(r for r in ledger.issues.values() if r.state != "closed")
    resident = next(p.id for p in ledger.community.people if not ledger.authority.of_person(p.id))
    forged = IssueClosed(at=ledger.last_event_at(), actor=resident, issue=record.id)  # type: ignore[arg-type]
    events = [*ledger.events, forged]
    rebuilt = replay(
        type(ledger)(example.charter, genesis, guards=example.guards),
        events,
        validate=False,
        hashes=None,
        recorded=None,
    )
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "INSERT INTO events (seq, batch, body, hash) VALUES (?, 1, ?, ?)",
        (len(events) - 1, encode_row(forged).encode(), rebuilt.hash_of(len(events) - 1)),
    )
    db.execute(
        "UPDATE batches SET count = count + 1, head = ? WHERE id = (SELECT MAX(id) FROM batches)",
        (rebuilt.head,),
    )
    db.close()
    assert decode_row(parse_row(encode_row(forged))) == forged
    hashes_only = cogov("validate", path, "--hashes-only")
    assert hashes_only.returncode == 0, hashes_only.stderr
    refused = cogov("validate", path)
    message = assert_one_line_error(refused, code=1)
    assert f"event #{len(events) - 1}" in message
    assert "fails validation" in message
    report = cogov("report", path, "--out", tmp_path / "r.html")
    assert f"event #{len(events) - 1}" in assert_one_line_error(report, code=1)
    assert not (tmp_path / "r.html").exists()
    trusted = cogov("report", path, "--trust", "--year", "2022", "--out", tmp_path / "r.html")
    assert trusted.returncode == 0, trusted.stderr


def test_a_register_is_imported_into_a_live_store_as_events(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    assert cogov("store", "create", path).returncode == 0
    register = tmp_path / "花名册.csv"
    register.write_text(
        "姓名,人员编号,户号,楼栋,网格\n"
        "新居民甲,XG-NEW-P1,XG-NEW-01,XG-NEW-B,420325100001001\n"
        "新居民乙,XG-NEW-P2,XG-NEW-01,XG-NEW-B,420325100001001\n",
        encoding="utf-8",
    )
    stranger = cogov("store", "register", path, register, "--actor", "xxg-nobody")
    assert_one_line_error(stranger, code=1)
    secretary = _secretary()
    imported = cogov("store", "register", path, register, "--actor", secretary)
    assert imported.returncode == 0, imported.stderr
    assert "2 people" in imported.stdout
    checked = cogov("validate", path)
    assert checked.returncode == 0, checked.stderr
    assert "2 units" in imported.stdout  # the building and the household
    again = cogov("store", "register", path, register, "--actor", secretary)
    assert "2 bad rows" in assert_one_line_error(again, code=1)
    assert "XG-NEW-P1" in again.stdout  # each row named: already on the register


def _secretary() -> str:
    from cogov.plugins import load_setup  # noqa: PLC0415

    example = load_setup("xiaoxiguan")
    return next(a.person for a in example.appointments if a.role == "community_secretary")


def test_upgrade_of_a_version_1_store_from_the_command_line(tmp_path: Path) -> None:
    """``data/version-1-xiaoxiguan.db``: the example and 60 recorded events, by the version-1 store."""
    old = Path(__file__).parents[1] / "boundary" / "data" / "version-1-xiaoxiguan.db"
    path = tmp_path / "old.db"
    path.write_bytes(old.read_bytes())
    checked = cogov("validate", path)
    assert checked.returncode == 0, checked.stderr
    assert "format version 1" in checked.stdout
    upgraded = cogov("store", "upgrade", path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "old.db.v1.bak").read_bytes() == old.read_bytes()
    again = cogov("validate", path)
    assert again.returncode == 0, again.stderr
    assert "60 events" in again.stdout
    assert "format version 1" not in again.stdout
    assert_one_line_error(cogov("store", "upgrade", path), code=1)
