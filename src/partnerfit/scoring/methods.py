"""Aggregation methods over a criteria matrix, their batched forms, and rank-order weights.

Every method is a pure function over a criteria matrix (candidates × criteria, scores in [0, 1])
and a weight vector (finite, >= 0, not all 0), returning one total per candidate in [0, 1].
Each also has a batched form over many weight vectors at once (samples × criteria), used by
robustness.

Unknowns are handled the same way by every method, before the method runs: an unknown part
of a criterion counts as the prior (``scoring.coverage``). A NaN left in a matrix given to
these functions is an unknown criterion and counts as ``DEFAULT_PRIOR``. No method leaves a
criterion out or renormalises the weights, so none can reward what is not stated, and each is
monotone: raising a candidate's score on a criterion never lowers its total.

- weighted sum: ``S = Σ wᵢ·sᵢ / Σ wᵢ``.
- weighted product: ``S = Π sᵢ^(wᵢ / Σ w)``; scores below ``PRODUCT_FLOOR`` are raised to it
  first, so a zero score costs a lot but never wipes out the whole product.
- TOPSIS: each column divided by its Euclidean norm (an all-zero column stays 0); ideal and
  anti-ideal are the column max and min; ``C = d⁻ / (d⁺ + d⁻)``. When both distances are 0
  (every weighted criterion is constant, for example a single candidate) C is 0.5.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import UsageError
from partnerfit.io.arguments import whole_number
from partnerfit.model import CRITERIA
from partnerfit.model.config import DEFAULT_PRIOR

FloatArray = NDArray[np.float64]
BatchMethod = Callable[[FloatArray, FloatArray], FloatArray]
AggregationMethod = Callable[[FloatArray, FloatArray], FloatArray]

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
    if not np.all(w2.sum(axis=1) > 0):
        raise ValueError("the weights must not all be 0")
    return np.where(np.isnan(m), DEFAULT_PRIOR, m), w2 / w2.sum(axis=1, keepdims=True)


def check_weights(weights: FloatArray) -> None:
    """Weights must be finite and >= 0 (they need not sum to 1); else a ValueError."""
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("weights must be finite numbers >= 0")


_COMBINE_CELLS = 1 << 15  # cells of a block of rows: two such float64 blocks fit in L2


def _combine(weights: FloatArray, columns: FloatArray) -> FloatArray:
    """Σⱼ weights[s, j]·columns[c, j] -> (samples × candidates).

    A loop over the few criteria instead of a matrix product: with an inner dimension of 6,
    BLAS threads cost more than they save, badly so on a busy machine.
    """
    out = np.zeros((weights.shape[0], columns.shape[0]), dtype=np.float64)
    # one pass to copy the columns contiguous pays off once each is read more than a few times
    by_criterion = np.ascontiguousarray(columns.T) if weights.shape[0] > 4 else columns.T
    # a few rows at a time, so that the row and its term stay in cache across the criteria
    rows = max(1, _COMBINE_CELLS // max(1, columns.shape[0]))
    term = np.empty((min(rows, weights.shape[0]), columns.shape[0]), dtype=np.float64)
    for start in range(0, weights.shape[0], rows):
        block = out[start : start + rows]
        part = term[: block.shape[0]]
        for j in range(columns.shape[1]):
            np.multiply(weights[start : start + rows, j : j + 1], by_criterion[j], out=part)
            block += part
    return out


def weighted_sum_many(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted sum for each weight vector (samples × criteria) -> (samples × candidates)."""
    m, w = _prepare(matrix, weights)
    return _combine(w, m)


def weighted_product_many(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted product for each weight vector (samples × criteria) -> (samples × candidates)."""
    m, w = _prepare(matrix, weights)
    totals: FloatArray = np.exp(_combine(w, np.log(np.clip(m, PRODUCT_FLOOR, None))))
    return totals


def topsis_many(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """TOPSIS closeness for each weight vector (samples × criteria) -> (samples × candidates)."""
    m, w = _prepare(matrix, weights)
    if m.shape[0] == 0:
        return np.zeros((w.shape[0], 0), dtype=np.float64)
    norms = np.sqrt((m**2).sum(axis=0))
    scaled = m / np.where(norms > 0, norms, 1.0)  # an all-zero column stays all zero
    # Ideal and anti-ideal are w·max and w·min for w >= 0, so distances factor through w².
    squared = w**2
    d_best = np.sqrt(_combine(squared, (scaled - scaled.max(axis=0)) ** 2))
    d_worst = np.sqrt(_combine(squared, (scaled - scaled.min(axis=0)) ** 2))
    spread = d_best + d_worst
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness: FloatArray = np.where(spread > 0, d_worst / spread, TOPSIS_TIE_CLOSENESS)
    return closeness


def weighted_sum(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Σ wᵢ·sᵢ / Σ wᵢ per row (NaN = unknown, counted at the default prior)."""
    totals: FloatArray = weighted_sum_many(matrix, np.asarray(weights, np.float64)[None, :])[0]
    return totals


def weighted_product(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Π sᵢ^(wᵢ/Σw) per row, scores floored at 0.01 (NaN counted at the default prior)."""
    totals: FloatArray = weighted_product_many(matrix, np.asarray(weights, np.float64)[None, :])[0]
    return totals


def topsis(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """TOPSIS relative closeness d⁻/(d⁺+d⁻) per row, vector-normalised, benefit criteria."""
    closeness: FloatArray = topsis_many(matrix, np.asarray(weights, np.float64)[None, :])[0]
    return closeness


METHODS: dict[str, AggregationMethod] = {
    "weighted-sum": weighted_sum,
    "weighted-product": weighted_product,
    "topsis": topsis,
}
"""Aggregation method name -> function over (criteria matrix, weights) -> totals in [0, 1]."""

BATCH_METHODS: dict[str, BatchMethod] = {
    "weighted-sum": weighted_sum_many,
    "weighted-product": weighted_product_many,
    "topsis": topsis_many,
}
"""Method name -> batched form over many weight vectors, for robustness analysis."""


def method_interval(
    method: str, matrix: FloatArray, low: FloatArray, high: FloatArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Each row's total with its own unknown parts at 0 (``low`` row) and at 1 (``high`` row).

    The weighted sum and product score each row alone. TOPSIS scores a row against the others,
    so a row's bounds replace that row only (the others keep the prior); TOPSIS closeness never
    falls when a row's own score rises, so the bounds hold the score.
    """
    aggregate = METHODS[method]
    if method != "topsis":
        return aggregate(low, weights), aggregate(high, weights)
    lows = aggregate(matrix, weights).copy()
    highs = lows.copy()
    for i in np.flatnonzero(np.any(low != high, axis=1)).tolist():
        for bound, out in ((low, lows), (high, highs)):
            varied = matrix.copy()
            varied[i] = bound[i]
            out[i] = aggregate(varied, weights)[i]
    return lows, highs


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
