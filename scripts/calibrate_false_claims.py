"""How often `partnerfit calibrate` claims an improvement on outcomes with no signal.

Draws random criteria (10% unknown) and outcomes independent of them (alternately 0-100 ratings
and success/failure), runs the calibration and counts claimed improvements.

    python scripts/calibrate_false_claims.py --size 40 --runs 30
"""

from __future__ import annotations

import argparse

import numpy as np

from partnerfit.decide.calibrate import calibrate_arrays

CURRENT = np.array([0.30, 0.30, 0.15, 0.10, 0.10, 0.05])


def main() -> None:
    """Print the share of no-signal runs that claimed an improvement, and the largest Q²."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=40, help="partnerships per run")
    parser.add_argument("--runs", type=int, default=30, help="number of runs")
    parser.add_argument("--seed", type=int, default=1000, help="seed of the first run")
    args = parser.parse_args()
    claims, best = 0, -np.inf
    for run in range(args.runs):
        rng = np.random.default_rng(args.seed + run)
        criteria = rng.uniform(0, 1, (args.size, 6))
        criteria[rng.uniform(size=criteria.shape) < 0.1] = np.nan
        ratings = rng.uniform(0, 100, args.size)
        outcomes = rng.choice([0.0, 1.0], args.size) if run % 2 else ratings
        fit = calibrate_arrays(criteria, outcomes, CURRENT)
        claims += fit.improved
        best = max(best, fit.q2_after)
    print(
        f"size {args.size}: {claims} of {args.runs} no-signal runs claimed an improvement; "
        f"largest cross-validated Q² {best:.3f}"
    )


if __name__ == "__main__":
    main()
