"""Aggregation methods beyond the weighted sum, and rank-order centroid weights.

Every method is a pure function over a criteria matrix (candidates × criteria, scores in [0, 1],
NaN = unknown) and a weight vector, returning one total per candidate in [0, 1]. Each also has
a batched form over many weight vectors at once (samples × criteria), used by robustness.

Unknown criteria and degenerate data:

- A row whose known criteria all have zero weight has no total: NaN, the "not scored" signal
  that ``ranking.rank`` turns into an exclusion with a reason (the weighted sum does the same).
- weighted product: ``S = Π sᵢ^(wᵢ / Σ_known w)`` over the known criteria. Scores below
  ``PRODUCT_FLOOR`` are raised to it first, so a zero score costs a lot but never wipes out the
  whole product (0 would tie every such candidate at 0).
- TOPSIS: each column is divided by its Euclidean norm over the known values; an all-zero
  column stays 0. Ideal and anti-ideal are the column max and min of the known values; an
  unknown criterion is left out of both distances for that row. A constant column adds 0 to
  both distances. When both distances are 0 (every weighted criterion of the row is constant,
  for example a single candidate) the closeness is 0.5: as near the ideal as the anti-ideal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import UsageError
from partnerfit.io.arguments import whole_number
from partnerfit.model import CRITERIA

FloatArray = NDArray[np.float64]
BatchMethod = Callable[[FloatArray, FloatArray], FloatArray]

PRODUCT_FLOOR = 0.01
"""Scores below this are raised to it under the weighted product (one point out of 100)."""

TOPSIS_TIE_CLOSENESS = 0.5
"""Closeness of a row that is as far from the ideal as from the anti-ideal (both 0)."""


def _prepare(matrix: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    m = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if m.ndim != 2:
        raise ValueError("the criteria matrix must be 2-dimensional")
    w2 = np.atleast_2d(w)
    if w2.shape[1] != m.shape[1]:
        raise ValueError(f"{w2.shape[1]} weights for {m.shape[1]} criteria")
    check_weights(w2)
    return m, w2


def check_weights(weights: FloatArray) -> None:
    """Weights must be finite and >= 0 (they need not sum to 1); else a ValueError."""
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("weights must be finite numbers >= 0")


def _combine(weights: FloatArray, columns: FloatArray) -> FloatArray:
    """Σⱼ weights[s, j]·columns[c, j] -> (samples × candidates).

    A loop over the few criteria instead of a matrix product: with an inner dimension of 6,
    BLAS threads cost more than they save, badly so on a busy machine.
    """
    out = np.zeros((weights.shape[0], columns.shape[0]), dtype=np.float64)
    for j in range(columns.shape[1]):
        out += weights[:, j : j + 1] * columns[None, :, j]
    return out


def weighted_sum_many(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted sum for each weight vector (samples × criteria) -> (samples × candidates)."""
    m, w = _prepare(matrix, weights)
    known = ~np.isnan(m)
    weight_total = _combine(w, known.astype(np.float64))
    points = _combine(w, np.where(known, m, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = points / weight_total
    return np.where(weight_total > 0, totals, np.nan)


def weighted_product_many(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted product for each weight vector (samples × criteria) -> (samples × candidates)."""
    m, w = _prepare(matrix, weights)
    known = ~np.isnan(m)
    logs = np.log(np.clip(np.where(known, m, 1.0), PRODUCT_FLOOR, None))
    weight_total = _combine(w, known.astype(np.float64))
    log_total = _combine(w, logs)
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = np.exp(log_total / weight_total)
    return np.where(weight_total > 0, totals, np.nan)


def topsis_many(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """TOPSIS closeness for each weight vector (samples × criteria) -> (samples × candidates)."""
    m, w = _prepare(matrix, weights)
    known = ~np.isnan(m)
    values = np.where(known, m, 0.0)
    norms = np.sqrt((values**2).sum(axis=0))
    safe = np.where(norms > 0, norms, 1.0)
    scaled = values / safe  # an all-zero column stays all zero
    if m.shape[0] == 0:
        return np.zeros((w.shape[0], 0), dtype=np.float64)
    best = np.where(known, scaled, -np.inf).max(axis=0)
    worst = np.where(known, scaled, np.inf).min(axis=0)
    # Ideal and anti-ideal are w·max and w·min for w >= 0, so distances factor through w².
    gap_best = np.where(known, (scaled - np.where(np.isfinite(best), best, 0.0)) ** 2, 0.0)
    gap_worst = np.where(known, (scaled - np.where(np.isfinite(worst), worst, 0.0)) ** 2, 0.0)
    squared = w**2
    d_best = np.sqrt(_combine(squared, gap_best))
    d_worst = np.sqrt(_combine(squared, gap_worst))
    weighted_known = _combine(w, known.astype(np.float64)) > 0
    spread = d_best + d_worst
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(spread > 0, d_worst / spread, TOPSIS_TIE_CLOSENESS)
    return np.where(weighted_known, closeness, np.nan)


def weighted_product(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Π sᵢ^wᵢ per row over the known criteria (weights renormalised, scores floored at 0.01)."""
    totals: FloatArray = weighted_product_many(matrix, np.asarray(weights, np.float64)[None, :])[0]
    return totals


def topsis(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """TOPSIS relative closeness d⁻/(d⁺+d⁻) per row, vector-normalised, benefit criteria."""
    closeness: FloatArray = topsis_many(matrix, np.asarray(weights, np.float64)[None, :])[0]
    return closeness


BATCH_METHODS: dict[str, BatchMethod] = {
    "weighted-sum": weighted_sum_many,
    "weighted-product": weighted_product_many,
    "topsis": topsis_many,
}
"""Method name -> batched form over many weight vectors, for robustness analysis."""


MAX_CENTROID_CRITERIA = 10_000
"""Most criteria rank_order_centroid weighs (a model has six; the bound keeps memory small)."""


def rank_order_centroid(count: int) -> FloatArray:
    """Rank-order centroid weights for ``count`` ordered criteria: wᵢ = (1/n)·Σ_{k=i..n} 1/k."""
    whole_number(count, "count", 1, MAX_CENTROID_CRITERIA)
    reciprocals = 1.0 / np.arange(1, count + 1, dtype=np.float64)
    return np.cumsum(reciprocals[::-1])[::-1] / count


def rank_order_centroid_weights(order: Sequence[str]) -> dict[str, float]:
    """Criterion -> weight from an ordering (most important first); unlisted criteria weigh 0."""
    names = [name.strip() for name in order if name.strip()]
    if not names:
        raise UsageError("--weights-from-ranking needs at least one criterion")
    seen: set[str] = set()
    for name in names:
        if name not in CRITERIA:
            import difflib

            close = difflib.get_close_matches(name, CRITERIA, n=1)
            hint = (
                f"; did you mean `{close[0]}`?" if close else f"; choose from {', '.join(CRITERIA)}"
            )
            raise UsageError(f"unknown criterion `{name}` in --weights-from-ranking{hint}")
        if name in seen:
            raise UsageError(f"criterion `{name}` is listed twice in --weights-from-ranking")
        seen.add(name)
    centroid = rank_order_centroid(len(names))
    weights = dict.fromkeys(CRITERIA, 0.0)
    for name, value in zip(names, centroid.tolist(), strict=True):
        weights[name] = value
    return weights
