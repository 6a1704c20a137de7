"""The Dask path on a LocalCluster of two worker processes: the single-machine result, exactly."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from partnerfit.batch.comparison import Comparison, KeptPairs
from partnerfit.batch.distributed import compare_on_dask
from partnerfit.batch.engine import compare
from partnerfit.cli import app
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare import COMPARE_FORMATS


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def bundled_set() -> ProfileSet:
    return load_profile_set(Path(__file__).parents[2] / "profiles")


def same(left: Comparison, right: Comparison) -> None:
    for item in dataclasses.fields(Comparison):
        a, b = getattr(left, item.name), getattr(right, item.name)
        if isinstance(a, KeptPairs):
            for array in dataclasses.fields(KeptPairs):
                np.testing.assert_array_equal(
                    getattr(a, array.name), getattr(b, array.name), err_msg=array.name
                )
        else:
            assert a == b, item.name


@pytest.mark.parametrize(
    ("top_k", "min_score", "partition"),
    [(3, None, 5), (10, 40.0, 7), (1, None, 1), (100, None, 11), (5, 99.0, 4), (4, None, None)],
)
def test_identical_to_one_machine(
    client: Client,
    bundled_set: ProfileSet,
    top_k: int,
    min_score: float | None,
    partition: int | None,
) -> None:
    alone = compare(bundled_set, top_k=top_k, min_score=min_score)
    spread = compare_on_dask(
        client, bundled_set, top_k=top_k, min_score=min_score, partition=partition
    )
    assert len(client.scheduler_info()["workers"]) == 2
    same(alone, spread)
    options = RenderOptions(width=100, color=False)
    for name in ("csv", "jsonl", "json"):
        assert "".join(COMPARE_FORMATS[name](spread, options)) == "".join(
            COMPARE_FORMATS[name](alone, options)
        )


def test_focals_and_separate_candidates(client: Client, bundled_set: ProfileSet) -> None:
    focals = ["greenleaf-coop", "codebridge-mentors"]
    candidates = bundled_set.profiles[5:]
    alone = compare(bundled_set, focals, candidates, top_k=4)
    spread = compare_on_dask(client, bundled_set, focals, candidates, top_k=4, partition=6)
    same(alone, spread)


def test_cli_scheduler_matches_the_local_run(cluster: LocalCluster, bundled: Path) -> None:
    runner = CliRunner()
    args = ["compare", "--profiles", str(bundled), "--top-k", "3", "--format", "csv"]
    local = runner.invoke(app, args)
    remote = runner.invoke(app, [*args, "--scheduler", cluster.scheduler_address])
    assert (remote.exit_code, remote.stdout) == (0, local.stdout)


def test_cli_scheduler_needs_top_k(bundled: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare", "--profiles", str(bundled), "--scheduler", "tcp://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "--scheduler needs --top-k" in result.output


def test_a_worker_keeps_large_arrays_on_its_heap(client: Client) -> None:
    # the nanny's MALLOC_TRIM_THRESHOLD_ fixes glibc's mmap threshold at 128 KiB; a task raises
    # it so that the engine's temporaries are not mapped afresh each time
    from partnerfit.batch.distributed import roomy_allocator

    done = client.run(roomy_allocator)
    assert list(done.values()) == [True] * len(done)
    assert roomy_allocator() is True  # glibc here (Debian), as on the CI machine
