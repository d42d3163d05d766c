"""A sweep on a Dask distributed LocalCluster gives the same results as a serial run."""

from __future__ import annotations

import pytest

from cogov.simulation import BASELINE, FORTNIGHTLY, sweep

from .strategies import SMALL

distributed = pytest.importorskip(
    "distributed", reason="Dask is an optional extra: pip install 'cogov[dask]'"
)


def test_sweep_on_a_dask_local_cluster_matches_serial() -> None:
    """``client.get_executor()`` is a concurrent.futures.Executor; results are bit-identical."""
    serial = sweep(SMALL, (BASELINE, FORTNIGHTLY), 4, seed=5, workers=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        progress: list[int] = []
        on_dask = sweep(
            SMALL,
            (BASELINE, FORTNIGHTLY),
            4,
            seed=5,
            executor=client.get_executor(),
            batch_size=2,
            progress=lambda done, total: progress.append(done),
        )
    # JSON compares NaN (an undefined rate) as null, so equal results compare equal
    assert [r.to_json() for r in on_dask] == [r.to_json() for r in serial]
    assert progress[-1] == 8
