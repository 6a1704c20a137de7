"""Criterion weights learnt from the outcomes of past partnerships: the numbers.

Each past partnership is a (focal, partner, outcome) record. Its criteria come from the batch
engine (``partnerfit.batch.calibrate`` runs it) and its fit from ``scoring.weighted_sum``, the
formula ``rank`` uses, so calibration follows the scoring wherever it goes. The weights are
fitted to make the fit score track the outcomes (largest Pearson correlation, non-negative
weights summing to 1, optionally within ``max_change`` of the current ones); leave-one-out
cross-validation says whether the gain would hold for a partnership the fit has not seen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from partnerfit.model.outcomes import Outcomes, outcome_value
from partnerfit.scoring.card import Weights, weighted_sum

FloatArray = NDArray[np.float64]

MIN_RECORDS = 10
"""Below this many partnerships with an outcome, calibration refuses: 6 weights need more."""
ADVISED_RECORDS = 30
"""Below this many, calibration runs but warns that the result is fragile."""
MIN_GAIN = 0.05
"""The cross-validated Q² must beat the current weights' by this much to count as a gain…"""
MIN_Q2 = 0.10
"""…and the fitted weights must predict at least this share of unseen outcomes' variance."""
MIN_TIER_SUPPORT = 5
"""A suggested tier threshold needs at least this many partnerships at or above it."""
RIDGE = 1e-4
"""A pull toward the current weights, so that flat directions keep the current value."""


@dataclass(frozen=True)
class OutcomeRecord:
    """One past partnership: who chose whom, and how it went (0..1; 1 best)."""

    focal: str
    partner: str
    outcome: float
    label: str


@dataclass(frozen=True)
class Fit:
    """Weights fitted to criteria and outcomes, with in-sample and cross-validated figures."""

    before: FloatArray
    after: FloatArray
    rho_before: float
    rho_after: float
    rho_cv: float
    q2_before: float
    q2_after: float
    used: int

    @property
    def improved(self) -> bool:
        """True when the fitted weights predict unseen outcomes clearly better than the current."""
        return self.q2_after >= MIN_Q2 and self.q2_after >= self.q2_before + MIN_GAIN


def fit_scores(criteria: FloatArray, weights: FloatArray) -> FloatArray:
    """The fit score (0..100) of each row of criteria under the weights, as ``rank`` scores it."""
    scores: FloatArray = 100 * weighted_sum(criteria, weights)
    return scores


def rank_correlation(x: FloatArray, y: FloatArray) -> tuple[float, float]:
    """Spearman's ρ and its naive one-sided p-value (ρ > 0) over the rows where x is known."""
    from scipy.stats import spearmanr

    known = ~np.isnan(x)
    if known.sum() < 3 or np.ptp(x[known]) == 0 or np.ptp(y[known]) == 0:
        return 0.0, 1.0
    result = spearmanr(x[known], y[known])
    rho = float(result.statistic)
    two_sided = float(result.pvalue)
    return rho, two_sided / 2 if rho > 0 else 1 - two_sided / 2


def _pearson(x: FloatArray, y: FloatArray) -> float:
    known = ~np.isnan(x)
    xs, ys = x[known], y[known]
    if len(xs) < 3:
        return 0.0
    xc, yc = xs - xs.mean(), ys - ys.mean()
    denominator = math.sqrt(float((xc * xc).sum() * (yc * yc).sum()))
    return float((xc * yc).sum()) / denominator if denominator > 0 else 0.0


def weight_bounds(current: FloatArray, max_change: float | None) -> list[tuple[float, float]]:
    """Each weight within [0, 1], and within ``max_change`` of the current one when given."""
    if max_change is None:
        return [(0.0, 1.0)] * len(current)
    return [(max(0.0, w - max_change), min(1.0, w + max_change)) for w in current.tolist()]


def fit_weights(
    criteria: FloatArray,
    outcomes: FloatArray,
    current: FloatArray,
    bounds: Sequence[tuple[float, float]],
    starts: Sequence[FloatArray] | None = None,
) -> FloatArray:
    """Non-negative weights summing to 1, within bounds, that best correlate fit with outcome."""
    from scipy.optimize import minimize

    def loss(w: FloatArray) -> float:
        return -_pearson(fit_scores(criteria, w), outcomes) + RIDGE * float(
            ((w - current) ** 2).sum()
        )

    n = len(current)
    lows = np.array([b[0] for b in bounds])
    highs = np.array([b[1] for b in bounds])
    if starts is None:
        starts = [current, np.full(n, 1 / n)] + [
            np.where(np.arange(n) == k, 0.5, 0.5 / (n - 1)) for k in range(n)
        ]
    best, best_loss = current, loss(current)
    for start in starts:
        x0 = _project(np.clip(start, lows, highs), lows, highs)
        result = minimize(
            loss,
            x0,
            method="SLSQP",
            bounds=list(bounds),
            constraints=[{"type": "eq", "fun": lambda w: float(w.sum() - 1.0)}],
            options={"maxiter": 200, "ftol": 1e-10},
        )
        candidate = _project(
            np.clip(np.asarray(result.x, dtype=np.float64), lows, highs), lows, highs
        )
        value = loss(candidate)
        if value < best_loss - 1e-12:
            best, best_loss = candidate, value
    return best


def _project(w: FloatArray, lows: FloatArray, highs: FloatArray) -> FloatArray:
    """Move w to sum 1 inside the box, spreading the difference over the weights with room."""
    w = w.copy()
    for _ in range(len(w) + 1):
        gap = 1.0 - w.sum()
        if abs(gap) < 1e-12:
            break
        room = (highs - w) if gap > 0 else (w - lows)
        free = room > 1e-15
        if not free.any():
            break
        share = gap / free.sum()
        w[free] = np.clip(w[free] + share, lows[free], highs[free])
    return w


def _line(scores: FloatArray, outcomes: FloatArray) -> tuple[float, float]:
    """Least-squares intercept and slope of outcome on score (rows with a score)."""
    known = ~np.isnan(scores)
    x, y = scores[known], outcomes[known]
    if len(x) < 2 or np.ptp(x) == 0:
        return float(y.mean()) if len(y) else 0.0, 0.0
    slope, intercept = np.polyfit(x, y, 1)
    return float(intercept), float(slope)


def calibrate_arrays(
    criteria: FloatArray,
    outcomes: FloatArray,
    current: FloatArray,
    *,
    max_change: float | None = None,
) -> Fit:
    """Fit weights to an (m × criteria) matrix and m outcomes; leave-one-out cross-validated.

    Each partnership in turn is held out: weights are fitted on the others, and a straight line
    from fit score to outcome is fitted on the others, for the fitted and for the current weights
    alike; the held-out outcome is then predicted. Q² = 1 − Σ(error²)/Σ(outcome − mean)² for
    each; the fitted weights improve only when their Q² beats the current weights' clearly.
    (A pooled rank correlation of held-out scores is reported too, but it cannot decide: when the
    same criterion wins in every fold, it repeats the in-sample correlation.)
    """
    bounds = weight_bounds(current, max_change)
    after = fit_weights(criteria, outcomes, current, bounds)
    m = len(outcomes)
    held_out = np.full(m, np.nan)
    predicted_after = np.full(m, np.nan)
    predicted_before = np.full(m, np.nan)
    before_scores = fit_scores(criteria, current)
    uniform = np.full(len(current), 1 / len(current))
    for i in range(m):
        rest = np.arange(m) != i
        fold = fit_weights(criteria[rest], outcomes[rest], current, bounds, [current, uniform])
        fold_scores = fit_scores(criteria, fold)
        held_out[i] = fold_scores[i]
        a, b = _line(fold_scores[rest], outcomes[rest])
        predicted_after[i] = a + b * fold_scores[i]
        a, b = _line(before_scores[rest], outcomes[rest])
        predicted_before[i] = a + b * before_scores[i]
    rho_before, _ = rank_correlation(before_scores, outcomes)
    rho_after, _ = rank_correlation(fit_scores(criteria, after), outcomes)
    rho_cv, _ = rank_correlation(held_out, outcomes)
    return Fit(
        before=current,
        after=after,
        rho_before=rho_before,
        rho_after=rho_after,
        rho_cv=rho_cv,
        q2_before=_q2(predicted_before, outcomes),
        q2_after=_q2(predicted_after, outcomes),
        used=int((~np.isnan(before_scores)).sum()),
    )


def _q2(predicted: FloatArray, outcomes: FloatArray) -> float:
    """Cross-validated R²: 1 − PRESS / total sum of squares, over the rows predicted."""
    known = ~np.isnan(predicted)
    y = outcomes[known]
    total = float(((y - outcomes.mean()) ** 2).sum())
    if total == 0:
        return 0.0
    return 1 - float(((y - predicted[known]) ** 2).sum()) / total


@dataclass(frozen=True)
class TierSuggestion:
    """The lowest score at which a tier's share of successes still holds, if there is one."""

    label: str
    target: float
    threshold: float | None
    at_or_above: int
    success_share: float | None


def suggest_tiers(
    scores: FloatArray, successes: NDArray[np.bool_], labels: Sequence[str]
) -> tuple[TierSuggestion, ...]:
    """For tiers best first, the lowest score above which 75%, 50%, 25%… succeeded.

    With k tiers the i-th (0 = best) asks for a success share of (k − i)/(k + 1) among the
    partnerships scoring at or above its threshold, and at least MIN_TIER_SUPPORT of them.
    """
    known = ~np.isnan(scores)
    values, wins = scores[known], successes[known]
    order = np.argsort(-values, kind="stable")
    values, wins = values[order], wins[order]
    cumulative = np.cumsum(wins)
    k = len(labels)
    out = []
    for i, label in enumerate(labels):
        target = (k - i) / (k + 1)
        chosen: tuple[float, int, float] | None = None
        for end in range(len(values)):
            if end + 1 < len(values) and values[end + 1] == values[end]:
                continue  # a threshold takes every partnership with that score
            count = end + 1
            share = float(cumulative[end]) / count
            if count >= MIN_TIER_SUPPORT and share >= target:
                chosen = (float(values[end]), count, share)
        if chosen is None:
            out.append(TierSuggestion(label, target, None, 0, None))
            continue
        # one decimal, rounded down, unless that lets in a partnership that breaks the share
        threshold = math.floor(chosen[0] * 10) / 10
        above = values >= threshold
        if float(wins[above].mean()) < target:
            threshold = chosen[0]
            above = values >= threshold
        out.append(
            TierSuggestion(label, target, threshold, int(above.sum()), float(wins[above].mean()))
        )
    return tuple(out)


@dataclass(frozen=True)
class Calibration:
    """Everything ``partnerfit calibrate`` reports."""

    source: str
    records: tuple[OutcomeRecord, ...]
    criteria: tuple[str, ...]
    current: Weights
    fit: Fit
    success_at: float
    max_change: float | None
    tiers_current: Mapping[str, float]
    tiers: tuple[TierSuggestion, ...]
    scores_before: tuple[float | None, ...]
    scores_after: tuple[float | None, ...]
    warnings: tuple[str, ...]

    @property
    def weights_before(self) -> dict[str, float]:
        """The current weights by criterion."""
        return dict(zip(self.criteria, self.fit.before.tolist(), strict=True))

    @property
    def weights_after(self) -> dict[str, float]:
        """The fitted weights by criterion."""
        return dict(zip(self.criteria, self.fit.after.tolist(), strict=True))

    @property
    def verdict(self) -> str:
        """One sentence: does the fit beat the current weights on unseen partnerships?"""
        fit = self.fit
        figures = (
            f"cross-validated Q² {fit.q2_after:.2f} against {fit.q2_before:.2f} with the "
            "current weights"
        )
        if fit.improved:
            return f"Improved: {figures}."
        return f"No clear improvement: {figures}; keep the current weights."

    def describe_source(self) -> str:
        """Where the fitted weights come from, in one line."""
        bound = f", within ±{self.max_change:g} of the previous" if self.max_change else ""
        return (
            f"calibrated on {self.fit.used} outcomes in {self.source}{bound}; "
            f"cross-validated Q2 {self.fit.q2_after:.2f} "
            f"(previous weights {self.fit.q2_before:.2f})"
        )


def records_from_outcomes(outcomes: Outcomes) -> tuple[OutcomeRecord, ...]:
    """The entries of an outcomes file as records (outcome on 0..1)."""
    return tuple(
        OutcomeRecord(
            focal=entry.focal,
            partner=entry.partner,
            outcome=outcome_value(entry),
            label=str(entry.outcome) if isinstance(entry.outcome, str) else f"{entry.outcome:g}",
        )
        for entry in outcomes.outcomes
    )


class SelectionLike(Protocol):
    """What calibration needs of a reviewed partnership (``review.SelectionOutcome``)."""

    @property
    def partnership_id(self) -> str: ...
    @property
    def focal_id(self) -> str | None: ...
    @property
    def partner_ids(self) -> tuple[str, ...]: ...
    @property
    def health(self) -> float: ...
    @property
    def result(self) -> Literal["success", "failure"] | None: ...
    @property
    def rating(self) -> float | None: ...
    @property
    def status(self) -> str: ...


def records_from_selections(
    selections: Sequence[SelectionLike],
) -> tuple[tuple[OutcomeRecord, ...], tuple[str, ...]]:
    """Records from reviewed partnerships, and notes on those left out.

    The outcome is the explicit one when the file records it (a rating, else success or
    failure), else the partnership's health (0..100) from ``partnerfit review``. Each partner the
    selecting organisation chose is one record; a partnership that does not say who selected
    (``selected_by``) cannot be attributed to a focal and is left out, with a note, and so is
    one with no recorded outcome whose health rests on governance alone (status ``unrated``: no
    goal, satisfaction or survey known), which says nothing about how the choice turned out.
    """
    records: list[OutcomeRecord] = []
    notes: list[str] = []
    for item in selections:
        if item.focal_id is None:
            notes.append(f"{item.partnership_id}: no selected_by, so no focal to learn from")
            continue
        if item.rating is not None:
            value, label = item.rating / 100, f"rating {item.rating:g}"
        elif item.result is not None:
            value, label = (1.0 if item.result == "success" else 0.0), item.result
        elif item.status == "unrated":
            notes.append(
                f"{item.partnership_id}: no evidence yet (no goal due, satisfaction or survey), "
                "so no outcome to learn from"
            )
            continue
        else:
            value, label = item.health / 100, f"health {item.health:.0f}"
        records.extend(
            OutcomeRecord(focal=item.focal_id, partner=partner, outcome=value, label=label)
            for partner in item.partner_ids
        )
    return tuple(records), tuple(notes)
