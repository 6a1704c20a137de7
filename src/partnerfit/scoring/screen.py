"""A float32 screen of the weighted totals: which pairs could be among a focal's best.

``compare --top-k`` keeps a few pairs per focal out of thousands. Scoring every pair exactly
(``coverage.score_block``) costs several float64 passes per part; the screen instead writes each
pair's total, in float32, as a few sparse products (focal side sparse, candidate side dense)
and a few elementwise passes:

- every part that is linear in one side's features once the other side's denominator is folded
  into it (value views, complementarity's mean of directions, cadence, shared language,
  reputation), the prior of every unknown part and the class penalties below: one product;
- complementarity's ``−⅙|forward − backward|`` (its OWA form, with unknown directions at the
  prior): one product and an absolute value;
- the Jaccard and reach parts (themes, metrics, regions, audiences): one product each and a
  division.

Pairs that cannot be ranked carry a penalty that puts them far below every rankable pair:
``EXCLUDED_PENALTY`` per dealbreaker hit, ``INSUFFICIENT_PENALTY`` when the coverage (exact,
from a table over which fields each side states) is below ``unknowns.min_coverage``. A rankable
pair's screen is within ``margin`` (on the 0..100 scale) of its exact total, so a caller that
scores exactly every pair within ``2·margin`` of the cut keeps exactly the pairs the exact
totals would. No score in any output comes from the screen (docs/scale.md states the bound).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray

from partnerfit.model import CADENCES, Unknowns
from partnerfit.scoring.coverage import score_block, sufficient
from partnerfit.scoring.criteria import (
    CERTIFICATIONS_FOR_FULL_MARKS,
    COMPLEMENTARITY_LOWER_WEIGHT,
    CRITERIA_SPECS,
    Pairs,
)
from partnerfit.scoring.encode import MAX_LEVEL, EncodedSide, Features
from partnerfit.scoring.linalg import matmul

FloatArray = NDArray[np.float64]
Block = NDArray[np.float32]
IntArray = NDArray[np.int64]

EXCLUDED_PENALTY = 1e6
"""Subtracted (0..100 scale) per dealbreaker hit: an excluded pair's screen is ≤ 100 − 1e6."""
INSUFFICIENT_PENALTY = 1e3
"""Subtracted (0..100 scale) when the evidence is insufficient: such a screen is ≤ 100 − 1e3."""
EXCLUDED_BELOW = -EXCLUDED_PENALTY / 2
"""A screen at or below this is an excluded pair."""
INSUFFICIENT_BELOW = -INSUFFICIENT_PENALTY / 2
"""A screen at or below this (and above ``EXCLUDED_BELOW``) has insufficient evidence."""

VALUES, COMPLEMENTARITY, GOALS, MARKETS, REPUTATION, COMMUNICATION = range(6)
"""Positions of the criteria in ``CRITERIA_SPECS`` (and in the weight vector)."""

ALL = slice(None)
"""Every candidate."""

UNIT = 2.0**-24
"""float32's unit roundoff."""
SLACK_TERMS = 64
"""Roundings beyond the products' terms: feature scaling, divisions, the passes adding parts."""
SAFETY = 4
"""The margin is this many times the error bound."""


def _scaled(features: Features, per_row: FloatArray) -> Features:
    """Each row of ``features`` times its factor (float32)."""
    out: Features = features * per_row.astype(np.float32)[:, None]
    return out


def _sparse_rows(dense: Block) -> sparse.csr_matrix:
    """``dense`` (float32) as compressed rows, in one scan."""
    rows, cols = np.nonzero(dense)
    indptr = np.zeros(dense.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=dense.shape[0]), out=indptr[1:])
    return sparse.csr_matrix((dense[rows, cols], cols, indptr), shape=dense.shape)


def _inverse(counts: FloatArray, scale: float) -> FloatArray:
    """``scale / counts``, 0 where the count is 0 (the part is then unknown: it counts via the
    prior term, and its features are all zero)."""
    safe = np.where(counts > 0, counts, 1.0)
    return np.where(counts > 0, scale / safe, 0.0)


def _known(values: FloatArray) -> FloatArray:
    return np.where(np.isnan(values), 0.0, values)


@dataclass(frozen=True)
class _Product:
    """Focal rows (sparse) times candidate columns (dense, features × candidates)."""

    focal: sparse.csr_matrix
    cand: Block

    @staticmethod
    def of(
        focal_blocks: list[NDArray[np.floating]], cand_blocks: list[NDArray[np.floating]]
    ) -> _Product:
        """Focal blocks (focals × features) and candidate blocks (candidates × features),
        each side's blocks side by side (the candidates' are kept transposed, float32)."""
        width = sum(block.shape[1] for block in focal_blocks)
        focal = np.empty((focal_blocks[0].shape[0], width), dtype=np.float32)
        cand = np.empty((cand_blocks[0].shape[0], width), dtype=np.float32)
        start = 0
        for focal_block, cand_block in zip(focal_blocks, cand_blocks, strict=True):
            stop = start + focal_block.shape[1]
            focal[:, start:stop] = focal_block
            cand[:, start:stop] = cand_block
            start = stop
        return _Product(_sparse_rows(focal), np.ascontiguousarray(cand.T))

    def rows(self, rows: slice, cols: slice = ALL) -> Block:
        """The product of focal ``rows`` × candidates ``cols``."""
        cand = self.cand if cols == ALL else np.ascontiguousarray(self.cand[:, cols])
        out: Block = np.asarray(self.focal[rows] @ cand, dtype=np.float32)  # scipy.sparse: no BLAS
        return out

    def most_terms(self) -> int:
        """The most nonzero terms of any focal row (bounds the rounding of the sums)."""
        if self.focal.shape[0] == 0:
            return 0
        return int(np.diff(self.focal.indptr).max())


@dataclass(frozen=True)
class _Ratio:
    """One Jaccard part ``I / (a + b − I)`` or reach part ``(b − I) / (a + b − I)``, times its
    weight, with I = focal·candidate overlap and a, b the sides' counts. A focal that states
    nothing counts as a = ∞, so that the part is 0 (its prior is in the linear product)."""

    product: _Product
    focal_count: Block
    cand_count: Block
    coef: np.float32
    reach: bool

    def add_to(self, total: Block, rows: slice, cols: slice) -> None:
        inter = self.product.rows(rows, cols)
        a, b = self.focal_count[rows][:, None], self.cand_count[cols][None, :]
        if self.reach:
            part = b - inter
            den = part + a
        else:
            den = a + b
            den -= inter
            part = inter
        np.divide(part, den, out=part)
        part *= self.coef
        total += part


def _ratio(
    focal: Features,
    cand: Features,
    focal_count: FloatArray,
    cand_count: FloatArray,
    coef: float,
    reach: bool,
) -> _Ratio:
    return _Ratio(
        _Product.of([focal], [cand]),
        np.where(focal_count > 0, focal_count, np.inf).astype(np.float32),
        cand_count.astype(np.float32),
        np.float32(coef),
        reach,
    )


def _pattern_ids(flags: NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """(pattern id of every row, first row of every pattern) of a rows × bits flag matrix."""
    packed = np.packbits(flags, axis=1, bitorder="little")
    _, first, ids = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    return ids.ravel().astype(np.int64), first.astype(np.int64)


def _focal_flags(side: EncodedSide) -> NDArray[np.bool_]:
    """Which fields a profile states, as a focal (every field a focal's parts look at)."""
    return np.column_stack(
        [
            side.value_total > 0,
            side.need_total > 0,
            side.level_count > 0,
            side.theme_count > 0,
            side.metric_count > 0,
            side.region_count > 0,
            side.audience_count > 0,
            side.language_count > 0,
            ~np.isnan(side.cadence),
        ]
    )


def _cand_flags(side: EncodedSide) -> NDArray[np.bool_]:
    """Which fields a profile states, as a candidate (its own reputation too)."""
    return np.column_stack(
        [
            _focal_flags(side),
            ~np.isnan(side.rating),
            side.certification_count > 0,
        ]
    )


def coverage_table(
    focal: EncodedSide, cand: EncodedSide, unknowns: Unknowns, weights: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """(focal pattern ids, candidate pattern ids, coverage of every pattern pair).

    Coverage depends only on which fields each side states, so it is scored exactly — by
    ``score_block`` itself — for one pair of profiles per pair of patterns.
    """
    focal_ids, focal_first = _pattern_ids(_focal_flags(focal))
    cand_ids, cand_first = _pattern_ids(_cand_flags(cand))
    rows = np.repeat(np.arange(len(focal_first)), len(cand_first))
    cols = np.tile(np.arange(len(cand_first)), len(focal_first))
    sides = _counts_only(focal, focal_first), _counts_only(cand, cand_first)
    scores = score_block(*sides, Pairs(rows, cols), unknowns, weights)
    table = scores.coverage.reshape(len(focal_first), len(cand_first))
    return focal_ids, cand_ids, table


def _counts_only(side: EncodedSide, rows: IntArray) -> EncodedSide:
    """The profiles at ``rows`` of ``side`` without tag columns: coverage depends only on
    which fields are stated (the counts), and overlaps over no columns cost nothing."""
    changes: dict[str, object] = {"profiles": tuple(side.profiles[i] for i in rows.tolist())}
    for field in dataclasses.fields(side):
        value = getattr(side, field.name)
        if isinstance(value, np.ndarray):
            changes[field.name] = value[rows][:, :0] if value.ndim == 2 else value[rows]
    return dataclasses.replace(side, **changes)  # type: ignore[arg-type]  # fields as given


def _one_hot(ids: IntArray, width: int) -> Block:
    out = np.zeros((len(ids), width), dtype=np.float32)
    known = ids >= 0
    out[np.flatnonzero(known), ids[known]] = 1.0
    return out


def _cadence_blocks(focal: EncodedSide, cand: EncodedSide, coef: float) -> tuple[Block, Block]:
    """Cadence closeness ``1 − steps/4`` as one-hot focal × (cadences × candidates) table."""
    states = len(CADENCES)
    focal_ids = np.where(np.isnan(focal.cadence), -1, focal.cadence).astype(np.int64)
    steps = np.abs(cand.cadence[:, None] - np.arange(states)[None, :])
    table = coef * _known(1 - steps / (states - 1))
    return _one_hot(focal_ids, states), table.astype(np.float32)


def _language_blocks(focal: EncodedSide, cand: EncodedSide, coef: float) -> tuple[Block, Block]:
    """A shared language ``[overlap > 0]`` as one-hot of the focal's language set × table."""
    sets, ids = np.unique(focal.languages, axis=0, return_inverse=True)
    table = coef * (matmul(cand.languages, sets.T) > 0)
    return _one_hot(ids.ravel().astype(np.int64), len(sets)), table.astype(np.float32)


def _complementarity_gap(focal: EncodedSide, cand: EncodedSide, prior: float) -> _Product:
    """forward − backward, each at the prior where unknown (``u`` = a side lacks the field):
    the fill adds ``prior·(u_fwd − u_back)``, with ``a ∨ b = a + b − ab`` as four columns."""
    no_needs_f = (focal.need_total == 0).astype(np.float64)
    no_levels_f = (focal.level_count == 0).astype(np.float64)
    no_levels_c = (cand.level_count == 0).astype(np.float64)
    no_needs_c = (cand.need_total == 0).astype(np.float64)
    ones_f = np.ones(len(no_needs_f))
    fill_f = prior * np.column_stack([no_needs_f - no_levels_f, ones_f, no_needs_f, no_levels_f])
    fill_c = np.column_stack(
        [np.ones(len(no_levels_c)), no_levels_c - no_needs_c, -no_levels_c, no_needs_c]
    )
    return _Product.of(
        [
            _scaled(focal.needs_below, _inverse(focal.need_total, 1 / MAX_LEVEL)),
            focal.levels,
            fill_f,
        ],
        [
            cand.levels,
            -_scaled(cand.needs_below, _inverse(cand.need_total, 1 / MAX_LEVEL)),
            fill_c,
        ],
    )


def _linear(
    focal: EncodedSide, cand: EncodedSide, unknowns: Unknowns, weights: FloatArray
) -> _Product:
    """Every part linear in one side's features, the prior of the unknown parts, and the
    penalties of the pairs that cannot be ranked, as one product."""
    shares = [
        np.array(spec.shares) * weight for spec, weight in zip(CRITERIA_SPECS, weights, strict=True)
    ]
    focal_ids, cand_ids, coverage = coverage_table(focal, cand, unknowns, weights)
    enough = sufficient(coverage, unknowns.min_coverage)
    classes = unknowns.prior * (1 - coverage) - INSUFFICIENT_PENALTY / 100 * ~enough
    language_f, language_c = _language_blocks(focal, cand, shares[COMMUNICATION][0])
    cadence_f, cadence_c = _cadence_blocks(focal, cand, shares[COMMUNICATION][1])
    certs = np.minimum(cand.certification_count, CERTIFICATIONS_FOR_FULL_MARKS)
    rating, certified = shares[REPUTATION]
    reputation = (
        rating * _known(cand.rating) / 5 + certified * certs / CERTIFICATIONS_FOR_FULL_MARKS
    )
    focal_view, cand_view = shares[VALUES]
    forward, backward = shares[COMPLEMENTARITY] / MAX_LEVEL
    focal_blocks: list[NDArray[np.floating]] = [
        _scaled(focal.values, _inverse(focal.value_total, focal_view)),
        focal.values,
        _scaled(focal.needs_below, _inverse(focal.need_total, forward)),
        focal.levels,
        cadence_f,
        language_f,
        np.ones((len(focal.profiles), 1)),
        _one_hot(focal_ids, coverage.shape[0]),
    ]
    cand_blocks: list[NDArray[np.floating]] = [
        cand.values,
        _scaled(cand.values, _inverse(cand.value_total, cand_view)),
        cand.levels,
        _scaled(cand.needs_below, _inverse(cand.need_total, backward)),
        cadence_c,
        language_c,
        reputation[:, None],
        classes[:, cand_ids].T,
    ]
    if focal.has_dealbreakers or cand.has_dealbreakers:
        penalty = -EXCLUDED_PENALTY / 100
        focal_blocks += [penalty * focal.banned, penalty * focal.held]
        cand_blocks += [cand.held, cand.banned]
    return _Product.of(focal_blocks, cand_blocks)


def _ratios(focal: EncodedSide, cand: EncodedSide, weights: FloatArray) -> list[_Ratio]:
    """The Jaccard parts (goal themes, metrics) and reach parts (regions, audiences)."""
    goals = np.array(CRITERIA_SPECS[GOALS].shares) * weights[GOALS]
    markets = np.array(CRITERIA_SPECS[MARKETS].shares) * weights[MARKETS]
    fields = (
        ("themes", "theme_count", goals[0], False),
        ("metrics", "metric_count", goals[1], False),
        ("regions", "region_count", markets[0], True),
        ("audiences", "audience_count", markets[1], True),
    )
    return [
        _ratio(
            getattr(focal, features),
            getattr(cand, features),
            getattr(focal, count),
            getattr(cand, count),
            float(coef),
            reach,
        )
        for features, count, coef, reach in fields
        if coef
    ]


class Screen:
    """The screen of one comparison: focal side sparse, candidate side dense, built once."""

    def __init__(
        self, focal: EncodedSide, cand: EncodedSide, unknowns: Unknowns, weights: FloatArray
    ) -> None:
        self.linear = _linear(focal, cand, unknowns, weights)
        gap_weight = weights[COMPLEMENTARITY] * (COMPLEMENTARITY_LOWER_WEIGHT - 0.5)
        self.gap = _complementarity_gap(focal, cand, unknowns.prior) if gap_weight else None
        self.gap_weight = np.float32(gap_weight)
        self.ratios = _ratios(focal, cand, weights)
        terms = self.linear.most_terms() + (self.gap.most_terms() if self.gap else 0)
        self.margin = 100 * SAFETY * UNIT * (terms + SLACK_TERMS)
        """The screen (0..100) of a rankable pair is within this of its exact total."""

    def totals(self, rows: slice, cols: slice = ALL) -> Block:
        """The screen of focal ``rows`` × candidates ``cols`` (every one by default): 0..100
        where rankable, penalised where not."""
        total = self.linear.rows(rows, cols)
        if self.gap is not None:
            gap = self.gap.rows(rows, cols)
            np.abs(gap, out=gap)
            gap *= self.gap_weight
            total -= gap
        for ratio in self.ratios:
            ratio.add_to(total, rows, cols)
        total *= np.float32(100)
        return total
