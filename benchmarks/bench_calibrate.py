"""Benchmark: `calibrate` (fit plus leave-one-out) over N past partnerships.

Run: PYTHONPATH=src python benchmarks/bench_calibrate.py [--sizes 30,60,120,240]

Leave-one-out refits the weights once per partnership, so the cost grows about as N². Reported
against a baseline measured in the same run: one fit of the weights on all N (what calibration
would cost without cross-validation). Also the peak memory of the largest run (tracemalloc).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from partnerfit.decide.calibrate import calibrate_arrays, fit_scores, fit_weights, weight_bounds

CURRENT = np.array([0.30, 0.30, 0.15, 0.10, 0.10, 0.05])
TRUE = np.array([0.05, 0.40, 0.05, 0.10, 0.30, 0.10])


def main() -> None:
    """Print seconds per size, the ratio to one fit, and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,60,120,240", help="comma-separated sizes")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    data = {}
    for size in sizes:
        rng = np.random.default_rng(size)
        criteria = rng.uniform(0, 1, (size, 6))
        data[size] = (criteria, fit_scores(criteria, TRUE) + rng.normal(0, 5, size))
    fit_weights(*data[sizes[0]], CURRENT, weight_bounds(CURRENT, None))  # imports scipy
    for size in sizes:
        criteria, outcomes = data[size]
        start = time.perf_counter()
        fit_weights(criteria, outcomes, CURRENT, weight_bounds(CURRENT, None))
        one_fit = time.perf_counter() - start
        start = time.perf_counter()
        calibrate_arrays(criteria, outcomes, CURRENT)
        full = time.perf_counter() - start
        print(
            f"{size:5d} partnerships: calibrate {full:6.2f} s, one fit {one_fit:5.3f} s, "
            f"ratio x{full / one_fit:.0f}"
        )
    tracemalloc.start()  # separately: tracing slows Python down several times
    calibrate_arrays(*data[sizes[-1]], CURRENT)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory of {sizes[-1]} partnerships (tracemalloc): {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
