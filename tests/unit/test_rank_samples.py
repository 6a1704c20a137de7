"""The fast ranking of weight samples against slow definitions: keys, inversions, tally, flips."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from tests.unit.test_rank_block import _every_candidate

from partnerfit.decide import rank_samples, robustness
from partnerfit.decide.rank_samples import (
    SCORE_DECIMALS,
    RankTally,
    discordant_pairs,
    inversions,
    sorted_ranks,
)
from partnerfit.scoring import methods

# Scores with exact ties, ties only after rounding to SCORE_DECIMALS, near misses just past it,
# NaN, and (rarely) values too large for integer keys, which take the float path.
NEAR = 10.0**-SCORE_DECIMALS
SCORE = st.one_of(
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, -0.0, math.nan]),
    st.sampled_from([0.5 + NEAR / 3, 0.5 - NEAR / 3, 0.5 + NEAR, 0.5 + 2 * NEAR, NEAR / 2]),
    st.floats(0, 1),
    st.sampled_from([1e30, -1e30, math.inf, -math.inf]),
)


def reference_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The definition: sort the rounded scores best first, equal ones in column order (NaN last);
    a candidate's rank is 1 + the number that score strictly better (NaN below everything)."""
    keyed = np.where(np.isnan(scores), np.inf, -np.round(scores, SCORE_DECIMALS))
    order = np.array([sorted(range(len(row)), key=lambda c: row[c]) for row in keyed.tolist()])
    ranks = np.array([[1 + sum(other < mine for other in row) for mine in row] for row in keyed])
    return order.reshape(keyed.shape), ranks.reshape(keyed.shape)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4), st.integers(0, 12), st.data())
def test_sorted_ranks_follow_the_definition(rows: int, width: int, data: st.DataObject) -> None:
    scores = data.draw(hnp.arrays(np.float64, (rows, width), elements=SCORE))
    order = np.array(data.draw(st.permutations(range(width))), dtype=np.int64)
    expected_order, expected_ranks = reference_ranks(scores[:, order])
    found_order, found_ranks = sorted_ranks(scores, order)
    assert found_order.tolist() == expected_order.tolist()
    assert found_ranks.tolist() == expected_ranks.tolist()
    plain_order, plain_ranks = sorted_ranks(scores)
    assert plain_ranks.tolist() == reference_ranks(scores)[1].tolist()
    assert plain_order.tolist() == reference_ranks(scores)[0].tolist()


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 40)), elements=SCORE))
def test_integer_keys_give_what_the_float_sort_gives(scores: np.ndarray) -> None:
    # the float sort is the previous implementation, kept for keys that cannot be exact
    order, ranks = sorted_ranks(scores)
    float_order, float_ranks = rank_samples._float_sorted_ranks(scores)
    assert order.tolist() == float_order.tolist()
    assert ranks.tolist() == float_ranks.tolist()


def test_integer_keys_are_used_for_scores_in_range_and_not_beyond() -> None:
    assert rank_samples._place_keys(np.array([[0.2, 0.7, math.nan]]), None) is not None
    assert rank_samples._place_keys(np.array([[0.2, math.inf]]), None) is None
    assert rank_samples._place_keys(np.array([[0.2, 1e6]]), None) is None
    assert rank_samples._place_keys(np.array([[math.nan, math.nan]]), None) is None
    assert sorted_ranks(np.array([[0.2, math.inf, math.nan]]))[1].tolist() == [[2, 1, 3]]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1_024, 2_500), st.integers(0, 2**32 - 1))
def test_wide_rows_rank_as_the_float_sort_ranks(rows: int, width: int, seed: int) -> None:
    # rows of a real ranking's width, with ties, near ties and NaN
    rng = np.random.default_rng(seed)
    pool = np.array([0.0, 0.5, 0.5 + NEAR / 3, 0.5 + NEAR, 1.0, math.nan, *rng.random(40)])
    scores = rng.choice(pool, (rows, width))
    scores[:, ::3] = rng.random((rows, len(range(0, width, 3))))
    order = rng.permutation(width)
    found_order, found_ranks = sorted_ranks(scores, order)
    float_order, float_ranks = rank_samples._float_sorted_ranks(scores[:, order])
    assert found_order.tolist() == float_order.tolist()
    assert found_ranks.tolist() == float_ranks.tolist()


def brute_inversions(row: Sequence[int]) -> int:
    """Pairs i < j with row[i] > row[j], by comparing every pair."""
    return sum(1 for i in range(len(row)) for j in range(i + 1, len(row)) if row[i] > row[j])


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4), st.integers(0, 300), st.integers(0, 2**32 - 1))
def test_inversions_of_larger_permutations_by_brute_force(rows: int, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    perms = np.array([rng.permutation(n) for _ in range(rows)], dtype=np.int64).reshape(rows, n)
    if rows > 1:
        perms[0] = np.arange(n)[::-1]  # every pair inverted
    if rows > 2:
        # nearly sorted, as a sample of a stable ranking is
        perms[1] = np.argsort(np.arange(n) + rng.normal(0, 3, n), kind="stable")
    assert inversions(perms).tolist() == [brute_inversions(row) for row in perms.tolist()]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(1, 6), min_size=0, max_size=60), min_size=1, max_size=4))
def test_discordant_pairs_with_ties_by_brute_force(rows: list[list[int]]) -> None:
    width = min(len(row) for row in rows)
    ranks = np.array([row[:width] for row in rows], dtype=np.int64).reshape(len(rows), width)
    # a tied pair keeps baseline order: only a strictly reversed pair is discordant
    assert discordant_pairs(ranks).tolist() == [brute_inversions(r) for r in ranks.tolist()]


@pytest.mark.parametrize("pending", [1, 50, 1 << 20])
@pytest.mark.parametrize(("n", "samples"), [(7, 40), (30, 101), (5, 37), (6, 1), (9, 2), (12, 23)])
def test_tally_percentiles_are_the_order_statistics(
    pending: int, n: int, samples: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rank_samples, "_PENDING_CELLS", pending)
    rng = np.random.default_rng(n + samples)
    ranks = np.array([rng.permutation(n) + 1 for _ in range(samples)], dtype=np.int64)
    tally = RankTally(n, samples, 2)
    assert tally.histogram is None
    for start in range(0, samples, 9):
        tally.add(ranks[start : start + 9])
    by_candidate = np.sort(ranks, axis=0)
    low = math.ceil(5 * samples / 100)  # the ⌈5S/100⌉-th smallest
    high = samples - math.ceil(95 * samples / 100) + 1  # the (S − ⌈95S/100⌉ + 1)-th largest
    assert tally.rank_p5.tolist() == by_candidate[low - 1].tolist()
    assert tally.rank_p95.tolist() == by_candidate[samples - high].tolist()
    assert tally.rank_sum.tolist() == ranks.sum(axis=0).tolist()
    assert tally.top.tolist() == (ranks <= 2).sum(axis=0).tolist()


def plain_combine(weights: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The sum as it was written: all rows at once, criterion after criterion."""
    out = np.zeros((weights.shape[0], columns.shape[0]))
    for j in range(columns.shape[1]):
        out += weights[:, j : j + 1] * columns[None, :, j]
    return out


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 30), st.integers(0, 40), st.integers(1, 64), st.integers(0, 2**32 - 1))
def test_combine_in_blocks_is_the_same_sum_to_the_bit(
    samples: int, candidates: int, cells: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    weights, columns = rng.random((samples, 6)), rng.random((candidates, 6))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(methods, "_COMBINE_CELLS", cells)
        blocked = methods._combine(weights, columns)
    assert blocked.tobytes() == plain_combine(weights, columns).tobytes()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 150),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1, 7, 25, 401]),
    st.integers(0, 5),
    st.sampled_from([0.0, 1.0]),
)
def test_flip_search_by_blocks_of_near_candidates_is_the_search_among_all(
    n: int, seed: int, block: int, criterion: int, end: float
) -> None:
    rng = np.random.default_rng(seed)
    values = np.round(rng.random((n, 6)), 2)  # coarse values: many ties and near ties
    values[: n // 4] = values[n // 4 : 2 * (n // 4)]
    base = rng.dirichlet(np.ones(6))
    scores = robustness.BATCH_METHODS["weighted-sum"](values, base[None, :])[0]
    leader = int(np.argmax(np.round(scores, SCORE_DECIMALS)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(robustness, "_GRID_BLOCK", block)
        found = robustness._first_flip(values, base, criterion, end, "weighted-sum", leader)
        patch.setattr(robustness, "_GRID_BLOCK", robustness._GRID + 1)
        patch.setattr(robustness, "_contenders", _every_candidate)
        patch.setattr(robustness, "_gaps", lambda *_: None)  # every candidate at every point
        assert robustness._first_flip(values, base, criterion, end, "weighted-sum", leader) == found
