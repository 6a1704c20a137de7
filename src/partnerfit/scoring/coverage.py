"""What is known and what is not: criterion scores with the prior, coverage, intervals, tiers.

The policy (docs/scoring.md): an unknown part of a criterion counts as the prior ``p``
(``unknowns.prior``, at most 0.5); *coverage* is the share of the weight whose parts are known;
the *interval* is the total with every unknown part at 0 and at 1; below ``unknowns.min_coverage``
a candidate gets no rank and no tier ("insufficient evidence"). Every caller — pair path, batch
engine, explain — evaluates blocks here, so they agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from partnerfit.model import Unknowns
from partnerfit.scoring.criteria import (
    CRITERIA_SPECS,
    Criterion,
    Parts,
    combine,
    criterion_parts,
    known_share,
)
from partnerfit.scoring.encode import EncodedSide

FloatArray = NDArray[np.float64]

SCORE_DECIMALS = 9
"""Scores (0..100) equal to this many decimals tie, and ties break by id, everywhere."""

SHOWN_DECIMALS = 1
"""Scores are shown with one decimal; tiers are banded on the score so rounded."""


def shown(score: float) -> float:
    """The score as every output shows it (one decimal)."""
    return round(score, SHOWN_DECIMALS)


def tier_for(score: float | None, tiers: Mapping[str, float]) -> str | None:
    """The highest band the score *as shown* reaches (round first, then band), else None."""
    if score is None:
        return None
    value = shown(score)
    for label, threshold in sorted(tiers.items(), key=lambda item: (-item[1], item[0])):
        if value >= threshold:
            return label
    return None


def sufficient(coverage: FloatArray, min_coverage: float) -> NDArray[np.bool_]:
    """Where enough of the weight is known for a rank and a tier: coverage > 0 and at least
    ``min_coverage`` (compared at SCORE_DECIMALS, so that rounding error cannot decide)."""
    rounded = np.round(coverage, SCORE_DECIMALS)
    ok: NDArray[np.bool_] = (rounded > 0) & (rounded >= min_coverage)
    return ok


@dataclass(frozen=True)
class BlockScores:
    """Focal rows × candidates: the raw parts of every criterion (NaN = unknown).

    Scores, totals and coverage are computed from the parts on demand, one criterion at a time,
    so that a block holds the parts and little else.
    """

    parts: list[Parts]
    prior: float

    def scores(self) -> list[FloatArray]:
        """Each criterion's score, unknown parts counted at the prior."""
        return [
            combine(spec, p, self.prior) for spec, p in zip(CRITERIA_SPECS, self.parts, strict=True)
        ]

    def known(self) -> list[FloatArray]:
        """Each criterion's known share (0..1)."""
        return [known_share(spec, p) for spec, p in zip(CRITERIA_SPECS, self.parts, strict=True)]

    def total(self, weights: FloatArray) -> FloatArray:
        """Weighted-sum totals in 0..1 (unknown parts at the prior)."""
        return _accumulate(self.parts, weights, lambda spec, p: combine(spec, p, self.prior))

    def coverage(self, weights: FloatArray) -> FloatArray:
        """Share of the weight whose parts are known, 0..1."""
        return _accumulate(self.parts, weights, known_share)


def _accumulate(
    parts: list[Parts], weights: FloatArray, value: Callable[[Criterion, Parts], FloatArray]
) -> FloatArray:
    shape = np.broadcast_shapes(*(p.shape for criterion in parts for p in criterion))
    out = np.zeros(shape)
    for weight, spec, criterion in zip(weights.tolist(), CRITERIA_SPECS, parts, strict=True):
        if weight:
            out += weight * value(spec, criterion)
    return out


def _weighted(columns: Sequence[FloatArray], weights: FloatArray) -> FloatArray:
    out = np.zeros(np.broadcast_shapes(*(c.shape for c in columns)))
    for weight, column in zip(weights.tolist(), columns, strict=True):
        if weight:
            out += weight * column
    return out


def score_block(
    focal: EncodedSide, rows: slice, cand: EncodedSide, unknowns: Unknowns
) -> BlockScores:
    """Every criterion's parts for focal rows × every candidate, with the unknown policy."""
    return BlockScores(parts=criterion_parts(focal, rows, cand), prior=unknowns.prior)


def gather(parts: list[Parts], rows: NDArray[np.intp], cols: NDArray[np.intp]) -> list[Parts]:
    """The parts of the pairs (rows[i], cols[i]) only, as 1-D arrays."""
    return [tuple(part[rows, cols] for part in criterion) for criterion in parts]


def criterion_bounds(parts: list[Parts]) -> tuple[list[FloatArray], list[FloatArray]]:
    """Each criterion with its unknown parts at 0 (low) and at 1 (high)."""
    low = [combine(spec, p, 0.0) for spec, p in zip(CRITERIA_SPECS, parts, strict=True)]
    high = [combine(spec, p, 1.0) for spec, p in zip(CRITERIA_SPECS, parts, strict=True)]
    return low, high


def total_bounds(parts: list[Parts], weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Weighted-sum totals (0..1) with every unknown part at 0 and at 1."""
    low, high = criterion_bounds(parts)
    return _weighted(low, weights), _weighted(high, weights)


def unknown_criteria(known: Sequence[float], names: Sequence[str]) -> tuple[str, ...]:
    """Names of the criteria with no known part."""
    return tuple(name for name, share in zip(names, known, strict=True) if share == 0)
