"""What is known and what is not: criterion scores with the prior, coverage, intervals, tiers.

The policy (docs/scoring.md): an unknown part of a criterion counts as the prior ``p``
(``unknowns.prior``, at most 0.5); *coverage* is the share of the weight whose parts are known;
the *interval* is the total with every unknown part at 0 and at 1; below ``unknowns.min_coverage``
a candidate gets no rank and no tier ("insufficient evidence"). Every caller — pair path, batch
engine, explain — evaluates blocks here, so they agree by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from partnerfit.model import Unknowns
from partnerfit.scoring.criteria import (
    CRITERIA_SPECS,
    Pairing,
    Parts,
    evaluate,
    evaluate_in_place,
    evaluate_value,
)
from partnerfit.scoring.encode import EncodedSide
from partnerfit.scoring.linalg import matmul

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Index = tuple[NDArray[np.int64] | slice, ...]
"""Pairs of a block: ``(rows, cols)`` of a grid, ``(positions,)`` of listed pairs (or of a
grid's ``raveled`` scores), or ``(slice(None),)``: every pair of those, without a gather."""

SCORE_DECIMALS = 9
"""Scores (0..100) equal to this many decimals tie, and ties break by id, everywhere."""

SHOWN_DECIMALS = 1
"""Scores are shown with one decimal; tiers are banded on the score so rounded."""


def shown(score: float) -> float:
    """The score as every output shows it (one decimal)."""
    return round(score, SHOWN_DECIMALS)


def _bands(tiers: Mapping[str, float]) -> list[tuple[str, float]]:
    """The tiers, highest threshold first (ties of threshold by label)."""
    return sorted(tiers.items(), key=lambda item: (-item[1], item[0]))


def tier_for(score: float | None, tiers: Mapping[str, float]) -> str | None:
    """The highest band the score *as shown* reaches (round first, then band), else None."""
    if score is None:
        return None
    value = shown(score)
    for label, threshold in _bands(tiers):
        if value >= threshold:
            return label
    return None


def tiers_for(scores: FloatArray, tiers: Mapping[str, float]) -> NDArray[np.object_]:
    """``tier_for`` of every score at once: the label, or None (also for NaN).

    numpy rounds halves to even on the binary value where Python's ``round`` is exact on the
    decimal, so the few scores within 1e-6 of a half are rounded by ``shown`` one by one.
    """
    rounded = np.round(scores, SHOWN_DECIMALS)
    scaled = scores * 10**SHOWN_DECIMALS
    for position in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        rounded[position] = shown(float(scores[position]))
    labels = np.full(scores.shape, None, dtype=object)
    done = np.isnan(rounded)
    for label, threshold in _bands(tiers):
        reached = ~done & (rounded >= threshold)
        labels[reached] = label
        done |= reached
    return labels


def sufficient(coverage: FloatArray, min_coverage: float) -> NDArray[np.bool_]:
    """Where enough of the weight is known for a rank and a tier: coverage > 0 and at least
    ``min_coverage`` (compared at SCORE_DECIMALS, so that rounding error cannot decide)."""
    rounded = np.round(coverage, SCORE_DECIMALS)
    ok: NDArray[np.bool_] = (rounded > 0) & (rounded >= min_coverage)
    return ok


@dataclass(frozen=True)
class BlockScores:
    """Focal rows × candidates, every criterion evaluated with the unknown policy.

    ``values`` holds each criterion's score as counted (unknown parts at the prior);
    ``total`` and ``coverage`` are weighted over the criteria (0..1). ``unknown_parts`` keeps,
    per criterion, which parts are unknown (bit 0: the first, bit 1: the second) and
    ``nonlinear_parts`` the raw parts of the criteria that are not linear in them, so that
    ``criteria_at`` and ``bounds`` give any pairs' detail without scoring the block again (and
    without a pass over the whole block for pairs that are not kept).
    """

    values: list[FloatArray]
    total: FloatArray
    coverage: FloatArray
    unknown_parts: list[NDArray[np.uint8]]
    nonlinear_parts: dict[int, Parts]
    prior: float

    def raveled(self) -> BlockScores:
        """The same scores with every array laid flat (views where they are contiguous), so
        that pairs of a grid are found by one flat index, ``(row · width + column,)``: one
        take per array instead of a two-array gather."""

        def flat(array: NDArray[Any]) -> NDArray[Any]:
            return array.reshape(-1)

        return BlockScores(
            values=[flat(v) for v in self.values],
            total=flat(self.total),
            coverage=flat(self.coverage),
            unknown_parts=[flat(u) for u in self.unknown_parts],
            nonlinear_parts={
                k: tuple(flat(p) for p in parts) for k, parts in self.nonlinear_parts.items()
            },
            prior=self.prior,
        )

    def criteria_at(self, at: Index) -> list[FloatArray]:
        """Each criterion's score of the pairs at ``at`` (``(rows, cols)`` of a grid,
        ``(positions,)`` of listed pairs or of ``raveled`` scores, ``(slice(None),)`` for every
        pair of those), NaN where nothing about the criterion is known."""
        return [
            np.where(flags[at] == 3, np.nan, value[at])
            for value, flags in zip(self.values, self.unknown_parts, strict=True)
        ]

    def criterion(self, k: int) -> FloatArray:
        """Criterion ``k``'s score over the whole block, NaN where nothing about it is known."""
        full: FloatArray = np.where(self.unknown_parts[k] == 3, np.nan, self.values[k])
        return full

    def bounds(self, at: Index, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Weighted-sum totals (0..1) of the pairs at ``at`` with every unknown part at 0
        and at 1 (``at`` may be ``(slice,)`` of ``raveled`` scores: every pair, no gather)."""
        # a slice picks a view (its size is the view's); an index array, one pair per entry
        size = self.total[at].size if isinstance(at[0], slice) else len(at[0])
        low, high = np.zeros(size), np.zeros(size)
        for k, (weight, spec) in enumerate(zip(weights.tolist(), CRITERIA_SPECS, strict=True)):
            if not weight:
                continue
            if k in self.nonlinear_parts:
                parts = tuple(p[at] for p in self.nonlinear_parts[k])
                result = evaluate(spec, parts, self.prior)
                low += weight * result.low
                high += weight * result.high
                continue
            value = self.values[k][at]
            flags = self.unknown_parts[k][at]
            missing = spec.shares[0] * (flags & 1) + spec.shares[1] * (flags >> 1)
            low += weight * (value - self.prior * missing)
            high += weight * (value + (1 - self.prior) * missing)
        return low, high


def _flags(parts: Parts) -> NDArray[np.uint8]:
    first, second = np.isnan(parts[0]).view(np.uint8), np.isnan(parts[1]).view(np.uint8)
    return (first | (second << 1)).astype(np.uint8, copy=False)


def score_block(
    focal: EncodedSide, cand: EncodedSide, on: Pairing, unknowns: Unknowns, weights: FloatArray
) -> BlockScores:
    """Every criterion for the pairs ``on`` names (a ``Grid`` of focal rows × every candidate,
    or listed ``Pairs``), one criterion at a time (so that a block holds one criterion's parts,
    not all of them)."""
    shape = on.shape(len(focal.profiles), len(cand.profiles))
    prior = unknowns.prior
    total, unknown = np.zeros(shape), np.zeros(shape)
    values, flags = [], []
    nonlinear: dict[int, Parts] = {}
    for k, (weight, spec) in enumerate(zip(weights.tolist(), CRITERIA_SPECS, strict=True)):
        parts = spec.parts(focal, cand, on)
        if spec.linear:
            value, missing, unknown_parts = evaluate_in_place(spec, parts, prior)
        else:
            nonlinear[k] = parts
            value, missing = evaluate_value(spec, parts, prior)
            unknown_parts = _flags(parts)
        flags.append(np.broadcast_to(unknown_parts, shape))
        values.append(np.broadcast_to(value, shape))
        if weight:
            total += weight * value
            unknown += weight * missing
    return BlockScores(values, total, 1 - unknown, flags, nonlinear, prior)


def dealbreaker_block(focal: EncodedSide, rows: slice, cand: EncodedSide) -> BoolArray:
    """True where either side's dealbreakers rule the pair out."""
    n_rows = len(range(*rows.indices(len(focal.profiles))))
    if not (focal.has_dealbreakers or cand.has_dealbreakers):
        return np.zeros((n_rows, len(cand.profiles)), dtype=bool)
    hits = matmul(focal.banned[rows], cand.held.T) + matmul(focal.held[rows], cand.banned.T)
    return hits > 0
