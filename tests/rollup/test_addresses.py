"""Store addresses: a file, a directory of stores, ``sqlite:///``; anything else is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cogov.boundary.addresses import list_communities, open_store
from cogov.errors import StoreError

from .street import A, B, C, write_street


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_street(tmp_path_factory.mktemp("street"))


def test_a_directory_lists_its_stores_and_a_file_itself(street: Path) -> None:
    assert list_communities(str(street)) == (A, B, C)
    assert list_communities(f"sqlite:///{street}") == (A, B, C)
    assert list_communities(str(street / f"{B}.db")) == (B,)


def test_open_store_finds_the_community_and_its_charter(street: Path) -> None:
    """Without a charter the store opens under the one its genesis names (here the basic charter)."""
    with open_store(f"sqlite:///{street}", community=C) as store:
        assert len(store) == len(list(store.events())) > 0
        assert store.charter.key == "basic"


@pytest.mark.parametrize(
    ("address", "community", "message"),
    [
        ("mysql://u@localhost:3306/cogov", None, "does not know"),
        ("{dir}", None, "name the community"),
        ("{dir}", "420325100099", "no store for community"),
        ("{dir}/nowhere", None, "no store at"),
    ],
)
def test_bad_addresses_say_what_is_wrong(
    street: Path, address: str, community: str | None, message: str
) -> None:
    """Each names the address and the fix."""
    address = address.format(dir=street)
    action = list_communities if "nowhere" in address else lambda a: open_store(a, community=community)
    with pytest.raises(StoreError, match=message):
        action(address)
