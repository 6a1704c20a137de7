"""Aggregation methods: hand-computed values, a published TOPSIS example, scikit-criteria,
degenerate data, and rank-order centroid weights."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from partnerfit import (
    METHODS,
    ProfileSet,
    UsageError,
    criteria_matrix,
    load_profile_set,
    rank,
    ranking_to_dict,
    resolve_weights,
    weighted_sum,
)
from partnerfit.model import CRITERIA
from partnerfit.model.config import DEFAULT_PRIOR
from partnerfit.scoring.methods import (
    BATCH_METHODS,
    PRODUCT_FLOOR,
    rank_order_centroid,
    rank_order_centroid_weights,
    topsis,
    weighted_product,
)

DECIDE = Path(__file__).parent.parent / "data" / "decide"
BUNDLED = Path(__file__).parent.parent.parent / "profiles"
NAN = math.nan


def test_methods_are_registered() -> None:
    assert list(METHODS) == ["weighted-sum", "weighted-product", "topsis"]
    assert set(BATCH_METHODS) == set(METHODS)


def test_topsis_reproduces_tzeng_and_huang_2011() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011), Multiple Attribute Decision Making: Methods and
    Applications, CRC Press, TOPSIS example: four alternatives, three benefit criteria,
    weights 0.3/0.4/0.3; published closeness 0.5037, 0.6581, 0.7482, 0.3340 (the same case
    is in scikit-criteria's own test suite, test_TOPSIS_tzeng2011multiple)."""
    matrix = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=np.float64)
    closeness = topsis(matrix, np.array([0.3, 0.4, 0.3]))
    np.testing.assert_allclose(closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert list(np.argsort(-closeness) + 1) == [3, 2, 1, 4]


def test_topsis_by_hand_with_an_unknown_criterion() -> None:
    # Changed with issue 10: row 2's unknown column 2 counts at the prior (it used to be left
    # out of both distances, so that row came out at 1.0, the ideal).
    # Column 1 normalised by ‖(3, 4, 0)‖ = 5: 0.6, 0.8, 0 -> ideal 0.8, anti-ideal 0.
    # Column 2 is (1, p, 1), normalised by n = √(2 + p²): ideal 1/n, anti-ideal p/n.
    p = DEFAULT_PRIOR
    matrix = np.array([[3.0, 1.0], [4.0, NAN], [0.0, 1.0]])
    w = np.array([0.5, 0.5])
    gap = (1 - p) / math.sqrt(2 + p * p)  # column 2: ideal − anti-ideal
    d_best = 0.5 * np.array([0.2, gap, 0.8])
    d_worst = 0.5 * np.array([math.hypot(0.6, gap), 0.8, gap])
    np.testing.assert_allclose(topsis(matrix, w), d_worst / (d_best + d_worst))
    # the row with the unknown no longer beats the row that states its best on column 2
    assert topsis(matrix, w)[1] < topsis(np.array([[3.0, 1.0], [4.0, 1.0], [0.0, 1.0]]), w)[1]


def test_weighted_product_by_hand() -> None:
    matrix = np.array([[0.5, 0.8, NAN], [1.0, 0.0, 0.25]])
    w = np.array([0.5, 0.3, 0.2])
    # changed with issue 10: the unknown counts at the prior (it was left out, exponents
    # renormalised over the known criteria)
    first = 0.5**0.5 * 0.8**0.3 * DEFAULT_PRIOR**0.2
    second = 1.0**0.5 * PRODUCT_FLOOR**0.3 * 0.25**0.2  # a zero is floored at 0.01
    np.testing.assert_allclose(weighted_product(matrix, w), [first, second])


def test_batched_forms_match_the_single_forms() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.random((7, 6))
    matrix[rng.random((7, 6)) < 0.2] = NAN
    weights = rng.dirichlet(np.ones(6), size=5)
    for name, many in BATCH_METHODS.items():
        batch = many(matrix, weights)
        for row, w in zip(batch, weights, strict=True):
            np.testing.assert_allclose(row, METHODS[name](matrix, w), rtol=1e-12)


def _bundled_matrices(profiles: ProfileSet) -> list[np.ndarray]:
    """Each focal's criteria matrix over its ranked candidates, fully known rows only (so that
    the comparison with scikit-criteria does not depend on our unknown policy)."""
    found = []
    for focal in profiles.profiles:
        ranking = rank(focal, profiles)
        complete = criteria_matrix([c.card for c in ranking.ranked if c.coverage == 1.0])
        if len(complete) >= 2:
            found.append(complete)
    return found


@pytest.fixture(scope="module")
def bundled_matrices() -> list[np.ndarray]:
    return _bundled_matrices(load_profile_set(BUNDLED))


@pytest.fixture(scope="module")
def bundled_weights() -> np.ndarray:
    return resolve_weights().vector()


def _ranks(scores: np.ndarray) -> list[int]:
    order = np.argsort(-np.round(scores, 9), kind="stable")
    ranks = np.empty(len(scores), dtype=int)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks.tolist()


def test_agrees_with_scikit_criteria_on_the_bundled_profiles(
    bundled_matrices: list[np.ndarray], bundled_weights: np.ndarray
) -> None:
    import skcriteria
    from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    assert len(bundled_matrices) >= 15
    w = bundled_weights
    compared = 0
    for matrix in bundled_matrices:
        objectives = [max] * len(CRITERIA)
        dm = skcriteria.mkdm(matrix=matrix, objectives=objectives, weights=w)
        ours = weighted_sum(matrix, w)
        theirs = WeightedSumModel().evaluate(dm)
        np.testing.assert_allclose(ours, theirs.e_.score, rtol=1e-9)
        assert _ranks(ours) == _ranks(theirs.e_.score)

        floored = np.clip(matrix, PRODUCT_FLOOR, None)
        dm_product = skcriteria.mkdm(matrix=floored, objectives=objectives, weights=w)
        ours = weighted_product(matrix, w)
        theirs = WeightedProductModel().evaluate(dm_product)
        # scikit-criteria scores Σ wᵢ·log10(sᵢ); ours is the (weight-normalised) product
        np.testing.assert_allclose(np.log10(ours) * w.sum(), theirs.e_.score, atol=1e-9)
        assert _ranks(ours) == _ranks(theirs.e_.score)

        if not (matrix > 0).any(axis=0).all():
            continue  # scikit-criteria's VectorScaler divides an all-zero column by 0
        compared += 1
        ours = topsis(matrix, w)
        scaled = VectorScaler(target="matrix").transform(dm)
        theirs = TOPSIS().evaluate(scaled)
        np.testing.assert_allclose(ours, theirs.e_.similarity, atol=1e-9)
        assert _ranks(ours) == _ranks(theirs.e_.similarity)
    assert compared >= 10


# --- degenerate data: a defined result, never NaN, never a crash ---------------------------

W = np.array([0.3, 0.3, 0.15, 0.1, 0.1, 0.05])


@pytest.mark.parametrize("name", list(METHODS))
def test_constant_column(name: str) -> None:
    matrix = np.array([[0.5, 0.2, 0.7, 0.5, 0.5, 0.5], [0.5, 0.9, 0.1, 0.5, 0.5, 0.5]])
    totals = METHODS[name](matrix, W)
    assert np.isfinite(totals).all()
    assert (totals >= 0).all()
    assert (totals <= 1).all()
    # the constant criteria do not change the order: compare with them left out
    reduced = METHODS[name](matrix[:, 1:3], W[1:3])
    assert _ranks(totals) == _ranks(reduced)


@pytest.mark.parametrize("name", list(METHODS))
def test_all_zero_column(name: str) -> None:
    matrix = np.array([[0.0, 0.2, 0.7, 0.5, 0.4, 0.3], [0.0, 0.9, 0.1, 0.6, 0.5, 0.2]])
    totals = METHODS[name](matrix, W)
    assert np.isfinite(totals).all()
    assert (totals >= 0).all()
    assert (totals <= 1).all()


@pytest.mark.parametrize("name", list(METHODS))
def test_single_candidate(name: str) -> None:
    totals = METHODS[name](np.array([[0.4, 0.9, 0.0, 1.0, 0.2, 0.5]]), W)
    assert totals.shape == (1,)
    assert np.isfinite(totals).all()
    if name == "topsis":
        assert totals[0] == 0.5  # as near the ideal as the anti-ideal: documented


def test_topsis_everything_constant_gives_one_half() -> None:
    assert topsis(np.full((3, 6), 0.4), W).tolist() == [0.5, 0.5, 0.5]


@pytest.mark.parametrize("name", list(METHODS))
def test_zero_weights(name: str) -> None:
    matrix = np.array([[0.4, 0.9, NAN, 1.0, 0.2, 0.5], [0.1, NAN, 0.3, 0.0, 0.2, 0.9]])
    some_zero = np.array([0.5, 0.0, 0.5, 0.0, 0.0, 0.0])
    totals = METHODS[name](matrix, some_zero)
    assert np.isfinite(totals).all()
    # changed with issue 10: weight only on an unknown criterion gives the prior's total, not
    # NaN (coverage, not the method, decides whether a candidate is ranked)
    only_unknown = np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    totals = METHODS[name](matrix, only_unknown)
    assert np.isfinite(totals).all()
    with pytest.raises(ValueError, match="must not all be 0"):
        METHODS[name](matrix, np.zeros(6))


def test_zero_score_under_weighted_product_keeps_differences() -> None:
    matrix = np.array([[0.0, 1.0, 1, 1, 1, 1], [0.0, 0.5, 1, 1, 1, 1], [0.01, 1.0, 1, 1, 1, 1]])
    totals = weighted_product(matrix, W)
    assert np.isfinite(totals).all()
    assert (totals > 0).all()
    assert totals[0] > totals[1]  # a zero does not erase the other criteria
    assert totals[0] == totals[2]  # zero is floored at 0.01


@pytest.mark.parametrize("name", list(METHODS))
def test_degenerate_sets_through_rank_give_no_nan(name: str, decide_set: ProfileSet) -> None:
    for weights in ({"value_alignment": 0.0}, dict.fromkeys(CRITERIA[1:], 0.0)):
        ranking = rank("alpha", decide_set, method=name, weight_overrides=weights)
        text = json.dumps(ranking_to_dict(ranking), allow_nan=False)
        assert "NaN" not in text
    with pytest.raises(UsageError, match="all weights are zero"):
        rank("alpha", decide_set, method=name, weight_overrides=dict.fromkeys(CRITERIA, 0.0))


@pytest.fixture(scope="module")
def decide_set() -> ProfileSet:
    return load_profile_set(DECIDE)


def test_single_candidate_ranking(tmp_path: Path) -> None:
    for name in ("alpha.yaml", "beta.yaml"):
        (tmp_path / name).write_text((DECIDE / name).read_text())
    profiles = load_profile_set(tmp_path)
    for method in METHODS:
        ranking = rank("alpha", profiles, method=method, robustness=50)
        assert [c.candidate_id for c in ranking.ranked] == ["beta"]
        assert math.isfinite(ranking.ranked[0].score)
        report = ranking.robustness
        assert report is not None
        assert report.mean_kendall_tau == 1.0
        assert report.flip_point is None
        json.dumps(ranking_to_dict(ranking), allow_nan=False)
    assert rank("alpha", profiles, method="topsis").ranked[0].score == 50.0


@settings(max_examples=60, deadline=None)
@given(
    matrix=arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.just(6)),
        elements=st.one_of(st.just(NAN), st.just(0.0), st.floats(0, 1)),
    ),
    weights=arrays(np.float64, 6, elements=st.one_of(st.just(0.0), st.floats(0, 1))),
)
def test_totals_are_in_range_and_never_nan(matrix: np.ndarray, weights: np.ndarray) -> None:
    if not (weights > 0).any():
        return
    for method in METHODS.values():
        totals = method(matrix, weights)
        assert np.isfinite(totals).all()
        assert ((totals >= -1e-12) & (totals <= 1 + 1e-12)).all()


@settings(max_examples=40, deadline=None)
@given(
    matrix=arrays(np.float64, (5, 6), elements=st.floats(0, 1)),
    scale=st.floats(0.1, 10),
)
def test_topsis_ignores_the_scale_of_the_weights(matrix: np.ndarray, scale: float) -> None:
    np.testing.assert_allclose(topsis(matrix, W * scale), topsis(matrix, W), atol=1e-9)


# --- rank-order centroid --------------------------------------------------------------------


def test_rank_order_centroid_by_hand() -> None:
    np.testing.assert_allclose(
        rank_order_centroid(3), [(1 + 1 / 2 + 1 / 3) / 3, (1 / 2 + 1 / 3) / 3, (1 / 3) / 3]
    )
    assert rank_order_centroid(1).tolist() == [1.0]


@given(st.integers(1, 40))
@settings(max_examples=40)
def test_rank_order_centroid_sums_to_one_and_decreases(n: int) -> None:
    w = rank_order_centroid(n)
    assert w.sum() == pytest.approx(1.0)
    assert (np.diff(w) < 0).all()


def test_rank_order_centroid_weights_from_names() -> None:
    weights = rank_order_centroid_weights(["complementarity", " value_alignment "])
    assert weights == {
        "value_alignment": 0.25,
        "complementarity": 0.75,
        "goal_alignment": 0.0,
        "market_reach": 0.0,
        "reputation": 0.0,
        "communication": 0.0,
    }


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ([], "needs at least one criterion"),
        (["values"], "unknown criterion `values`"),
        (["reputation", "reputation"], "listed twice"),
    ],
)
def test_rank_order_centroid_errors(order: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        rank_order_centroid_weights(order)


@pytest.mark.parametrize("bad", [-0.1, math.nan, math.inf])
@pytest.mark.parametrize("method", [weighted_sum, weighted_product, topsis])
def test_pure_methods_refuse_bad_weights(method: Any, bad: float) -> None:
    with pytest.raises(ValueError, match="weights must be finite numbers >= 0"):
        method(np.array([[0.5, 0.5]]), np.array([1.0, bad]))
