"""Benchmark: `rank` of one focal over N profiles, with and without --robustness, against loading.

    python benchmarks/bench_rank.py                 # 10,000 profiles, --robustness 1000
    python benchmarks/bench_rank.py -n 8000         # the memory figure of the issue (8k)

The baseline, measured in the same run, is loading the same directory (``load_profile_set``).
Each contestant runs in its own subprocess (best of --repeat), so its peak memory (ru_maxrss)
is its own: loading alone; loading + rank; loading + rank with N weight samples. Each run with
rank also times its own loading, and its ratio to that (the median over the runs is printed)
is free of the drift between runs on a shared machine. The ratio of the least CPU time of each
is printed too (steadier than the wall clock, though contention slows CPU time a little as
well), and the robustness analysis alone, timed around ``assess_robustness`` inside the runs
with samples (least wall and least CPU time). The issue's targets: rank ≤ 1.2× loading; with
--robustness 1000 ≤ 1.3× loading and memory linear in n.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_check import generate  # the same synthetic profile files as bench_check


def child(directory: str, what: str, samples: int) -> dict[str, float]:
    """One run: load, then (unless ``load``) rank the first profile."""
    from partnerfit.io.heap import keep_freed_memory

    keep_freed_memory()  # as the console script does before any command (partnerfit.cli.main)
    from partnerfit.decide import ranking
    from partnerfit.model.profileset import load_profile_set

    analysis = {"analysis_seconds": 0.0, "analysis_cpu_seconds": 0.0}
    assess = getattr(ranking, "assess_robustness")  # noqa: B009 (replaced below, by name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        # the analysis alone, timed inside the same run
        wall, used = time.perf_counter(), time.process_time()
        try:
            return assess(*args, **kwargs)
        finally:
            analysis["analysis_seconds"] += time.perf_counter() - wall
            analysis["analysis_cpu_seconds"] += time.process_time() - used

    setattr(ranking, "assess_robustness", timed)  # noqa: B010 (ranking calls it by this name)
    start = time.perf_counter()
    cpu = time.process_time()
    profiles = load_profile_set(directory)
    loaded = time.perf_counter() - start
    if what != "load":
        focal = profiles.profiles[0]
        ranking.rank(focal, profiles, robustness=samples if what == "robust" else None)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "load_seconds": loaded,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **analysis,
    }


def main() -> None:
    """Generate the files once, then time each contestant in fresh processes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--profiles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1_000)
    parser.add_argument("-r", "--repeat", type=int, default=2)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        directory, what, samples = args.child
        print(json.dumps(child(directory, what, int(samples))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.profiles)
        best: dict[str, dict[str, float]] = {}
        least: dict[str, dict[str, float]] = {"load": {}, "rank": {}, "robust": {}}
        # each run's own loading is its steadiest baseline: the same work, seconds before
        own: dict[str, list[float]] = {"rank": [], "robust": []}
        for _ in range(args.repeat):
            for what in ("load", "rank", "robust"):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", tmp, what, str(args.samples)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                run = json.loads(out.stdout)
                if what not in best or run["seconds"] < best[what]["seconds"]:
                    best[what] = run
                if what in own:
                    own[what].append(run["seconds"] / run["load_seconds"])
                for key in ("cpu_seconds", "analysis_seconds", "analysis_cpu_seconds"):
                    least[what][key] = min(least[what].get(key, run[key]), run[key])
    least_cpu = {what: least[what]["cpu_seconds"] for what in least}
    load, load_cpu = best["load"]["seconds"], least_cpu["load"]
    print(f"{args.profiles:,} profiles, load average {os.getloadavg()[0]:.2f}")
    print(
        f"  load              {load:7.2f} s  peak {best['load']['peak_mib']:7.0f} MiB"
        f"  (CPU {load_cpu:.2f} s)"
    )
    for what, label in (("rank", "rank"), ("robust", f"rank --robustness {args.samples}")):
        run = best[what]
        # CPU time too: on a shared machine the wall clock of one run can double
        print(
            f"  {label:<24}{run['seconds']:7.2f} s = ×{run['seconds'] / load:.2f} loading  "
            f"peak {run['peak_mib']:7.0f} MiB  (CPU ×{least_cpu[what] / load_cpu:.2f})"
        )
        ratios = ", ".join(f"×{ratio:.2f}" for ratio in sorted(own[what]))
        print(
            f"  {'':<24}against each run's own loading: median ×{statistics.median(own[what]):.2f}"
            f" ({ratios})"
        )
    # the analysis alone, timed around assess_robustness in the same runs (least of each)
    alone, alone_cpu = least["robust"]["analysis_seconds"], least["robust"]["analysis_cpu_seconds"]
    print(
        f"  {'robustness alone':<24}{alone:7.2f} s = ×{alone / load:.2f} loading  "
        f"(CPU {alone_cpu:.2f} s = ×{alone_cpu / load_cpu:.2f})"
    )


if __name__ == "__main__":
    main()
