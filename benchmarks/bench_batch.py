"""Benchmark of the batch engine against the per-pair scorer, on synthetic profiles.

Each scenario runs in its own subprocess so that its peak memory (ru_maxrss) is its own:

    python benchmarks/bench_batch.py            # 2,000 × 2,000 full, 10,000 × 10,000 top-10
    python benchmarks/bench_batch.py --quick    # 500 × 500 full, 2,000 × 2,000 top-10

Reported per scenario: engine seconds and pairs/s, the per-pair loop (``scoring.score_pair`` on a
random sample of the same pairs) in pairs/s, their ratio, and peak RSS of the process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from typing import Any

from partnerfit.model import CADENCES

VOCAB = {
    "values": 40,
    "capabilities": 60,
    "themes": 40,
    "metrics": 20,
    "regions": 30,
    "audiences": 30,
    "languages": 8,
    "sectors": 30,
    "certifications": 10,
}
KINDS = ("business", "nonprofit", "government", "academic", "community")


def _pick(rng: random.Random, field: str, low: int, high: int) -> list[str]:
    count = rng.randint(low, high)
    return [f"{field}-{i}" for i in rng.sample(range(VOCAB[field]), count)]


def synthetic_profile(rng: random.Random, index: int) -> dict[str, Any]:
    """One synthetic profile as YAML-like data, with every field drawn at random."""
    data: dict[str, Any] = {
        "id": f"org-{index:05d}",
        "name": f"Organisation {index}",
        "kind": rng.choice(KINDS),
        "sectors": _pick(rng, "sectors", 1, 3),
        "regions": _pick(rng, "regions", 0, 4),
        "audiences": _pick(rng, "audiences", 0, 3),
        "values": {t: rng.randint(1, 5) for t in _pick(rng, "values", 0, 6)},
        "strengths": [
            {"capability": t, "level": rng.randint(1, 5)} for t in _pick(rng, "capabilities", 1, 5)
        ],
        "needs": [
            {"capability": t, "priority": rng.randint(1, 5)}
            for t in _pick(rng, "capabilities", 0, 4)
        ],
        "goals": [
            {
                "statement": f"Goal {g}",
                "metric": rng.choice([None, *_pick(rng, "metrics", 1, 1)]),
                "themes": _pick(rng, "themes", 0, 3),
            }
            for g in range(rng.randint(0, 3))
        ],
        "communication": {
            "languages": _pick(rng, "languages", 0, 3),
            "cadence": rng.choice([None, *CADENCES]),
        },
    }
    if rng.random() < 0.8:
        data["reputation"] = {
            "rating": round(rng.uniform(0, 5), 1) if rng.random() < 0.9 else None,
            "certifications": _pick(rng, "certifications", 0, 2),
        }
    if rng.random() < 0.3:
        data["dealbreakers"] = {
            "sectors": _pick(rng, "sectors", 0, 1),
            "values": _pick(rng, "values", 0, 1),
            "kinds": rng.sample(KINDS, rng.randint(0, 1)),
        }
    return data


def synthetic_profiles(count: int, seed: int = 5) -> list[Any]:
    """``count`` validated synthetic profiles."""
    from partnerfit.model import Profile

    rng = random.Random(seed)
    return [Profile.model_validate(synthetic_profile(rng, i)) for i in range(count)]


def _peak_mib() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scenario(n: int, top_k: int | None, sample: int) -> dict[str, Any]:
    """Time the engine on n × n and the per-pair loop on a sample of the same pairs."""
    from partnerfit.io.heap import keep_freed_memory

    keep_freed_memory()  # as the console script does before any command (partnerfit.cli.main)
    from partnerfit.batch.engine import compare
    from partnerfit.model import Config
    from partnerfit.model.profileset import ProfileSet
    from partnerfit.scoring.card import resolve_weights, score_pair

    profiles = synthetic_profiles(n)
    profile_set = ProfileSet(
        profiles=tuple(profiles), sources={}, config=Config(), config_source=None
    )
    rss_before = _peak_mib()
    start = time.perf_counter()
    result = compare(profile_set, top_k=top_k)
    engine_s = time.perf_counter() - start
    pairs = n * (n - 1)
    rng = random.Random(1)
    weights = resolve_weights()
    vocab = profile_set.vocabulary
    chosen = [(rng.randrange(n), rng.randrange(n)) for _ in range(sample)]
    start = time.perf_counter()
    for i, j in chosen:
        card = score_pair(profiles[i], profiles[j], vocabulary=vocab, weights=weights)
        _ = card.total
    loop_s = time.perf_counter() - start
    engine_rate = pairs / engine_s
    loop_rate = sample / loop_s
    return {
        "profiles": n,
        "top_k": top_k,
        "pairs": pairs,
        "kept_pairs": result.pair_count,
        "engine_seconds": round(engine_s, 2),
        "engine_pairs_per_s": round(engine_rate),
        "loop_sample_pairs": sample,
        "loop_pairs_per_s": round(loop_rate),
        "speedup": round(engine_rate / loop_rate, 1),
        "rss_before_scoring_mib": round(rss_before),
        "peak_rss_mib": round(_peak_mib()),
    }


def main() -> None:
    """Run each scenario in a fresh subprocess and print a table and JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scenario:
        n, top, sample = args.scenario.split(",")
        print(json.dumps(run_scenario(int(n), int(top) or None, int(sample))))
        return
    scenarios = (
        [(500, 0, 2000), (2000, 10, 2000)]
        if args.quick
        else [
            (2000, 0, 5000),
            (10000, 10, 5000),
        ]
    )
    results = []
    for n, top, sample in scenarios:
        out = subprocess.run(
            [sys.executable, __file__, "--scenario", f"{n},{top},{sample}"],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout)
        results.append(result)
        label = f"{n:,} × {n:,} " + (f"top-{top}" if top else "full")
        print(
            f"{label:<24} {result['engine_seconds']:>7.2f} s  "
            f"{result['engine_pairs_per_s']:>12,} pairs/s  "
            f"loop {result['loop_pairs_per_s']:>8,} pairs/s  "
            f"×{result['speedup']:<7} peak {result['peak_rss_mib']:,} MiB "
            f"(before scoring {result['rss_before_scoring_mib']:,} MiB)",
            flush=True,
        )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
