"""Benchmark: how fast, and in how much memory, `partnerfit check` rejects each hostile file.

For every kind in tests/hostile.py, and for one valid profile as the baseline (same run), starts
`python -m partnerfit check FILE` in a fresh process REPEAT times and reports the best wall
time, the median CPU time and the peak resident memory of that process (``os.wait4`` in a
small helper gives each child's own ``ru_maxrss``), with the ratio to the baseline, and the time
to reject the file in-process (no interpreter start-up). Every hostile run must exit 1 and name
its rule. The target: each bad file rejected within a second, in bounded memory.

    python benchmarks/bench_hostile.py              # REPEAT = 5, markdown table on stdout
    python benchmarks/bench_hostile.py --repeat 1   # quicker

A second table (bounded cost) measures valid but large inputs in-process against a bare libyaml
parse of the same bytes in the same run: `check` of one large profile full of unused
dealbreakers (each gets a "did you mean"), `explain` of a large pair, and an alias bomb read
with `limits.max_nodes` at its ceiling (peak RSS of a fresh process). The cost per KB must stay
flat as the input grows.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import (  # noqa: E402  (the corpus lives with the tests)
    CORPUS,
    _bomb,
    large_pair_profile,
    large_profile,
)

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
    from partnerfit.model.load import load_model

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
    bounded_cost(args.repeat)


def _best(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _bare_parse(paths: list[Path]) -> Callable[[], object]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return lambda: [yaml.load(p.read_bytes(), Loader=loader) for p in paths]


def bounded_cost(repeat: int) -> None:
    """check of a large profile and explain of a large pair, per KB, against a bare parse."""
    from partnerfit.check.files import check_paths
    from partnerfit.decide.explain import explain
    from partnerfit.model.profileset import load_profile_set

    rows: list[tuple[str, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kilobytes in (10, 30, 90):
            path = Path(tmp, f"large{kilobytes}.yaml")
            path.write_bytes(large_profile(kilobytes, f"large{kilobytes}"))
            took = _best(repeat, lambda path=path: check_paths([path]))
            rows.append(("check", path.stat().st_size, took, _best(repeat, _bare_parse([path]))))
        for kilobytes in (20, 40, 80):
            pair = Path(tmp, f"pair{kilobytes}")
            pair.mkdir()
            for side, seed in (("left", 11), ("right", 12)):
                data = large_pair_profile(kilobytes // 2, side, seed)
                Path(pair, f"{side}.yaml").write_bytes(data)
            files = sorted(pair.iterdir())
            size = sum(p.stat().st_size for p in files)
            profiles = load_profile_set(pair)
            took = _best(max(1, repeat // 5), lambda p=profiles: explain("left", "right", p))
            rows.append(("explain (loaded)", size, took, _best(repeat, _bare_parse(files))))
        bomb = Path(tmp, "bomb")
        bomb.mkdir()
        Path(bomb, "partnerfit.yaml").write_text("limits: {max_nodes: 1000000}\n")
        Path(bomb, "bomb.yaml").write_bytes(_bomb(9))
        _, _, rss, code, out = run_check(bomb)
    print("\n| work | input | in-process s (best) | bare parse s | × parse | ms per KB |")
    print("|---|---:|---:|---:|---:|---:|")
    for work, size, took, parse in rows:
        print(
            f"| {work} | {size / 1000:.0f} KB | {took:.3f} | {parse:.4f} | "
            f"{took / parse:.0f} | {1000 * took / (size / 1000):.2f} |"
        )
    assert code == 1, out[:300]
    assert "node-budget" in out, out[:300]
    print(
        f"\nalias bomb with limits.max_nodes at its ceiling (1,000,000): rejected, exit {code}, "
        f"peak RSS {rss / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
