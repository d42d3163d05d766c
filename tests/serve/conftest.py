"""Fixtures of the HTTP tests: a Xiaoxiguan store and a real server in front of it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cogov.boundary.sqlite_store import SQLiteStore
from cogov.plugins import load_setup

from .server import Server, make_keys, running


@pytest.fixture(scope="session")
def example() -> Any:
    return load_setup("xiaoxiguan")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory, example: Any) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    SQLiteStore.create(
        path, example.charter, example.community, example.appointments, guards=example.guards
    ).close()
    return path


def fresh_store(template: Path, directory: Path) -> Path:
    target = directory / "ledger.db"
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Iterator[Server]:
    """One server per test module, limits loose enough not to get in the way."""
    directory = tmp_path_factory.mktemp("server")
    store = fresh_store(template, directory)
    keys = make_keys(directory / "keys.json")
    with running(store, directory / "keys.json", keys, "--rate", "0") as started:
        yield started
