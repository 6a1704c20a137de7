"""Calibration: recovers known weights, claims nothing on noise, refuses too little data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.batch.calibrate import calibrate, pair_criteria
from partnerfit.batch.engine import score_matrix
from partnerfit.decide.calibrate import (
    MIN_RECORDS,
    OutcomeRecord,
    calibrate_arrays,
    fit_scores,
    fit_weights,
    records_from_outcomes,
    records_from_selections,
    suggest_tiers,
    weight_bounds,
)
from partnerfit.errors import UsageError
from partnerfit.model.outcomes import load_outcomes
from partnerfit.model.profileset import load_profile_set
from partnerfit.scoring.card import resolve_weights

ROOT = Path(__file__).parent.parent.parent
CURRENT = np.array([0.30, 0.30, 0.15, 0.10, 0.10, 0.05])
TRUE = np.array([0.05, 0.40, 0.05, 0.10, 0.30, 0.10])
RECOVERY_TOLERANCE = 0.05
"""Largest error on any weight when 120 outcomes carry noise of 3 points (0..100 scale)."""


@pytest.mark.parametrize("seed", range(2))
def test_recovers_known_weights_and_cross_validation_improves(seed: int) -> None:
    rng = np.random.default_rng(seed)
    criteria = rng.uniform(0, 1, (120, 6))
    criteria[rng.uniform(size=criteria.shape) < 0.05] = np.nan  # some criteria unknown
    outcomes = fit_scores(criteria, TRUE) + rng.normal(0, 3, 120)
    fit = calibrate_arrays(criteria, outcomes, CURRENT)
    assert np.abs(fit.after - TRUE).max() < RECOVERY_TOLERANCE
    assert fit.after.sum() == pytest.approx(1.0)
    assert (fit.after >= 0).all()
    assert fit.q2_after > fit.q2_before + 0.1
    assert fit.rho_cv > fit.rho_before
    assert fit.improved


@pytest.mark.parametrize(("seed", "size"), [(s, m) for s in range(4) for m in (40, 100)])
def test_no_signal_claims_no_improvement(seed: int, size: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    criteria = rng.uniform(0, 1, (size, 6))
    outcomes = rng.choice([0.0, 1.0], size) if seed % 2 else rng.uniform(0, 100, size)
    fit = calibrate_arrays(criteria, outcomes, CURRENT)
    assert not fit.improved
    assert fit.q2_after < 0.1


def test_bounds_keep_weights_near_the_current_ones() -> None:
    rng = np.random.default_rng(7)
    criteria = rng.uniform(0, 1, (60, 6))
    outcomes = fit_scores(criteria, TRUE) + rng.normal(0, 3, 60)
    fit = calibrate_arrays(criteria, outcomes, CURRENT, max_change=0.1)
    assert np.all(np.abs(fit.after - CURRENT) <= 0.1 + 1e-9)
    assert fit.after.sum() == pytest.approx(1.0)
    # within the bounds it still moves toward the weights that made the outcomes
    assert np.abs(fit.after - TRUE).sum() < np.abs(CURRENT - TRUE).sum()
    assert fit.rho_after > fit.rho_before


def test_fit_scores_are_the_batch_engines_totals() -> None:
    profiles = load_profile_set(ROOT / "profiles")
    weights = resolve_weights(profiles.config)
    focals, partners = profiles.profiles[:4], profiles.profiles[4:9]
    totals = score_matrix(focals, partners, profiles.vocabulary, weights).totals
    records = [OutcomeRecord(f.id, p.id, 0.5, "50") for f in focals for p in partners]
    rows = pair_criteria(records, profiles, weights)
    assert np.allclose(
        fit_scores(rows, weights.vector()), totals.reshape(-1), equal_nan=True, atol=1e-9
    )


def test_tiers_by_hand() -> None:
    scores = np.array([90, 80, 70, 60, 50, 40, 30, 20, 10, 5.0])
    wins = np.array([1, 1, 1, 1, 0, 1, 0, 0, 0, 0], dtype=bool)
    a, b, c = suggest_tiers(scores, wins, ["A", "B", "C"])
    # A wants 75%: top 5 have 4/5 = 80%, top 6 have 5/6, top 7 have 5/7 < 75%
    assert (a.threshold, a.at_or_above) == (40.0, 6)
    # B wants 50%: top 10 have 5/10
    assert (b.threshold, b.at_or_above) == (5.0, 10)
    assert (c.threshold, c.at_or_above) == (5.0, 10)
    few = suggest_tiers(scores[:3], wins[:3], ["A"])
    assert few[0].threshold is None


def test_refuses_too_few_and_uniform_outcomes() -> None:
    profiles = load_profile_set(ROOT / "profiles")
    ids = profiles.ids()
    records = [OutcomeRecord(ids[0], ids[i], i % 2, "x") for i in range(1, MIN_RECORDS)]
    with pytest.raises(UsageError, match="needs at least 10"):
        calibrate(records, profiles, resolve_weights(profiles.config), source="x")
    same = [OutcomeRecord(ids[0], ids[i], 1.0, "x") for i in range(1, 15)]
    with pytest.raises(UsageError, match="same outcome"):
        calibrate(same, profiles, resolve_weights(profiles.config), source="x")
    unknown = [OutcomeRecord(ids[0], "nobody", 1.0, "x")] * 12
    with pytest.raises(UsageError, match="no profile with id `nobody`"):
        calibrate(unknown, profiles, resolve_weights(profiles.config), source="x")


def test_bundled_outcomes_calibrate_out_of_the_box() -> None:
    profiles = load_profile_set(ROOT / "profiles")
    path = ROOT / "outcomes" / "past-partnerships.yaml"
    records = records_from_outcomes(load_outcomes(path, set(profiles.ids())))
    result = calibrate(records, profiles, resolve_weights(profiles.config), source=path.name)
    assert len(records) >= 30
    assert result.fit.improved
    assert not result.warnings
    assert result.weights_after["complementarity"] > result.weights_before["complementarity"]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.one_of(st.none(), st.floats(0.01, 1.0)),
)
def test_fitted_weights_are_on_the_simplex_and_within_bounds(
    seed: int, max_change: float | None
) -> None:
    rng = np.random.default_rng(seed)
    criteria = rng.uniform(0, 1, (15, 6))
    criteria[rng.uniform(size=criteria.shape) < 0.2] = np.nan
    outcomes = rng.uniform(0, 100, 15)
    bounds = weight_bounds(CURRENT, max_change)
    fitted = fit_weights(criteria, outcomes, CURRENT, bounds)
    assert fitted.sum() == pytest.approx(1.0, abs=1e-9)
    assert all(lo - 1e-9 <= w <= hi + 1e-9 for w, (lo, hi) in zip(fitted, bounds, strict=True))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100), st.booleans()), min_size=1, max_size=60),
    st.integers(1, 5),
)
def test_tier_thresholds_never_rise_and_hold_their_share(
    rows: list[tuple[float, bool]], k: int
) -> None:
    scores = np.array([s for s, _ in rows])
    wins = np.array([w for _, w in rows])
    tiers = suggest_tiers(scores, wins, [f"T{i}" for i in range(k)])
    shown = [t.threshold for t in tiers if t.threshold is not None]
    assert shown == sorted(shown, reverse=True)
    for tier in tiers:
        if tier.threshold is None:
            continue
        above = scores >= tier.threshold
        assert above.sum() == tier.at_or_above >= 5
        assert tier.success_share == pytest.approx(wins[above].mean())
        assert tier.success_share >= tier.target - 1e-12


@dataclass(frozen=True)
class _Selection:
    partnership_id: str
    focal_id: str | None
    partner_ids: tuple[str, ...]
    health: float
    result: Literal["success", "failure"] | None
    rating: float | None
    status: str = "healthy"


def test_records_from_reviewed_partnerships() -> None:
    records, notes = records_from_selections(
        [
            _Selection("rated", "a", ("b",), 40.0, "failure", 72.0),
            _Selection("judged", "a", ("c", "d"), 90.0, "failure", None),
            _Selection("healthy", "b", ("c",), 64.4, None, None),
            _Selection("orphan", None, ("a", "b"), 50.0, "success", None),
            _Selection("too-early", "a", ("e",), 100.0, None, None, "unrated"),
            _Selection("rated-early", "a", ("f",), 100.0, "success", None, "unrated"),
        ]
    )
    assert [(r.focal, r.partner, r.outcome, r.label) for r in records] == [
        ("a", "b", 0.72, "rating 72"),
        ("a", "c", 0.0, "failure"),
        ("a", "d", 0.0, "failure"),
        ("b", "c", pytest.approx(0.644), "health 64"),
        ("a", "f", 1.0, "success"),  # a recorded outcome counts whatever the health
    ]
    assert notes == (
        "orphan: no selected_by, so no focal to learn from",
        "too-early: no evidence yet (no goal due, satisfaction or survey), "
        "so no outcome to learn from",
    )


def test_records_from_the_review_of_the_bundled_partnerships() -> None:
    """The review's SelectionOutcome is what records_from_selections reads (no adapter)."""
    import datetime as dt

    from partnerfit.decide.calibrate import records_from_selections
    from partnerfit.review import partnership_outcomes

    reviewed = partnership_outcomes(
        ROOT / "partnerships", as_of=dt.date(2026, 11, 15), profiles=ROOT / "profiles"
    )
    records, notes = records_from_selections(reviewed)
    assert notes == ()
    assert len(records) == 9  # 8 partnerships, one with two partners chosen
    first = records[0]
    assert (first.focal, first.partner, first.label) == (
        "oakridge-school-district",
        "brightpath-learning",
        "rating 15",
    )
    assert first.outcome == pytest.approx(0.15)
    assert all(0 <= r.outcome <= 1 for r in records)
