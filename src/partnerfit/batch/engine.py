"""Vectorised all-pairs scoring: profiles encoded once, scored in blocks of focal rows.

The criteria are ``scoring.criteria`` over ``scoring.encode``'s arrays, evaluated with the
unknown policy by ``scoring.coverage.score_block`` — the same code the pair path (``rank``,
``explain``, ``score_pair``) runs, so the two agree to rounding error. Focal rows are scored
against every candidate in blocks of about ``BLOCK_PAIRS`` pairs, so memory stays bounded;
only the pairs kept (all, or the top k per focal) are stored, with their coverage and interval.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.dense import (
    BLOCK_PAIRS,
    Progress,
    ScoredPairs,
    dealbreaker_block,
    score_matrix,
)
from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA, Profile, Unknowns
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import Weights, dealbreakers_hit, resolve_weights
from partnerfit.scoring.coverage import (
    SCORE_DECIMALS,
    BlockScores,
    score_block,
    sufficient,
    tier_for,
)
from partnerfit.scoring.encode import EncodedSide, encode

__all__ = [
    "BLOCK_PAIRS",
    "STREAM_BLOCK_PAIRS",
    "Comparison",
    "FocalSummary",
    "PairScore",
    "Progress",
    "ScoredPairs",
    "compare",
    "compare_blocks",
    "dealbreaker_block",
    "score_matrix",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

Status = Literal["ranked", "excluded", "insufficient"]
_RANKED, _EXCLUDED, _INSUFFICIENT, _EMPTY = 0, 1, 2, -1
_ORDER = (_RANKED, _EXCLUDED, _INSUFFICIENT)
_STATUS_NAMES: dict[int, Status] = {
    _RANKED: "ranked",
    _EXCLUDED: "excluded",
    _INSUFFICIENT: "insufficient",
}


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class PairScore:
    """One (focal, candidate) pair: status, rank among the focal's candidates, scores.

    ``score`` is given for ranked pairs and for pairs with insufficient evidence (which have no
    rank and no tier); ``interval`` is the score with every unknown at 0 and at 1.
    """

    focal_id: str
    focal_name: str
    candidate_id: str
    candidate_name: str
    status: Status
    rank: int | None
    score: float | None
    tier: str | None
    coverage: float | None
    interval: tuple[float, float] | None
    criteria: Mapping[str, float | None]
    reasons: tuple[str, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        """Criteria of which nothing is known (counted at the prior)."""
        return tuple(name for name, value in self.criteria.items() if value is None)

    def to_record(self) -> dict[str, Any]:
        """The pair as a flat dict (one column per criterion)."""
        low, high = self.interval if self.interval is not None else (None, None)
        return {
            "focal_id": self.focal_id,
            "focal_name": self.focal_name,
            "candidate_id": self.candidate_id,
            "candidate_name": self.candidate_name,
            "status": self.status,
            "rank": self.rank,
            "score": self.score,
            "tier": self.tier,
            "coverage": self.coverage,
            "score_low": low,
            "score_high": high,
            **dict(self.criteria),
            "unknown": ";".join(self.unknown),
            "reasons": "; ".join(self.reasons),
        }


@dataclass(frozen=True)
class FocalSummary:
    """How one focal's candidates fared."""

    considered: int
    ranked: int
    excluded: int
    insufficient: int
    below_min_score: int
    cut_by_top_k: int


@dataclass
class KeptPairs:
    """The kept pairs of every focal, filled block by block.

    Row ``i`` of ``selected`` lists the candidate indices kept for focal ``i`` in output order
    (ranked by score, then excluded, then insufficient evidence; -1 pads), with their
    ``scores``, ``low`` and ``high`` (0..100, NaN when excluded), ``coverage`` (0..1),
    ``criteria`` (NaN when nothing is known) and ``status`` codes.
    """

    selected: IntArray
    scores: FloatArray
    low: FloatArray
    high: FloatArray
    coverage: FloatArray
    criteria: FloatArray
    status: NDArray[np.int8]
    weights: FloatArray

    @classmethod
    def empty(cls, n_focal: int, width: int, weights: FloatArray) -> KeptPairs:
        def nan() -> FloatArray:
            return np.full((n_focal, width), np.nan)

        return cls(
            selected=np.full((n_focal, width), -1, dtype=np.int64),
            scores=nan(),
            low=nan(),
            high=nan(),
            coverage=nan(),
            criteria=np.full((n_focal, width, len(CRITERIA)), np.nan),
            status=np.full((n_focal, width), _EMPTY, dtype=np.int8),
            weights=weights,
        )


@dataclass(frozen=True)
class Comparison:
    """Every focal against every candidate, kept as arrays; ``pairs()`` yields them as data."""

    focals: tuple[Profile, ...]
    candidates: tuple[Profile, ...]
    vocabulary: Vocabulary
    weights: Weights
    tiers: Mapping[str, float]
    unknowns: Unknowns
    top_k: int | None
    min_score: float | None
    kept: KeptPairs
    summaries: tuple[FocalSummary, ...]
    notes: tuple[str, ...]

    @property
    def pair_count(self) -> int:
        """Pairs kept (rows of the long formats)."""
        return int((self.kept.status != _EMPTY).sum())

    def _pair(self, index: int, slot: int, code: int) -> PairScore:
        focal = self.focals[index]
        cand = self.candidates[int(self.kept.selected[index, slot])]
        criteria = {
            name: None if math.isnan(v) else float(v)
            for name, v in zip(CRITERIA, self.kept.criteria[index, slot].tolist(), strict=True)
        }
        scored = code != _EXCLUDED
        score = float(self.kept.scores[index, slot]) if scored else None
        coverage = float(self.kept.coverage[index, slot]) if scored else None
        reasons: tuple[str, ...] = ()
        if code == _EXCLUDED:
            reasons = dealbreakers_hit(focal, cand, self.vocabulary)
        elif code == _INSUFFICIENT:
            reasons = (
                f"insufficient evidence: {coverage:.0%} of the weight is known "
                f"(minimum {self.unknowns.min_coverage:.0%})",
            )
        return PairScore(
            focal_id=focal.id,
            focal_name=focal.name,
            candidate_id=cand.id,
            candidate_name=cand.name,
            status=_STATUS_NAMES[code],
            rank=slot + 1 if code == _RANKED else None,
            score=score,
            tier=tier_for(score, self.tiers) if code == _RANKED else None,
            coverage=coverage,
            interval=(float(self.kept.low[index, slot]), float(self.kept.high[index, slot]))
            if scored
            else None,
            criteria=criteria,
            reasons=reasons,
        )

    def focal_pairs(self, index: int) -> Iterator[PairScore]:
        """The kept pairs of one focal, in output order."""
        for slot in range(self.kept.selected.shape[1]):
            code = int(self.kept.status[index, slot])
            if code == _EMPTY:
                break
            yield self._pair(index, slot, code)

    def pairs(self) -> Iterator[PairScore]:
        """Every kept pair, focal by focal (sorted by id), in output order."""
        for index in range(len(self.focals)):
            yield from self.focal_pairs(index)

    def to_records(self) -> list[dict[str, Any]]:
        """Every kept pair as a flat dict: ``pandas.DataFrame(comparison.to_records())``."""
        return [pair.to_record() for pair in self.pairs()]

    def cell_statuses(self) -> list[list[str | None]]:
        """Focal × candidate: ranked, excluded, insufficient, self, or None (not kept)."""
        cells: list[list[str | None]] = [[None] * len(self.candidates) for _ in self.focals]
        rows, slots = np.nonzero(self.kept.status != _EMPTY)
        for row, slot in zip(rows.tolist(), slots.tolist(), strict=True):
            column = int(self.kept.selected[row, slot])
            cells[row][column] = _STATUS_NAMES[int(self.kept.status[row, slot])]
        where = {p.id: j for j, p in enumerate(self.candidates)}
        for row, focal in enumerate(self.focals):
            if focal.id in where:
                cells[row][where[focal.id]] = "self"
        return cells

    def matrix(self) -> FloatArray:
        """Focal × candidate totals (0..100); NaN where not ranked (or beyond the top k)."""
        out = np.full((len(self.focals), len(self.candidates)), np.nan)
        rows, slots = np.nonzero(self.kept.status == _RANKED)
        out[rows, self.kept.selected[rows, slots]] = self.kept.scores[rows, slots]
        return out


def _order_keys(totals: FloatArray) -> FloatArray:
    """Sort keys as ``rank`` uses them: the total rounded so that near-equal scores tie."""
    return np.round(totals, SCORE_DECIMALS)


def _best(keys: FloatArray, eligible: BoolArray, k: int) -> list[IntArray]:
    """Per row, the indices of the k best eligible entries: key descending, then index."""
    keys = np.where(eligible, keys, -np.inf)
    width = keys.shape[1]
    if 0 < k < width:
        kth = -np.partition(-keys, k - 1, axis=1)[:, k - 1]
    else:
        kth = np.full(keys.shape[0], -np.inf)
    chosen: list[IntArray] = []
    for row in range(keys.shape[0]):
        idx = np.flatnonzero(eligible[row] & (keys[row] >= kth[row]))
        order = np.lexsort((idx, -keys[row, idx]))
        chosen.append(idx[order][:k])
    return chosen


def _as_profiles(value: ProfileSet | Sequence[Profile]) -> tuple[Profile, ...]:
    return value.profiles if isinstance(value, ProfileSet) else tuple(value)


def compare(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int = BLOCK_PAIRS,
    progress: Progress | None = None,
) -> Comparison:
    """Score every focal against every candidate (all members against all others by default)."""
    if block_pairs < 1:
        raise UsageError("block_pairs must be at least 1")
    setup = _setup(profiles, focal, candidates, top_k, min_score, weights, weight_overrides)
    n_focal, n_cand = len(setup.focal.profiles), len(setup.cand.profiles)
    width = n_cand if top_k is None else min(top_k, n_cand)
    store = KeptPairs.empty(n_focal, width, setup.weights.vector())
    summaries: list[FocalSummary] = []
    for start, block, kept_rows, block_summaries in _scored_blocks(
        setup, top_k=top_k, min_score=min_score, block_pairs=block_pairs, progress=progress
    ):
        _keep(store, start, block, kept_rows)
        summaries += block_summaries
    return setup.comparison(setup.focal.profiles, store, tuple(summaries), top_k, min_score)


STREAM_BLOCK_PAIRS = 1 << 19
"""Pairs per streamed block: every pair of a block is kept until written, so smaller blocks."""


def compare_blocks(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int = STREAM_BLOCK_PAIRS,
    progress: Progress | None = None,
) -> Iterator[Comparison]:
    """``compare`` a block of focals at a time, so that memory holds one block of pairs."""
    if block_pairs < 1:
        raise UsageError("block_pairs must be at least 1")
    setup = _setup(profiles, focal, candidates, top_k, min_score, weights, weight_overrides)
    return _compare_blocks(
        setup, top_k=top_k, min_score=min_score, block_pairs=block_pairs, progress=progress
    )


def _compare_blocks(
    setup: _Setup,
    *,
    top_k: int | None,
    min_score: float | None,
    block_pairs: int,
    progress: Progress | None,
) -> Iterator[Comparison]:
    """The comparison a block of focal rows at a time: memory bounded by ``block_pairs``."""
    n_cand = len(setup.cand.profiles)
    width = n_cand if top_k is None else min(top_k, n_cand)
    for start, block, kept_rows, summaries in _scored_blocks(
        setup, top_k=top_k, min_score=min_score, block_pairs=block_pairs, progress=progress
    ):
        store = KeptPairs.empty(len(kept_rows), width, setup.weights.vector())
        _keep(store, 0, block, kept_rows)
        focals = setup.focal.profiles[start : start + len(kept_rows)]
        yield setup.comparison(focals, store, summaries, top_k, min_score)


@dataclass(frozen=True)
class _Setup:
    """The arguments of a comparison, checked, with focals and candidates encoded."""

    focal: EncodedSide
    cand: EncodedSide
    vocabulary: Vocabulary
    weights: Weights
    tiers: Mapping[str, float]
    unknowns: Unknowns

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
    enc_focal, enc_cand = encode(focals, cands, vocab)
    return _Setup(
        enc_focal, enc_cand, vocab, resolved, profiles.config.tiers, profiles.config.unknowns
    )


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
    scores = score_block(focal, rows, cand, unknowns, weights)
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


def _layout(
    kept_rows: Sequence[list[IntArray]],
) -> tuple[IntArray, IntArray, IntArray, NDArray[np.int8]]:
    """(row offset, slot, candidate column, status code) of every kept pair of a block."""
    offsets, slots, columns, codes = [], [], [], []
    for offset, kept in enumerate(kept_rows):
        count = sum(len(part) for part in kept)
        offsets.append(np.full(count, offset, dtype=np.int64))
        slots.append(np.arange(count, dtype=np.int64))
        columns.append(np.concatenate(kept).astype(np.int64))
        codes += [np.full(len(p), c, dtype=np.int8) for p, c in zip(kept, _ORDER, strict=False)]
    return (
        np.concatenate(offsets),
        np.concatenate(slots),
        np.concatenate(columns),
        np.concatenate(codes),
    )


def _keep(store: KeptPairs, start: int, block: _Block, kept_rows: Sequence[list[IntArray]]) -> None:
    """Store a block's kept pairs: per focal row ranked, then excluded, then insufficient."""
    if not kept_rows:
        return
    off, slot, col, code = _layout(kept_rows)
    rows = start + off
    store.selected[rows, slot] = col
    store.status[rows, slot] = code
    for k, criterion in enumerate(block.scores.criteria):
        store.criteria[rows, slot, k] = criterion[off, col]
    scored = code != _EXCLUDED
    low, high = block.scores.bounds(off, col, store.weights)
    for target, values in (
        (store.scores, 100 * block.scores.total[off, col]),
        (store.coverage, block.scores.coverage[off, col]),
        (store.low, 100 * low),
        (store.high, 100 * high),
    ):
        target[rows, slot] = np.where(scored, values, np.nan)


def _scored_blocks(
    setup: _Setup,
    *,
    top_k: int | None,
    min_score: float | None,
    block_pairs: int,
    progress: Progress | None,
) -> Iterator[tuple[int, _Block, list[list[IntArray]], tuple[FocalSummary, ...]]]:
    """Per block of focal rows: its first row, its scores, the pairs kept and the summaries."""
    focal, cand, unknowns = setup.focal, setup.cand, setup.unknowns
    n_focal, n_cand = len(focal.profiles), len(cand.profiles)
    width = n_cand if top_k is None else min(top_k, n_cand)
    vector = setup.weights.vector()
    cand_index = {p.id: i for i, p in enumerate(cand.profiles)}
    rows_per_block = max(1, min(n_focal, block_pairs // max(1, n_cand)))
    for start in range(0, n_focal, rows_per_block):
        rows = slice(start, min(n_focal, start + rows_per_block))
        block = _score_rows(focal, rows, cand, vector, unknowns, cand_index)
        eligible = block.ranked if min_score is None else block.ranked & (block.totals >= min_score)
        insufficient = ~block.ranked & ~block.excluded & ~block.itself
        kept_rows: list[list[IntArray]] = []
        summaries: list[FocalSummary] = []
        for offset, chosen in enumerate(_best(_order_keys(block.totals), eligible, width)):
            kept = [chosen]
            if top_k is None:
                kept += [
                    np.flatnonzero(block.excluded[offset]),
                    np.flatnonzero(insufficient[offset]),
                ]
            kept_rows.append(kept)
            n_ranked, n_eligible = int(block.ranked[offset].sum()), int(eligible[offset].sum())
            summaries.append(
                FocalSummary(
                    considered=n_cand - int(block.itself[offset].sum()),
                    ranked=len(chosen),
                    excluded=int(block.excluded[offset].sum()),
                    insufficient=int(insufficient[offset].sum()),
                    below_min_score=n_ranked - n_eligible,
                    cut_by_top_k=n_eligible - len(chosen),
                )
            )
        yield start, block, kept_rows, tuple(summaries)
        if progress is not None:
            progress(rows.stop * n_cand, n_focal * n_cand)
