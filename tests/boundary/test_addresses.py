"""Store addresses: paths, sqlite:/// and postgresql:// URLs, and the errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from cogov import basic_charter
from cogov.boundary.addresses import Address, list_communities, open_store, parse_address
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import StoreError
from cogov.testing.samples import demo_appointments, demo_community, demo_events

CHARTER = basic_charter()


@pytest.mark.parametrize(
    ("address", "parsed"),
    [
        ("ledger.db", Address("sqlite", "ledger.db")),
        ("/data/x.sqlite", Address("sqlite", "/data/x.sqlite")),
        ("sqlite:///ledger.db", Address("sqlite", "ledger.db")),
        ("sqlite:////data/ledger.db", Address("sqlite", "/data/ledger.db")),
        ("postgresql://u@h:5432/db", Address("postgres", "postgresql://u@h:5432/db")),
        (
            "postgres://u@h/db?schema=county&sslmode=disable",
            Address("postgres", "postgres://u@h/db?sslmode=disable", "county"),
        ),
    ],
)
def test_addresses_parse(address: str, parsed: Address) -> None:
    """Each form of address names the store it should."""
    assert parse_address(address) == parsed


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("", "empty"),
        ("mysql://u@h/db", "scheme 'mysql'"),
        ("sqlite://", "names no file"),
        ("postgresql://u@h:5432", "names no database"),
    ],
)
def test_bad_addresses_are_refused_with_the_forms_that_work(address: str, says: str) -> None:
    """A bad address is a StoreError that says what is wrong."""
    with pytest.raises(StoreError, match=says):
        parse_address(address)


def test_a_sqlite_store_by_path_or_url(tmp_path: Path) -> None:
    """open_store creates and opens a SQLite file by path or sqlite:/// URL; it holds one community."""
    path = tmp_path / "ledger.db"
    with open_store(
        path,
        charter=CHARTER,
        create=True,
        structure=demo_community(),
        appointments=demo_appointments(),
        clock="events",
    ) as made:
        assert isinstance(made, SQLiteStore)
        made.append(list(demo_events(10)))
    assert list_communities(path) == ("420325100001",)
    with open_store(f"sqlite:///{path}", community="420325100001") as store:  # the recorded charter
        assert store.charter == CHARTER
        assert len(store.load()) == 10
    with pytest.raises(StoreError, match="holds community '420325100001', not 'elsewhere'"):
        open_store(path, community="elsewhere")
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.db")
    with pytest.raises(StoreError, match="needs the charter and the community structure"):
        open_store(tmp_path / "new.db", create=True)


def test_a_copy_of_a_wall_clock_store_is_the_same_chain(tmp_path: Path) -> None:
    """Each batch is copied at the time its source recorded it, so every hash agrees; a target
    that exists is refused."""
    from cogov.boundary.store_copy import copy_store  # noqa: PLC0415

    stream = list(demo_events(40))
    now = [stream[0].at]
    source = open_store(
        tmp_path / "live.db",
        charter=CHARTER,
        create=True,
        structure=demo_community(),
        appointments=demo_appointments(),
        clock=lambda: now[0],
    )
    for i in range(0, 40, 10):
        now[0] = stream[i + 9].at
        source.append(stream[i : i + 10])
    copied = copy_store(source, f"sqlite:///{tmp_path / 'copy.db'}", community="420325100001")
    assert (copied.events, copied.batches, copied.head) == (40, 4, source.verify())
    with open_store(tmp_path / "copy.db") as target:
        ledger = target.load()
        assert [ledger.recorded_at(i) for i in (0, 39)] == [stream[9].at, stream[39].at]
        assert [b.head for b in target.batches()] == [b.head for b in source.batches()]
    with pytest.raises(StoreError, match="exists"):
        copy_store(source, tmp_path / "copy.db", community="420325100001")
    source.close()
