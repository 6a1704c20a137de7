"""Max-total matching with capacities, solved as the transportation problem it is.

The problem: choose acceptable pairs (i, j), each at most once, so that left member i is in at
most ``left_capacity[i]`` pairs and right member j in at most ``right_capacity[j]``, with the
greatest total fit. As a linear programme over one variable per acceptable pair (0 ≤ x ≤ 1), its
constraint matrix is the incidence matrix of a bipartite graph, which is totally unimodular: every
vertex of the polytope is integral, so the simplex method (HiGHS dual simplex) returns the integer
optimum of the LP relaxation without branching. The solution is checked for integrality anyway;
should a solver ever return a fractional point, the HiGHS integer programme solves the same graph.

Only a few pairs per member can be in an optimal matching, so the LP starts on a *sparse candidate
graph* (each member's best acceptable partners by fit) and grows by column generation: the duals
(u_i, v_j) of the restricted optimum price every acceptable pair left out; a pair with
``fit − u_i − v_j > 0`` could improve the total and is added. When no pair prices positive the
duals are feasible for the whole problem, so the restricted optimum is the optimum of the whole
problem (LP duality). Stopped early, ``Σ max(0, fit − u_i − v_j)`` over the pairs left out bounds
how far the matching found can be from the optimum: ``gap_bound`` reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import PartnerfitError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

Solver = Literal["linear-sum-assignment", "highs-lp", "highs-milp"]
SOLVER_DESCRIPTIONS: dict[str, str] = {
    "linear-sum-assignment": "one-to-one assignment (scipy linear_sum_assignment)",
    "highs-lp": "transportation LP, HiGHS dual simplex (integral optimum)",
    "highs-milp": "integer programme, HiGHS (the LP optimum was fractional)",
}
DEFAULT_PER_MEMBER = 2
"""Best acceptable partners per member (beyond its capacity) in the first candidate graph."""
MAX_ROUNDS = 50
_INTEGRAL = 1e-9
_PRICE = 1e-9

FitBlocks = Callable[[], Iterator[tuple[int, FloatArray, BoolArray]]]
"""Yields (first left row, fit block, acceptable block) covering every left row once."""

Exact = Callable[[IntArray], tuple[FloatArray, BoolArray]]
"""The exact fit of listed (left, right) pairs, and whether each is acceptable: for blocks whose
fits are a screen (within a margin of the exact fit, acceptable meaning "possibly")."""


@dataclass(frozen=True)
class Assignment:
    """The chosen pairs, the solver that found them, and the proof of optimality."""

    pairs: tuple[tuple[int, int], ...]
    solver: Solver
    graph_pairs: int
    rounds: int
    gap_bound: float

    @property
    def total_is_optimal(self) -> bool:
        """True when no pair left out of the graph could raise the total."""
        return self.gap_bound == 0.0


def dense_blocks(fit: FloatArray, acceptable: BoolArray, rows: int = 1024) -> FitBlocks:
    """Fit blocks from a dense fit matrix, ``rows`` left members at a time."""

    def blocks() -> Iterator[tuple[int, FloatArray, BoolArray]]:
        for start in range(0, fit.shape[0], rows):
            yield start, fit[start : start + rows], acceptable[start : start + rows]

    return blocks


def max_total_assignment(
    fit: FloatArray,
    acceptable: BoolArray,
    left_capacity: Sequence[int],
    right_capacity: Sequence[int],
) -> list[tuple[int, int]]:
    """Acceptable pairs of the greatest total fit, each side within its capacity."""
    return list(solve_max_total(fit, acceptable, left_capacity, right_capacity).pairs)


def solve_max_total(
    fit: FloatArray,
    acceptable: BoolArray,
    left_capacity: Sequence[int],
    right_capacity: Sequence[int],
    *,
    per_member: int = DEFAULT_PER_MEMBER,
) -> Assignment:
    """The exact max-total matching of a dense problem, and how it was solved."""
    if not acceptable.any():
        return Assignment((), "highs-lp", 0, 0, 0.0)
    if all(c == 1 for c in left_capacity) and all(c == 1 for c in right_capacity):
        return _one_to_one(fit, acceptable)
    return solve_on_graph(
        dense_blocks(fit, acceptable),
        left_capacity,
        right_capacity,
        per_member=per_member,
    )


def _one_to_one(fit: FloatArray, acceptable: BoolArray) -> Assignment:
    from scipy.optimize import linear_sum_assignment

    # Unacceptable pairs weigh 0, so choosing one is the same as leaving both unmatched.
    gains = np.where(acceptable, fit, 0.0)
    rows, cols = linear_sum_assignment(gains, maximize=True)
    pairs = sorted((int(r), int(c)) for r, c in zip(rows, cols, strict=True) if acceptable[r, c])
    return Assignment(tuple(pairs), "linear-sum-assignment", int(acceptable.sum()), 1, 0.0)


def solve_on_graph(
    blocks: FitBlocks,
    left_capacity: Sequence[int],
    right_capacity: Sequence[int],
    *,
    per_member: int = DEFAULT_PER_MEMBER,
    max_rounds: int = MAX_ROUNDS,
    exact: Exact | None = None,
    margin: float = 0.0,
) -> Assignment:
    """Column generation from each member's best partners until no left-out pair prices positive.

    ``max_rounds=0`` solves the first candidate graph only and reports its gap bound. With
    ``exact``, the blocks' fits are a screen within ``margin`` of the exact fits: the graph is
    chosen on the screen, every pair in it carries its exact fit, and a pair is left out only
    when its exact price is not positive, so the optimum is the exact one all the same.
    """
    left_cap = np.asarray(left_capacity, dtype=np.int64)
    right_cap = np.asarray(right_capacity, dtype=np.int64)
    edges, gains = candidate_graph(blocks, left_cap, right_cap, per_member)
    if exact is not None:
        edges, gains = _exactly(exact, edges)
    if len(edges) == 0:
        return Assignment((), "highs-lp", 0, 0, 0.0)
    lp = _RestrictedLp(left_cap, right_cap)
    lp.add(edges, gains)
    rounds = 0
    while True:
        rounds += 1
        x, u, v = lp.solve()
        in_graph = _edge_keys(edges, len(right_cap))
        if exact is None:
            new_edges, new_gains, gap = _price(blocks, u, v, in_graph, left_cap, per_member)
        else:
            prices = _ScreenedPrices(u, v, in_graph, left_cap + per_member, margin)
            new_edges, new_gains, gap = prices.collect(blocks, exact)
        if len(new_edges) == 0 or rounds > max_rounds:
            break
        lp.add(new_edges, new_gains)
        edges = np.concatenate([edges, new_edges])
        gains = np.concatenate([gains, new_gains])
    solver: Solver = "highs-lp"
    if np.any(np.abs(x - np.round(x)) > _INTEGRAL):
        x = _solve_milp(edges, gains, left_cap, right_cap)
        solver = "highs-milp"
    chosen = edges[x > 0.5]
    pairs = tuple(sorted((int(r), int(c)) for r, c in chosen))
    return Assignment(pairs, solver, len(edges), rounds, gap if len(new_edges) else 0.0)


def _exactly(exact: Exact, edges: IntArray) -> tuple[IntArray, FloatArray]:
    """The acceptable ones of ``edges`` with their exact fits."""
    if len(edges) == 0:
        return edges, np.empty(0)
    fits, ok = exact(edges)
    return edges[ok], fits[ok]


def _top_per_row(values: FloatArray, allowed: BoolArray, counts: IntArray) -> IntArray:
    """Per row, the columns of the ``counts[row]`` greatest allowed values (as (row, col) pairs)."""
    keyed = np.where(allowed, values, -np.inf)
    k = int(min(keyed.shape[1], counts.max(initial=0)))
    if k == 0:
        return np.empty((0, 2), dtype=np.int64)
    if k < keyed.shape[1]:
        best = np.argpartition(-keyed, k - 1, axis=1)[:, :k]
    else:
        best = np.broadcast_to(np.arange(keyed.shape[1]), keyed.shape)
    rows = np.broadcast_to(np.arange(keyed.shape[0])[:, None], best.shape)
    order = np.argsort(-np.take_along_axis(keyed, best, axis=1), axis=1, kind="stable")
    best = np.take_along_axis(best, order, axis=1)
    keep = (np.arange(k)[None, :] < counts[:, None]) & np.isfinite(
        np.take_along_axis(keyed, best, axis=1)
    )
    return np.stack([rows[keep], best[keep]], axis=1).astype(np.int64)


def candidate_graph(
    blocks: FitBlocks, left_cap: IntArray, right_cap: IntArray, per_member: int
) -> tuple[IntArray, FloatArray]:
    """Each member's ``capacity + per_member`` best acceptable partners by fit, both sides."""
    n_right = len(right_cap)
    col_want = right_cap + per_member
    found: list[IntArray] = []
    gains: list[FloatArray] = []
    # per right member, its best rows seen so far (merged block by block)
    col_rows = np.empty((0, n_right), dtype=np.int64)
    col_fit = np.empty((0, n_right))
    for start, fit, ok in blocks():
        picked = _top_per_row(fit, ok, left_cap[start : start + len(fit)] + per_member)
        found.append(picked + np.array([start, 0]))
        gains.append(fit[picked[:, 0], picked[:, 1]])
        rows_here = np.broadcast_to(np.arange(start, start + len(fit))[:, None], fit.shape)
        col_rows = np.concatenate([col_rows, rows_here])
        col_fit = np.concatenate([col_fit, np.where(ok, fit, -np.inf)])
        keep = int(min(len(col_fit), col_want.max(initial=0)))
        if keep < len(col_fit):
            top = np.argpartition(-col_fit, keep - 1, axis=0)[:keep]
            col_rows = np.take_along_axis(col_rows, top, axis=0)
            col_fit = np.take_along_axis(col_fit, top, axis=0)
    order = np.argsort(-col_fit, axis=0, kind="stable")
    col_fit = np.take_along_axis(col_fit, order, axis=0)
    col_rows = np.take_along_axis(col_rows, order, axis=0)
    keep_col = (np.arange(len(col_fit))[:, None] < col_want[None, :]) & np.isfinite(col_fit)
    cols = np.broadcast_to(np.arange(n_right)[None, :], col_fit.shape)
    found.append(np.stack([col_rows[keep_col], cols[keep_col]], axis=1))
    gains.append(col_fit[keep_col])
    edges = np.concatenate(found)
    all_gains = np.concatenate(gains)
    _, unique = np.unique(_edge_keys(edges, n_right), return_index=True)
    return edges[unique], all_gains[unique]


def _edge_keys(edges: IntArray, n_right: int) -> IntArray:
    keys: IntArray = edges[:, 0] * n_right + edges[:, 1]
    return keys


def _price(
    blocks: FitBlocks,
    u: FloatArray,
    v: FloatArray,
    in_graph: IntArray,
    left_cap: IntArray,
    per_member: int,
) -> tuple[IntArray, FloatArray, float]:
    """Pairs outside the graph whose reduced cost is positive (best few per row), and the gap."""
    n_right = len(v)
    in_sorted = np.sort(in_graph)
    found: list[IntArray] = []
    gains: list[FloatArray] = []
    gap = 0.0
    for start, fit, ok in blocks():
        reduced = fit - u[start : start + len(fit), None] - v[None, :]
        in_graph_here = _in_graph(in_sorted, start, ok.shape, n_right)
        positive = ok & ~in_graph_here & (reduced > _PRICE)
        if not positive.any():
            continue
        gap += float(np.where(positive, reduced, 0.0).sum())
        picked = _top_per_row(reduced, positive, left_cap[start : start + len(fit)] + per_member)
        found.append(picked + np.array([start, 0]))
        gains.append(fit[picked[:, 0], picked[:, 1]])
    if not found:
        return np.empty((0, 2), dtype=np.int64), np.empty(0), 0.0
    return np.concatenate(found), np.concatenate(gains), gap


@dataclass
class _ScreenedPrices:
    """One pricing pass over screened blocks. A pair whose screened price exceeds
    ``_PRICE + margin`` certainly prices positive; one within ``margin`` of ``_PRICE`` may.
    Per row the best ``wanted`` by screened price and every uncertain pair are scored exactly;
    those that price positive exactly join the graph. No certain pair and no exact positive
    among the uncertain ones means that no pair left out prices positive: the duals are
    feasible for the whole problem."""

    u: FloatArray
    v: FloatArray
    in_graph: IntArray
    wanted: IntArray
    margin: float

    def collect(self, blocks: FitBlocks, exact: Exact) -> tuple[IntArray, FloatArray, float]:
        """The pairs to add with their exact fits, and a bound on the gap (screen + margin)."""
        n_right = len(self.v)
        in_sorted = np.sort(self.in_graph)
        checked: list[IntArray] = []
        gap = 0.0
        for start, fit, ok in blocks():
            rows = slice(start, start + len(fit))
            reduced = fit - self.u[rows, None] - self.v[None, :]
            maybe = ok & (reduced > _PRICE - self.margin)
            maybe &= ~_in_graph(in_sorted, start, maybe.shape, n_right)
            if not maybe.any():
                continue
            gap += float(np.where(maybe, reduced + self.margin, 0.0).sum())
            picked = _top_per_row(reduced, maybe, self.wanted[rows])
            unsure = np.argwhere(maybe & (reduced <= _PRICE + self.margin))
            checked += [picked + np.array([start, 0]), unsure + np.array([start, 0])]
        if not checked:
            return np.empty((0, 2), dtype=np.int64), np.empty(0), 0.0
        keys = np.unique(_edge_keys(np.concatenate(checked), n_right))
        edges, fits = _exactly(exact, np.stack([keys // n_right, keys % n_right], axis=1))
        positive = fits - self.u[edges[:, 0]] - self.v[edges[:, 1]] > _PRICE
        return edges[positive], fits[positive], gap


def _in_graph(in_sorted: IntArray, start: int, shape: tuple[int, ...], n_right: int) -> BoolArray:
    """Which pairs of a block (first row ``start``) are in the graph already (``in_sorted``:
    the graph's sorted pair keys, row·n_right + column)."""
    found = np.zeros(shape, dtype=bool)
    low, high = np.searchsorted(in_sorted, [start * n_right, (start + shape[0]) * n_right])
    here = in_sorted[low:high]
    found[here // n_right - start, here % n_right] = True
    return found


def _incidence(edges: IntArray, n_left: int, n_right: int) -> object:
    from scipy.sparse import coo_array

    n_edges = len(edges)
    columns = np.concatenate([np.arange(n_edges), np.arange(n_edges)])
    rows = np.concatenate([edges[:, 0], n_left + edges[:, 1]])
    return coo_array(
        (np.ones(2 * n_edges), (rows, columns)), shape=(n_left + n_right, n_edges)
    ).tocsr()


class _RestrictedLp:
    """The transportation LP over a growing set of pairs, re-solved warm after each addition."""

    def __init__(self, left_cap: IntArray, right_cap: IntArray) -> None:
        # highspy's core class: highspy.Highs() prints a banner on stdout when it is created
        from highspy._core import _Highs

        self._n_left = len(left_cap)
        rows = self._n_left + len(right_cap)
        self._highs = _Highs()
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("solver", "simplex")
        self._highs.setOptionValue("simplex_strategy", 1)  # dual simplex: warm after new columns
        limits = np.concatenate([left_cap, right_cap]).astype(np.float64)
        empty_int = np.empty(0, dtype=np.int32)
        self._highs.addRows(
            rows, np.full(rows, -np.inf), limits, 0, empty_int, empty_int, np.empty(0)
        )

    def add(self, edges: IntArray, gains: FloatArray) -> None:
        """Add one column per pair: gain to maximise, a 1 in its left and its right row."""
        count = len(edges)
        if count == 0:
            return
        starts = np.arange(0, 2 * count, 2, dtype=np.int32)
        rows = np.stack([edges[:, 0], self._n_left + edges[:, 1]], axis=1).ravel()
        self._highs.addCols(
            count,
            -gains,
            np.zeros(count),
            np.ones(count),
            2 * count,
            starts,
            rows.astype(np.int32),
            np.ones(2 * count),
        )

    def solve(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The optimum's pair values and the duals of the capacity rows (left u, right v)."""
        from highspy import HighsModelStatus

        self._highs.run()
        status = self._highs.getModelStatus()
        if status != HighsModelStatus.kOptimal:
            raise PartnerfitError(f"the assignment solver failed: {status}")
        solution = self._highs.getSolution()
        duals = -np.asarray(solution.row_dual, dtype=np.float64)
        x = np.asarray(solution.col_value, dtype=np.float64)
        return x, duals[: self._n_left], duals[self._n_left :]


def _solve_milp(
    edges: IntArray, gains: FloatArray, left_cap: IntArray, right_cap: IntArray
) -> FloatArray:
    from scipy.optimize import Bounds, LinearConstraint, milp

    limits = np.concatenate([left_cap, right_cap]).astype(np.float64)
    incidence = _incidence(edges, len(left_cap), len(right_cap))
    result = milp(
        -gains,
        constraints=LinearConstraint(incidence, -np.inf, limits),
        integrality=np.ones(len(edges)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if not result.success or result.x is None:
        raise PartnerfitError(f"the assignment solver failed: {result.message}")
    return np.asarray(np.round(result.x), dtype=np.float64)
