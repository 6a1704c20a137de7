"""Benchmark: `partnerfit review` cost against the number of partnerships and of reviews.

Generates synthetic partnership files among the bundled profiles (seeded, so runs compare),
then times, in one process after the imports, loading and checking the files
(``load_partnership_set``) and reviewing them (``review_set``), for N, 2N and 4N partnerships
and for twice as many reviews each. It prints each time as a ratio to the smallest case
measured in the same run (linear cost: about 2 and 4), and the peak memory of the largest case.

    python benchmarks/bench_review.py            # N = 200
    python benchmarks/bench_review.py -n 50      # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from partnerfit.model.partnership_set import load_partnership_set
from partnerfit.model.profileset import load_profile_set
from partnerfit.review import review_set

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("referrals", "contacts_made", "product_adoption_rate")


def write_set(directory: Path, count: int, reviews: int, ids: list[str], seed: int) -> None:
    """COUNT partnership files, each with three goals and REVIEWS quarterly reviews."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 6)
    for n in range(count):
        a, b = rng.sample(ids, 2)
        lines = [
            "kind: partnership",
            "schema_version: 1",
            f"id: p{n:05d}",
            f"name: Partnership {n}",
            f"partners: [{a}, {b}]",
            f"selected_by: {a}",
            f"start: {start}",
            "governance: {meeting_cadence: monthly, review_cadence: quarterly}",
            "goals:",
        ]
        deadline = start + dt.timedelta(days=91 * reviews + 30)
        for metric in METRICS:
            lines.append(
                f"  - {{statement: Grow {metric}, metric: {metric}, target: 100, "
                f"deadline: {deadline}, owner: {b}}}"
            )
        lines.append("reviews:")
        for r in range(reviews):
            day = start + dt.timedelta(days=91 * (r + 1))
            actuals = ", ".join(f"{m}: {rng.randint(0, 100)}" for m in METRICS)
            lines += [
                f"  - date: {day}",
                f"    actuals: {{{actuals}}}",
                f"    satisfaction: {{{a}: {rng.randint(1, 5)}, {b}: {rng.randint(1, 5)}}}",
                f"    meetings: {rng.randint(0, 4)}",
            ]
        (directory / f"p{n:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(directory: Path, profiles: object, repeat: int) -> tuple[float, float]:
    """Best (load seconds, review seconds) over REPEAT runs."""
    best_load = best_review = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        loaded = load_partnership_set([directory], profiles=profiles)  # type: ignore[arg-type]
        middle = time.perf_counter()
        review_set(loaded.partnerships, dt.date(2026, 1, 1), profiles=profiles)  # type: ignore[arg-type]
        ended = time.perf_counter()
        best_load, best_review = min(best_load, middle - began), min(best_review, ended - middle)
    return best_load, best_review


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="partnerships in the smallest case")
    parser.add_argument("--reviews", type=int, default=8, help="reviews per partnership")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    profiles = load_profile_set(ROOT / "profiles")
    ids = list(profiles.ids())
    cases = [
        (args.n, args.reviews),
        (2 * args.n, args.reviews),
        (4 * args.n, args.reviews),
        (args.n, 2 * args.reviews),
    ]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (count, reviews) in enumerate(cases):
            directory = Path(tmp) / f"case{i}"
            directory.mkdir()
            write_set(directory, count, reviews, ids, seed=i)
            results.append((count, reviews, *measure(directory, profiles, args.repeat)))
        largest = Path(tmp) / "case2"
        tracemalloc.start()
        measure(largest, profiles, 1)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    base_load, base_review = results[0][2], results[0][3]
    header = ("partnerships", "reviews", "load s", "ratio", "review s", "ratio")
    print("{:>12} {:>7} {:>8} {:>6} {:>9} {:>6}".format(*header))
    for count, reviews, load, reviewing in results:
        print(
            f"{count:>12} {reviews:>7} {load:>8.3f} {load / base_load:>6.2f} "
            f"{reviewing:>9.3f} {reviewing / base_review:>6.2f}"
        )
    print(f"peak traced memory, {4 * args.n} partnerships: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
