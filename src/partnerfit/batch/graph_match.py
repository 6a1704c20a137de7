"""Max-total matching past a dense score matrix: screened blocks, exact pairs, a sparse graph.

``match`` scores both directions of every pair densely (``dense.score_totals``, about 50 bytes
a pair). Past what memory holds — or when asked — the max-total match runs instead on the
candidate graph of ``assignment.solve_on_graph``, fed a block of left members at a time from the
screen of both directions (``scoring.screen``: float32, within a stated margin of the exact
totals). Every pair that enters the graph is scored exactly (``score_block`` on listed
``Pairs``), and a pair is left out only when its exact price is not positive, so the total is
the exact optimum. The reasons of the members left unmatched are tallied on the first pass over
the blocks: dealbreakers and insufficient evidence exactly from the screen's classes, the pairs
near ``--min-score`` scored exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.assignment import Assignment, FloatArray, IntArray, solve_on_graph
from partnerfit.model import Profile, Unknowns
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.coverage import BlockScores, score_block
from partnerfit.scoring.criteria import Pairs
from partnerfit.scoring.encode import encode
from partnerfit.scoring.screen import ALL, EXCLUDED_BELOW, INSUFFICIENT_BELOW, Block, Screen

BoolArray = NDArray[np.bool_]
SHOWN_PARTNERS = 3
"""Acceptable partners an unmatched member's reason names (in the order of the set)."""


@dataclass
class Tally:
    """Per member of one side: partners ruled out by dealbreakers, with insufficient evidence,
    below ``--min-score``, and acceptable; and its first acceptable partners (by index)."""

    excluded: IntArray
    unscored: IntArray
    below: IntArray
    acceptable: IntArray
    first: list[list[int]] = field(default_factory=list)

    @staticmethod
    def empty(size: int) -> Tally:
        def zeros() -> IntArray:
            return np.zeros(size, dtype=np.int64)

        return Tally(zeros(), zeros(), zeros(), zeros(), [[] for _ in range(size)])

    def shown(self) -> IntArray:
        """How many first partners each member has noted."""
        return np.array([len(f) for f in self.first], dtype=np.int64)

    def add_first(self, members: IntArray, partners: IntArray) -> None:
        """Note (member, partner) pairs, at most ``SHOWN_PARTNERS`` a member in all (given in
        increasing partner order per member)."""
        for member, partner in zip(members.tolist(), partners.tolist(), strict=True):
            if len(self.first[member]) < SHOWN_PARTNERS:
                self.first[member].append(partner)


def _first_partners(tallies: tuple[Tally, Tally], start: int, certain: BoolArray) -> None:
    """Note a block's first acceptable partners: per left row its first three columns, per
    right column (of those still short of three) its first rows."""
    left, right = tallies
    running = np.cumsum(certain, axis=1, dtype=np.int32)
    offsets, columns = np.nonzero(certain & (running <= SHOWN_PARTNERS))
    left.add_first(start + offsets, columns)
    short = np.flatnonzero(right.shown() < SHOWN_PARTNERS)
    if len(short) == 0:
        return
    part = certain[:, short]
    running = np.cumsum(part, axis=0, dtype=np.int32)
    offsets, positions = np.nonzero(part & (running <= SHOWN_PARTNERS))
    order = np.lexsort((offsets, positions))
    right.add_first(short[positions[order]], start + offsets[order])


@dataclass(frozen=True)
class GraphMatch:
    """What ``match`` reports, from the graph: chosen pairs with their exact scores, tallies."""

    assignment: Assignment
    left_scores: FloatArray
    right_scores: FloatArray
    left_coverage: FloatArray
    right_coverage: FloatArray
    left: Tally
    right: Tally


class ScreenedFits:
    """Left × right fits a block of left members at a time: screened, and exact for listed
    pairs. ``blocks`` is a ``FitBlocks`` (fit = mean of both directions' screens; acceptable =
    possibly acceptable); ``exact`` an ``Exact``."""

    def __init__(
        self,
        lefts: Sequence[Profile],
        rights: Sequence[Profile],
        vocabulary: Vocabulary,
        policy: tuple[Unknowns, FloatArray],
        min_score: float | None,
        block_pairs: int,
    ) -> None:
        unknowns, weights = policy
        self.left, self.right = encode(lefts, rights, vocabulary)
        self.forward = Screen(self.left, self.right, unknowns, weights)
        self.backward = Screen(self.right, self.left, unknowns, weights)
        self.margin = (self.forward.margin + self.backward.margin) / 2
        self.policy = policy
        self.min_score = min_score
        index = {p.id: j for j, p in enumerate(rights)}
        self.itself = np.array([index.get(p.id, -1) for p in lefts], dtype=np.int64)
        self.rows = max(1, block_pairs // max(1, 2 * len(rights)))
        self.tallies: tuple[Tally, Tally] | None = None

    def blocks(self) -> Iterator[tuple[int, FloatArray, BoolArray]]:
        """(first left row, screened fit, possibly acceptable) of every block; the first pass
        also tallies both sides' reasons. The next block is screened on another thread while
        the caller works on this one (the products and passes release the interpreter)."""
        sizes = (len(self.itself), len(self.right.profiles))
        tallies = None if self.tallies else (Tally.empty(sizes[0]), Tally.empty(sizes[1]))
        band: list[IntArray] = []
        starts = range(0, len(self.itself), self.rows)
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead = [pool.submit(self._screens, start) for start in starts[:1]]
            for number, start in enumerate(starts):
                forward, backward, itself = ahead.pop().result()
                if number + 1 < len(starts):
                    ahead.append(pool.submit(self._screens, starts[number + 1]))
                possible, certain = self._acceptable(forward, backward, itself)
                if tallies is not None:
                    band.append(
                        _tally(tallies, start, forward, backward, itself, possible, certain)
                    )
                fit: FloatArray = (forward.astype(np.float64) + backward) / 2
                yield start, fit, possible
        if tallies is not None:
            self._settle(tallies, np.concatenate(band) if band else np.empty((0, 2), np.int64))
            self.tallies = tallies

    def _screens(self, start: int) -> tuple[Block, Block, BoolArray]:
        rows = slice(start, min(len(self.itself), start + self.rows))
        forward = self.forward.totals(rows)
        backward = np.ascontiguousarray(self.backward.totals(ALL, rows).T)
        itself = np.zeros(forward.shape, dtype=bool)
        mine = self.itself[rows]
        itself[np.flatnonzero(mine >= 0), mine[mine >= 0]] = True
        return forward, backward, itself

    def _acceptable(
        self, forward: Block, backward: Block, itself: BoolArray
    ) -> tuple[BoolArray, BoolArray]:
        """(possibly acceptable, certainly acceptable) from the screens."""
        rankable = (forward > INSUFFICIENT_BELOW) & (backward > INSUFFICIENT_BELOW) & ~itself
        if self.min_score is None:
            return rankable, rankable
        low, high = self.min_score - self.forward.margin, self.min_score + self.forward.margin
        back_low = self.min_score - self.backward.margin
        back_high = self.min_score + self.backward.margin
        possible = rankable & (forward >= low) & (backward >= back_low)
        certain = possible & (forward >= high) & (backward >= back_high)
        return possible, certain

    def scores(self, edges: IntArray) -> tuple[BlockScores, BlockScores]:
        """Both directions' exact scores of listed (left, right) pairs."""
        unknowns, weights = self.policy
        forward = score_block(
            self.left, self.right, Pairs(edges[:, 0], edges[:, 1]), unknowns, weights
        )
        backward = score_block(
            self.right, self.left, Pairs(edges[:, 1], edges[:, 0]), unknowns, weights
        )
        return forward, backward

    def exact(self, edges: IntArray) -> tuple[FloatArray, BoolArray]:
        """Exact fits of possibly acceptable pairs, and which are acceptable."""
        forward, backward = self.scores(edges)
        left, right = 100 * forward.total, 100 * backward.total
        ok = np.ones(len(edges), dtype=bool)
        if self.min_score is not None:
            ok = (left >= self.min_score) & (right >= self.min_score)
        fits: FloatArray = (left + right) / 2
        return fits, ok

    def _settle(self, tallies: tuple[Tally, Tally], band: IntArray) -> None:
        """Score the pairs near ``--min-score`` exactly and count them where they belong."""
        left, right = tallies
        if len(band):
            _, ok = self.exact(band)
            for tally, members in ((left, band[:, 0]), (right, band[:, 1])):
                np.add.at(tally.acceptable, members[ok], 1)
                np.add.at(tally.below, members[~ok], 1)
            for tally, (member, partner) in ((left, (0, 1)), (right, (1, 0))):
                chosen = band[ok]
                for i, j in zip(
                    chosen[:, member].tolist(), chosen[:, partner].tolist(), strict=True
                ):
                    tally.first[i] = sorted({*tally.first[i], j})[:SHOWN_PARTNERS]


def _tally(
    tallies: tuple[Tally, Tally],
    start: int,
    forward: Block,
    backward: Block,
    itself: BoolArray,
    possible: BoolArray,
    certain: BoolArray,
) -> IntArray:
    """Count one block's pairs into both sides' tallies; return the uncertain (band) pairs."""
    left, right = tallies
    rows = slice(start, start + len(forward))
    excluded = (forward <= EXCLUDED_BELOW) & ~itself
    unscored = (
        ~excluded & ~itself & ((forward <= INSUFFICIENT_BELOW) | (backward <= INSUFFICIENT_BELOW))
    )
    below = ~excluded & ~itself & ~unscored & ~possible
    for tally, axis, at in ((left, 1, rows), (right, 0, slice(None))):
        tally.excluded[at] += excluded.sum(axis=axis)
        tally.unscored[at] += unscored.sum(axis=axis)
        tally.below[at] += below.sum(axis=axis)
        tally.acceptable[at] += certain.sum(axis=axis)
    _first_partners(tallies, start, certain)
    band: IntArray = np.argwhere(possible & ~certain) + np.array([start, 0])
    return band


def match_on_graph(
    fits: ScreenedFits, left_capacity: Sequence[int], right_capacity: Sequence[int]
) -> GraphMatch:
    """The exact max-total matching from screened blocks (see the module docstring)."""
    assignment = solve_on_graph(
        fits.blocks, left_capacity, right_capacity, exact=fits.exact, margin=fits.margin
    )
    assert fits.tallies is not None  # the first graph reads every block, which tallies
    edges = np.array(assignment.pairs, dtype=np.int64).reshape(-1, 2)
    forward, backward = fits.scores(edges)
    return GraphMatch(
        assignment,
        100 * forward.total,
        100 * backward.total,
        forward.coverage,
        backward.coverage,
        *fits.tallies,
    )
