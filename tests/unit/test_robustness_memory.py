"""Robustness with memory linear in the candidates: the same report as the n × n tally, exactly."""

from __future__ import annotations

import tracemalloc
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.decide import robustness
from partnerfit.decide.rank_samples import discordant_pairs, inversions, ranks_of
from partnerfit.decide.robustness import assess_robustness, sample_weights
from partnerfit.scoring.card import resolve_weights
from partnerfit.scoring.methods import BATCH_METHODS


def quadratic_reference(
    values: np.ndarray, weights: np.ndarray, method: str, samples: int, seed: int, k: int
) -> tuple[list[tuple[float, float, int, int, float]], float]:
    """The tally as it was: an n × n rank histogram and τ by comparing every pair."""
    n = values.shape[0]
    aggregate = BATCH_METHODS[method]
    baseline = ranks_of(aggregate(values, weights[None, :]))[0]
    order = np.argsort(baseline, kind="stable")
    rng = np.random.default_rng(seed)
    counts = np.zeros((n, n), dtype=np.int64)
    tau_total, done, pairs = 0.0, 0, n * (n - 1) // 2
    while done < samples:
        size = min(1_000, samples - done)
        ranks = ranks_of(aggregate(values, sample_weights(weights, size, 0.2, rng)))
        for row in ranks:
            counts[np.arange(n), row - 1] += 1
        if pairs:
            by_base = ranks[:, order]
            discordant = np.array(
                [sum(int((r[i] > r[i + 1 :]).sum()) for i in range(n - 1)) for r in by_base]
            )
            tau_total += float((1 - 2 * discordant / pairs).sum())
        done += size
    cumulative = np.cumsum(counts, axis=1)
    rows = [
        (
            float(counts[i, 0]) / samples,
            float(counts[i, :k].sum()) / samples,
            int(np.argmax(cumulative[i] * 100 >= 5 * samples)) + 1,
            int(np.argmax(cumulative[i] * 100 >= 95 * samples)) + 1,
            float((counts[i] * np.arange(1, n + 1)).sum()) / samples,
        )
        for i in order.tolist()
    ]
    return rows, (tau_total / samples if pairs else 1.0)


def as_rows(report: robustness.RobustnessReport) -> list[tuple[float, float, int, int, float]]:
    return [(c.p_first, c.p_top_k, c.rank_p5, c.rank_p95, c.mean_rank) for c in report.candidates]


@pytest.mark.parametrize("method", sorted(BATCH_METHODS))
@pytest.mark.parametrize(
    ("n", "samples"),
    [(1, 5), (2, 30), (12, 2_345), (40, 130), (3, 700)],  # 3 × 700: histogram path (S > 10 n)
)
def test_same_report_as_the_quadratic_tally(
    method: str, n: int, samples: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # small slices so that every chunk is split, as it is for large sets
    monkeypatch.setattr(robustness, "_WORK_CELLS", 7 * max(1, n))
    rng = np.random.default_rng(n * samples)
    values = rng.random((n, 6))
    values[rng.random(values.shape) < 0.15] = np.nan
    values[: n // 3] = values[n // 3 : 2 * (n // 3)]  # exact ties, broken by id
    ids = [f"candidate-{i:03d}" for i in range(n)]
    weights = resolve_weights()
    report = assess_robustness(values, ids, weights, method=method, samples=samples, seed=3)
    rows, tau = quadratic_reference(values, weights.vector(), method, samples, 3, report.top_k)
    assert as_rows(report) == rows
    assert report.mean_kendall_tau == tau


@settings(max_examples=100, deadline=None)
@given(st.lists(st.permutations(list(range(1, 10))), min_size=1, max_size=5), st.integers(1, 9))
def test_inversions_by_brute_force(rows: Sequence[Sequence[int]], width: int) -> None:
    perms = np.array([[v for v in row if v <= width] for row in rows], dtype=np.int64)
    expected = [
        sum(1 for i in range(width) for j in range(i + 1, width) if row[i] > row[j])
        for row in perms.tolist()
    ]
    assert discordant_pairs(perms).tolist() == expected
    assert inversions(np.argsort(perms, axis=1)).tolist() == expected


def test_memory_of_the_sampling_is_linear_in_the_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # two slices ranked at once and up to _SLACK waiting, as on this 2-core machine, wherever
    # it runs
    monkeypatch.setattr(robustness, "usable_cores", lambda: 2)
    n = 6_000
    values = np.random.default_rng(0).random((n, 6))
    base = resolve_weights().vector()
    order = np.arange(n)
    tracemalloc.start()
    try:
        robustness._sample_ranks(
            values, base, BATCH_METHODS["weighted-sum"], order, 1_000, 1, 0.2, 3
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the n × n int64 tally it replaces was 288 MB on its own; the slices ranked at once take
    # the same few MiB whatever n is, and the kept ranks n · samples / 10
    assert peak < 8 * n * n / 4


@pytest.mark.parametrize("threads", [1, 3])
def test_threads_change_nothing(threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # slices ranked on several threads are tallied in order: the report of one thread, exactly
    monkeypatch.setattr(robustness, "_WORK_CELLS", 7 * 40)
    rng = np.random.default_rng(11)
    values = rng.random((40, 6))
    values[rng.random(values.shape) < 0.1] = np.nan
    ids = [f"c-{i:02d}" for i in range(40)]
    weights = resolve_weights()
    monkeypatch.setattr(robustness, "usable_cores", lambda: 2)
    expected = assess_robustness(values, ids, weights, samples=1_500, seed=5)
    monkeypatch.setattr(robustness, "usable_cores", lambda: threads)
    assert assess_robustness(values, ids, weights, samples=1_500, seed=5) == expected
