"""Benchmark: `compare --top-k` on a Dask LocalCluster of 1 and 2 workers against one process.

    python benchmarks/bench_dask.py                    # 4,000 × 4,000, top-10
    python benchmarks/bench_dask.py --profiles 2000    # smaller

The baseline, measured in the same run, is the single-machine ``compare`` of the same set. Each
cluster has one single-threaded worker process per core asked for; the time includes scattering
the focal block, the tasks and the merge, not starting the cluster. Peak memory is the client
process's ru_maxrss (workers are separate processes, reported by Dask's own accounting).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import synthetic_profiles  # the same synthetic profiles


def _warm() -> None:
    """Import what a task needs, on a worker, before the clock starts."""
    import partnerfit.batch.distributed
    import partnerfit.batch.engine  # noqa: F401


def main() -> None:
    """Time one process, then 1 and 2 workers, on the same set."""
    from distributed import Client, LocalCluster

    from partnerfit.batch.distributed import compare_on_dask
    from partnerfit.batch.engine import compare
    from partnerfit.model import Config
    from partnerfit.model.profileset import ProfileSet

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=4000)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--partition", type=int, default=None, help="default: 2 per worker")
    args = parser.parse_args()
    n = args.profiles
    profile_set = ProfileSet(
        profiles=tuple(synthetic_profiles(n)), sources={}, config=Config(), config_source=None
    )
    start = time.perf_counter()
    alone = compare(profile_set, top_k=args.top_k)
    base = time.perf_counter() - start
    print(f"{n:,} × {n:,} top-{args.top_k}: one process {base:.2f} s", flush=True)
    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(_warm)  # a real cluster's workers have imported partnerfit long before
            start = time.perf_counter()
            spread = compare_on_dask(
                client, profile_set, top_k=args.top_k, partition=args.partition
            )
            seconds = time.perf_counter() - start
        same = (spread.kept.selected == alone.kept.selected).all() and (
            (spread.kept.scores == alone.kept.scores) | (spread.kept.scores != spread.kept.scores)
        ).all()
        print(
            f"  {workers} worker(s): {seconds:.2f} s = ×{base / seconds:.2f} one process"
            f" (identical: {bool(same)})",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"client peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
