"""Benchmark: robustness analysis of 100 candidates with 10,000 weight samples.

Run: PYTHONPATH=src python benchmarks/bench_robustness.py [--samples N] [--candidates N]

Reports the vectorised analysis (sampling, scoring, ranking, Kendall τ, flip points) per method,
against a baseline measured in the same run: the same samples scored and ranked one at a time
with the single-vector method in a Python loop. Best of --repeat runs.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from partnerfit.decide.rank_samples import ranks_of
from partnerfit.decide.robustness import assess_robustness, sample_weights
from partnerfit.scoring.card import METHODS, resolve_weights
from partnerfit.scoring.methods import BATCH_METHODS


def best_of(repeat: int, action: object) -> float:
    """The fastest of ``repeat`` runs of a no-argument callable, in seconds."""
    assert callable(action)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(2024)
    matrix = rng.random((args.candidates, 6))
    matrix[rng.random(matrix.shape) < 0.1] = np.nan  # some unknown criteria, as in real sets
    ids = [f"candidate-{i:04d}" for i in range(args.candidates)]
    weights = resolve_weights()
    print(f"{args.samples:,} samples × {args.candidates} candidates, best of {args.repeat}")
    print(f"{'method':<18}{'vectorised':>12}{'loop':>12}{'ratio':>9}{'flip only':>12}")
    for method in BATCH_METHODS:

        def vectorised(method: str = method) -> None:
            assess_robustness(matrix, ids, weights, method=method, samples=args.samples, seed=1)

        def loop(method: str = method) -> None:
            drawn = sample_weights(weights.vector(), args.samples, 0.2, np.random.default_rng(1))
            single = METHODS[method]
            for row in drawn:
                ranks_of(single(matrix, row)[None, :])

        def flips(method: str = method) -> None:
            assess_robustness(matrix, ids, weights, method=method, samples=1, seed=1)

        fast = best_of(args.repeat, vectorised)
        slow = best_of(1, loop)
        flip = best_of(args.repeat, flips)
        print(f"{method:<18}{fast:>11.3f}s{slow:>11.3f}s{slow / fast:>8.1f}×{flip:>11.3f}s")


if __name__ == "__main__":
    main()
