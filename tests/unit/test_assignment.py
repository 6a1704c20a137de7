"""The transportation LP with column generation against the integer programme on random cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.batch import assignment
from partnerfit.batch.assignment import (
    _solve_milp,
    dense_blocks,
    solve_max_total,
    solve_on_graph,
)


def milp_optimum(
    fit: np.ndarray, acceptable: np.ndarray, left_cap: list[int], right_cap: list[int]
) -> float:
    """The optimum of the whole problem by HiGHS branch and bound, the old solver."""
    if not acceptable.any():
        return 0.0
    edges = np.argwhere(acceptable).astype(np.int64)
    gains = fit[edges[:, 0], edges[:, 1]]
    x = _solve_milp(edges, gains, np.array(left_cap), np.array(right_cap))
    return float(gains[x > 0.5].sum())


def total(fit: np.ndarray, pairs: tuple[tuple[int, int], ...]) -> float:
    return float(sum(fit[i, j] for i, j in pairs))


def feasible(
    pairs: tuple[tuple[int, int], ...],
    acceptable: np.ndarray,
    left_cap: list[int],
    right_cap: list[int],
) -> bool:
    lefts = np.bincount([i for i, _ in pairs], minlength=len(left_cap))
    rights = np.bincount([j for _, j in pairs], minlength=len(right_cap))
    return (
        len(set(pairs)) == len(pairs)
        and all(acceptable[i, j] for i, j in pairs)
        and bool((lefts <= left_cap).all() and (rights <= right_cap).all())
    )


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[int], list[int]]:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_left, n_right = draw(st.integers(1, 25)), draw(st.integers(1, 25))
    # popular members (a column effect) make the first candidate graph miss pairs on purpose
    fit = np.round(
        rng.normal(50, 10, (n_left, 1)) + rng.normal(0, 15, (1, n_right)) + rng.normal(0, 3, 1), 2
    )
    fit = np.clip(fit + np.round(rng.normal(0, 4, (n_left, n_right)), 2), 0, 100)
    acceptable = rng.random((n_left, n_right)) < draw(st.floats(0.1, 1.0))
    left_cap = rng.integers(1, 4, n_left).tolist()
    right_cap = rng.integers(1, 4, n_right).tolist()
    return fit, acceptable, left_cap, right_cap


@settings(max_examples=120, deadline=None)
@given(problems(), st.integers(0, 3))
def test_lp_reaches_the_integer_optimum(problem: tuple, per_member: int) -> None:  # type: ignore[type-arg]
    fit, acceptable, left_cap, right_cap = problem
    solved = solve_max_total(fit, acceptable, left_cap, right_cap, per_member=per_member)
    assert feasible(solved.pairs, acceptable, left_cap, right_cap)
    assert total(fit, solved.pairs) == pytest.approx(
        milp_optimum(fit, acceptable, left_cap, right_cap), abs=1e-6
    )
    assert solved.gap_bound == 0.0
    assert solved.total_is_optimal


@settings(max_examples=60, deadline=None)
@given(problems())
def test_gap_bound_of_the_first_graph_holds(problem: tuple) -> None:  # type: ignore[type-arg]
    fit, acceptable, left_cap, right_cap = problem
    first = solve_on_graph(
        dense_blocks(fit, acceptable, rows=7), left_cap, right_cap, per_member=0, max_rounds=0
    )
    assert feasible(first.pairs, acceptable, left_cap, right_cap)
    best = milp_optimum(fit, acceptable, left_cap, right_cap)
    found = total(fit, first.pairs)
    assert found <= best + 1e-6
    assert best - found <= first.gap_bound + 1e-6


def test_the_first_graph_can_miss_the_optimum_and_the_bound_says_so() -> None:
    # each member's single best partner leaves out (1, 1), which the optimum needs
    fit = np.array([[8.0, 6.0, 5.0], [3.0, 3.0, 1.0], [1.0, 1.0, 2.0]])
    acceptable = np.ones_like(fit, dtype=bool)
    caps = [1, 1, 1]
    first = solve_on_graph(dense_blocks(fit, acceptable), caps, caps, per_member=0, max_rounds=0)
    assert (total(fit, first.pairs), first.gap_bound) == (11.0, 4.0)
    assert not first.total_is_optimal
    grown = solve_on_graph(dense_blocks(fit, acceptable), caps, caps, per_member=0)
    assert (total(fit, grown.pairs), grown.gap_bound, grown.rounds) == (13.0, 0.0, 2)


def test_one_to_one_uses_linear_sum_assignment() -> None:
    fit = np.array([[3.0, 1.0], [2.0, 4.0]])
    solved = solve_max_total(fit, np.ones((2, 2), dtype=bool), [1, 1], [1, 1])
    assert (solved.solver, solved.pairs) == ("linear-sum-assignment", ((0, 0), (1, 1)))


def test_capacities_use_the_lp() -> None:
    fit = np.array([[3.0, 1.0], [2.0, 4.0]])
    solved = solve_max_total(fit, np.ones((2, 2), dtype=bool), [2, 1], [1, 2])
    assert solved.solver == "highs-lp"
    assert solved.pairs == ((0, 0), (0, 1), (1, 1))


def test_nothing_acceptable() -> None:
    solved = solve_max_total(np.ones((2, 2)), np.zeros((2, 2), dtype=bool), [2, 1], [1, 2])
    assert solved.pairs == ()


def test_a_fractional_lp_point_falls_back_to_the_integer_programme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_solve = assignment._RestrictedLp.solve

    def fractional(self: assignment._RestrictedLp) -> tuple[np.ndarray, ...]:
        x, u, v = real_solve(self)
        return np.full_like(x, 0.5), u, v

    monkeypatch.setattr(assignment._RestrictedLp, "solve", fractional)
    fit = np.array([[3.0, 1.0], [2.0, 4.0]])
    solved = solve_max_total(fit, np.ones((2, 2), dtype=bool), [2, 1], [1, 2])
    assert solved.solver == "highs-milp"
    assert solved.pairs == ((0, 0), (0, 1), (1, 1))
