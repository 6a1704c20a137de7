"""Ranks under many weight samples at once: competition ranks, Kendall τ by inversions, a tally.

Every sample row is sorted once (``sorted_ranks``): the sort gives the row's competition ranks
and, with the candidates laid out in baseline order, the permutation whose inversions are the
pairs the sample reverses (Kendall τ against the baseline), so no second sort is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from partnerfit.scoring.coverage import SCORE_DECIMALS as ranking_decimals

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# scoring.SCORE_DECIMALS applies to 0..100 scores; these totals are 0..1, so two more
SCORE_DECIMALS = ranking_decimals + 2


def sorted_ranks(scores: FloatArray) -> tuple[NDArray[np.intp], IntArray]:
    """Per row of a (samples × candidates) score array: the stable sort, best first, and the
    competition ranks (1 = best).

    Scores equal to SCORE_DECIMALS share the best of their places (1, 2, 2, 4), as in the
    ranking itself; the sort keeps equal scores in column order. NaN ranks last.
    """
    keyed = np.where(np.isnan(scores), np.inf, -np.round(scores, SCORE_DECIMALS))
    rows, width = keyed.shape
    order = np.argsort(keyed, axis=1, kind="stable")
    # flat positions: one gather and one scatter instead of take/put_along_axis's index grids
    flat = order + (np.arange(rows, dtype=np.intp) * width)[:, None]
    ordered = keyed.ravel()[flat]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    places = np.broadcast_to(np.arange(1, width + 1), order.shape)
    shared = np.maximum.accumulate(np.where(starts, places, 0), axis=1)
    ranks = np.empty(keyed.shape, dtype=np.int64)
    ranks.ravel()[flat.ravel()] = shared.ravel()
    return order, ranks


def ranks_of(scores: FloatArray) -> IntArray:
    """Competition ranks (1 = best) per row of a (samples × candidates) score array.

    Scores equal to SCORE_DECIMALS share the best of their places (1, 2, 2, 4), as in the
    ranking itself, so that two candidates tied in a sample both count as, say, first. NaN
    ranks last.
    """
    return sorted_ranks(scores)[1]


def _ones_before_in_group(n: int, bit: int) -> int:
    """Σ over the values 0..n−1 with ``bit`` set of the 1s before them in their group: a group
    of 2^(bit+1) consecutive values with o of them set gives 0 + 1 + … + (o − 1)."""
    half = 1 << bit
    full, rest = divmod(n, 2 * half)
    last = max(0, rest - half)
    return full * half * (half - 1) // 2 + last * (last - 1) // 2


def inversions(permutations: NDArray[np.integer[Any]]) -> IntArray:
    """Per row (a permutation of 0..n−1), the pairs i < j with row[i] > row[j].

    Radix partition from the highest bit down. Once a row is grouped stably by the bits above
    b, the values of a group are one run of consecutive values, so each group's place follows
    from the value alone; within a group a pair is inverted at bit b when a 1 comes before a 0.
    The level's inversions are the 1s before each 0, that is the 1s before every element less
    the 1s before each 1 (a constant, ``_ones_before_in_group``); then each group is split
    stably into its 0s and its 1s. ⌈log₂ n⌉ linear passes: O(n log n) per row, every row at
    once, memory a few arrays of the input's size.
    """
    rows, n = permutations.shape
    counts: IntArray = np.zeros(rows, dtype=np.int64)
    if n < 2 or rows == 0:
        return counts
    values = permutations.astype(np.int32)
    positions = np.arange(n, dtype=np.int32)
    offsets = (np.arange(rows, dtype=np.intp) * n)[:, None]
    for bit in reversed(range((n - 1).bit_length())):
        ones = (values >> bit) & 1
        before = np.cumsum(ones, axis=1, dtype=np.int32)
        before -= ones
        group = values >> (bit + 1)
        before -= group << bit  # the 1s of this row's earlier groups: 2^b per full group
        counts += before.sum(axis=1, dtype=np.int64) - _ones_before_in_group(n, bit)
        if bit == 0:
            break  # counted: nothing below to split for
        # a 1 goes after its group's 0s (the group's first value + 2^b, or n), a 0 back
        # by the 1s before it
        first_one = np.minimum((group << (bit + 1)) + (1 << bit), n)
        target = np.where(ones == 1, first_one + before, positions - before) + offsets
        split = np.empty_like(values)
        split.ravel()[target.ravel()] = values.ravel()
        values = split
    return counts


def discordant_pairs(ranks_in_baseline_order: IntArray) -> IntArray:
    """Per row of ranks (columns in baseline order), the pairs i < j whose order the row
    reverses; shared ranks keep baseline order, so a tied pair is not reversed."""
    return inversions(np.argsort(ranks_in_baseline_order, axis=1, kind="stable"))


def kendall_tau(baseline: Sequence[int], other: Sequence[int]) -> float:
    """Kendall τ between two tie-free rankings of the same candidates (1.0 for fewer than 2)."""
    a = np.asarray(baseline, dtype=np.int64)
    b = np.asarray(other, dtype=np.int64)
    n = a.size
    if n < 2:
        return 1.0
    order = np.argsort(a, kind="stable")
    pairs = n * (n - 1) // 2
    discordant = int(discordant_pairs(b[order][None, :])[0])
    return 1 - 2 * discordant / pairs


class RankTally:
    """Per candidate, over the samples: times first, times in the top k, the sum of its ranks, and
    its 5th and 95th percentile ranks.

    A percentile is an order statistic: the 5th is the ⌈5S/100⌉-th smallest of a candidate's S
    ranks, the 95th the (S − ⌈95S/100⌉ + 1)-th largest, so only that many smallest and largest
    ranks are kept per candidate: memory n · S/10 instead of a rank histogram of n · n (which is
    kept instead when it is the smaller, S > 10 n).
    """

    def __init__(self, n: int, samples: int, k: int) -> None:
        self.k = k
        self.samples = samples
        self.low_count = (5 * samples + 99) // 100
        self.high_count = samples - (95 * samples + 99) // 100 + 1
        self.first = np.zeros(n, dtype=np.int64)
        self.top = np.zeros(n, dtype=np.int64)
        self.rank_sum = np.zeros(n, dtype=np.int64)
        self.histogram = (
            np.zeros((n, n), dtype=np.int64) if self.low_count + self.high_count > n else None
        )
        self.low = np.empty((n, 0), dtype=np.int32)
        self.high = np.empty((n, 0), dtype=np.int32)

    def add(self, ranks: IntArray) -> None:
        """Count one block of samples (samples × candidates, ranks 1..n)."""
        self.first += (ranks == 1).sum(axis=0)
        self.top += (ranks <= self.k).sum(axis=0)
        self.rank_sum += ranks.sum(axis=0)
        n = ranks.shape[1]
        if self.histogram is not None:
            flat = (np.arange(n)[None, :] * n + (ranks - 1)).ravel()
            self.histogram += np.bincount(flat, minlength=n * n).reshape(n, n)
            return
        by_candidate = ranks.T.astype(np.int32)
        self.low = _smallest(np.concatenate([self.low, by_candidate], axis=1), self.low_count)
        self.high = -_smallest(np.concatenate([-self.high, -by_candidate], axis=1), self.high_count)

    @property
    def rank_p5(self) -> IntArray:
        """The 5th percentile rank of each candidate."""
        if self.histogram is not None:
            return self._from_histogram(5)
        return np.asarray(self.low.max(axis=1), dtype=np.int64)

    @property
    def rank_p95(self) -> IntArray:
        """The 95th percentile rank of each candidate."""
        if self.histogram is not None:
            return self._from_histogram(95)
        return np.asarray(self.high.min(axis=1), dtype=np.int64)

    def _from_histogram(self, percent: int) -> IntArray:
        assert self.histogram is not None
        if self.histogram.shape[0] == 0:  # no candidate ranked: nothing to report
            return np.zeros(0, dtype=np.int64)
        cumulative = np.cumsum(self.histogram, axis=1)
        found: IntArray = np.argmax(cumulative * 100 >= percent * self.samples, axis=1) + 1
        return found


def _smallest(values: NDArray[np.int32], count: int) -> NDArray[np.int32]:
    """Per row, the ``count`` smallest values (in no order)."""
    if values.shape[1] <= count:
        return values
    kept: NDArray[np.int32] = np.partition(values, count - 1, axis=1)[:, :count]
    return kept
