"""Criterion weights from stakeholders' pairwise judgements: the Analytic Hierarchy Process.

The arithmetic is small pure functions over numpy arrays; ``analyse_judgements`` applies them
to a validated judgements file.

A judgement matrix ``A`` is n × n with ``A[i, j]`` = how many times criterion i is as important
as criterion j, ``A[j, i] = 1 / A[i, j]``, ones on the diagonal and NaN where a pair was not
judged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.model.judgements import Judgements
from partnerfit.scoring.linalg import matmul

FloatArray = NDArray[np.float64]

SAATY_RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
"""Saaty's random indices (The Analytic Hierarchy Process, 1980, table 1.7): the mean CI of
random reciprocal matrices of order n."""

MAX_CRITERIA = max(SAATY_RANDOM_INDEX)
CR_THRESHOLD = 0.10
"""Saaty's limit: above it the judgements should be revisited."""

SAATY_SCALE: tuple[float, ...] = tuple(
    [1 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)]
)


def judgement_matrix(n: int, judgements: list[tuple[int, int, float]]) -> FloatArray:
    """The reciprocal matrix of (i, j, a_ij) judgements; NaN where a pair is not judged."""
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for i, j, value in judgements:
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    return matrix


def is_connected(matrix: FloatArray) -> bool:
    """True when the judged pairs link every criterion to every other (priorities are unique)."""
    n = int(matrix.shape[0])
    seen = {0}
    frontier = [0]
    known = ~np.isnan(matrix)
    while frontier:
        row = frontier.pop()
        for col in np.flatnonzero(known[row]).tolist():
            if col not in seen:
                seen.add(col)
                frontier.append(col)
    return len(seen) == n


def harker_matrix(matrix: FloatArray) -> FloatArray:
    """Harker's (1987) matrix: a missing entry becomes 0 and adds 1 to its row's diagonal."""
    missing = np.isnan(matrix)
    out = np.where(missing, 0.0, matrix)
    out[np.diag_indices_from(out)] += missing.sum(axis=1)
    return out


def principal_eigen(matrix: FloatArray) -> tuple[float, FloatArray]:
    """The Perron root and its eigenvector normalised to sum 1, of a matrix with a positive one."""
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return float(values[k].real), vector / vector.sum()


def priorities(matrix: FloatArray) -> tuple[FloatArray, float]:
    """Priority vector and λmax: Saaty's eigenvector, Harker's for an incomplete matrix.

    Harker's eigenvector equals the eigenvector of the matrix completed with ``w_i / w_j``,
    and so does its eigenvalue, so that CI and CR keep their meaning for incomplete sets.
    """
    if np.isnan(matrix).any():
        return _swap(principal_eigen(harker_matrix(matrix)))
    return _swap(principal_eigen(matrix))


def _swap(pair: tuple[float, FloatArray]) -> tuple[FloatArray, float]:
    return pair[1], pair[0]


def consistency(lambda_max: float, n: int) -> tuple[float, float]:
    """Saaty's consistency index (λmax − n)/(n − 1) and ratio CI / RI(n); both 0 for n ≤ 2."""
    if n <= 2:
        return 0.0, 0.0
    ci = max(0.0, (lambda_max - n) / (n - 1))  # rounding can put λmax a hair below n
    return ci, ci / SAATY_RANDOM_INDEX[n]


def completed(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """The matrix with each missing entry filled with the consistent ``w_i / w_j``."""
    ratios = weights[:, None] / weights[None, :]
    return np.where(np.isnan(matrix), ratios, matrix)


@dataclass(frozen=True)
class Culprit:
    """The judgement whose change lowers inconsistency most, and the value that does it."""

    row: int
    col: int
    given: float
    consistent: float
    cr_after: float


def most_inconsistent(matrix: FloatArray) -> Culprit | None:
    """The judged pair that contributes most to inconsistency, or None when there is none.

    Each judgement is left out in turn (Harker's method over the rest): the one whose removal
    lowers λmax most contributes most; ``w_i / w_j`` of the priorities without it is the value
    that, put in its place, gives exactly that lower λmax. A judgement that alone links two
    groups of criteria cannot be inconsistent with anything and is skipped.
    """
    n = matrix.shape[0]
    _, lambda_max = priorities(matrix)
    best: Culprit | None = None
    best_lambda = lambda_max
    for i in range(n):
        for j in range(i + 1, n):
            if math.isnan(matrix[i, j]):
                continue
            trial = matrix.copy()
            trial[i, j] = trial[j, i] = np.nan
            if not is_connected(trial):
                continue
            weights, trial_lambda = priorities(trial)
            if trial_lambda < best_lambda - 1e-9:
                best_lambda = trial_lambda
                best = Culprit(
                    row=i,
                    col=j,
                    given=float(matrix[i, j]),
                    consistent=float(weights[i] / weights[j]),
                    cr_after=consistency(trial_lambda, n)[1],
                )
    return best


def nearest_scale_value(value: float) -> float:
    """The value of Saaty's 1–9 scale (or its reciprocal) nearest on a log scale."""
    return min(SAATY_SCALE, key=lambda s: abs(math.log(s) - math.log(value)))


def scale_text(value: float) -> str:
    """A judgement as people write it: ``3``, ``1/5``, or ``2.4`` off the scale."""
    if value >= 1:
        rounded = round(value)
        return str(rounded) if abs(value - rounded) < 1e-9 else f"{value:.3g}"
    inverse = 1 / value
    rounded = round(inverse)
    return f"1/{rounded}" if abs(inverse - rounded) < 1e-9 else f"1/{inverse:.3g}"


def normalised_votes(votes: FloatArray) -> FloatArray:
    """Votes scaled to sum 1."""
    shares: FloatArray = votes / votes.sum()
    return shares


def aggregate_judgements(matrices: list[FloatArray], votes: FloatArray) -> FloatArray:
    """AIJ: each entry the vote-weighted geometric mean over those who judged that pair.

    The geometric mean is the only mean that keeps the group matrix reciprocal (Aczél and
    Saaty 1983); votes are renormalised over the stakeholders who judged each pair.
    """
    stack = np.stack(matrices)
    known = ~np.isnan(stack)
    weight = np.where(known, votes[:, None, None], 0.0)
    total = weight.sum(axis=0)
    logs = np.where(known, np.log(np.where(known, stack, 1.0)), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weight * logs).sum(axis=0) / total
    return np.where(total > 0, np.exp(mean), np.nan)


def aggregate_priorities(vectors: FloatArray, votes: FloatArray) -> FloatArray:
    """AIP: the vote-weighted geometric mean of individual priority vectors, normalised.

    The geometric mean makes the group's ratio w_i / w_j the weighted geometric mean of the
    individual ratios, which is what a ratio scale calls for.
    """
    shares = normalised_votes(votes)
    logs = np.log(vectors)
    mean = np.exp(matmul(shares, logs))
    result: FloatArray = mean / mean.sum()
    return result


def _entropy(p: FloatArray) -> float:
    positive = p[p > 0]
    return float(-(positive * np.log(positive)).sum())


def consensus(vectors: FloatArray, votes: FloatArray) -> float:
    """Relative homogeneity of the stakeholders' priorities: 1 identical, 0 fully apart.

    Shannon entropy is split into α (within a stakeholder, vote-weighted mean) and γ (of the
    vote-weighted mean priorities); β = γ − α measures how far they differ (Jost 2006, as in
    Goepel's AHP consensus indicator). With D = exp(β) and its largest possible value
    D_max = min(exp(H(votes)), n), consensus = (1/D − 1/D_max) / (1 − 1/D_max).
    """
    shares = normalised_votes(votes)
    n = vectors.shape[1]
    alpha = float(sum(s * _entropy(v) for s, v in zip(shares, vectors, strict=True)))
    gamma = _entropy(matmul(shares, vectors))
    d_max = min(math.exp(_entropy(shares)), float(n))
    if d_max <= 1 + 1e-12:
        return 1.0  # one stakeholder (or one with every vote) agrees with itself
    d_beta = math.exp(max(0.0, gamma - alpha))
    return max(0.0, min(1.0, (1 / d_beta - 1 / d_max) / (1 - 1 / d_max)))


CONSENSUS_WORDS: tuple[tuple[float, str], ...] = (
    (0.85, "very high"),
    (0.75, "high"),
    (0.65, "moderate"),
    (0.50, "low"),
    (0.0, "very low"),
)
"""Goepel's (2013) bands for the AHP consensus indicator."""


def consensus_words(value: float) -> str:
    """The consensus in words."""
    for floor, words in CONSENSUS_WORDS:
        if value >= floor:
            return words
    return CONSENSUS_WORDS[-1][1]


def compatibility(matrix: FloatArray, weights: FloatArray) -> float:
    """Saaty's compatibility index of judgements with a priority vector: mean of a_ij·w_j/w_i.

    1 when the judgements are exactly the ratios of the vector; Saaty takes up to 1.1 as
    compatible. Only judged entries (and the diagonal) count.
    """
    known = ~np.isnan(matrix)
    ratios = np.where(known, matrix, 0.0) * (weights[None, :] / weights[:, None])
    return float(ratios.sum() / known.sum())


COMPATIBILITY_THRESHOLD = 1.1


# --------------------------------------------------------------------------- a judgements file

GroupMethod = Literal["aij", "aip"]
GROUP_METHODS: tuple[GroupMethod, ...] = ("aij", "aip")


@dataclass(frozen=True)
class Adjustment:
    """The judgement that contributes most to inconsistency, with the value that helps most."""

    more: str
    less: str
    given: float
    consistent: float
    nearest_scale: float
    cr_after: float


@dataclass(frozen=True)
class PriorityResult:
    """Priorities by criterion from one judgement matrix, with its consistency."""

    weights: Mapping[str, float]
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    judged: int
    possible: int
    method: str
    adjustment: Adjustment | None

    @property
    def acceptable(self) -> bool:
        """True when CR is at most Saaty's 0.10."""
        return self.cr <= CR_THRESHOLD + 1e-12


@dataclass(frozen=True)
class StakeholderResult:
    """One stakeholder's priorities, vote and agreement with the group."""

    name: str
    vote: float
    share: float
    result: PriorityResult
    compatibility: float


@dataclass(frozen=True)
class WeightsAnalysis:
    """Everything ``partnerfit weights`` reports for a judgements file."""

    title: str | None
    source: str
    criteria: tuple[str, ...]
    stakeholders: tuple[StakeholderResult, ...]
    aij: PriorityResult
    aip: Mapping[str, float]
    consensus: float
    consensus_words: str
    group_method: GroupMethod

    @property
    def group_weights(self) -> Mapping[str, float]:
        """The group weights of the chosen method."""
        return self.aij.weights if self.group_method == "aij" else self.aip

    @property
    def warnings(self) -> tuple[str, ...]:
        """Sentences about inconsistent judgements and low agreement."""
        out = []
        for person in self.stakeholders:
            if not person.result.acceptable:
                out.append(
                    f"{person.name}: CR {person.result.cr:.3f} is above {CR_THRESHOLD:.2f}; "
                    "the judgements should be revisited"
                )
        if not self.aij.acceptable:
            out.append(f"group (AIJ): CR {self.aij.cr:.3f} is above {CR_THRESHOLD:.2f}")
        if len(self.stakeholders) > 1 and self.consensus < 0.65:
            out.append(
                f"consensus {100 * self.consensus:.0f}% is {self.consensus_words}: discuss the "
                "criteria where the stakeholders differ before using the group weights"
            )
        return tuple(out)

    def describe_source(self) -> str:
        """Where the group weights come from, in one line (shown beside weights elsewhere)."""
        method = "AIJ" if self.group_method == "aij" else "AIP"
        people = len(self.stakeholders)
        cr = f", group CR {self.aij.cr:.2f}" if self.group_method == "aij" else ""
        return (
            f"AHP {method} of {people} stakeholder{'s' if people != 1 else ''} "
            f"from {self.source}{cr}, consensus {100 * self.consensus:.0f}%"
        )


def priority_result(matrix: FloatArray, criteria: Sequence[str]) -> PriorityResult:
    """Priorities, consistency and the most inconsistent judgement of one matrix."""
    n = matrix.shape[0]
    weights, lambda_max = priorities(matrix)
    ci, cr = consistency(lambda_max, n)
    judged = int((~np.isnan(matrix)).sum() - n) // 2
    adjustment = None
    culprit = most_inconsistent(matrix) if cr > 1e-9 else None
    if culprit is not None:
        adjustment = Adjustment(
            more=criteria[culprit.row],
            less=criteria[culprit.col],
            given=culprit.given,
            consistent=culprit.consistent,
            nearest_scale=nearest_scale_value(culprit.consistent),
            cr_after=culprit.cr_after,
        )
    return PriorityResult(
        weights=dict(zip(criteria, weights.tolist(), strict=True)),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        random_index=SAATY_RANDOM_INDEX[n],
        judged=judged,
        possible=n * (n - 1) // 2,
        method="eigenvector" if judged == n * (n - 1) // 2 else "harker",
        adjustment=adjustment,
    )


def stakeholder_matrix(
    criteria: Sequence[str], judgements: Sequence[tuple[str, str, float]]
) -> FloatArray:
    """One stakeholder's judgements as a matrix over ``criteria`` (in that order)."""
    where = {name: i for i, name in enumerate(criteria)}
    return judgement_matrix(
        len(criteria), [(where[a], where[b], float(v)) for a, b, v in judgements]
    )


def analyse_judgements(
    judgements: Judgements, source: str, group_method: GroupMethod = "aij"
) -> WeightsAnalysis:
    """Priorities per stakeholder and for the group (AIJ and AIP), consistency and consensus."""
    criteria = judgements.criteria
    matrices = [stakeholder_matrix(criteria, s.judgements) for s in judgements.stakeholders]
    votes = np.array([s.weight for s in judgements.stakeholders], dtype=np.float64)
    shares = normalised_votes(votes)
    individual = [priority_result(m, criteria) for m in matrices]
    vectors = np.array([[r.weights[c] for c in criteria] for r in individual])
    group_matrix = aggregate_judgements(matrices, votes)
    aij = priority_result(group_matrix, criteria)
    aip = aggregate_priorities(vectors, votes)
    group_vector = np.array([aij.weights[c] for c in criteria])
    people = tuple(
        StakeholderResult(
            name=s.name,
            vote=s.weight,
            share=float(share),
            result=result,
            compatibility=compatibility(matrix, group_vector),
        )
        for s, share, result, matrix in zip(
            judgements.stakeholders, shares.tolist(), individual, matrices, strict=True
        )
    )
    agreement = consensus(vectors, votes)
    return WeightsAnalysis(
        title=judgements.title,
        source=source,
        criteria=tuple(criteria),
        stakeholders=people,
        aij=aij,
        aip=dict(zip(criteria, aip.tolist(), strict=True)),
        consensus=agreement,
        consensus_words=consensus_words(agreement),
        group_method=group_method,
    )
