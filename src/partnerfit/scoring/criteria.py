"""The fit criteria, each written once, vectorised over encoded profiles.

A criterion is a few *parts* (each in [0, 1], NaN when unknown) and a *combination* of them.
``parts(focal, candidates, on)`` returns one array per part, over the pairs ``on`` names (a
``Grid`` of focal rows × every candidate, or listed ``Pairs``); the
combination of the parts, with unknown parts filled by the prior, is the criterion's score.
The pair path, the batch engine and explain all call these functions (docs/scoring.md states
every formula and its properties).

A part is unknown when a profile leaves empty a field the part compares: an empty field is
"not stated", never "none". A field that is filled in is taken as complete.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from partnerfit.model import CADENCES
from partnerfit.scoring.encode import MAX_LEVEL, EncodedSide, Features
from partnerfit.scoring.linalg import matmul

FloatArray = NDArray[np.float64]
Parts = tuple[FloatArray, ...]

# Weights inside composite criteria (docs/scoring.md gives the reasons).
GOAL_THEME_WEIGHT = 0.75
GOAL_METRIC_WEIGHT = 0.25
REPUTATION_RATING_WEIGHT = 0.8
REPUTATION_CERT_WEIGHT = 0.2
CERTIFICATIONS_FOR_FULL_MARKS = 2
COMMUNICATION_LANGUAGE_WEIGHT = 0.7
COMMUNICATION_CADENCE_WEIGHT = 0.3
COMPLEMENTARITY_LOWER_WEIGHT = 2 / 3
"""Complementarity: weight of the weaker direction (the stronger one gets the rest)."""


IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Grid:
    """Focal ``rows`` × every candidate: every part is a (rows × candidates) array."""

    rows: slice

    def overlap(self, a: Features, b: Features) -> Features:
        """Intersection sizes (or Σ min): focal rows (r × d) · candidatesᵀ (d × n).

        Small integers, so exact in float32; every caller combines them with a float64 operand
        (which upcasts) and never updates them in place with a non-integer.
        """
        return matmul(a[self.rows], b.T)

    def focal(self, per_focal: FloatArray) -> FloatArray:
        """A per-focal array shaped to broadcast over the candidates."""
        return per_focal[self.rows][:, None]

    def cand(self, per_candidate: FloatArray) -> FloatArray:
        """A per-candidate array shaped to broadcast over the focal rows."""
        return per_candidate[None, :]

    def shape(self, focal_count: int, cand_count: int) -> tuple[int, ...]:
        """The shape of every part."""
        return (len(range(*self.rows.indices(focal_count))), cand_count)


PAIRS_PER_CHUNK = 1 << 13
"""Pairs whose feature rows are gathered at once by ``Pairs.overlap`` (bounds its memory)."""


@dataclass(frozen=True)
class Pairs:
    """Listed (focal row, candidate) pairs: every part is a one-dimensional array.

    The same products as ``Grid``, pair by pair, so a listed pair's parts equal its cell of
    the grid exactly (the products are sums of small integers, exact in any order).
    """

    rows: IntArray
    cols: IntArray

    def overlap(self, a: Features, b: Features) -> Features:
        """Intersection sizes (or Σ min) of each listed pair's two feature rows."""
        out = np.empty(len(self.rows), dtype=np.float32)
        for start in range(0, len(self.rows), PAIRS_PER_CHUNK):
            part = slice(start, start + PAIRS_PER_CHUNK)
            np.einsum("ij,ij->i", a[self.rows[part]], b[self.cols[part]], out=out[part])
        return out

    def focal(self, per_focal: FloatArray) -> FloatArray:
        """Each listed pair's focal value."""
        return per_focal[self.rows]

    def cand(self, per_candidate: FloatArray) -> FloatArray:
        """Each listed pair's candidate value."""
        return per_candidate[self.cols]

    def shape(self, focal_count: int, cand_count: int) -> tuple[int, ...]:
        """The shape of every part."""
        del focal_count, cand_count
        return (len(self.rows),)


Pairing = Grid | Pairs
"""Which pairs a criterion's parts are computed for."""


def _present(counts: FloatArray) -> FloatArray:
    """The counts with NaN for zero: a field left empty makes the pair's part unknown."""
    return np.where(counts > 0, counts, np.nan)


def _both(on: Pairing, focal: FloatArray, cand: FloatArray) -> FloatArray:
    """0 where both sides state the field, NaN where either does not."""
    return 0 * on.focal(_present(focal)) + 0 * on.cand(_present(cand))


def value_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> Parts:
    """Each side's view: the share of its own importance the other side matches (Σmin / Σown)."""
    # Σ_t min(a_t, b_t), NaN where either side states no values
    shared = on.overlap(focal.values, cand.values) + _both(on, focal.value_total, cand.value_total)
    focal_view = shared / on.focal(_present(focal.value_total))
    cand_view = shared / on.cand(_present(cand.value_total))
    return focal_view, cand_view


def _coverage(gain: Features, need_total: FloatArray) -> FloatArray:
    """Σ_n priority·max(0, L_supplier − L_own) over the most it could be, 5·Σ priority; the
    totals are shaped to broadcast along the side whose needs they are."""
    covered: FloatArray = gain / (MAX_LEVEL * _present(need_total))
    return covered


def complementarity_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> Parts:
    """Coverage of the focal's needs by the candidate (forward) and of the candidate's (back).

    Both are computed in (rows × candidates) order, so that neither is a transposed view
    (elementwise passes over a transposed block are several times slower).
    """
    forward = _coverage(on.overlap(focal.needs_below, cand.levels), on.focal(focal.need_total))
    forward += 0 * on.cand(_present(cand.level_count))
    backward = _coverage(on.overlap(focal.levels, cand.needs_below), on.cand(cand.need_total))
    backward += 0 * on.focal(_present(focal.level_count))
    return forward, backward


def _jaccard(
    on: Pairing, a: Features, b: Features, a_count: FloatArray, b_count: FloatArray
) -> FloatArray:
    inter = on.overlap(a, b)
    return inter / (on.focal(_present(a_count)) + on.cand(_present(b_count)) - inter)


def goal_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> Parts:
    """Jaccard of goal themes and of goal metrics."""
    themes = _jaccard(on, focal.themes, cand.themes, focal.theme_count, cand.theme_count)
    metrics = _jaccard(on, focal.metrics, cand.metrics, focal.metric_count, cand.metric_count)
    return themes, metrics


def _reach(
    on: Pairing, a: Features, b: Features, a_count: FloatArray, b_count: FloatArray
) -> FloatArray:
    """Share of the joint footprint only the candidate brings, |C∖F| / |C∪F|."""
    inter = on.overlap(a, b)
    union = on.focal(_present(a_count)) + on.cand(_present(b_count)) - inter
    return (on.cand(b_count) - inter) / union


def market_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> Parts:
    """New regions and new audiences the candidate opens."""
    regions = _reach(on, focal.regions, cand.regions, focal.region_count, cand.region_count)
    audiences = _reach(
        on, focal.audiences, cand.audiences, focal.audience_count, cand.audience_count
    )
    return regions, audiences


def reputation_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> Parts:
    """The candidate's own rating / 5 and certifications (full marks at two)."""
    del focal  # the candidate's own: broadcast over the focal rows
    certs = np.minimum(cand.certification_count, CERTIFICATIONS_FOR_FULL_MARKS)
    share = _present(certs) / CERTIFICATIONS_FOR_FULL_MARKS
    return on.cand(cand.rating) / 5, on.cand(share)


def communication_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> Parts:
    """A shared working language (1 or 0) and cadence closeness, 1 − steps / 4."""
    shared = (on.overlap(focal.languages, cand.languages) > 0).astype(np.float64)
    language = shared + _both(on, focal.language_count, cand.language_count)
    steps = np.abs(on.focal(focal.cadence) - on.cand(cand.cadence))
    cadence = 1 - steps / (len(CADENCES) - 1)
    return language, cadence


def _mean(parts: Sequence[FloatArray]) -> FloatArray:
    return (parts[0] + parts[1]) / 2


def _linear(first: float, second: float) -> Callable[[Sequence[FloatArray]], FloatArray]:
    def combine(parts: Sequence[FloatArray]) -> FloatArray:
        return first * parts[0] + second * parts[1]

    return combine


def balanced(parts: Sequence[FloatArray]) -> FloatArray:
    """⅔ of the weaker direction plus ⅓ of the stronger (an OWA operator, orness ⅓)."""
    low = np.minimum(parts[0], parts[1])
    high = np.maximum(parts[0], parts[1])
    return COMPLEMENTARITY_LOWER_WEIGHT * low + (1 - COMPLEMENTARITY_LOWER_WEIGHT) * high


@dataclass(frozen=True)
class Criterion:
    """One criterion: its parts, each part's share of the criterion's weight, the formula."""

    name: str
    part_names: tuple[str, str]
    shares: tuple[float, float]
    parts: Callable[[EncodedSide, EncodedSide, Pairing], Parts]
    combine: Callable[[Sequence[FloatArray]], FloatArray]
    linear: bool = True
    """True when ``combine`` is ``Σ shareᵢ·partᵢ`` (every criterion but complementarity)."""


CRITERIA_SPECS: tuple[Criterion, ...] = (
    Criterion("value_alignment", ("focal_view", "candidate_view"), (0.5, 0.5), value_parts, _mean),
    Criterion(
        "complementarity",
        ("forward", "backward"),
        (0.5, 0.5),
        complementarity_parts,
        balanced,
        linear=False,
    ),
    Criterion(
        "goal_alignment",
        ("themes", "metrics"),
        (GOAL_THEME_WEIGHT, GOAL_METRIC_WEIGHT),
        goal_parts,
        _linear(GOAL_THEME_WEIGHT, GOAL_METRIC_WEIGHT),
    ),
    Criterion("market_reach", ("regions", "audiences"), (0.5, 0.5), market_parts, _mean),
    Criterion(
        "reputation",
        ("rating", "certifications"),
        (REPUTATION_RATING_WEIGHT, REPUTATION_CERT_WEIGHT),
        reputation_parts,
        _linear(REPUTATION_RATING_WEIGHT, REPUTATION_CERT_WEIGHT),
    ),
    Criterion(
        "communication",
        ("language", "cadence"),
        (COMMUNICATION_LANGUAGE_WEIGHT, COMMUNICATION_CADENCE_WEIGHT),
        communication_parts,
        _linear(COMMUNICATION_LANGUAGE_WEIGHT, COMMUNICATION_CADENCE_WEIGHT),
    ),
)
"""Every criterion, in the canonical order of ``model.CRITERIA``."""


def criterion_parts(focal: EncodedSide, cand: EncodedSide, on: Pairing) -> list[Parts]:
    """The parts of every criterion for the pairs ``on`` names (NaN = unknown)."""
    return [spec.parts(focal, cand, on) for spec in CRITERIA_SPECS]


@dataclass(frozen=True)
class Evaluated:
    """One criterion over a block: the score as counted (unknown parts at the prior), the known
    share, and the score with the unknown parts at 0 (low) and at 1 (high)."""

    value: FloatArray
    known: FloatArray
    low: FloatArray
    high: FloatArray


def evaluate(spec: Criterion, parts: Parts, prior: float) -> Evaluated:
    """The criterion's score, known share and bounds, with unknown parts at ``prior``."""
    known = [~np.isnan(part) for part in parts]
    first, second = spec.shares
    unknown = first * ~known[0] + second * ~known[1]
    if spec.linear:
        # Σ share·part over the known parts, plus the unknown shares at prior, 0 or 1
        low = first * np.where(known[0], parts[0], 0.0) + second * np.where(known[1], parts[1], 0.0)
        return Evaluated(low + prior * unknown, 1 - unknown, low, low + unknown)
    filled = [
        [np.where(k, part, v) for k, part in zip(known, parts, strict=True)]
        for v in (prior, 0.0, 1.0)
    ]
    value, low, high = (spec.combine(f) for f in filled)
    return Evaluated(value, 1 - unknown, low, high)


def evaluate_in_place(
    spec: Criterion, parts: Parts, prior: float
) -> tuple[FloatArray, FloatArray, NDArray[np.uint8]]:
    """(score as counted, unknown share, unknown-part flags) of a linear criterion, overwriting
    its parts. Flags: bit 0 the first part is unknown, bit 1 the second.

    The batch engine's fast path: the same arithmetic as ``evaluate`` with fewer temporaries.
    """
    first, second = spec.shares
    u0, u1 = np.isnan(parts[0]), np.isnan(parts[1])
    flags = (u0.view(np.uint8) | (u1.view(np.uint8) << 1)).astype(np.uint8, copy=False)
    unknown = u0 * first
    unknown += u1 * second
    np.copyto(parts[0], 0.0, where=u0)
    np.copyto(parts[1], 0.0, where=u1)
    value = parts[0] * first
    value += second * parts[1]
    value += prior * unknown
    return value, unknown, flags


def evaluate_value(spec: Criterion, parts: Parts, prior: float) -> tuple[FloatArray, FloatArray]:
    """(score as counted, unknown share) of any criterion, leaving its parts as they are."""
    first, second = spec.shares
    unknown = [np.isnan(part) for part in parts]
    filled = [np.where(u, prior, part) for u, part in zip(unknown, parts, strict=True)]
    return spec.combine(filled), first * unknown[0] + second * unknown[1]
