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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from partnerfit.decide.rank_samples import (
    SCORE_DECIMALS,
    RankTally,
    inversions,
    ranks_of,
    sorted_ranks,
)
from partnerfit.errors import UsageError
from partnerfit.io.records import quick_init
from partnerfit.io.threads import in_order, usable_cores
from partnerfit.model import CRITERIA
from partnerfit.scoring.card import Weights
from partnerfit.scoring.methods import BATCH_METHODS

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DEFAULT_SPREAD = 0.2
DEFAULT_TOP_K = 3
MAX_SAMPLES = 1_000_000
_CHUNK = 1_000
_WORK_CELLS = 1 << 18  # sample × candidate cells ranked at once: 2 MiB per float64 array
_SLACK = 8
"""Slices ranked ahead of the tally beyond one per thread (2 MiB of ranks each): the threads
run on while the tally selects its kept ranks, once every 2²⁰ ranks."""
_GRID = 400
_REFINEMENTS = 5  # each narrows the bracket 64-fold: 1/400 -> about 2e-12
_REFINE_POINTS = 65
_FLIP_DECIMALS = 6


@quick_init  # built by the thousand: see io/records.py
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
        return self._by_id.get(candidate_id)

    @cached_property
    def _by_id(self) -> dict[str, CandidateRobustness]:
        # every renderer looks up each of thousands of candidates: one index, not a scan each
        # (reversed: the first of an id wins, as a scan finds it)
        return {entry.candidate_id: entry for entry in reversed(self.candidates)}


MIN_SPREAD = 1e-3
"""The smallest spread sampled: κ = 10⁶ − 1, weights that move by less than 0.1 % of √(w(1−w))."""


def concentration_for(spread: float) -> float:
    """Dirichlet concentration κ = 1/P² − 1 for spread P in [MIN_SPREAD, 1)."""
    if isinstance(spread, bool) or not isinstance(spread, int | float):
        raise TypeError(f"spread must be a number, not {type(spread).__name__}")
    if not (math.isfinite(spread) and MIN_SPREAD <= spread < 1):
        # below MIN_SPREAD 1/P² overflows or the weights would not move at all: a mistake
        shown = repr(float(spread)).removesuffix(".0")  # every digit: 0.00099999 is not 0.001
        raise UsageError(f"--spread must be at least {MIN_SPREAD:g} and below 1, not {shown}")
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
) -> tuple[RankTally, float]:
    """Draw the samples in chunks, rank the candidates under each, tally ranks and Kendall τ.

    The tally follows ``order`` (the baseline order): each sample's scores are sorted once with
    the candidates in that order, which gives both the ranks and the permutation whose
    inversions are the pairs the sample reverses. Chunks of ``_CHUNK`` samples keep the random
    stream and the τ sums as they always were; each chunk is ranked in slices of at most
    ``_WORK_CELLS`` sample × candidate cells so that memory stays linear in the number of
    candidates. Slices are ranked on every usable core (sorting and the inversion count release
    the interpreter) and tallied in order, so the result does not depend on the thread count.
    """
    n = len(order)
    tally = RankTally(n, samples, k)
    pairs = n * (n - 1) // 2
    if not n:
        return tally, 1.0

    def rank(piece: tuple[bool, FloatArray]) -> tuple[bool, IntArray, IntArray | None]:
        last_of_chunk, weights = piece
        # scored in id order (TOPSIS sums over candidates), ranked in baseline order
        sorted_order, ranks = sorted_ranks(aggregate(values, weights), order)
        return last_of_chunk, ranks, inversions(sorted_order) if pairs else None

    tau_total = 0.0
    discordant: list[IntArray] = []
    slices = _weight_slices(base, samples, seed, spread, max(1, _WORK_CELLS // n))
    ranked = in_order(rank, slices, usable_cores(), _SLACK)
    for last_of_chunk, ranks, counts in ranked:
        tally.add(ranks)
        if counts is not None:
            discordant.append(counts)
        if last_of_chunk and discordant:  # τ summed per chunk, as it always was
            tau_total += float((1 - 2 * np.concatenate(discordant) / pairs).sum())
            discordant = []
    return tally, (tau_total / samples if pairs else 1.0)


def _weight_slices(
    base: FloatArray, samples: int, seed: int, spread: float, rows: int
) -> Iterator[tuple[bool, FloatArray]]:
    """The sampled weight vectors, drawn a chunk at a time and handed out ``rows`` at a time,
    each slice with whether it ends its chunk."""
    rng = np.random.default_rng(seed)
    for done in range(0, samples, _CHUNK):
        drawn = sample_weights(base, min(_CHUNK, samples - done), spread, rng)
        for start in range(0, len(drawn), rows):
            yield start + rows >= len(drawn), drawn[start : start + rows]


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
    # the columns as Python numbers first: one conversion per column, not per candidate
    # (a count over the samples divided in float64 is the same double as in Python)
    entries = [
        CandidateRobustness(
            candidate_id=ids[index],
            baseline_rank=rank,
            p_first=p_first,
            p_top_k=p_top_k,
            rank_p5=low,
            rank_p95=high,
            mean_rank=mean_rank,
        )
        for index, rank, p_first, p_top_k, low, high, mean_rank in zip(
            order.tolist(),
            baseline[order].tolist(),
            (tally.first / samples).tolist(),
            (tally.top / samples).tolist(),
            rank_p5.tolist(),
            rank_p95.tolist(),
            (tally.rank_sum / samples).tolist(),
            strict=True,
        )
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
    # the first of the best, as ranks_of would find it, without sorting every row
    keyed = np.where(np.isnan(scores), np.inf, -np.round(scores, SCORE_DECIMALS))
    first = np.argmin(keyed, axis=1).astype(np.int64)
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


_CONTENDER_MARGIN = 1e-9
"""A candidate this far (0..1 totals) below the leader at both ends of a weighted-sum segment
stays below it all along (the difference is linear in the weight), whatever the rounding."""


def _contenders(
    values: FloatArray, base: FloatArray, j: int, end: float, method: str, leader: int
) -> IntArray:
    """The candidates (ascending, the leader among them) that may reach the leader's score while
    weight ``j`` moves from its value to ``end``: for the weighted sum those not clearly below it
    at both ends, for the other methods (not linear in the weights) every candidate.

    Dropping the others changes no winner: one strictly ahead of the leader is never dropped,
    and the first of the best keeps its place among those kept.
    """
    every: IntArray = np.arange(len(values), dtype=np.int64)
    if method != "weighted-sum":
        return every
    ends = BATCH_METHODS[method](values, moved_weights(base, j, np.array([base[j], end])))
    near: NDArray[np.bool_] = np.any(
        ends > ends[:, leader : leader + 1] - _CONTENDER_MARGIN, axis=0
    )
    near[leader] = True
    return every[near]


def _gaps(
    values: FloatArray, base: FloatArray, j: int, end: float, method: str, leader: int
) -> FloatArray | None:
    """Each candidate's score less the leader's at both ends of the segment (2 × candidates),
    for the weighted sum, where the difference is linear in the weight; None for the others."""
    if method != "weighted-sum":
        return None
    ends = BATCH_METHODS[method](values, moved_weights(base, j, np.array([base[j], end])))
    gaps: FloatArray = ends - ends[:, leader : leader + 1]
    return gaps


def _near_within(gaps: FloatArray, fractions: FloatArray, leader: int) -> IntArray:
    """The candidates (ascending, the leader among them) not clearly below the leader anywhere
    between two fractions of the way along the segment.

    The gap at a fraction is interpolated between the ends: the computed scores stray from that
    line by a few units in the 16th digit, far inside the margin. As in ``_contenders``,
    dropping the others changes no winner.
    """
    low, high = gaps[0] + (gaps[1] - gaps[0]) * fractions[:, None]
    near: NDArray[np.bool_] = np.maximum(low, high) > -_CONTENDER_MARGIN
    near[leader] = True
    return np.flatnonzero(near).astype(np.int64)


_GRID_BLOCK = 25
"""Grid points searched at once: the search stops at the first block where the leader loses,
and each block scores only the candidates that may reach the leader within it."""


def _first_flip(
    values: FloatArray, base: FloatArray, j: int, end: float, method: str, leader: int
) -> tuple[float, int] | None:
    start = float(base[j])
    if start == end:
        return None
    if end == 0.0 and not np.any(np.delete(base, j)):
        # the only weighted criterion: its weight t alone ranks alike for every t > 0, and at 0
        # no criterion would be weighted
        return None
    among = _contenders(values, base, j, end, method, leader)
    kept, kept_leader = values[among], int(np.searchsorted(among, leader))
    gaps = _gaps(kept, base, j, end, method, kept_leader)

    def winners_at(points: FloatArray) -> IntArray:
        weights = moved_weights(base, j, points)
        if gaps is None:  # not linear in the weights: every candidate, as at the ends
            chosen: IntArray = among[_winners(kept, weights, method, kept_leader)]
            return chosen
        inside = _near_within(gaps, (points[[0, -1]] - start) / (end - start), kept_leader)
        if len(inside) == 1:  # the leader alone: nobody can pass it here
            return np.full(len(points), leader, dtype=np.int64)
        first = int(np.searchsorted(inside, kept_leader))
        found: IntArray = among[inside[_winners(kept[inside], weights, method, first)]]
        return found

    grid = np.linspace(start, end, _GRID + 1)
    # blocks pay only where they narrow the candidates; otherwise the grid at once, as it was
    block = _GRID_BLOCK if gaps is not None else len(grid)
    hi_index = _first_change(grid, winners_at, leader, block)
    if hi_index is None:
        return None
    if hi_index == 0:
        return None  # the leader is not first at its own weights: nothing to flip
    lo, hi = float(grid[hi_index - 1]), float(grid[hi_index])
    for _ in range(_REFINEMENTS):
        fine = np.linspace(lo, hi, _REFINE_POINTS)
        flipped = np.nonzero(winners_at(fine) != leader)[0]
        # The bracket's far end flipped, so a first flipped point after the start exists.
        k = int(flipped[0]) if flipped.size and flipped[0] > 0 else _REFINE_POINTS - 1
        lo, hi = float(fine[k - 1]), float(fine[k])
    # Report a round number just past the boundary, if the flip still holds there.
    scale = 10**_FLIP_DECIMALS
    rounded = math.ceil(hi * scale) / scale if end > start else math.floor(hi * scale) / scale
    rounded = min(max(rounded, 0.0), 1.0)
    winner = int(winners_at(np.array([rounded]))[0])
    if winner == leader:
        rounded = hi
        winner = int(winners_at(np.array([hi]))[0])
    return rounded, winner


def _first_change(
    grid: FloatArray, winners_at: Callable[[FloatArray], IntArray], leader: int, block: int
) -> int | None:
    """The index of the first grid point where another candidate is first, a block at a time."""
    for start in range(0, len(grid), block):
        changed = np.nonzero(winners_at(grid[start : start + block]) != leader)[0]
        if changed.size:
            return start + int(changed[0])
    return None


def _override(weights: Weights, criterion: str, flip: float) -> float | None:
    """The ``--weight criterion=X`` that, with the other given weights unchanged, gives ``flip``."""
    if weights.source == "ranking-order-centroid":
        return None  # --weight cannot be combined with --weights-from-ranking
    given = dict(weights.given)
    total = sum(given.values())
    rest = total - given[criterion]
    if flip >= 1.0 or rest <= 0:
        return None
    exact = float(flip * rest / (1 - flip))
    if not math.isfinite(exact):
        return None  # given weights near the largest float: no finite weight says it
    # rounded away from the current weight, so that the printed value still flips: to six
    # decimals, or finer for weights that add up to less than a thousandth (to a millionth of
    # a thousandth of their total; 10⁻⁷-sized weights rounded to 10⁻⁶ overshot several times)
    decimals = _FLIP_DECIMALS + max(0, -3 - math.floor(math.log10(total)))
    scale = float(10**decimals)
    if not math.isfinite(exact * scale):
        return exact  # far past 2⁵³ millionths: six decimals change nothing
    if exact > given[criterion]:
        return round(math.ceil(exact * scale) / scale, decimals)
    return round(math.floor(exact * scale) / scale, decimals)
