"""Vectorised all-pairs scoring: profiles encoded once, scored in blocks of focal rows.

The criteria are ``scoring.criteria`` over ``scoring.encode``'s arrays, evaluated with the
unknown policy by ``scoring.coverage.score_block`` — the same code the pair path (``rank``,
``explain``, ``score_pair``) runs, so the two agree to rounding error. Focal rows are scored
against every candidate in blocks of about ``COMPARE_BLOCK_PAIRS`` pairs, one block per core at
a time, so memory stays bounded;
only the pairs kept (all, or the top k per focal) are stored, with their coverage and interval.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.comparison import (
    _EXCLUDED,
    BoolArray,
    Comparison,
    FloatArray,
    FocalSummary,
    KeptPairs,
    PairScore,
)
from partnerfit.batch.dense import (
    BLOCK_PAIRS,
    Progress,
    ScoredPairs,
    resolve_block_pairs,
    rows_per_block,
    score_matrix,
)
from partnerfit.batch.screened import Scored, screen_and_select
from partnerfit.batch.selection import Kept, select_scored
from partnerfit.errors import UsageError
from partnerfit.io.heap import fewer_collections
from partnerfit.io.threads import in_order, usable_cores
from partnerfit.model import Profile, Unknowns
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import Weights, resolve_weights
from partnerfit.scoring.coverage import (
    BlockScores,
    dealbreaker_block,
    score_block,
    sufficient,
)
from partnerfit.scoring.criteria import Grid
from partnerfit.scoring.encode import EncodedSide, encode
from partnerfit.scoring.screen import Screen
from partnerfit.scoring.ties import tie_keys

__all__ = [
    "BLOCK_PAIRS",
    "COMPARE_BLOCK_PAIRS",
    "STREAM_BLOCK_PAIRS",
    "Comparison",
    "ComparisonBlocks",
    "FocalSummary",
    "PairScore",
    "Progress",
    "ScoredPairs",
    "compare",
    "compare_blocks",
    "dealbreaker_block",
    "score_matrix",
]


def _as_profiles(value: ProfileSet | Sequence[Profile]) -> tuple[Profile, ...]:
    return value.profiles if isinstance(value, ProfileSet) else tuple(value)


COMPARE_BLOCK_PAIRS = BLOCK_PAIRS // 2
"""Most pairs per block of ``compare``: a block is scored on each core at once (see
``usable_cores``), so two blocks of this size hold what one dense block of ``BLOCK_PAIRS`` does.
Fewer where memory is short (``dense.block_pairs_for``)."""


def compare(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int | None = None,
    progress: Progress | None = None,
    threads: int | None = None,
) -> Comparison:
    """Score every focal against every candidate (all members against all others by default).

    ``threads`` blocks are scored at once; the result does not depend on it. By default, with
    ``top_k`` one per core this process may use, and without it one: every pair is kept in
    memory then, and a second thread made 2,000² about 10 % faster for 17–22 % more peak
    memory (measured here, docs/scale.md).
    """
    block_pairs = resolve_block_pairs(block_pairs, COMPARE_BLOCK_PAIRS)
    if threads is not None and threads < 1:
        raise UsageError("threads must be at least 1")
    setup = _setup(profiles, focal, candidates, top_k, min_score, weights, weight_overrides)
    n_focal, n_cand = len(setup.focal.profiles), len(setup.cand.profiles)
    width = n_cand if top_k is None else min(top_k, n_cand)
    store = KeptPairs.empty(n_focal, width, setup.weights.vector())
    summaries: list[FocalSummary] = []
    for start, block, kept, block_summaries in _scored_blocks(
        setup,
        top_k=top_k,
        min_score=min_score,
        block_pairs=block_pairs,
        progress=progress,
        threads=threads or (usable_cores() if top_k is not None else 1),
    ):
        _keep(store, start, block, kept)
        summaries += block_summaries
    return setup.comparison(setup.focal.profiles, store, tuple(summaries), top_k, min_score)


STREAM_BLOCK_PAIRS = 1 << 16
"""Most pairs per streamed block: every pair of a block is kept until written, so smaller
blocks (fewer where memory is short). Each of the stream's processes holds one block at a
time (``render.compare.fast``, two blocks to a process's turn): at 2¹⁶ a 3,000² stream on two
takes 1.13–1.17 times the memory of the top-10 run, at 2¹⁷ 1.36 times (docs/scale.md)."""


def compare_blocks(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int | None = None,
    progress: Progress | None = None,
) -> ComparisonBlocks:
    """``compare`` a block of focals at a time, so that memory holds one block of pairs."""
    block_pairs = resolve_block_pairs(block_pairs, STREAM_BLOCK_PAIRS)
    setup = _setup(profiles, focal, candidates, top_k, min_score, weights, weight_overrides)
    return ComparisonBlocks(setup, top_k, min_score, block_pairs, progress)


class ComparisonBlocks:
    """The comparison a block of focal rows at a time (about ``block_pairs`` pairs each):
    iterated, every block in order, with ``progress`` called after each; or any one block by
    its index (``block``), scored on its own, so that separate processes can each score some
    (``done`` then reports progress). Memory holds the blocks in hand, not the whole."""

    def __init__(
        self,
        setup: _Setup,
        top_k: int | None,
        min_score: float | None,
        block_pairs: int,
        progress: Progress | None,
    ) -> None:
        self._setup = setup
        self._top_k = top_k
        self._min_score = min_score
        self._progress = progress
        n_focal, n_cand = len(setup.focal.profiles), len(setup.cand.profiles)
        self._rows_per_block = rows_per_block(n_focal, n_cand, block_pairs)
        self._cand_index = {p.id: i for i, p in enumerate(setup.cand.profiles)}

    def __len__(self) -> int:
        return -(-len(self._setup.focal.profiles) // self._rows_per_block)

    @property
    def candidates(self) -> tuple[Profile, ...]:
        """The candidates, in column order: every block's (``Comparison.candidates``)."""
        return self._setup.cand.profiles

    def __iter__(self) -> Iterator[Comparison]:
        for index in range(len(self)):
            yield self.block(index)
            self.done(index)

    def block(self, index: int) -> Comparison:
        """Block ``index``: its focal rows against every candidate, scored and selected."""
        setup = self._setup
        n_focal, n_cand = len(setup.focal.profiles), len(setup.cand.profiles)
        start = index * self._rows_per_block
        if not 0 <= start < n_focal:
            raise IndexError(f"block {index} of {len(self)}")
        rows = slice(start, min(n_focal, start + self._rows_per_block))
        _, block, kept, summaries = _score_and_select(
            setup, rows, self._cand_index, self._top_k, self._min_score
        )
        width = n_cand if self._top_k is None else min(self._top_k, n_cand)
        store = KeptPairs.empty(kept.rows, width, setup.weights.vector())
        _keep(store, 0, block, kept)
        focals = setup.focal.profiles[rows]
        return setup.comparison(focals, store, summaries, self._top_k, self._min_score)

    def done(self, index: int) -> None:
        """Report blocks 0..index as done to ``progress`` (pairs scored, of all)."""
        if self._progress is not None:
            n_focal, n_cand = len(self._setup.focal.profiles), len(self._setup.cand.profiles)
            rows = min(n_focal, (index + 1) * self._rows_per_block)
            self._progress(rows * n_cand, n_focal * n_cand)


@dataclass(frozen=True)
class _Setup:
    """The arguments of a comparison, checked, with focals and candidates encoded."""

    focal: EncodedSide
    cand: EncodedSide
    vocabulary: Vocabulary
    weights: Weights
    tiers: Mapping[str, float]
    unknowns: Unknowns
    screen: Screen | None
    """The screen of every pair, for ``--top-k`` (None: every pair is scored exactly)."""

    def comparison(
        self,
        focals: tuple[Profile, ...],
        kept: KeptPairs,
        summaries: tuple[FocalSummary, ...],
        top_k: int | None,
        min_score: float | None,
    ) -> Comparison:
        return Comparison(
            focals=focals,
            candidates=self.cand.profiles,
            vocabulary=self.vocabulary,
            weights=self.weights,
            tiers=dict(self.tiers),
            unknowns=self.unknowns,
            top_k=top_k,
            min_score=min_score,
            kept=kept,
            summaries=summaries,
            notes=(self.weights.note,) if self.weights.note else (),
        )


def _setup(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None,
    top_k: int | None,
    min_score: float | None,
    weights: Weights | None,
    weight_overrides: Mapping[str, float] | None,
) -> _Setup:
    """Check the arguments, load what was named by path, encode focals and candidates."""
    if not isinstance(profiles, ProfileSet):
        profiles = load_profile_set(profiles)
    if top_k is not None and top_k < 1:
        raise UsageError("--top-k must be at least 1")
    if min_score is not None and not 0 <= min_score <= 100:
        raise UsageError("--min-score must be within 0..100")
    if isinstance(candidates, str | Path):
        candidates = load_profile_set(candidates, config_path=profiles.config_source)
    cands = tuple(sorted(_as_profiles(candidates or profiles), key=lambda p: p.id))
    focals = _resolve_focals(focal, profiles)
    resolved = weights or resolve_weights(profiles.config, weight_overrides)
    vocab = profiles.vocabulary
    with fewer_collections():  # a lasting, acyclic set of tags per profile (io.heap)
        enc_focal, enc_cand = encode(focals, cands, vocab)
    unknowns = profiles.config.unknowns
    screen = (
        Screen(enc_focal, enc_cand, unknowns, resolved.vector())
        if top_k is not None and cands
        else None
    )
    return _Setup(enc_focal, enc_cand, vocab, resolved, profiles.config.tiers, unknowns, screen)


def _resolve_focals(
    focal: str | Profile | Sequence[str | Profile] | None, profiles: ProfileSet
) -> tuple[Profile, ...]:
    if focal is None:
        return profiles.profiles
    wanted: Sequence[str | Profile] = [focal] if isinstance(focal, str | Profile) else focal
    out: dict[str, Profile] = {}
    for item in wanted:
        if isinstance(item, Profile):
            out.setdefault(item.id, item)
            continue
        found = profiles.get(item)
        if found is None:
            raise UsageError(profiles.unknown_id(item))
        out.setdefault(found.id, found)
    return tuple(out[k] for k in sorted(out))


@dataclass(frozen=True)
class _Block:
    """One block of focal rows scored against every candidate, with the masks that sort it."""

    scores: BlockScores
    totals: FloatArray
    coverage: FloatArray
    excluded: BoolArray
    itself: BoolArray
    ranked: BoolArray


def _score_rows(
    focal: EncodedSide,
    rows: slice,
    cand: EncodedSide,
    weights: FloatArray,
    unknowns: Unknowns,
    cand_index: Mapping[str, int],
) -> _Block:
    scores = score_block(focal, cand, Grid(rows), unknowns, weights)
    totals = 100 * scores.total
    coverage = scores.coverage
    excluded = dealbreaker_block(focal, rows, cand)
    itself = np.zeros_like(excluded)
    for offset, profile in enumerate(focal.profiles[rows]):
        if profile.id in cand_index:
            itself[offset, cand_index[profile.id]] = True
    excluded &= ~itself
    ranked = sufficient(coverage, unknowns.min_coverage) & ~excluded & ~itself
    return _Block(scores, totals, coverage, excluded, itself, ranked)


def _keep(store: KeptPairs, start: int, block: Scored, kept: Kept) -> None:
    """Store a block's kept pairs: per focal row ranked, then excluded, then insufficient."""
    rows = slice(start, start + kept.rows)
    store.ranks[rows, : kept.ranks.shape[1]] = kept.ranks
    store.tied[rows, : kept.tied.shape[1]] = kept.tied
    off, col, code = kept.row, kept.column, kept.code
    # one flat index per side: the store's cells and the block's pairs (two-array gathers and
    # scatters cost several times more, and every pair is kept when streaming)
    cells = (start + off) * store.selected.shape[1] + kept.slot
    _flat(store.selected)[cells] = col
    _flat(store.status)[cells] = code
    scores, at = block.at(off, col)
    if 2 * col.size >= scores.total.size:
        # most of the block is kept (every pair, streamed): each column worked out over the
        # whole block in contiguous passes, then gathered once, not gathered part by part
        whole = (slice(None),)
        criteria = np.stack(scores.criteria_at(whole), axis=1)[at]
        low, high = (bound[at] for bound in scores.bounds(whole, store.weights))
    else:
        criteria = np.stack(scores.criteria_at(at), axis=1)
        low, high = scores.bounds(at, store.weights)
    _flat(store.criteria)[cells] = criteria
    scored = code != _EXCLUDED
    for target, values in (
        (store.scores, 100 * scores.total[at]),
        (store.coverage, scores.coverage[at]),
        (store.low, 100 * low),
        (store.high, 100 * high),
    ):
        _flat(target)[cells] = np.where(scored, values, np.nan)


def _flat(array: NDArray[Any]) -> NDArray[Any]:
    """The store's (focal, slot) cells as one axis: a view, so writes land in the store."""
    if not array.flags.c_contiguous:  # KeptPairs.empty makes them so; a copy would lose writes
        raise RuntimeError("kept pairs must be stored in C-contiguous arrays")
    return array.reshape(-1, *array.shape[2:])


_ScoredBlock = tuple[int, Scored, Kept, tuple[FocalSummary, ...]]
"""A block's first row, its scores, the pairs kept (with their ranks), the summaries."""


def _scored_blocks(
    setup: _Setup,
    *,
    top_k: int | None,
    min_score: float | None,
    block_pairs: int,
    progress: Progress | None,
    threads: int,
) -> Iterator[_ScoredBlock]:
    """Every block of focal rows (about ``block_pairs`` pairs each), scored and selected, in
    order; up to ``threads`` blocks are in flight at once. The blocks, and so the output and
    the progress calls, do not depend on the thread count."""
    n_focal, n_cand = len(setup.focal.profiles), len(setup.cand.profiles)
    step = rows_per_block(n_focal, n_cand, block_pairs)
    starts = range(0, n_focal, step)
    cand_index = {p.id: i for i, p in enumerate(setup.cand.profiles)}

    def one(start: int) -> _ScoredBlock:
        rows = slice(start, min(n_focal, start + step))
        return _score_and_select(setup, rows, cand_index, top_k, min_score)

    for scored in in_order(one, starts, threads if len(starts) > 1 else 1):
        yield scored
        if progress is not None:
            done = min(n_focal, scored[0] + step)
            progress(done * n_cand, n_focal * n_cand)


def _score_and_select(
    setup: _Setup,
    rows: slice,
    cand_index: Mapping[str, int],
    top_k: int | None,
    min_score: float | None,
) -> _ScoredBlock:
    """One block of focal rows: scores, the pairs kept, ranks and tie flags, summaries."""
    n_cand = len(setup.cand.profiles)
    width = n_cand if top_k is None else min(top_k, n_cand)
    vector = setup.weights.vector()
    if setup.screen is not None:
        sides, policy = (setup.focal, setup.cand), (setup.unknowns, vector)
        scored, kept_rows, ranks_rows, summaries = screen_and_select(
            setup.screen, sides, rows, cand_index, policy, width, min_score
        )
        return rows.start, scored, Kept.of_rows(kept_rows, ranks_rows), summaries
    block = _score_rows(setup.focal, rows, setup.cand, vector, setup.unknowns, cand_index)
    eligible = block.ranked if min_score is None else block.ranked & (block.totals >= min_score)
    kept, summaries = select_scored(
        tie_keys(block.totals),
        eligible,
        block.excluded,
        ~block.ranked & ~block.excluded & ~block.itself,
        n_cand - block.itself.sum(axis=1),
        width,
        every_pair=top_k is None,
    )
    return rows.start, Scored(block.scores), kept, summaries
