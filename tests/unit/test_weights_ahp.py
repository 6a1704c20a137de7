"""AHP: published worked examples to their printed precision, ahpy on random matrices, properties."""

from __future__ import annotations

import math
from fractions import Fraction

import ahpy  # type: ignore[import-untyped]
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.decide.weights import (
    SAATY_RANDOM_INDEX,
    aggregate_judgements,
    aggregate_priorities,
    compatibility,
    completed,
    consensus,
    consensus_words,
    consistency,
    is_connected,
    judgement_matrix,
    most_inconsistent,
    nearest_scale_value,
    priorities,
    scale_text,
)


def _matrix(rows: str) -> np.ndarray:
    return np.array(
        [[float(Fraction(cell)) for cell in line.split()] for line in rows.strip().splitlines()]
    )


# Saaty, T. L. (1990) "How to make a decision: the analytic hierarchy process", European Journal
# of Operational Research 48, 9-26, section 4, the family choosing a house (8 criteria). Printed:
# priorities .173 .054 .188 .018 .031 .036 .167 .333, λmax = 9.669, C.I. = 0.238, C.R. = 0.169.
HOUSE = _matrix(
    """
    1 5 3 7 6 6 1/3 1/4
    1/5 1 1/3 5 3 3 1/5 1/7
    1/3 3 1 6 3 4 6 1/5
    1/7 1/5 1/6 1 1/3 1/4 1/7 1/8
    1/6 1/3 1/3 3 1 1/2 1/5 1/6
    1/6 1/3 1/4 4 2 1 1/5 1/6
    3 5 1/6 7 5 5 1 1/2
    4 7 5 8 6 6 2 1
    """
)

# Saaty, T. L. (2008) "Decision making with the analytic hierarchy process", International
# Journal of Services Sciences 1(1), 83-98, table 2: relative consumption of drinks in the USA.
# Printed: coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129, water .327; C.R. .022.
DRINKS = _matrix(
    """
    1 9 5 2 1 1 1/2
    1/9 1 1/3 1/9 1/9 1/9 1/9
    1/5 3 1 1/3 1/4 1/3 1/9
    1/2 9 3 1 1/2 1 1/3
    1 9 4 2 1 2 1/2
    1 9 3 1 1/2 1 1/3
    2 9 9 3 2 3 1
    """
)

# Choosing a leader: Wikipedia, "Analytic hierarchy process – leader example" (archived
# 2024-07-24), criteria experience, education, charisma, age; the same figures are printed in
# the AHPy 2.1 README. Printed: .548 .127 .270 .056, C.R. .044.
LEADER = _matrix(
    """
    1 4 3 7
    1/4 1 1/3 3
    1/3 3 1 5
    1/7 1/3 1/5 1
    """
)


@pytest.mark.parametrize(
    ("matrix", "printed", "cr", "lambda_max"),
    [
        (HOUSE, [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], 0.169, 9.669),
        (DRINKS, [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327], 0.022, None),
        (LEADER, [0.548, 0.127, 0.270, 0.056], 0.044, None),
    ],
    ids=["saaty-1990-house", "saaty-2008-drinks", "leader"],
)
def test_published_examples(
    matrix: np.ndarray, printed: list[float], cr: float, lambda_max: float | None
) -> None:
    weights, found_lambda = priorities(matrix)
    assert np.round(weights, 3).tolist() == printed
    assert round(consistency(found_lambda, len(printed))[1], 3) == cr
    if lambda_max is not None:
        assert round(found_lambda, 3) == lambda_max


def test_saaty_house_consistency_index() -> None:
    _, found_lambda = priorities(HOUSE)
    assert round(consistency(found_lambda, 8)[0], 3) == 0.238


def _random_matrix(rng: np.random.Generator, n: int) -> np.ndarray:
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 1 / 2, 4, 1 / 4]
    judgements = [(i, j, float(rng.choice(scale))) for i in range(n) for j in range(i + 1, n)]
    return judgement_matrix(n, judgements)


@pytest.mark.parametrize("seed", range(40))
def test_agrees_with_ahpy_on_random_matrices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 10))
    matrix = _random_matrix(rng, n)
    names = [f"c{i}" for i in range(n)]
    comparisons = {
        (names[i], names[j]): float(matrix[i, j]) for i in range(n) for j in range(i + 1, n)
    }
    reference = ahpy.Compare("m", comparisons, precision=10, random_index="saaty")
    weights, lambda_max = priorities(matrix)
    theirs = np.array([float(reference.local_weights[name]) for name in names])
    assert np.allclose(weights, theirs, atol=1e-8)
    # ahpy's 'saaty' indices are Saaty's 2005 table; compare the consistency index itself
    ahpy_ri = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45}[n]
    ci, cr = consistency(lambda_max, n)
    assert math.isclose(ci, float(reference.consistency_ratio) * ahpy_ri, abs_tol=1e-8)
    assert math.isclose(cr, ci / SAATY_RANDOM_INDEX[n])


positive_weights = st.lists(
    st.floats(min_value=0.01, max_value=100, allow_nan=False), min_size=2, max_size=12
)


@settings(max_examples=200, deadline=None)
@given(positive_weights)
def test_consistent_matrix_gives_cr_zero_and_exact_ratios(raw: list[float]) -> None:
    w = np.array(raw) / sum(raw)
    n = len(w)
    matrix = w[:, None] / w[None, :]
    weights, lambda_max = priorities(matrix)
    assert np.allclose(weights, w, rtol=1e-9, atol=1e-12)
    assert math.isclose(lambda_max, n, rel_tol=1e-9)
    assert consistency(lambda_max, n)[1] <= 1e-9
    assert most_inconsistent(matrix) is None or most_inconsistent(matrix).cr_after <= 1e-9


@st.composite
def judgement_sets(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(2, 9))
    values = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9, 1.5, 0.4])
    judgements = [(i, j, draw(values)) for i in range(n) for j in range(i + 1, n)]
    # drop some judgements but keep a spanning chain so the set stays linked
    dropped = draw(st.sets(st.integers(0, len(judgements) - 1), max_size=len(judgements)))
    kept = [item for k, item in enumerate(judgements) if k not in dropped or item[1] == item[0] + 1]
    return judgement_matrix(n, kept)


@settings(max_examples=200, deadline=None)
@given(judgement_sets())
def test_priorities_are_positive_and_sum_to_one(matrix: np.ndarray) -> None:
    weights, lambda_max = priorities(matrix)
    assert math.isclose(weights.sum(), 1.0, rel_tol=1e-12)
    assert (weights > 0).all()
    assert lambda_max >= matrix.shape[0] - 1e-9


@settings(max_examples=150, deadline=None)
@given(judgement_sets(), st.randoms(use_true_random=False))
def test_permuting_criteria_permutes_the_result(matrix: np.ndarray, random: object) -> None:
    n = matrix.shape[0]
    order = list(range(n))
    random.shuffle(order)  # type: ignore[attr-defined]
    permuted = matrix[np.ix_(order, order)]
    weights, lambda_max = priorities(matrix)
    p_weights, p_lambda = priorities(permuted)
    assert np.allclose(p_weights, weights[order], atol=1e-10)
    assert math.isclose(p_lambda, lambda_max, rel_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(judgement_sets())
def test_harker_priorities_are_the_eigenvector_of_the_completed_matrix(matrix: np.ndarray) -> None:
    weights, lambda_max = priorities(matrix)
    full = completed(matrix, weights)
    assert np.allclose(full @ weights, lambda_max * weights, rtol=1e-8, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(judgement_sets())
def test_the_suggested_value_lowers_cr_to_what_it_promises(matrix: np.ndarray) -> None:
    culprit = most_inconsistent(matrix)
    if culprit is None:
        return
    n = matrix.shape[0]
    fixed = matrix.copy()
    fixed[culprit.row, culprit.col] = culprit.consistent
    fixed[culprit.col, culprit.row] = 1 / culprit.consistent
    _, before = priorities(matrix)
    _, after = priorities(fixed)
    assert math.isclose(consistency(after, n)[1], culprit.cr_after, abs_tol=1e-9)
    assert after < before


def test_most_inconsistent_finds_the_planted_error() -> None:
    w = np.array([0.4, 0.3, 0.2, 0.1])
    matrix = w[:, None] / w[None, :]
    matrix[0, 3], matrix[3, 0] = 1 / 4, 4  # should be 4
    culprit = most_inconsistent(matrix)
    assert culprit is not None
    assert (culprit.row, culprit.col) == (0, 3)
    assert math.isclose(culprit.consistent, 4.0, rel_tol=1e-9)
    assert culprit.cr_after < 1e-9


def test_connectivity() -> None:
    chain = judgement_matrix(4, [(0, 1, 2.0), (1, 2, 3.0), (2, 3, 1.0)])
    split = judgement_matrix(4, [(0, 1, 2.0), (2, 3, 3.0)])
    assert is_connected(chain)
    assert not is_connected(split)


def test_a_spanning_tree_is_consistent_and_its_ratios_exact() -> None:
    matrix = judgement_matrix(3, [(0, 1, 2.0), (1, 2, 3.0)])
    weights, lambda_max = priorities(matrix)
    assert np.allclose(weights, np.array([6, 3, 1]) / 10)
    assert consistency(lambda_max, 3) == pytest.approx((0.0, 0.0), abs=1e-12)


def test_aij_is_the_weighted_geometric_mean_and_reciprocal() -> None:
    a = judgement_matrix(3, [(0, 1, 2.0), (0, 2, 4.0), (1, 2, 2.0)])
    b = judgement_matrix(3, [(0, 1, 8.0), (1, 2, 1 / 2)])
    group = aggregate_judgements([a, b], np.array([1.0, 3.0]))
    assert math.isclose(group[0, 1], 2**0.25 * 8**0.75)
    assert math.isclose(group[0, 2], 4.0)  # only a judged it
    assert np.allclose(group * group.T, 1.0)


def test_aip_is_the_normalised_weighted_geometric_mean() -> None:
    vectors = np.array([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
    out = aggregate_priorities(vectors, np.array([1.0, 1.0]))
    expected = np.sqrt(vectors[0] * vectors[1])
    assert np.allclose(out, expected / expected.sum())


def test_consensus_bounds_and_words() -> None:
    same = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    apart = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    votes = np.array([1.0, 1.0])
    assert consensus(same, votes) == pytest.approx(1.0)
    assert consensus(apart, votes) == pytest.approx(0.0)
    assert consensus(same[:1], votes[:1]) == 1.0
    assert consensus_words(0.9) == "very high"
    assert consensus_words(0.8) == "high"
    assert consensus_words(0.7) == "moderate"
    assert consensus_words(0.55) == "low"
    assert consensus_words(0.2) == "very low"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), min_size=2, max_size=6),
    st.lists(st.floats(0.1, 10.0), min_size=6, max_size=6),
)
def test_consensus_is_within_zero_and_one(raw: list[list[float]], votes: list[float]) -> None:
    vectors = np.array(raw)
    vectors /= vectors.sum(axis=1, keepdims=True)
    value = consensus(vectors, np.array(votes[: len(raw)]))
    assert 0.0 <= value <= 1.0


def test_compatibility_is_one_for_its_own_ratios() -> None:
    w = np.array([0.5, 0.25, 0.25])
    assert compatibility(w[:, None] / w[None, :], w) == pytest.approx(1.0)


def test_scale_helpers() -> None:
    assert nearest_scale_value(0.21) == pytest.approx(1 / 5)
    assert nearest_scale_value(8.6) == 9
    assert scale_text(3.0) == "3"
    assert scale_text(0.2) == "1/5"
    assert scale_text(2.44) == "2.44"
    assert scale_text(1 / 2.5) == "1/2.5"
