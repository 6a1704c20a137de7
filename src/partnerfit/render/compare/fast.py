"""What the fast long writers (csv, jsonl) share: a block's kept pairs as columns, and reasons.

The per-pair writers build a ``PairScore`` for every pair; the fast ones read the columns of a
block's kept arrays at once and reach Python code only for what is per pair by nature, the
reasons of excluded pairs (their dealbreakers). Tests hold both to the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from partnerfit.batch.comparison import _EXCLUDED, _INSUFFICIENT, _RANKED, Comparison
from partnerfit.model import CRITERIA, Profile
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import DealbreakerTags, dealbreaker_tags, dealbreakers_between

Array = np.ndarray[Any, Any]


@dataclass
class DealbreakerCache:
    """Each profile's dealbreaker tags, computed once for a whole output (by object id, with the
    profile kept so that the id stays its own)."""

    held: dict[int, tuple[Profile, DealbreakerTags]] = field(default_factory=dict)
    listed: tuple[Sequence[Profile], list[DealbreakerTags]] | None = None

    def tags(self, profile: Profile, vocab: Vocabulary) -> DealbreakerTags:
        """The profile's ``dealbreaker_tags``, from the cache when it is there."""
        entry = self.held.get(id(profile))
        if entry is None or entry[0] is not profile:
            entry = self.held[id(profile)] = (profile, dealbreaker_tags(profile, vocab))
        return entry[1]

    def all_tags(self, profiles: Sequence[Profile], vocab: Vocabulary) -> list[DealbreakerTags]:
        """``tags`` of each profile, the list kept while the same sequence is asked for."""
        if self.listed is None or self.listed[0] is not profiles:
            self.listed = (profiles, [self.tags(profile, vocab) for profile in profiles])
        return self.listed[1]


@dataclass(frozen=True)
class PairColumns:
    """The kept pairs (rows[i], slots[i]) of a block, one array per field; numbers are NaN
    where the per-pair writers have None (excluded pairs have no score, coverage or interval,
    an unknown criterion has no score)."""

    rows: Array
    cands: Array
    status: Array
    ranked: Array
    scores: Array
    coverage: Array
    low: Array
    high: Array
    criteria: Array
    ranks: Array
    tied: Array
    unknown_bits: Array

    @classmethod
    def of(cls, block: Comparison, rows: Array, slots: Array) -> PairColumns:
        """The columns of the given (focal row, slot) pairs of a block."""
        kept = block.kept
        flat = rows * kept.status.shape[1] + slots

        def gather(array: Array) -> Array:
            if not array.flags.c_contiguous:
                return array[rows, slots]
            # one index into the rows × slots laid flat: faster than indexing by both
            gathered: Array = array.reshape(-1, *array.shape[2:]).take(flat, axis=0)
            return gathered

        status = gather(kept.status)
        scored = status != _EXCLUDED
        criteria = gather(kept.criteria)
        return cls(
            rows=rows,
            cands=gather(kept.selected),
            status=status,
            ranked=status == _RANKED,
            scores=np.where(scored, gather(kept.scores), np.nan),
            coverage=np.where(scored, gather(kept.coverage), np.nan),
            low=np.where(scored, gather(kept.low), np.nan),
            high=np.where(scored, gather(kept.high), np.nan),
            criteria=criteria,
            ranks=gather(kept.ranks),
            tied=gather(kept.tied),
            unknown_bits=(np.isnan(criteria) * (1 << np.arange(len(CRITERIA)))).sum(axis=1),
        )


def unknown_names(bits: int) -> list[str]:
    """The criteria of a bit mask (bit i: ``CRITERIA[i]``), in canonical order."""
    return [name for i, name in enumerate(CRITERIA) if bits >> i & 1]


def excluded_reasons(
    block: Comparison, columns: PairColumns, cache: DealbreakerCache
) -> dict[int, tuple[str, ...]]:
    """The dealbreakers of each excluded pair, by position."""
    excluded = np.flatnonzero(columns.status == _EXCLUDED)
    if not excluded.size:
        return {}
    vocab = block.vocabulary
    focals = [cache.tags(focal, vocab) for focal in block.focals]
    candidates = cache.all_tags(block.candidates, vocab)
    return {
        position: dealbreakers_between(focals[row], candidates[cand])
        for position, row, cand in zip(
            excluded.tolist(),
            columns.rows[excluded].tolist(),
            columns.cands[excluded].tolist(),
            strict=True,
        )
    }


def insufficient_words(percent: str, minimum: float) -> str:
    """The reason of a pair with insufficient evidence, in the words of ``Comparison._pair``
    (``percent`` is its coverage as ``f"{coverage:.0%}"`` writes it)."""
    return f"insufficient evidence: {percent} of the weight is known (minimum {minimum:.0%})"


def coverage_percents(coverage: Array) -> Array:
    """``f"{c:.0%}"`` of each coverage as a whole number 0..100, or -1 where Python must write
    it (negative, even -0.0, NaN or above 100%)."""
    # f"{c:.0%}" is f"{c * 100:.0f}%": the product rounded half to even, as np.rint does
    percents = np.rint(coverage * 100)
    percents[np.signbit(coverage) | ~(percents <= 100)] = -1
    whole: Array = percents.astype(np.int64)
    return whole


def pair_reasons(
    block: Comparison, columns: PairColumns, cache: DealbreakerCache
) -> dict[int, tuple[str, ...]]:
    """The reasons of each pair that has some, by position, as ``Comparison`` gives them: the
    dealbreakers of an excluded pair, the known share of an insufficient one (a ranked pair
    has none)."""
    reasons = excluded_reasons(block, columns, cache)
    insufficient = np.flatnonzero(columns.status == _INSUFFICIENT)
    coverage = columns.coverage[insufficient]
    minimum = block.unknowns.min_coverage
    texts = [(insufficient_words(f"{p}%", minimum),) for p in range(101)]
    for position, percent, value in zip(
        insufficient.tolist(), coverage_percents(coverage).tolist(), coverage.tolist(), strict=True
    ):
        reasons[position] = (
            texts[percent] if percent >= 0 else (insufficient_words(f"{value:.0%}", minimum),)
        )
    return reasons
