"""Benchmark: `match` with capacities 1–3 against the one-to-one match of the same sets.

    python benchmarks/bench_match.py                 # 1,000 × 1,000 and 2,000 × 2,000
    python benchmarks/bench_match.py --sizes 500     # smaller, for a smoke run
    python benchmarks/bench_match.py --milp 300      # also the old MILP solver at 300 × 300
    python benchmarks/bench_match.py --sizes --gap 1000  # the sparse graph's gap at 1,000²
    python benchmarks/bench_match.py --sizes --graph 3000  # the graph path against the dense one
    python benchmarks/bench_match.py --sizes --graph 20000 --no-dense  # past the dense matrix

Each scenario runs in its own subprocess so that its peak memory (ru_maxrss) is its own. The
baseline, measured in the same run, is the one-to-one match (every capacity 1: scipy's
linear_sum_assignment) of the same two sets; the issue's target is capacities ≤ 3× that and
under 60 s. Both include scoring both directions. With ``--milp N`` the HiGHS integer programme
that `match` used before is timed on the same fit matrix at N × N, beside the LP.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import synthetic_profile  # the same synthetic profiles


def _sets(n: int) -> tuple[Any, Any, dict[str, int]]:
    from partnerfit.model import Config, Profile
    from partnerfit.model.profileset import ProfileSet

    def side(prefix: str, seed: int) -> ProfileSet:
        rng = random.Random(seed)
        profiles = []
        for i in range(n):
            data = synthetic_profile(rng, i)
            data["id"] = f"{prefix}-{i:05d}"
            profiles.append(Profile.model_validate(data))
        return ProfileSet(profiles=tuple(profiles), sources={}, config=Config(), config_source=None)

    left, right = side("left", 5), side("right", 6)
    rng = random.Random(7)
    capacities = {p.id: rng.randint(1, 3) for p in (*left.profiles, *right.profiles)}
    return left, right, capacities


def _peak_mib() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scenario(n: int, kind: str) -> dict[str, Any]:
    """Time one match of n × n: ``one-to-one`` or ``capacities``."""
    from partnerfit.io.heap import keep_freed_memory

    keep_freed_memory()  # as the console script does before any command (partnerfit.cli.main)
    from partnerfit.batch.match import match

    left, right, capacities = _sets(n)
    start = time.perf_counter()
    if kind == "one-to-one":
        result = match(left, right, capacity=1)
    elif kind == "graph":
        result = match(left, right, capacities=capacities, graph=True)
    else:
        result = match(left, right, capacities=capacities, graph=False)
    seconds = time.perf_counter() - start
    return {
        "n": n,
        "kind": kind,
        "seconds": round(seconds, 2),
        "pairs": len(result.pairs),
        "total": round(result.total, 6),
        "solver": result.solver,
        "peak_rss_mib": round(_peak_mib()),
    }


def _problem(n: int) -> tuple[Any, Any, list[int], list[int]]:
    """The fit matrix, acceptable mask and capacities `match` solves for n × n."""
    import numpy as np

    from partnerfit.batch.dense import score_matrix
    from partnerfit.scoring.card import resolve_weights

    left, right, capacities = _sets(n)
    weights = resolve_weights()
    unknowns = left.config.unknowns
    ahead = score_matrix(left.profiles, right.profiles, left.vocabulary, weights, unknowns=unknowns)
    back = score_matrix(right.profiles, left.profiles, left.vocabulary, weights, unknowns=unknowns)
    forward, excluded, backward = ahead.totals, ahead.excluded, back.totals
    acceptable = ~excluded & ~np.isnan(forward) & ~np.isnan(backward.T)
    fit = np.where(acceptable, (forward + backward.T) / 2, 0.0)
    left_cap = [capacities[p.id] for p in left.profiles]
    right_cap = [capacities[p.id] for p in right.profiles]
    return fit, acceptable, left_cap, right_cap


def run_gap(n: int) -> dict[str, Any]:
    """How far the first sparse candidate graph (no column generation) is from the optimum."""
    from partnerfit.batch.assignment import dense_blocks, solve_max_total, solve_on_graph

    fit, acceptable, left_cap, right_cap = _problem(n)
    best = solve_max_total(fit, acceptable, left_cap, right_cap)
    optimum = float(sum(fit[i, j] for i, j in best.pairs))
    rows = []
    for per_member in (0, 2, 5, 10, 20):
        first = solve_on_graph(
            dense_blocks(fit, acceptable), left_cap, right_cap, per_member=per_member, max_rounds=0
        )
        found = float(sum(fit[i, j] for i, j in first.pairs))
        rows.append(
            {
                "per_member": per_member,
                "graph_pairs": first.graph_pairs,
                "gap": (optimum - found) / optimum,
                "bound": first.gap_bound / optimum,
            }
        )
    return {"n": n, "acceptable": int(acceptable.sum()), "optimum": optimum, "rows": rows}


def run_milp(n: int) -> dict[str, Any]:
    """The LP with column generation against the old MILP on the same fit matrix."""
    import numpy as np

    from partnerfit.batch.assignment import _solve_milp, solve_max_total

    fit, acceptable, left_cap, right_cap = _problem(n)
    start = time.perf_counter()
    lp = solve_max_total(fit, acceptable, left_cap, right_cap)
    lp_s = time.perf_counter() - start
    edges = np.argwhere(acceptable).astype(np.int64)
    gains = fit[edges[:, 0], edges[:, 1]]
    start = time.perf_counter()
    x = _solve_milp(edges, gains, np.array(left_cap), np.array(right_cap))
    milp_s = time.perf_counter() - start
    return {
        "n": n,
        "lp_seconds": round(lp_s, 2),
        "milp_seconds": round(milp_s, 2),
        "lp_total": round(sum(fit[i, j] for i, j in lp.pairs), 6),
        "milp_total": round(float(gains[x > 0.5].sum()), 6),
        "lp_rounds": lp.rounds,
        "lp_graph_pairs": lp.graph_pairs,
    }


def _child(argument: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--scenario", argument],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> None:
    """Each size: one-to-one, then capacities; print the ratio and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 2000])
    parser.add_argument("--milp", type=int, default=0, help="also time the old MILP at N × N")
    parser.add_argument(
        "--gap", type=int, default=0, help="also the first candidate graph's gap at N × N"
    )
    parser.add_argument(
        "--graph",
        type=int,
        nargs="*",
        default=[],
        help="capacities 1–3 at N × N on the sparse graph from the screen, against the dense path",
    )
    parser.add_argument(
        "--no-dense", action="store_true", help="with --graph: skip the dense baseline"
    )
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scenario:
        n, kind = args.scenario.split(",")
        if kind == "milp":
            result = run_milp(int(n))
        elif kind == "gap":
            result = run_gap(int(n))
        else:
            result = run_scenario(int(n), kind)
        print(json.dumps(result))
        return
    for n in args.sizes:
        base = _child(f"{n},one-to-one")
        capped = _child(f"{n},capacities")
        print(
            f"{n:,} × {n:,}: one-to-one {base['seconds']:.2f} s ({base['peak_rss_mib']} MiB), "
            f"capacities 1–3 {capped['seconds']:.2f} s ({capped['peak_rss_mib']} MiB, "
            f"{capped['solver']}): ×{capped['seconds'] / base['seconds']:.2f} the one-to-one",
            flush=True,
        )
    for n in args.graph:
        graph = _child(f"{n},graph")
        line = (
            f"{n:,} × {n:,} capacities 1–3 on the graph: {graph['seconds']:.2f} s "
            f"({graph['peak_rss_mib']:,} MiB, {graph['solver']}, total {graph['total']:,.4f})"
        )
        if not args.no_dense:
            dense = _child(f"{n},capacities")
            line += (
                f"; dense {dense['seconds']:.2f} s ({dense['peak_rss_mib']:,} MiB): "
                f"×{graph['seconds'] / dense['seconds']:.2f}, same total: "
                f"{abs(graph['total'] - dense['total']) < 1e-6}"
            )
        print(line, flush=True)
    if args.milp:
        milp = _child(f"{args.milp},milp")
        print(
            f"{args.milp:,} × {args.milp:,} solver only: LP {milp['lp_seconds']:.2f} s "
            f"({milp['lp_rounds']} rounds, {milp['lp_graph_pairs']:,} pairs), MILP "
            f"{milp['milp_seconds']:.2f} s: ×{milp['milp_seconds'] / milp['lp_seconds']:.1f}; "
            f"same total: {milp['lp_total'] == milp['milp_total']}"
        )
    if args.gap:
        gap = _child(f"{args.gap},gap")
        print(f"{args.gap:,} × {args.gap:,}, first candidate graph only (no column generation):")
        for row in gap["rows"]:
            print(
                f"  best {row['per_member']:>2} beyond capacity: {row['graph_pairs']:>8,} of "
                f"{gap['acceptable']:,} pairs, below the optimum by {100 * row['gap']:.4f}% "
                f"(bound {100 * row['bound']:.4f}%)"
            )


if __name__ == "__main__":
    main()
