"""Benchmark: `partnerfit check` against bare CSafeLoader parsing and check-jsonschema.

Generates N synthetic profiles (seeded, so runs are comparable), then times, in one run and
each in a fresh process, (1) `partnerfit check DIR`, (2) a bare
`yaml.load(..., Loader=yaml.CSafeLoader)` of the same files, (3) `check-jsonschema
--schemafile schemas/profile.schema.json` on the same files. Reports seconds and ratios.

    python benchmarks/bench_check.py            # N = 10,000 (the README figures)
    python benchmarks/bench_check.py -n 1000    # quicker
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall-clock seconds of one subprocess run."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--files", type=int, default=10_000, help="number of profiles")
    parser.add_argument("--skip-jsonschema", action="store_true", help="omit check-jsonschema")
    args = parser.parse_args()

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    work = Path(tempfile.mkdtemp(prefix="partnerfit-bench-"))
    try:
        profiles = work / "profiles"
        generate(profiles, args.files)
        files = sorted(str(p) for p in profiles.rglob("*.yaml"))
        size = sum(os.path.getsize(f) for f in files)
        print(f"{len(files):,} profiles, {size / 1e6:.1f} MB, Python {sys.version.split()[0]}")

        # warm the page cache so the first contestant is not penalised
        timed([sys.executable, "-c", BARE_LOAD, str(profiles)], env)
        results: dict[str, float] = {}
        bare, done = timed([sys.executable, "-c", BARE_LOAD, str(profiles)], env)
        results["bare yaml.load (CSafeLoader)"] = bare
        check, done = timed(
            [sys.executable, "-m", "partnerfit", "check", str(profiles), "--format", "json"], env
        )
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            raise SystemExit("partnerfit check failed on the synthetic profiles")
        results["partnerfit check"] = check
        if not args.skip_jsonschema:
            cjs = shutil.which("check-jsonschema")
            if cjs is None:
                print("check-jsonschema not installed; skipped")
            else:
                seconds, done = timed([cjs, "--schemafile", str(SCHEMA), *files], env)
                if done.returncode != 0:
                    print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                    raise SystemExit("check-jsonschema rejected the synthetic profiles")
                results["check-jsonschema"] = seconds
        for name, seconds in results.items():
            print(f"{name:32} {seconds:8.2f} s  {seconds / check:6.2f}x partnerfit check")
        print(f"partnerfit check / bare parsing: {check / bare:.2f}x")
        if "check-jsonschema" in results:
            print(
                f"check-jsonschema / partnerfit check: {results['check-jsonschema'] / check:.1f}x"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
