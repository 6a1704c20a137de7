"""The result of a comparison: every focal's kept pairs as arrays, and each pair as data.

``batch.engine`` fills ``KeptPairs`` block by block; ``Comparison`` holds them with the focals,
candidates, weights and policy they were scored with, and yields ``PairScore`` objects (or
matrices) for the renderers and the API.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.io.heap import fewer_collections
from partnerfit.io.records import quick_init
from partnerfit.model import CRITERIA, Profile, Unknowns
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import (
    DealbreakerTags,
    Weights,
    dealbreaker_tags,
    dealbreakers_between,
)
from partnerfit.scoring.coverage import tiers_for

__all__ = [
    "BoolArray",
    "Comparison",
    "FloatArray",
    "FocalSummary",
    "IntArray",
    "KeptPairs",
    "PairScore",
    "Status",
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


def _criteria(values: list[float], some_unknown: bool) -> dict[str, float | None]:
    """Criterion name -> value, None for an unknown one (NaN)."""
    if not some_unknown:
        return dict(zip(CRITERIA, values, strict=True))
    return {
        name: None if math.isnan(value) else value
        for name, value in zip(CRITERIA, values, strict=True)
    }


@quick_init  # built by the hundred thousand: see io/records.py
@dataclass(frozen=True)
class PairScore:
    """One (focal, candidate) pair: status, rank among the focal's candidates, scores.

    ``score`` is given for ranked pairs and for pairs with insufficient evidence (which have no
    rank and no tier); ``interval`` is the score with every unknown at 0 and at 1. ``rank`` is
    a competition rank (equal scores share it, listed by id); ``tied`` says another candidate of
    the focal shares it (None when unranked).
    """

    focal_id: str
    focal_name: str
    candidate_id: str
    candidate_name: str
    status: Status
    rank: int | None
    tied: bool | None
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
            "tied": self.tied,
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
    tied_beyond_top_k: int = 0
    """Candidates cut by --top-k that share the rank of the last one kept."""


@dataclass
class KeptPairs:
    """The kept pairs of every focal, filled block by block.

    Row ``i`` of ``selected`` lists the candidate indices kept for focal ``i`` in output order
    (ranked by score, then excluded, then insufficient evidence; -1 pads), with their
    ``scores``, ``low`` and ``high`` (0..100, NaN when excluded), ``coverage`` (0..1),
    ``criteria`` (NaN when nothing is known), ``status`` codes, and for ranked pairs their
    competition ``ranks`` (0 otherwise) and ``tied`` flags.
    """

    selected: IntArray
    scores: FloatArray
    low: FloatArray
    high: FloatArray
    coverage: FloatArray
    criteria: FloatArray
    status: NDArray[np.int8]
    ranks: IntArray
    tied: BoolArray
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
            ranks=np.zeros((n_focal, width), dtype=np.int64),
            tied=np.zeros((n_focal, width), dtype=np.bool_),
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
    def reported_notes(self) -> tuple[str, ...]:
        """The notes every format prints: ``notes``, and a word on ties across ``top_k``."""
        focals = sum(1 for s in self.summaries if s.tied_beyond_top_k)
        if not focals:
            return self.notes
        which = "1 focal has" if focals == 1 else f"{focals} focals have"
        return (
            *self.notes,
            f"{which} more candidates tied with the last one kept than --top-k keeps "
            "(tied_beyond_top_k in each focal's summary); --top-k keeps the first in order "
            "(by id within the tie)",
        )

    @property
    def pair_count(self) -> int:
        """Pairs kept (rows of the long formats)."""
        return int((self.kept.status != _EMPTY).sum())

    def focal_pairs(self, index: int) -> Iterator[PairScore]:
        """The kept pairs of one focal, in output order."""
        return self._focal_pairs(index, {})

    def pairs(self) -> Iterator[PairScore]:
        """Every kept pair, focal by focal (sorted by id), in output order."""
        banned: dict[int, DealbreakerTags] = {}  # each candidate's, worked out once
        for index in range(len(self.focals)):
            yield from self._focal_pairs(index, banned)

    def _focal_pairs(self, index: int, banned: dict[int, DealbreakerTags]) -> Iterator[PairScore]:
        """The kept pairs of one focal: its row of each kept array read once, as Python values
        (indexing arrays a number at a time cost most of a pair); ``banned`` holds the
        candidates' dealbreaker tags met so far."""
        kept = self.kept
        codes = kept.status[index].tolist()
        count = codes.index(_EMPTY) if _EMPTY in codes else len(codes)  # kept pairs come first
        row = (index, slice(0, count))
        selected, scores, coverages = (
            kept.selected[row].tolist(),
            kept.scores[row].tolist(),
            kept.coverage[row].tolist(),
        )
        lows, highs, ranks, tied = (
            kept.low[row].tolist(),
            kept.high[row].tolist(),
            kept.ranks[row].tolist(),
            kept.tied[row].tolist(),
        )
        values = kept.criteria[row]
        criteria = values.tolist()
        unknown: list[bool] = np.asarray(np.isnan(values).any(axis=1)).tolist()
        tiers = tiers_for(
            np.where(kept.status[row] == _RANKED, kept.scores[row], np.nan), self.tiers
        ).tolist()
        focal = self.focals[index]
        focal_banned: DealbreakerTags | None = None
        for slot in range(count):
            code, column = codes[slot], selected[slot]
            cand = self.candidates[column]
            scored, ranked = code != _EXCLUDED, code == _RANKED
            coverage = coverages[slot] if scored else None
            reasons: tuple[str, ...] = ()
            if code == _EXCLUDED:
                if focal_banned is None:
                    focal_banned = dealbreaker_tags(focal, self.vocabulary)
                if column not in banned:
                    banned[column] = dealbreaker_tags(cand, self.vocabulary)
                reasons = dealbreakers_between(focal_banned, banned[column])
            elif code == _INSUFFICIENT:
                reasons = (
                    f"insufficient evidence: {coverage:.0%} of the weight is known "
                    f"(minimum {self.unknowns.min_coverage:.0%})",
                )
            yield PairScore(
                focal_id=focal.id,
                focal_name=focal.name,
                candidate_id=cand.id,
                candidate_name=cand.name,
                status=_STATUS_NAMES[code],
                rank=ranks[slot] if ranked else None,
                tied=tied[slot] if ranked else None,
                score=scores[slot] if scored else None,
                tier=tiers[slot] if ranked else None,
                coverage=coverage,
                interval=(lows[slot], highs[slot]) if scored else None,
                criteria=_criteria(criteria[slot], unknown[slot]),
                reasons=reasons,
            )

    def to_records(self) -> list[dict[str, Any]]:
        """Every kept pair as a flat dict: ``pandas.DataFrame(comparison.to_records())``.

        Built with fewer garbage collections (``io.heap``): a million lasting records set off
        full collections that walked them all again."""
        with fewer_collections():
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

    def coverage_matrix(self, focals: slice | None = None) -> FloatArray:
        """Focal × candidate coverage (0..1) of every scored pair kept; NaN elsewhere (the
        focal rows of ``focals`` only, when given).

        Ranked pairs line up with ``matrix()``; a pair with insufficient evidence has a coverage
        but no total, which says why its total is missing.
        """
        return self._spread(self.kept.coverage, (_RANKED, _INSUFFICIENT), focals)

    def matrix(self, focals: slice | None = None) -> FloatArray:
        """Focal × candidate totals (0..100); NaN where not ranked (or beyond the top k) (the
        focal rows of ``focals`` only, when given)."""
        return self._spread(self.kept.scores, (_RANKED,), focals)

    def _spread(
        self, values: FloatArray, codes: tuple[int, ...], focals: slice | None
    ) -> FloatArray:
        """The kept pairs' ``values`` whose status is one of ``codes``, at their candidate's
        column of a focal × candidate array (NaN elsewhere)."""
        chosen = slice(None) if focals is None else focals
        status, selected = self.kept.status[chosen], self.kept.selected[chosen]
        out = np.full((len(status), len(self.candidates)), np.nan)
        rows, slots = np.nonzero(np.isin(status, codes))
        out[rows, selected[rows, slots]] = values[chosen][rows, slots]
        return out
