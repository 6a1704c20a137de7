"""Benchmark: `compare` of every pair to a CSV file, streamed, against the --top-k run.

    python benchmarks/bench_stream.py               # 3,000 × 3,000 (9 million rows)
    python benchmarks/bench_stream.py -n 1000       # quicker
    python benchmarks/bench_stream.py --format matrix   # (or coverage-matrix) pairs/s counted

The baseline, measured in the same run, is the same comparison with ``--top-k 10`` written to
CSV. Each runs in its own subprocess so that its peak memory (ru_maxrss) is its own; the issue's
target is every pair in no more memory than the top-k run plus a little, at ≥ 1M rows/s.
The time includes scoring and the atomic write to a temporary file. A third run scores every
pair block by block as the stream does (in its worker processes, numpy's BLAS on one thread)
and formats nothing: the engine's own rate, the ceiling of the written one.
CPU seconds (user + system, all threads, and the stream's worker processes) are printed beside
the wall time: on a shared machine they move less with the load.

Memory: the stream scores and formats its blocks in forked worker processes (one per core), so
the peak of the process alone (ru_maxrss) says little. Each run samples, every 50 ms, the
proportional set size (Pss, /proc/PID/smaps_rollup) of the process and of its children, summed:
pages the workers share with the parent are counted once. The ratio to the top-10 run is of
that sum in both runs (ru_maxrss where /proc is missing).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import synthetic_profiles  # the same synthetic profiles


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _pss_kib(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:  # gone (a worker that just ended), or no /proc
        pass
    return 0


def _children() -> list[str]:
    found: list[str] = []
    for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        try:
            with open(path) as listing:
                found += listing.read().split()
        except OSError:
            continue
    return found


class _MemoryWatch:
    """The peak, sampled every 50 ms, of the Pss of this process and its children, summed (each
    sample reads the page tables: 0.3 ms for 300 MB; every 10 ms slowed the stream itself)."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            pids = [os.getpid(), *_children()]
            self.peak_kib = max(self.peak_kib, sum(map(_pss_kib, pids)))

    def __enter__(self) -> _MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _score_only(blocks: Any) -> None:
    """Score every block as the stream does (in its processes, or on its threads, numpy's BLAS
    on one thread) and format nothing."""
    from partnerfit.render.compare.csv import _SPELLING
    from partnerfit.render.compare.fast import Lookups, formatted_pieces

    def no_pieces(looked_up: Any) -> tuple[()]:
        del looked_up  # the block is scored by then (Lookups.for_block): nothing to format
        return ()

    for _ in formatted_pieces(blocks, Lookups(_SPELLING), no_pieces, memoryview):
        pass


def child(n: int, top_k: int | None, fmt: str) -> dict[str, Any]:
    """Score n × n and write the rows of ``fmt`` to a temporary file (``fmt`` "none": score
    every pair and write nothing)."""
    from partnerfit.io.heap import keep_freed_memory

    keep_freed_memory()  # as the console script does before any command (partnerfit.cli.main)
    from partnerfit.batch.engine import compare, compare_blocks
    from partnerfit.io.atomic import write_atomic
    from partnerfit.model import Config
    from partnerfit.model.profileset import ProfileSet
    from partnerfit.render.common import RenderOptions
    from partnerfit.render.compare import COMPARE_FORMATS, COMPARE_STREAMS

    profile_set = ProfileSet(
        profiles=tuple(synthetic_profiles(n)), sources={}, config=Config(), config_source=None
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp, _MemoryWatch() as watch:
        target = Path(tmp) / f"pairs.{fmt}"
        start, cpu = time.perf_counter(), _cpu_seconds()
        if fmt == "none":
            _score_only(compare_blocks(profile_set))
            rows = n * n
        else:
            if top_k is None:
                chunks = COMPARE_STREAMS[fmt](compare_blocks(profile_set), RenderOptions())
            else:
                chunks = COMPARE_FORMATS[fmt](compare(profile_set, top_k=top_k), RenderOptions())
            write_atomic(target, chunks)
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        if fmt.endswith("matrix"):  # a line per focal, a cell per pair: pairs, not lines
            with target.open(encoding="utf-8") as lines:
                header = next(lines, "")
                rows = sum(1 for _ in lines) * header.count(",")
        elif fmt != "none":
            rows = sum(1 for _ in target.open(encoding="utf-8")) - (fmt == "csv")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rows": rows,
        "peak_mib": peak,
        "pss_mib": watch.peak_kib / 1024 or peak,
        "before_mib": before,
    }


def main() -> None:
    """The top-k run, then every pair, each in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--profiles", type=int, default=3_000)
    parser.add_argument(
        "--format", default="csv", choices=["csv", "jsonl", "matrix", "coverage-matrix"]
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, top, fmt = args.child
        print(json.dumps(child(int(n), int(top) or None, fmt)))
        return
    runs = {}
    for label, top, fmt in (
        ("top-10", 10, args.format),
        ("engine only", 0, "none"),
        ("every pair", 0, args.format),
    ):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(args.profiles), str(top), fmt],
            check=True,
            capture_output=True,
            text=True,
        )
        runs[label] = json.loads(out.stdout)
    n = args.profiles
    unit = "pairs" if args.format.endswith("matrix") else "rows"  # a matrix: a cell per pair
    print(f"{n:,} × {n:,} to {args.format}, load average {os.getloadavg()[0]:.2f}")
    for label, run in runs.items():
        print(
            f"  {label:<11} {run['seconds']:7.2f} s"
            f"  {run['rows'] / run['seconds']:>11,.0f} {unit}/s"
            f"  (cpu {run['cpu']:6.2f} s, {run['rows'] / run['cpu']:>9,.0f} {unit}/cpu-s)"
            f"  peak {run['pss_mib']:5.0f} MiB with its workers ({run['peak_mib']:.0f} alone;"
            f" profiles loaded: {run['before_mib']:.0f})"
        )
    ratio = runs["every pair"]["pss_mib"] / runs["top-10"]["pss_mib"]
    print(f"  memory of every pair = ×{ratio:.2f} the top-10 run (Pss, with the workers)")


if __name__ == "__main__":
    main()
