"""The roll-up on a Dask distributed LocalCluster equals the roll-up in process."""

from __future__ import annotations

from pathlib import Path

import pytest

from cogov.boundary.sources import store_sources
from cogov.evaluation.rollup import roll_up

from .street import STREET, write_street

distributed = pytest.importorskip(
    "distributed", reason="Dask is an optional extra: pip install 'cogov[dask]'"
)


def test_roll_up_on_a_dask_local_cluster_matches_in_process(tmp_path: Path) -> None:
    """``client.get_executor()`` is a concurrent.futures.Executor: sources go out, tallies come back."""
    street = write_street(tmp_path / "street")
    here = roll_up(store_sources(str(street)), level="street")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        done: list[int] = []
        there = roll_up(
            store_sources(str(street)),
            level="street",
            executor=client.get_executor(),
            progress=lambda n, total: done.append(n),
        )
    assert there == here
    assert there.statistics(STREET).issues_collected == 26
    assert done == [1, 2, 3]
