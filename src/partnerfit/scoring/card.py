"""Score cards for one pair, weight resolution, and aggregation methods over a criteria matrix."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA, DEFAULT_WEIGHTS, Config, Profile
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.criteria import CRITERION_FUNCTIONS, CriterionResult
from partnerfit.scoring.methods import topsis, weighted_product

FloatArray = NDArray[np.float64]
AggregationMethod = Callable[[FloatArray, FloatArray], FloatArray]


@dataclass(frozen=True)
class Weights:
    """The weights as given and as used (normalised to sum 1), with a note when they differed."""

    given: Mapping[str, float]
    normalised: Mapping[str, float]
    source: str
    note: str | None

    def vector(self) -> FloatArray:
        """The normalised weights in the canonical criterion order."""
        return np.array([self.normalised[c] for c in CRITERIA], dtype=np.float64)


def resolve_weights(
    config: Config | None = None,
    overrides: Mapping[str, float] | None = None,
    *,
    source: str | None = None,
) -> Weights:
    """Combine configured weights with overrides and normalise them; a zero total is an error."""
    pairs = config.weights.items() if config is not None else DEFAULT_WEIGHTS.items()
    given = {str(name): float(value) for name, value in pairs}
    for name, value in (overrides or {}).items():
        if name not in CRITERIA:
            raise UsageError(
                f"unknown criterion `{name}` in --weight; choose from {', '.join(CRITERIA)}"
            )
        if not math.isfinite(value) or value < 0:
            raise UsageError(f"weight for `{name}` must be a finite number >= 0, not {value}")
        given[name] = value
    full = {c: float(given.get(c, 0.0)) for c in CRITERIA}
    largest = max(full.values())
    if largest <= 0:
        raise UsageError("all weights are zero: give at least one criterion a positive weight")
    # divide by the largest first, so that weights near the float limit cannot overflow
    scaled = {c: w / largest for c, w in full.items()}
    scaled_total = sum(scaled.values())
    normalised = {c: w / scaled_total for c, w in scaled.items()}
    total = sum(full.values())
    note = None
    if abs(total - 1.0) > 1e-9:
        note = f"weights summed to {total:g}, not 1; they were normalised"
    origin = source or ("overrides" if overrides else "config" if config else "defaults")
    if origin == "config" and config is not None and "weights" not in config.model_fields_set:
        origin = "defaults"  # a config file without weights, or no file at all
    if origin == "config" and config is not None and config.weights_source:
        origin = f"config ({config.weights_source})"
    return Weights(given=full, normalised=normalised, source=origin, note=note)


def weighted_sum(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Σ wᵢ·sᵢ / Σ wᵢ per row over the known (non-NaN) criteria; NaN where none has weight."""
    matrix = np.asarray(matrix, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("weights must be finite numbers >= 0")
    known = ~np.isnan(matrix)
    effective = np.where(known, weights, 0.0)
    weight_total = effective.sum(axis=1)
    contribution = np.where(known, matrix, 0.0) * effective
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = contribution.sum(axis=1) / weight_total
    return np.where(weight_total > 0, totals, np.nan)


SCORE_DECIMALS = 9
"""Scores (0..100) equal to this many decimals tie, and ties break by id, everywhere."""

METHODS: dict[str, AggregationMethod] = {
    "weighted-sum": weighted_sum,
    "weighted-product": weighted_product,
    "topsis": topsis,
}
"""Aggregation method name -> function over (criteria matrix, weights) -> totals in [0, 1]."""


@dataclass(frozen=True)
class ScoreCard:
    """Every criterion for one (focal, candidate) pair, and the weighted-sum total."""

    focal_id: str
    candidate_id: str
    candidate_name: str
    criteria: tuple[CriterionResult, ...]
    weights: Weights
    dealbreakers: tuple[str, ...]

    def criterion(self, name: str) -> CriterionResult:
        """The result for one criterion by name."""
        for result in self.criteria:
            if result.name == name:
                return result
        raise KeyError(name)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Criteria for which the profiles gave no signal."""
        return tuple(r.name for r in self.criteria if r.score is None)

    def row(self) -> FloatArray:
        """The criterion scores as an array (NaN for unknown), in canonical order."""
        return np.array(
            [math.nan if r.score is None else r.score for r in self.criteria], dtype=np.float64
        )

    def used_weights(self) -> dict[str, float]:
        """Weights renormalised over the known criteria (0 for unknown ones)."""
        known = {r.name: self.weights.normalised[r.name] for r in self.criteria if r.known}
        total = sum(known.values())
        return {c: (known.get(c, 0.0) / total if total > 0 else 0.0) for c in CRITERIA}

    def contributions(self) -> dict[str, float]:
        """Points (0..100) each criterion adds to the weighted-sum total."""
        used = self.used_weights()
        return {r.name: 100 * used[r.name] * (r.score or 0.0) for r in self.criteria}

    @property
    def total(self) -> float | None:
        """Weighted-sum total in 0..100, or None when no weighted criterion is known."""
        value = float(weighted_sum(self.row()[None, :], self.weights.vector())[0])
        return None if math.isnan(value) else 100 * value


def dealbreakers_hit(focal: Profile, candidate: Profile, vocab: Vocabulary) -> tuple[str, ...]:
    """Reasons a pair is excluded: either side's dealbreakers hit by the other."""
    reasons: list[str] = []
    for owner, other in ((focal, candidate), (candidate, focal)):
        rules = owner.dealbreakers
        if rules.is_empty():
            continue
        checks = (
            ("sector", rules.sectors, other.sectors),
            ("value", rules.values, tuple(other.values)),
            ("region", rules.regions, other.regions),
        )
        for label, banned, held in checks:
            hits = sorted(vocab.tag_set(banned) & vocab.tag_set(held))
            for tag in hits:
                reasons.append(f"{other.id} has {label} `{tag}`, a dealbreaker for {owner.id}")
        if other.kind is not None and other.kind in rules.kinds:
            reasons.append(f"{other.id} is a {other.kind}, a dealbreaker for {owner.id}")
    return tuple(reasons)


def score_pair(
    focal: Profile,
    candidate: Profile,
    *,
    vocabulary: Vocabulary | None = None,
    weights: Weights | None = None,
) -> ScoreCard:
    """Score one candidate against a focal organisation on every criterion."""
    vocab = vocabulary or Vocabulary()
    results = tuple(CRITERION_FUNCTIONS[name](focal, candidate, vocab) for name in CRITERIA)
    return ScoreCard(
        focal_id=focal.id,
        candidate_id=candidate.id,
        candidate_name=candidate.name,
        criteria=results,
        weights=weights or resolve_weights(),
        dealbreakers=dealbreakers_hit(focal, candidate, vocab),
    )


def criteria_matrix(cards: Sequence[ScoreCard]) -> FloatArray:
    """Stack the cards' criterion scores into an (n candidates × m criteria) matrix."""
    if not cards:
        return np.zeros((0, len(CRITERIA)), dtype=np.float64)
    return np.vstack([card.row() for card in cards])
