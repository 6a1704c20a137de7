"""Dense scoring of every focal against every candidate, for match and scripts.

The same criteria and unknown policy as ``compare`` (``scoring.coverage.score_block``), without
its selection of the best pairs: every cell of the focal × candidate matrix is kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA, Profile, Unknowns
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import Weights
from partnerfit.scoring.coverage import BlockScores, dealbreaker_block, score_block, sufficient
from partnerfit.scoring.criteria import Grid
from partnerfit.scoring.encode import encode

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Progress = Callable[[int, int], None]
"""Called after each block with (pairs done, pairs in all)."""

BLOCK_PAIRS = 1 << 21
"""Most pairs scored per block: bounds the intermediate arrays (about 20 of 16 MiB each)."""

BYTES_PER_BLOCK_PAIR = 160
"""Memory a block holds per pair while it is scored (about 20 arrays of 8 bytes)."""

MEMORY_SHARE = 8
"""A block may use at most 1/MEMORY_SHARE of the memory available when the run starts."""

MIN_BLOCK_PAIRS = 1 << 12


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (Linux ``MemAvailable``), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def block_pairs_for(ceiling: int, memory: int | None = None) -> int:
    """Pairs per block: ``ceiling``, or fewer where a block of that size would take more than
    1/MEMORY_SHARE of the available memory (``available_memory()`` when not given); never
    fewer than MIN_BLOCK_PAIRS. Block sizes change the memory, never the result."""
    memory = available_memory() if memory is None else memory
    if memory is None:
        return ceiling
    fitting = memory // MEMORY_SHARE // BYTES_PER_BLOCK_PAIR
    return max(MIN_BLOCK_PAIRS, min(ceiling, fitting))


def resolve_block_pairs(given: int | None, ceiling: int) -> int:
    """The pairs per block asked for, or by default ``ceiling`` as far as memory allows."""
    if given is None:
        return block_pairs_for(ceiling)
    if given < 1:
        raise UsageError("block_pairs must be at least 1")
    return given


def rows_per_block(n_focal: int, n_cand: int, block_pairs: int) -> int:
    """Focal rows in a block of about ``block_pairs`` pairs against ``n_cand`` candidates
    (at least one, at most every focal)."""
    return max(1, min(n_focal, block_pairs // max(1, n_cand)))


class ScoredPairs(NamedTuple):
    """Every focal × candidate: criteria (f × c × 6, NaN where nothing is known), totals
    (0..100, NaN where the evidence is insufficient, or a profile against itself), coverage
    (0..1) and the dealbreaker mask."""

    criteria: FloatArray
    totals: FloatArray
    excluded: BoolArray
    coverage: FloatArray


class ScoredTotals(NamedTuple):
    """``ScoredPairs`` without the criteria: what ``match`` needs, in a third of the memory."""

    totals: FloatArray
    excluded: BoolArray
    coverage: FloatArray


def score_matrix(
    focals: Sequence[Profile],
    candidates: Sequence[Profile],
    vocabulary: Vocabulary,
    weights: Weights,
    *,
    unknowns: Unknowns | None = None,
    block_pairs: int | None = None,
    progress: Progress | None = None,
) -> ScoredPairs:
    """Score every focal against every candidate, densely (for calibration and scripts).

    A profile is never scored against itself (same id): those cells are NaN and not excluded.
    """
    criteria = np.empty((len(focals), len(candidates), len(CRITERIA)))

    def keep(rows: slice, block: BlockScores) -> None:
        criteria[rows] = np.stack([block.criterion(k) for k in range(len(CRITERIA))], axis=-1)

    scored = _score(focals, candidates, vocabulary, weights, unknowns, block_pairs, progress, keep)
    for i, j in _self_pairs(focals, candidates):
        criteria[i, j] = np.nan
    return ScoredPairs(criteria, *scored)


def score_totals(
    focals: Sequence[Profile],
    candidates: Sequence[Profile],
    vocabulary: Vocabulary,
    weights: Weights,
    *,
    unknowns: Unknowns | None = None,
    block_pairs: int | None = None,
    progress: Progress | None = None,
) -> ScoredTotals:
    """``score_matrix`` without the per-criterion scores (for ``match``)."""
    return _score(focals, candidates, vocabulary, weights, unknowns, block_pairs, progress, None)


def _self_pairs(focals: Sequence[Profile], candidates: Sequence[Profile]) -> list[tuple[int, int]]:
    """(focal row, candidate column) of every profile on both sides."""
    cand_index = {p.id: j for j, p in enumerate(candidates)}
    return [(i, cand_index[p.id]) for i, p in enumerate(focals) if p.id in cand_index]


def _score(
    focals: Sequence[Profile],
    candidates: Sequence[Profile],
    vocabulary: Vocabulary,
    weights: Weights,
    unknowns: Unknowns | None,
    block_pairs: int | None,
    progress: Progress | None,
    keep: Callable[[slice, BlockScores], None] | None,
) -> ScoredTotals:
    """Totals, dealbreakers and coverage of every pair, block by block (``keep`` sees each
    block's scores, for what else a caller stores)."""
    policy = unknowns or Unknowns()
    block_pairs = resolve_block_pairs(block_pairs, BLOCK_PAIRS)
    focal, cand = encode(focals, candidates, vocabulary)
    n_focal, n_cand = len(focals), len(candidates)
    totals = np.empty((n_focal, n_cand))
    coverage = np.empty((n_focal, n_cand))
    excluded = np.zeros((n_focal, n_cand), dtype=bool)
    vector = weights.vector()
    step = rows_per_block(n_focal, n_cand, block_pairs)
    for start in range(0, n_focal, step):
        rows = slice(start, min(n_focal, start + step))
        block = score_block(focal, cand, Grid(rows), policy, vector)
        if keep is not None:
            keep(rows, block)
        coverage[rows] = block.coverage
        enough = sufficient(block.coverage, policy.min_coverage)
        totals[rows] = np.where(enough, 100 * block.total, np.nan)
        excluded[rows] = dealbreaker_block(focal, rows, cand)
        if progress is not None:
            progress(rows.stop * n_cand, n_focal * n_cand)
    for i, j in _self_pairs(focals, candidates):
        totals[i, j] = coverage[i, j] = np.nan
        excluded[i, j] = False
    return ScoredTotals(totals, excluded, coverage)
