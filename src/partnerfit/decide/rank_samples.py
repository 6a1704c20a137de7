"""Ranks under many weight samples at once: competition ranks, Kendall τ by inversions, a tally.

Every sample row is sorted once (``sorted_ranks``): the sort gives the row's competition ranks
and, with the candidates laid out in baseline order, the permutation whose inversions are the
pairs the sample reverses (Kendall τ against the baseline), so no second sort is needed. The
sort is of one integer per cell, the rounded score and the candidate's place together, so that
an unstable sort of distinct keys gives the stable order.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from partnerfit.scoring.coverage import SCORE_DECIMALS as ranking_decimals
from partnerfit.scoring.ties import competition_rank_rows

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# scoring.SCORE_DECIMALS applies to 0..100 scores; these totals are 0..1, so two more
SCORE_DECIMALS = ranking_decimals + 2

_UNITS = 10.0**SCORE_DECIMALS  # the factor np.round multiplies by before rounding
_ROUNDER = 1.5 * 2.0**52  # x + this − this is rint(x) for |x| < 2⁵¹ (round half to even)
_EXACT_UNITS = 2.0**50
"""Rounded scores below this many units stay distinct and in order when divided back by
_UNITS, so comparing units is comparing np.round(score, SCORE_DECIMALS)."""


def sorted_ranks(
    scores: FloatArray, order: NDArray[np.integer[Any]] | None = None
) -> tuple[IntArray, IntArray]:
    """Per row of a (samples × candidates) score array, with the candidates laid out in
    ``order`` (the column at each place; in column order when None): the places sorted best
    first, and each place's competition rank (1 = best).

    Scores equal to SCORE_DECIMALS share the best of their places (1, 2, 2, 4), as in the
    ranking itself; the sort keeps equal scores in place order. NaN ranks last.
    """
    keyed = _place_keys(scores, order)
    if keyed is None:
        laid = scores if order is None else scores[:, order]
        return _float_sorted_ranks(laid)
    keys, bits = keyed
    keys.sort(axis=1)  # distinct keys: any sort is the stable one
    sorted_places = keys & ((1 << bits) - 1)
    keys >>= bits
    return sorted_places, _scatter_ranks(sorted_places, competition_rank_rows(keys)[0])


def _place_keys(
    scores: FloatArray, order: NDArray[np.integer[Any]] | None
) -> tuple[IntArray, int] | None:
    """One int64 per cell ordering as (−round(score, SCORE_DECIMALS), place), NaN last, and the
    number of low bits that hold the place; None when a score is infinite or too large for
    that to be exact (the caller then sorts the rounded floats)."""
    width = scores.shape[1]
    if scores.size == 0:
        return None
    bits = (width - 1).bit_length()
    units = np.multiply(scores, _UNITS)
    units += _ROUNDER
    units -= _ROUNDER
    missing = np.isnan(units)
    has_missing = bool(missing.any())
    if has_missing and bool(missing.all()):
        return None
    low = float(np.nanmin(units) if has_missing else units.min())
    high = float(np.nanmax(units) if has_missing else units.max())
    if max(-low, high) >= _EXACT_UNITS or (high - low + 2) * 2**bits >= 2**62:
        return None
    np.subtract(high, units, out=units)  # best first; exact: integers below 2⁵³
    if has_missing:
        units[missing] = high - low + 1
    keys = units.astype(np.int64)
    keys <<= bits
    place = np.arange(width, dtype=np.int64)
    if order is not None:
        place[np.asarray(order)] = np.arange(width, dtype=np.int64)
    keys += place
    return keys, bits


def _scatter_ranks(sorted_places: NDArray[np.integer[Any]], shared: IntArray) -> IntArray:
    """Ranks by place from the ranks in sorted order: one flat scatter, no index grids."""
    rows, width = shared.shape
    ranks = np.empty((rows, width), dtype=np.int64)
    flat = sorted_places + (np.arange(rows, dtype=np.intp) * width)[:, None]
    ranks.ravel()[flat.ravel()] = shared.ravel()
    return ranks


def _float_sorted_ranks(scores: FloatArray) -> tuple[IntArray, IntArray]:
    """sorted_ranks by a stable sort of the rounded floats (columns in place order)."""
    keyed = np.where(np.isnan(scores), np.inf, -np.round(scores, SCORE_DECIMALS))
    order = np.argsort(keyed, axis=1, kind="stable").astype(np.int64)
    shared = competition_rank_rows(np.take_along_axis(keyed, order, axis=1))[0]
    return order, _scatter_ranks(order, shared)


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


def _level_constant(n: int, bit: int) -> int:
    """What the sum of the inclusive 1-counts at level ``bit`` exceeds the level's inversions
    by: the 1s themselves, the 2^bit 1s of each earlier group, and the 1s before each 1."""
    places = np.arange(n, dtype=np.int64)
    ones = int(((places >> bit) & 1).sum())
    earlier = int(((places >> (bit + 1)) << bit).sum())
    return ones + earlier + _ones_before_in_group(n, bit)


def _destinations(n: int, bit: int) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Per place at level ``bit``: where a 0 goes, less the 1s up to it, and where a 1 goes,
    less the 1s up to and including it (the group's 0s first, then its 1s, each stably)."""
    places = np.arange(n, dtype=np.int64)
    group = places >> (bit + 1)
    earlier = group << bit  # the 1s of the earlier groups: 2^bit per full group
    first_one = np.minimum((group << (bit + 1)) + (1 << bit), n)
    return (places + earlier).astype(np.int32), (first_one - earlier - 1).astype(np.int32)


_PAIRWISE_BITS = 3
"""The lowest levels of ``inversions``, counted by comparing every pair within each group of 8
consecutive values: 28 comparisons of an eighth of the row each, cheaper than three more
passes of running counts and scatters (8.1 → 7.2 ms a slice of 36 × 7,199)."""


Level = tuple[int, int, NDArray[np.int32], NDArray[np.int32]]


@functools.lru_cache(maxsize=4)
def _levels(n: int) -> tuple[Level, ...]:
    """Per bit split by a running count, highest first, down to ``_PAIRWISE_BITS`` (the bits
    below are counted within groups): the bit, its ``_level_constant``, where a 0 goes and how
    much further a 1 goes (``_destinations``); the same for every block of samples of n
    candidates."""
    found = []
    for bit in reversed(range(_PAIRWISE_BITS, (n - 1).bit_length())):
        to_zero, to_one = _destinations(n, bit)
        further = to_one - to_zero
        to_zero.flags.writeable = further.flags.writeable = False  # shared by the cache
        found.append((bit, _level_constant(n, bit), to_zero, further))
    return tuple(found)


def inversions(permutations: NDArray[np.integer[Any]]) -> IntArray:
    """Per row (a permutation of 0..n−1), the pairs i < j with row[i] > row[j].

    Radix partition from the highest bit down. Once a row is grouped stably by the bits above
    b, the values of a group are one run of consecutive values, so each group's places follow
    from the place alone; within a group a pair is inverted at bit b when a 1 comes before a
    0. The level's inversions are the 1s before each 0: the running count of 1s summed over
    the row, less a constant (``_level_constant``); then each group is split stably into its
    0s and its 1s by one scatter. The last three levels are counted at once by comparing the
    pairs inside each group of 8 (``_within_groups``). ⌈log₂ n⌉ linear passes: O(n log n) per
    row, every row at once, in int32, memory a few arrays of the input's size.
    """
    rows, n = permutations.shape
    counts: IntArray = np.zeros(rows, dtype=np.int64)
    if n < 2 or rows == 0:
        return counts
    if n >= 1 << 31:
        raise ValueError("at most 2³¹ − 1 candidates")
    values = np.array(permutations, dtype=np.int32, order="C")
    ones, running, target, split = (np.empty_like(values) for _ in range(4))
    flat = np.empty(values.shape, dtype=np.intp)
    offsets = (np.arange(rows, dtype=np.intp) * n)[:, None]
    row_sum = np.int32 if n * n < 1 << 31 else np.int64  # a row's sum is below n²
    for bit, constant, to_zero, further in _levels(n):
        np.right_shift(values, bit, out=ones)
        np.bitwise_and(ones, 1, out=ones)
        np.cumsum(ones, axis=1, out=running)
        counts += running.sum(axis=1, dtype=row_sum) - constant
        # a 0 goes to to_zero − running, a 1 to to_zero + further + running, without np.where
        np.multiply(running, 2, out=target)
        target += further
        target *= ones
        target += to_zero
        target -= running
        np.add(target, offsets, out=flat)
        split.ravel()[flat.ravel()] = values.ravel()
        values, split = split, values
    counts += _within_groups(values)
    return counts


def _within_groups(values: NDArray[np.int32]) -> IntArray:
    """Per row grouped by ``value >> _PAIRWISE_BITS`` (each group of 8 consecutive values on 8
    consecutive places, the last one shorter), the pairs inverted inside the groups."""
    rows, n = values.shape
    size = 1 << _PAIRWISE_BITS
    groups = -(-n // size)
    padded = np.empty((rows, groups * size), dtype=np.int32)
    padded[:, :n] = values
    padded[:, n:] = np.arange(n, groups * size, dtype=np.int32)  # after all, in order
    # (rows, place in the group, group): each place of every group one contiguous row
    laid = np.ascontiguousarray(padded.reshape(rows, groups, size).transpose(0, 2, 1))
    found = np.zeros((rows, groups), dtype=np.uint8)  # at most 28 a group
    for first in range(size - 1):
        for second in range(first + 1, size):
            found += laid[:, first] > laid[:, second]
    within: IntArray = found.sum(axis=1, dtype=np.int64)
    return within


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


_PENDING_CELLS = 1 << 20  # ranks held before selecting: 4 MiB, whatever the candidates


class RankTally:
    """Per candidate, over the samples: times first, times in the top k, the sum of its ranks, and
    its 5th and 95th percentile ranks.

    A percentile is an order statistic: the 5th is the L-th smallest of a candidate's S ranks
    (L = ⌈5S/100⌉), the 95th the H-th largest (H = S − ⌈95S/100⌉ + 1), so only the L smallest
    and the H largest ranks seen are kept per candidate. They live in one pool allocated once,
    a row per candidate: the L smallest, the H largest, then up to 2²⁰ ranks in all waiting
    (memory n · (S/10 + 2²⁰/n) ranks, instead of a rank histogram of n · n, which is kept
    instead when it is the smaller, S > 10 n). When the pool is full, two partitions in place
    select again: the L smallest of the row, then the H largest of the rest. Selecting from
    the kept largest too changes nothing: they are other samples than the kept smallest, none
    below them, so the L smallest values of the row are those of the smallest and the waiting
    alone (and the same for the largest). The percentiles are read once all S samples are in.
    """

    def __init__(self, n: int, samples: int, k: int) -> None:
        self.k = k
        self.samples = samples
        self.low_count = (5 * samples + 99) // 100
        self.high_count = samples - (95 * samples + 99) // 100 + 1
        self.first = np.zeros(n, dtype=np.int64)
        self.top = np.zeros(n, dtype=np.int64)
        self.rank_sum = np.zeros(n, dtype=np.int64)
        kept = self.low_count + self.high_count
        # counts (at most the samples, 10⁶) fit int32: 4n² bytes, less than the pool's 4n(L + H)
        self.histogram = np.zeros((n, n), dtype=np.int32) if kept > n else None
        waiting = max(1, _PENDING_CELLS // max(n, 1))
        rows = 0 if self.histogram is not None else n
        self._pool = np.empty((rows, kept + waiting), dtype=np.int32)
        self._used = 0  # columns of the pool holding ranks
        self._selected = 0  # of which the first hold the kept smallest and largest

    def add(self, ranks: IntArray) -> None:
        """Count one block of samples (samples × candidates, ranks 1..n)."""
        self.first += (ranks == 1).sum(axis=0)
        self.top += (ranks <= self.k).sum(axis=0)
        self.rank_sum += ranks.sum(axis=0)
        n = ranks.shape[1]
        if self.histogram is not None:
            flat = (np.arange(n)[None, :] * n + (ranks - 1)).ravel()
            np.add.at(self.histogram.reshape(-1), flat, 1)  # no n² temporary per block
            return
        width = self._pool.shape[1]
        done = 0
        while done < len(ranks):
            if self._used == width:
                self._select()
            take = min(len(ranks) - done, width - self._used)
            self._pool[:, self._used : self._used + take] = ranks[done : done + take].T
            self._used += take
            done += take

    def _select(self) -> None:
        """Keep the L smallest and the H largest ranks of each row, in its first columns (two
        partitions in place); fewer than L + H ranks are all kept as they are."""
        low, high = self.low_count, self.high_count
        if self._used < low + high or self._used == self._selected:
            return
        pool = self._pool[:, : self._used]
        pool.partition(low - 1, axis=1)
        rest = pool[:, low:]
        rest.partition(rest.shape[1] - high, axis=1)
        self._pool[:, low : low + high] = rest[:, rest.shape[1] - high :]
        self._used = self._selected = low + high

    def _percentiles(self) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
        low, high = self.low_count, self.high_count
        if self._used >= low + high:
            self._select()
            kept = self._pool[:, : low + high]
            return kept[:, :low].max(axis=1), kept[:, low:].min(axis=1)
        seen = self._pool[:, : self._used]  # fewer ranks than L + H: the two sets overlap
        smallest = np.partition(seen, low - 1, axis=1)[:, low - 1]
        largest = np.partition(seen, self._used - high, axis=1)[:, self._used - high]
        return smallest, largest

    @property
    def rank_p5(self) -> IntArray:
        """The 5th percentile rank of each candidate."""
        if self.histogram is not None:
            return self._from_histogram(5)
        return np.asarray(self._percentiles()[0], dtype=np.int64)

    @property
    def rank_p95(self) -> IntArray:
        """The 95th percentile rank of each candidate."""
        if self.histogram is not None:
            return self._from_histogram(95)
        return np.asarray(self._percentiles()[1], dtype=np.int64)

    def _from_histogram(self, percent: int) -> IntArray:
        assert self.histogram is not None
        if self.histogram.shape[0] == 0:  # no candidate ranked: nothing to report
            return np.zeros(0, dtype=np.int64)
        cumulative = np.cumsum(self.histogram, axis=1)
        found: IntArray = np.argmax(cumulative * 100 >= percent * self.samples, axis=1) + 1
        return found
