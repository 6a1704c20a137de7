"""Benchmark: how fast, and in how much memory, `partnerfit check` rejects each hostile file.

For every kind in tests/hostile.py, and for one valid profile as the baseline (same run), starts
`python -m partnerfit check FILE` in a fresh process REPEAT times and reports the best wall
time, the median CPU time and the peak resident memory of that process (``os.wait4`` in a
small helper gives each child's own ``ru_maxrss``), with the ratio to the baseline, and the time
to reject the file in-process (no interpreter start-up). Every hostile run must exit 1 and name
its rule. The target: each bad file rejected within a second, in bounded memory.

    python benchmarks/bench_hostile.py              # REPEAT = 5, markdown table on stdout
    python benchmarks/bench_hostile.py --repeat 1   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import CORPUS  # noqa: E402  (the corpus lives with the tests)

BASELINE = ROOT / "tests" / "data" / "small" / "alpha.yaml"


_HELPER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
out = proc.stdout.read()
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                  os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")]))
"""
"""Started fresh and small: a child's peak RSS counts the memory of the process it was forked
from, so the child is forked from this helper rather than from the benchmark."""


def run_check(path: Path) -> tuple[float, float, int, int, str]:
    """One fresh `partnerfit check PATH`: wall and CPU seconds, peak RSS in KiB, exit status,
    stdout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "partnerfit", "check", str(path)]
    helper = subprocess.run(
        [sys.executable, "-S", "-c", _HELPER, *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wall, cpu, rss, code, out = json.loads(helper.stdout)
    return wall, cpu, rss, code, out


Measured = tuple[float, float, int, int, str]


def measure(path: Path, repeat: int) -> Measured:
    """Best wall time, median CPU time and the largest peak RSS over REPEAT runs (the best wall
    time is the least disturbed by other work on the machine)."""
    runs = [run_check(path) for _ in range(repeat)]
    codes = {r[3] for r in runs}
    assert len(codes) == 1, f"{path}: exit statuses differ between runs: {codes}"
    return (
        min(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
        runs[0][3],
        runs[0][4],
    )


def in_process(path: Path, repeat: int) -> float:
    """The fastest of REPEAT loads of the file in this process: the rejection without start-up."""
    sys.path.insert(0, str(ROOT / "src"))  # this checkout, not an installed copy
    from partnerfit.model import Profile
    from partnerfit.model.loading import load_model

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        load_model(Profile, path)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = {h.name: h.write(Path(tmp)) for h in CORPUS}
        base_wall, base_cpu, base_rss, base_code, _ = measure(BASELINE, args.repeat)
        assert base_code == 0, "the baseline profile must check clean"
        runs = {name: measure(path, args.repeat) for name, path in paths.items()}
        base_load = in_process(BASELINE, args.repeat)
        loads = {name: in_process(path, args.repeat) for name, path in paths.items()}
        sizes = {name: path.stat().st_size for name, path in paths.items()}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.repeat} runs each\n")
    print(
        "| kind | file size | rule | check wall s (best) | CPU s | × baseline CPU "
        "| peak RSS MiB | Δ RSS MiB | load in-process ms |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| (valid profile: baseline) | {BASELINE.stat().st_size:,} B | – | {base_wall:.3f} | "
        f"{base_cpu:.3f} | 1.00 | {base_rss / 1024:.1f} | 0.0 | {base_load * 1000:.2f} |"
    )
    for hostile in CORPUS:
        wall, cpu, rss, code, out = runs[hostile.name]
        assert code == 1, f"{hostile.name}: exit {code}, expected 1"
        assert f" {hostile.severity} {hostile.rule}: " in out, f"{hostile.name}: {out[:300]}"
        print(
            f"| {hostile.name} | {sizes[hostile.name]:,} B | {hostile.rule} | {wall:.3f} | "
            f"{cpu:.3f} | {cpu / base_cpu:.2f} | {rss / 1024:.1f} | "
            f"{(rss - base_rss) / 1024:+.1f} | {loads[hostile.name] * 1000:.2f} |"
        )
    worst = max(CORPUS, key=lambda h: runs[h.name][0])
    fattest = max(CORPUS, key=lambda h: runs[h.name][2])
    print(
        f"\nslowest rejection: {worst.name}, {runs[worst.name][0]:.3f} s wall "
        f"(baseline {base_wall:.3f} s); largest peak RSS: {fattest.name}, "
        f"{runs[fattest.name][2] / 1024:.1f} MiB ({(runs[fattest.name][2] - base_rss) / 1024:+.1f} "
        "MiB over the baseline)"
    )


if __name__ == "__main__":
    main()
