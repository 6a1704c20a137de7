"""Benchmark: `partnerfit check` against bare CSafeLoader parsing and check-jsonschema.

Generates N synthetic profiles (seeded, so runs are comparable), then compares

1. whole processes, as a user runs them: `partnerfit check DIR --format json` against a
   script that does nothing but `yaml.load(..., Loader=yaml.CSafeLoader)` of the same files,
   and `check-jsonschema --schemafile schemas/profile.schema.json` on the same files. This
   includes interpreter start-up and imports (typer, pydantic and rich for partnerfit, yaml
   alone for the bare script).
2. in one process, start-up excluded: `check_paths(DIR)` plus the JSON report against the bare
   `yaml.load` loop, both after their imports, alternated.

`partnerfit check` runs as a user first runs it: with its content-hash cache on and empty (a
private directory, emptied before each run: "cold cache"); "warm cache" is the same check
again with the cache filled by an earlier run, and "--no-cache" the check with the cache off.

Each contestant runs --repeat times (alternating) and the best run counts; both wall-clock
and CPU seconds (user + system, of the child process) are reported, since the machine may be
shared. Bytecode of partnerfit is compiled once into a private cache first, as an installed
package's is, even when PYTHONDONTWRITEBYTECODE is set.

    python benchmarks/bench_check.py            # N = 10,000 (the figures in docs/benchmarks.md)
    python benchmarks/bench_check.py -n 1000    # quicker
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CACHE_ENV = "PARTNERFIT_CACHE_DIR"
SCHEMA = ROOT / "schemas" / "profile.schema.json"

_SECTORS = ["food", "health", "education", "environment", "technology", "finance", "housing"]
_REGIONS = ["EU", "UK", "US", "KE", "IN", "BR", "NG", "FR", "DE"]
_VALUES = ["sustainability", "transparency", "equity", "innovation", "privacy", "community"]
_CAPS = [
    "distribution",
    "funding",
    "logistics",
    "marketing",
    "training",
    "research",
    "data-analytics",
]
_KINDS = ["business", "nonprofit", "government", "academic", "community"]

BARE_LOAD = """
import sys, yaml
from pathlib import Path
files = sorted(Path(sys.argv[1]).rglob("*.yaml"))
for path in files:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
print(len(files))
"""

IN_PROCESS = """
import json, sys, tempfile, time
from pathlib import Path
import yaml
from partnerfit.check.files import check_paths
from partnerfit.render.check import CHECK_FORMATS
from partnerfit.render.common import RenderOptions

root, repeat, cache = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
render_json = CHECK_FORMATS["json"]


def bare():
    for path in sorted(root.rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def check(cache_dir=None):
    result = check_paths([root], cache_dir=cache_dir)
    render_json(result, RenderOptions())
    assert result.exit_code == 0, result.summary()


def warm():
    check(cache)


def cold():
    check(Path(tempfile.mkdtemp(dir=cache.parent)))


warm()  # fills the cache
best = {name: [1e9, 1e9] for name in ("bare", "check", "cold", "warm")}
for _ in range(repeat):
    for name, run in (("bare", bare), ("check", check), ("cold", cold), ("warm", warm)):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        best[name] = [min(best[name][0], wall), min(best[name][1], cpu)]
print(json.dumps(best))
"""


def profile_text(index: int, rng: random.Random) -> str:
    """One synthetic, valid profile of about the size of a bundled one."""
    pid = f"org-{index:06d}"
    lines = [
        "# yaml-language-server: $schema=../schemas/profile.schema.json",
        f"id: {pid}",
        f"name: Organisation {index}",
        f"kind: {rng.choice(_KINDS)}",
        f"description: Synthetic organisation number {index} for the check benchmark.",
        f"website: https://{pid}.example",
        f"capacity: {rng.randint(1, 5)}",
        f"sectors: [{', '.join(rng.sample(_SECTORS, 2))}]",
        f"regions: [{', '.join(rng.sample(_REGIONS, 3))}]",
        "audiences: [families, farmers]",
        "values:",
        *(f"  {v}: {rng.randint(1, 5)}" for v in rng.sample(_VALUES, 3)),
        "strengths:",
    ]
    for cap in rng.sample(_CAPS, 3):
        lines += [f"  - capability: {cap}", f"    level: {rng.randint(1, 5)}", "    note: Evidence"]
    lines.append("needs:")
    for cap in rng.sample(_CAPS, 2):
        lines += [f"  - capability: {cap}", f"    priority: {rng.randint(1, 5)}"]
    lines += [
        "goals:",
        "  - statement: Reach more people",
        "    metric: people_reached",
        f"    target: {rng.randint(10, 5000)}",
        "    deadline: 2027-06-30",
        "    themes: [education, sustainability]",
        "reputation:",
        f"  rating: {rng.randint(10, 50) / 10}",
        "  certifications: [b-corp]",
        "communication:",
        "  languages: [en, fr]",
        "  cadence: monthly",
        "dealbreakers:",
        "  sectors: [finance]",
    ]
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int = 20240601) -> None:
    """Write ``count`` synthetic profiles under ``directory`` (100 per sub-directory)."""
    rng = random.Random(seed)
    for index in range(count):
        sub = directory / f"batch-{index // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"org-{index:06d}.yaml").write_text(profile_text(index, rng), encoding="utf-8")


def timed(
    command: list[str], env: dict[str, str]
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall-clock and CPU seconds (user + system) of one subprocess run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def best_of(
    repeat: int,
    commands: dict[str, list[str]],
    env: dict[str, str],
    emptied: dict[str, Path] | None = None,
) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU seconds of each command over ``repeat`` alternating runs; the
    directories in ``emptied`` are removed before each run of their command (not timed)."""
    best = dict.fromkeys(commands, (math.inf, math.inf))
    for _ in range(repeat):
        for name, command in commands.items():
            if emptied and name in emptied:
                shutil.rmtree(emptied[name], ignore_errors=True)
            wall, cpu, done = timed(command, env)
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"{name} failed on the synthetic profiles")
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def load_average() -> str:
    """The 1-minute load average (other jobs on the machine), for the record."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:  # pragma: no cover - not on every platform
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--files", type=int, default=10_000, help="number of profiles")
    parser.add_argument("-r", "--repeat", type=int, default=3, help="runs of each (best counts)")
    parser.add_argument("--skip-jsonschema", action="store_true", help="omit check-jsonschema")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="partnerfit-bench-"))
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
        NO_COLOR="1",
        **{CACHE_ENV: str(work / "cache")},
    )
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        profiles = work / "profiles"
        generate(profiles, args.files)
        files = sorted(str(p) for p in profiles.rglob("*.yaml"))
        size = sum(os.path.getsize(f) for f in files)
        print(
            f"{len(files):,} profiles, {size / 1e6:.1f} MB, Python {sys.version.split()[0]}, "
            f"PyYAML {yaml.__version__} (libyaml {yaml.__with_libyaml__}), "
            f"best of {args.repeat}, load average {load_average()} at the start"
        )
        bare_command = [sys.executable, "-c", BARE_LOAD, str(profiles)]
        check_command = [
            sys.executable,
            "-m",
            "partnerfit",
            "check",
            str(profiles),
            "--format",
            "json",
        ]
        no_cache_command = [*check_command, "--no-cache"]
        cold_cache = work / "cold-cache"
        # the cold run's cache is its own directory, emptied before each run
        cold_command = ["env", f"{CACHE_ENV}={cold_cache}", *check_command]
        # warm the page cache and compile partnerfit's bytecode, so no contestant pays for it;
        # this first run fills the content-hash cache of the warm runs
        timed(bare_command, env)
        timed(check_command, env)
        timed(cold_command, env)

        print("\nwhole processes (start-up and imports included):")
        whole = best_of(
            args.repeat,
            {
                "bare yaml.load (CSafeLoader)": bare_command,
                "partnerfit check": cold_command,
                "partnerfit check, warm cache": check_command,
                "partnerfit check --no-cache": no_cache_command,
            },
            env,
            emptied={"partnerfit check": cold_cache},
        )
        bare, check = whole["bare yaml.load (CSafeLoader)"], whole["partnerfit check"]
        if not args.skip_jsonschema:
            cjs = shutil.which("check-jsonschema")
            if cjs is None:
                print("check-jsonschema not installed; skipped")
            else:
                whole |= best_of(
                    1, {"check-jsonschema": [cjs, "--schemafile", str(SCHEMA), *files]}, env
                )
        for name, (wall, cpu) in whole.items():
            print(
                f"  {name:30} {wall:7.2f} s wall {cpu:7.2f} s CPU  "
                f"{wall / check[0]:6.2f}x partnerfit check (wall)"
            )
        for name, label in (
            ("partnerfit check", "cold cache"),
            ("partnerfit check, warm cache", "warm cache"),
            ("partnerfit check --no-cache", "--no-cache"),
        ):
            wall, cpu = whole[name]
            print(
                f"  partnerfit check ({label}) / bare parsing: {wall / bare[0]:.2f}x wall, "
                f"{cpu / bare[1]:.2f}x CPU"
            )
        if "check-jsonschema" in whole:
            print(
                "  check-jsonschema / partnerfit check: "
                f"{whole['check-jsonschema'][0] / check[0]:.1f}x wall"
            )

        print("\nin one process (start-up and imports excluded):")
        in_process = [sys.executable, "-c", IN_PROCESS, str(profiles), str(args.repeat)]
        _, _, done = timed([*in_process, str(work / "cache-in-process")], env)
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            raise SystemExit("the in-process comparison failed")
        inside = json.loads(done.stdout)
        for name, label in (
            ("bare", "bare yaml.load loop"),
            ("check", "check_paths + JSON, no cache"),
            ("cold", "same, cold cache"),
            ("warm", "same, warm cache"),
        ):
            wall, cpu = inside[name]
            print(f"  {label:30} {wall:7.2f} s wall {cpu:7.2f} s CPU")
        bare_wall, bare_cpu = inside["bare"]
        print(
            "  check_paths / bare parsing: "
            + ", ".join(
                f"{label} {inside[name][0] / bare_wall:.2f}x wall "
                f"({inside[name][1] / bare_cpu:.2f}x CPU)"
                for name, label in (("check", "no cache"), ("cold", "cold"), ("warm", "warm"))
            )
        )
        print(f"load average {load_average()} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
