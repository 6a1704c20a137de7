"""The best pairs of a block of focal rows, chosen on the screen and scored exactly.

``compare --top-k`` keeps ``k`` pairs per focal. Every pair is screened (``scoring.screen``:
float32, within ``margin`` of its exact total); the pairs whose exact total could reach a
focal's top ``k + 1`` — within ``2·margin`` of the screen's cut — and, with ``--min-score``,
those within ``margin`` of it, are scored exactly by ``scoring.coverage.score_block`` on
listed ``Pairs``. Selection, ranks, ties and counts then come from the exact totals, so the
result is the one scoring every pair exactly gives, byte for byte.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.comparison import FocalSummary, IntArray
from partnerfit.model import Unknowns
from partnerfit.scoring.coverage import BlockScores, Index, score_block
from partnerfit.scoring.criteria import Pairs
from partnerfit.scoring.encode import EncodedSide
from partnerfit.scoring.screen import EXCLUDED_BELOW, INSUFFICIENT_BELOW, Block, Screen
from partnerfit.scoring.ties import competition_ranks, tie_keys, ties_across_cut

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Scored:
    """A block's exact scores and where a (row offset, candidate) pair is in them: a grid of
    every pair (``listed`` None), or listed pairs in (row, candidate) order."""

    scores: BlockScores
    listed: IntArray | None = None
    width: int = 0

    def at(self, offsets: IntArray, columns: IntArray) -> tuple[BlockScores, Index]:
        """The scores, and the index into them, of the pairs (offsets[i], columns[i]): for a
        grid, its scores laid flat and one flat index."""
        if self.listed is None:
            return self.scores.raveled(), (offsets * self.scores.total.shape[1] + columns,)
        return self.scores, (np.searchsorted(self.listed, offsets * self.width + columns),)


Selection = tuple[
    Scored, list[list[IntArray]], list[tuple[list[int], list[bool]]], tuple[FocalSummary, ...]
]
"""The scores, the pairs kept per row, their ranks and tie flags, the summaries."""


@dataclass(frozen=True)
class _Counts:
    """Per focal row: candidates considered, excluded, insufficient, ranked."""

    considered: IntArray
    excluded: IntArray
    insufficient: IntArray
    ranked: IntArray


def _counts(screen: Block, itself: IntArray) -> _Counts:
    n_self = (itself >= 0).astype(np.int64)
    low = np.count_nonzero(screen <= INSUFFICIENT_BELOW, axis=1) - n_self
    excluded = np.count_nonzero(screen <= EXCLUDED_BELOW, axis=1) - n_self
    considered = screen.shape[1] - n_self
    return _Counts(considered, excluded, low - excluded, considered - low)


def _sample_cut(screen: Block, need: int) -> FloatArray:
    """Per row, a value with at least ``need`` screens at or above it (−∞ if none): the
    ``need``-th largest of every ``stride``-th column, a fraction of a full partition."""
    n = screen.shape[1]
    stride = max(1, math.isqrt(n // need))
    sample = screen[:, ::stride]
    if sample.shape[1] < need:
        return np.full(screen.shape[0], -np.inf)
    cut: FloatArray = -np.partition(-sample, need - 1, axis=1)[:, need - 1].astype(np.float64)
    return cut


def _candidates(screen: Block, need: int, margin: float, floor: float) -> tuple[IntArray, IntArray]:
    """(row offset, column) of every pair that could be among its row's ``need`` best: at or
    above ``floor`` and within ``2·margin`` of the ``need``-th best screen of its row."""
    cut = np.maximum(_sample_cut(screen, need) - 2 * margin, floor)
    offsets, columns = np.nonzero(screen >= cut.astype(np.float32)[:, None])
    values = screen[offsets, columns]
    order = np.lexsort((-values, offsets))
    ranked_values, ranked_offsets = values[order], offsets[order]
    starts = np.searchsorted(ranked_offsets, np.arange(screen.shape[0]))
    sizes = np.diff(np.append(starts, len(order)))
    kth = np.full(screen.shape[0], -np.inf)
    full = sizes >= need
    kth[full] = ranked_values[starts[full] + need - 1]
    keep = values >= (kth[offsets] - 2 * margin)
    return offsets[keep].astype(np.int64), columns[keep].astype(np.int64)


def _band(screen: Block, min_score: float, margin: float) -> tuple[IntArray, IntArray]:
    """(row offset, column) of pairs whose screen is within ``margin`` of ``min_score``."""
    near = (screen >= np.float32(min_score - margin)) & (screen < np.float32(min_score + margin))
    offsets, columns = np.nonzero(near)
    return offsets.astype(np.int64), columns.astype(np.int64)


def screen_and_select(
    screen: Screen,
    sides: tuple[EncodedSide, EncodedSide],
    rows: slice,
    cand_index: Mapping[str, int],
    policy: tuple[Unknowns, FloatArray],
    width: int,
    min_score: float | None,
) -> Selection:
    """The ``width`` best pairs of each focal row of ``rows`` (see the module docstring)."""
    focal, cand = sides
    totals = screen.totals(rows)
    n_rows, n_cand = totals.shape
    itself = np.array(
        [cand_index.get(p.id, -1) for p in focal.profiles[rows]], dtype=np.int64
    ).reshape(n_rows)
    mine = np.flatnonzero(itself >= 0)
    totals[mine, itself[mine]] = -np.inf
    counts = _counts(totals, itself)
    margin = screen.margin
    floor = INSUFFICIENT_BELOW if min_score is None else max(INSUFFICIENT_BELOW, min_score - margin)
    offsets, columns = _candidates(totals, width + 1, margin, floor)
    if min_score is not None:
        band = _band(totals, min_score, margin)
        above = np.count_nonzero(totals >= np.float32(min_score + margin), axis=1)
        offsets, columns = np.concatenate([offsets, band[0]]), np.concatenate([columns, band[1]])
    listed = np.unique(offsets * n_cand + columns)
    offsets, columns = listed // n_cand, listed % n_cand
    unknowns, weights = policy
    scores = score_block(focal, cand, Pairs(rows.start + offsets, columns), unknowns, weights)
    exact = 100 * scores.total
    eligible = np.ones(len(listed), dtype=bool) if min_score is None else exact >= min_score
    if min_score is None:
        n_eligible = counts.ranked
    else:
        in_band = np.zeros(len(listed), dtype=bool)
        in_band[np.searchsorted(listed, band[0] * n_cand + band[1])] = True
        n_eligible = above + np.bincount(offsets[in_band & eligible], minlength=n_rows)
    chosen = _choose(tie_keys(exact), eligible, offsets, columns, n_rows, width)
    summaries = tuple(
        FocalSummary(
            considered=int(counts.considered[i]),
            ranked=len(kept),
            excluded=int(counts.excluded[i]),
            insufficient=int(counts.insufficient[i]),
            below_min_score=int(counts.ranked[i] - n_eligible[i]),
            cut_by_top_k=int(n_eligible[i]) - len(kept),
            tied_beyond_top_k=beyond,
        )
        for i, (kept, _, beyond) in enumerate(chosen)
    )
    return (
        Scored(scores, listed, n_cand),
        [[kept] for kept, _, _ in chosen],
        [ranks for _, ranks, _ in chosen],
        summaries,
    )


def _choose(
    keys: FloatArray,
    eligible: NDArray[np.bool_],
    offsets: IntArray,
    columns: IntArray,
    n_rows: int,
    width: int,
) -> list[tuple[IntArray, tuple[list[int], list[bool]], int]]:
    """Per row: the columns kept (key descending, then column), their ranks and tie flags, and
    how many eligible pairs beyond the cut tie with the last one kept."""
    order = np.lexsort((columns, -keys, offsets))
    order = order[eligible[order]]
    starts = np.searchsorted(offsets[order], np.arange(n_rows + 1))
    out = []
    for row in range(n_rows):
        mine = order[starts[row] : starts[row + 1]]
        ranks, tied = competition_ranks(keys[mine].tolist())
        beyond = ties_across_cut(ranks, width)
        out.append((columns[mine[:width]], (ranks[:width], tied[:width]), beyond))
    return out
