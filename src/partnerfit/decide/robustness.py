"""Robustness of a ranking: Monte Carlo over weights, rank agreement, and the flip point.

Sampling scheme (documented in docs/ranking-and-robustness.md): each sample is a weight
vector drawn from a Dirichlet distribution centred on the baseline weights w, with
concentration κ = 1/P² − 1 for spread P, so that each weight has mean wᵢ and standard
deviation P·√(wᵢ(1 − wᵢ)).
Criteria with weight 0 stay at 0. Every sample ranks the candidates scored at the baseline
weights (before --top and --min-score), with ties broken by id as in the ranking itself.

Flip point: for the leader, each weight in turn is moved from wⱼ to t (0..1) with the others
rescaled in proportion so the weights still sum to 1; the flip point is the t nearest to wⱼ
at which another candidate scores strictly higher (a tie broken by id is not a change of
order): found on a grid, then on finer grids inside the bracket.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA
from partnerfit.scoring.card import Weights
from partnerfit.scoring.coverage import SCORE_DECIMALS as ranking_decimals
from partnerfit.scoring.methods import BATCH_METHODS

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DEFAULT_SPREAD = 0.2
DEFAULT_TOP_K = 3
MAX_SAMPLES = 1_000_000
# scoring.SCORE_DECIMALS applies to 0..100 scores; these totals are 0..1, so two more
SCORE_DECIMALS = ranking_decimals + 2
_CHUNK = 1_000
_WORK_CELLS = 1 << 18  # sample × candidate cells ranked at once: 2 MiB per float64 array
_GRID = 400
_REFINEMENTS = 5  # each narrows the bracket 64-fold: 1/400 -> about 2e-12
_REFINE_POINTS = 65
_FLIP_DECIMALS = 6


@dataclass(frozen=True)
class CandidateRobustness:
    """How one candidate's rank moves when the weights are perturbed."""

    candidate_id: str
    baseline_rank: int
    p_first: float
    p_top_k: float
    rank_p5: int
    rank_p95: int
    mean_rank: float


@dataclass(frozen=True)
class FlipPoint:
    """The change of one weight at which the leader loses first place, and to whom."""

    criterion: str
    weight: float
    flip_weight: float
    overtaker_id: str
    weight_override: float | None

    @property
    def change(self) -> float:
        """Signed change of the (normalised) weight, flip_weight − weight."""
        return self.flip_weight - self.weight


@dataclass(frozen=True)
class RobustnessReport:
    """The result of a robustness analysis of one ranking."""

    method: str
    samples: int
    seed: int
    spread: float
    concentration: float
    top_k: int
    leader_id: str | None
    candidates: tuple[CandidateRobustness, ...]
    mean_kendall_tau: float
    flip_point: FlipPoint | None
    flip_points: tuple[FlipPoint, ...]
    scheme: str = "dirichlet"

    def get(self, candidate_id: str) -> CandidateRobustness | None:
        """The robustness of one candidate, or None when it was not in the analysis."""
        for entry in self.candidates:
            if entry.candidate_id == candidate_id:
                return entry
        return None


MIN_SPREAD = 1e-3
"""The smallest spread sampled: κ = 10⁶ − 1, weights that move by less than 0.1 % of √(w(1−w))."""


def concentration_for(spread: float) -> float:
    """Dirichlet concentration κ = 1/P² − 1 for spread P in (0, 1)."""
    if isinstance(spread, bool) or not isinstance(spread, int | float):
        raise TypeError(f"spread must be a number, not {type(spread).__name__}")
    if not (math.isfinite(spread) and 0 < spread < 1):
        raise UsageError(f"--spread must be between 0 and 1 (exclusive), not {spread:g}")
    if spread < MIN_SPREAD:
        # 1/P² overflows or the weights would not move at all: a mistake, not a question
        raise UsageError(f"--spread must be at least {MIN_SPREAD:g}, not {spread!r}")
    return 1 / spread**2 - 1


def sample_weights(
    weights: FloatArray, samples: int, spread: float, rng: np.random.Generator
) -> FloatArray:
    """Draw weight vectors (samples × criteria) from a Dirichlet centred on ``weights``."""
    base = np.asarray(weights, dtype=np.float64)
    alpha = base / base.sum() * concentration_for(spread)
    positive = alpha > 0
    draws = rng.standard_gamma(np.where(positive, alpha, 1.0), size=(samples, base.size))
    draws = np.where(positive, draws, 0.0)
    totals = draws.sum(axis=1, keepdims=True)
    # A row of all-zero draws is possible only in theory (tiny alphas): fall back to the base.
    fallback = np.broadcast_to(base / base.sum(), draws.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        normalised = draws / totals
    return np.where(totals > 0, normalised, fallback)


def ranks_of(scores: FloatArray) -> IntArray:
    """Competition ranks (1 = best) per row of a (samples × candidates) score array.

    Scores equal to SCORE_DECIMALS share the best of their places (1, 2, 2, 4), as in the
    ranking itself, so that two candidates tied in a sample both count as, say, first. NaN
    ranks last.
    """
    keyed = np.where(np.isnan(scores), np.inf, -np.round(scores, SCORE_DECIMALS))
    order = np.argsort(keyed, axis=1, kind="stable")
    ordered = np.take_along_axis(keyed, order, axis=1)
    width = scores.shape[1]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    places = np.broadcast_to(np.arange(1, width + 1), order.shape)
    shared = np.maximum.accumulate(np.where(starts, places, 0), axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, shared, axis=1)
    return ranks.astype(np.int64)


def _discordant_pairs(ranks_in_baseline_order: IntArray) -> IntArray:
    """Per row, the pairs i < j whose order the row reverses (inversions of a permutation;
    shared ranks are first made one, ties in baseline order, so a tied pair is not reversed).

    Radix partition from the highest bit of the rank down. The ranks of a row are 1..n, so the
    ranks that agree on the bits above b form one run of consecutive values, and once the row is
    grouped by those bits each group's place and size follow from the value alone. Within a
    group a pair is inverted at bit b when a 1 comes before a 0: the level's inversions are the
    1s before each 0 (one cumulative sum); then each group is split stably into its 0s and 1s.
    ⌈log₂ n⌉ linear passes: O(n log n) per row, every row at once, memory a few arrays of the
    input's size.
    """
    rows, n = ranks_in_baseline_order.shape
    counts: IntArray = np.zeros(rows, dtype=np.int64)
    if n < 2 or rows == 0:
        return counts
    # shared (competition) ranks become a permutation, ties kept in baseline order: a pair the
    # row ties is not reversed
    order = np.argsort(ranks_in_baseline_order, axis=1, kind="stable")
    permutation = np.empty_like(order)
    np.put_along_axis(permutation, order, np.broadcast_to(np.arange(n), order.shape), axis=1)
    kind = np.int32 if rows * n < 2**31 else np.int64
    values: NDArray[Any] = permutation.astype(kind).ravel()
    index = np.arange(values.size, dtype=kind)
    row_start = np.repeat(np.arange(rows, dtype=kind) * n, n)
    row_number = np.repeat(np.arange(rows, dtype=kind), n)
    for bit in reversed(range((n - 1).bit_length())):
        half = 1 << bit
        ones = (values >> bit) & 1
        group = (values >> (bit + 1)) << (bit + 1)  # the group's first value
        # 1s before the group in its row: every earlier group is full (2^b ones); rows before
        # hold the count of values below n with this bit set
        ones_per_row = (n >> (bit + 1)) * half + max(0, (n & (2 * half - 1)) - half)
        before: NDArray[Any] = np.cumsum(ones, dtype=kind)
        before -= ones
        ones_before = before - row_number * ones_per_row - (group >> 1)
        counts += np.where(ones == 0, ones_before, 0).reshape(rows, n).sum(axis=1)
        zeros_in_group = np.minimum(half, n - group)
        target = np.where(
            ones == 1, row_start + group + zeros_in_group + ones_before, index - ones_before
        )
        values[target] = values
    return counts


def kendall_tau(baseline: Sequence[int], other: Sequence[int]) -> float:
    """Kendall τ between two tie-free rankings of the same candidates (1.0 for fewer than 2)."""
    a = np.asarray(baseline, dtype=np.int64)
    b = np.asarray(other, dtype=np.int64)
    n = a.size
    if n < 2:
        return 1.0
    order = np.argsort(a, kind="stable")
    pairs = n * (n - 1) // 2
    discordant = int(_discordant_pairs(b[order][None, :])[0])
    return 1 - 2 * discordant / pairs


class _RankTally:
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


def _check(method: str, samples: int, top_k: int, seed: int) -> None:
    if method not in BATCH_METHODS:
        raise UsageError(f"unknown method `{method}`; choose from {', '.join(BATCH_METHODS)}")
    if isinstance(samples, bool) or not isinstance(samples, int):
        raise TypeError(f"samples must be a whole number (int), not {type(samples).__name__}")
    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"--robustness must be between 1 and {MAX_SAMPLES:,}, not {samples}")
    if top_k < 1:
        raise UsageError("the top k for robustness must be at least 1")
    if seed < 0:
        raise UsageError(f"the seed must be a whole number >= 0, not {seed}")


def _sample_ranks(
    values: FloatArray,
    base: FloatArray,
    aggregate: Callable[[FloatArray, FloatArray], FloatArray],
    order: IntArray,
    samples: int,
    seed: int,
    spread: float,
    k: int,
) -> tuple[_RankTally, float]:
    """Draw the samples in chunks, rank the candidates under each, tally ranks and Kendall τ.

    Chunks of ``_CHUNK`` samples keep the random stream and the τ sums as they always were;
    each chunk is ranked in slices of at most ``_WORK_CELLS`` sample × candidate cells so
    that memory stays linear in the number of candidates.
    """
    n = len(order)
    rng = np.random.default_rng(seed)
    tally = _RankTally(n, samples, k)
    pairs = n * (n - 1) // 2
    slice_rows = max(1, _WORK_CELLS // max(1, n))
    tau_total = 0.0
    done = 0
    while done < samples and n:
        size = min(_CHUNK, samples - done)
        drawn = sample_weights(base, size, spread, rng)
        discordant = np.zeros(size, dtype=np.int64)
        for start in range(0, size, slice_rows):
            ranks = ranks_of(aggregate(values, drawn[start : start + slice_rows]))
            tally.add(ranks)
            if pairs:
                discordant[start : start + slice_rows] = _discordant_pairs(ranks[:, order])
        if pairs:
            tau_total += float((1 - 2 * discordant / pairs).sum())
        done += size
    return tally, (tau_total / samples if pairs else 1.0)


def assess_robustness(
    matrix: FloatArray,
    candidate_ids: Sequence[str],
    weights: Weights,
    *,
    method: str = "weighted-sum",
    samples: int = 1_000,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    top_k: int = DEFAULT_TOP_K,
) -> RobustnessReport:
    """Sample weights around ``weights`` and report how the ranking of the candidates moves."""
    _check(method, samples, top_k, seed)
    kappa = concentration_for(spread)
    by_id = sorted(range(len(candidate_ids)), key=lambda i: candidate_ids[i])
    ids = [candidate_ids[i] for i in by_id]
    values = np.asarray(matrix, dtype=np.float64).reshape(len(ids), len(CRITERIA))[by_id]
    n = len(ids)
    base = weights.vector()
    aggregate = BATCH_METHODS[method]
    baseline = ranks_of(aggregate(values, base[None, :]))[0] if n else np.zeros(0, np.int64)
    order = np.argsort(baseline, kind="stable")
    k = min(top_k, n) if n else top_k
    tally, mean_tau = _sample_ranks(values, base, aggregate, order, samples, seed, spread, k)
    rank_p5, rank_p95 = tally.rank_p5, tally.rank_p95
    entries = [
        CandidateRobustness(
            candidate_id=ids[index],
            baseline_rank=int(baseline[index]),
            p_first=float(tally.first[index]) / samples,
            p_top_k=float(tally.top[index]) / samples,
            rank_p5=int(rank_p5[index]),
            rank_p95=int(rank_p95[index]),
            mean_rank=float(tally.rank_sum[index]) / samples,
        )
        for index in order.tolist()
    ]
    leader = int(order[0]) if n else None
    flips = _flip_points(values, ids, weights, method, leader) if leader is not None else ()
    nearest = min(flips, key=lambda f: (abs(f.change), CRITERIA.index(f.criterion)), default=None)
    return RobustnessReport(
        method=method,
        samples=samples,
        seed=seed,
        spread=spread,
        concentration=kappa,
        top_k=k,
        leader_id=ids[leader] if leader is not None else None,
        candidates=tuple(entries),
        mean_kendall_tau=mean_tau,
        flip_point=nearest,
        flip_points=flips,
    )


def moved_weights(base: FloatArray, criterion: int, values: FloatArray) -> FloatArray:
    """Weight vectors with criterion ``criterion`` set to each value, the others in proportion."""
    rest = base.copy()
    rest[criterion] = 0.0
    rest_total = rest.sum()
    t = np.asarray(values, dtype=np.float64)[:, None]
    others = rest[None, :] / rest_total if rest_total > 0 else np.zeros_like(rest)[None, :]
    moved = (1 - t) * others
    moved[:, criterion] = t[:, 0]
    return moved


def _winners(values: FloatArray, weight_rows: FloatArray, method: str, leader: int) -> IntArray:
    """Per weight row, who ranks first; the leader keeps first place unless someone strictly
    beats it (a tie broken by id is not a change of order)."""
    scores = np.round(BATCH_METHODS[method](values, weight_rows), SCORE_DECIMALS)
    first = np.argmin(ranks_of(scores), axis=1).astype(np.int64)
    ahead = scores.max(axis=1) > scores[:, leader]
    winners: IntArray = np.where(ahead, first, leader)
    return winners


def _flip_points(
    values: FloatArray, ids: Sequence[str], weights: Weights, method: str, leader: int
) -> tuple[FlipPoint, ...]:
    if len(ids) < 2:
        return ()
    base = weights.vector()
    found: list[FlipPoint] = []
    for j, name in enumerate(CRITERIA):
        best: tuple[float, int] | None = None
        for end in (1.0, 0.0):
            hit = _first_flip(values, base, j, end, method, leader)
            if hit is not None and (best is None or abs(hit[0] - base[j]) < abs(best[0] - base[j])):
                best = hit
        if best is not None:
            flip, winner = best
            found.append(
                FlipPoint(
                    criterion=name,
                    weight=float(base[j]),
                    flip_weight=flip,
                    overtaker_id=ids[winner],
                    weight_override=_override(weights, name, flip),
                )
            )
    return tuple(found)


def _first_flip(
    values: FloatArray, base: FloatArray, j: int, end: float, method: str, leader: int
) -> tuple[float, int] | None:
    start = float(base[j])
    if start == end:
        return None
    grid = np.linspace(start, end, _GRID + 1)
    winners = _winners(values, moved_weights(base, j, grid), method, leader)
    changed = np.nonzero((winners != leader) & (winners >= 0))[0]
    if changed.size == 0:
        return None
    hi_index = int(changed[0])
    if hi_index == 0:
        return None  # the leader is not first at its own weights: nothing to flip
    lo, hi = float(grid[hi_index - 1]), float(grid[hi_index])
    for _ in range(_REFINEMENTS):
        fine = np.linspace(lo, hi, _REFINE_POINTS)
        winners = _winners(values, moved_weights(base, j, fine), method, leader)
        flipped = np.nonzero((winners != leader) & (winners >= 0))[0]
        # The bracket's far end flipped, so a first flipped point after the start exists.
        k = int(flipped[0]) if flipped.size and flipped[0] > 0 else _REFINE_POINTS - 1
        lo, hi = float(fine[k - 1]), float(fine[k])
    # Report a round number just past the boundary, if the flip still holds there.
    scale = 10**_FLIP_DECIMALS
    rounded = math.ceil(hi * scale) / scale if end > start else math.floor(hi * scale) / scale
    rounded = min(max(rounded, 0.0), 1.0)
    winner = int(_winners(values, moved_weights(base, j, np.array([rounded])), method, leader)[0])
    if winner in (leader, -1):
        rounded = hi
        winner = int(_winners(values, moved_weights(base, j, np.array([hi])), method, leader)[0])
    return rounded, winner


def _override(weights: Weights, criterion: str, flip: float) -> float | None:
    """The ``--weight criterion=X`` that, with the other given weights unchanged, gives ``flip``."""
    if weights.source == "ranking-order-centroid":
        return None  # --weight cannot be combined with --weights-from-ranking
    given = dict(weights.given)
    rest = sum(given.values()) - given[criterion]
    if flip >= 1.0 or rest <= 0:
        return None
    exact = float(flip * rest / (1 - flip))
    # rounded away from the current weight, so that the printed value still flips
    scale = float(10**_FLIP_DECIMALS)
    if exact > given[criterion]:
        return math.ceil(exact * scale) / scale
    return math.floor(exact * scale) / scale
