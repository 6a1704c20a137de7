"""Rank the candidates of a profile set against a focal organisation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from partnerfit.decide.robustness import (
    DEFAULT_SPREAD,
    DEFAULT_TOP_K,
    RobustnessReport,
    assess_robustness,
)
from partnerfit.errors import UsageError
from partnerfit.io.heap import no_collections
from partnerfit.io.records import quick_init
from partnerfit.model import CRITERIA, Profile, Unknowns
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.scoring.card import (
    METHODS,
    CardBlock,
    ScoreCard,
    Weights,
    card_block,
    dealbreaker_tags,
    dealbreakers_between,
    resolve_weights,
)
from partnerfit.scoring.coverage import sufficient, tier_for, tiers_for
from partnerfit.scoring.methods import method_interval, rank_order_centroid_weights
from partnerfit.scoring.ties import competition_ranks, tie_at_cut_note, tie_key, ties_across_cut

IntArray = NDArray[np.int64]

__all__ = ["Exclusion", "RankedCandidate", "Ranking", "rank", "tier_for"]


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class RankedCandidate:
    """A candidate's place in a ranking, its total (0..100), interval, tier and score card.

    ``rank`` is a standard competition rank: candidates whose scores are equal to
    ``SCORE_DECIMALS`` share it (1, 2, 2, 4) and are listed by id.
    """

    rank: int
    score: float
    tier: str | None
    card: ScoreCard
    interval: tuple[float, float]
    tied: bool = False
    """True when another candidate has the same score (to SCORE_DECIMALS) and so the same rank,
    even one that ``--top`` cut."""

    @property
    def candidate_id(self) -> str:
        """The candidate's id."""
        return self.card.candidate_id

    @property
    def coverage(self) -> float:
        """Share of the weight whose criteria are known (0..1)."""
        return self.card.coverage

    @property
    def reason(self) -> str:
        """A one-line reason: the summaries of the two known criteria that add the most."""
        return reason(self.card)


def reason(card: ScoreCard) -> str:
    """The summaries of the two known criteria that add the most to the card's total."""
    contributions = card.contributions()
    known = [r for r in card.criteria if r.known > 0]
    top = sorted(known, key=lambda r: (-contributions[r.name], CRITERIA.index(r.name)))[:2]
    return "; ".join(r.summary for r in top)


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class Exclusion:
    """A candidate left out of the ranking, and why.

    For a candidate with insufficient evidence, ``card``, ``score`` and ``interval`` say what
    the little that is known gives.
    """

    candidate_id: str
    name: str
    reasons: tuple[str, ...]
    card: ScoreCard | None = None
    score: float | None = None
    interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class Ranking:
    """The result of ranking: everything every output format shows."""

    focal_id: str
    focal_name: str
    method: str
    weights: Weights
    ranked: tuple[RankedCandidate, ...]
    excluded: tuple[Exclusion, ...]
    insufficient: tuple[Exclusion, ...]
    candidates_considered: int
    below_min_score: int
    cut_by_top: int
    tiers: Mapping[str, float]
    notes: tuple[str, ...]
    unknowns: Unknowns = field(default_factory=Unknowns)
    robustness: RobustnessReport | None = None

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per candidate, as the CSV rows: ``pandas.DataFrame(r.to_records())``.

        Ranked candidates first (in rank order), then the excluded and those with insufficient
        evidence, each with ``status``. ``score`` and its interval ``score_low``..``score_high``
        are 0..100, ``coverage`` and the criterion scores 0..1; ``None`` where there is none.
        ``rank`` is shared by equal scores, and ``tied`` says so (None when not ranked).
        """
        records: list[dict[str, Any]] = []
        for entry in self.ranked:
            card = entry.card
            records.append(
                {
                    "rank": entry.rank,
                    "id": card.candidate_id,
                    "name": card.candidate_name,
                    "status": "ranked",
                    "score": entry.score,
                    "tier": entry.tier,
                    "coverage": card.coverage,
                    "score_low": entry.interval[0],
                    "score_high": entry.interval[1],
                    **{r.name: r.score for r in card.criteria},
                    "unknown": list(card.unknown),
                    "reason": entry.reason,
                    "tied": entry.tied,
                }
            )
        for status, group in (("excluded", self.excluded), ("insufficient", self.insufficient)):
            for left_out in group:
                found = left_out.card
                low, high = left_out.interval or (None, None)
                records.append(
                    {
                        "rank": None,
                        "id": left_out.candidate_id,
                        "name": left_out.name,
                        "status": status,
                        "score": left_out.score,
                        "tier": None,
                        "coverage": found.coverage if found else None,
                        "score_low": low,
                        "score_high": high,
                        **{c: found.criterion(c).score if found else None for c in CRITERIA},
                        "unknown": list(found.unknown) if found else [],
                        "reason": "; ".join(left_out.reasons),
                        "tied": None,
                    }
                )
        return records


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class _Scored:
    score: float
    interval: tuple[float, float]
    index: int
    candidate_id: str


def _focal_profile(focal: Profile | str, profiles: ProfileSet) -> Profile:
    if isinstance(focal, Profile):
        return focal
    found = profiles.get(focal)
    if found is None:
        raise UsageError(profiles.unknown_id(focal))
    return found


def _check_options(method: str, top: int | None, min_score: float | None) -> None:
    if method not in METHODS:
        raise UsageError(f"unknown method `{method}`; choose from {', '.join(sorted(METHODS))}")
    if top is not None and top < 1:
        raise UsageError("--top must be at least 1")
    if min_score is not None and not 0 <= min_score <= 100:
        raise UsageError("--min-score must be within 0..100")


def _order_weights(
    criteria_order: Sequence[str] | None,
    weights: Weights | None,
    overrides: Mapping[str, float] | None,
) -> tuple[Weights | None, str | None]:
    """Rank-order centroid weights from an ordering, and a note saying so."""
    if criteria_order is None:
        return weights, None
    if weights is not None or overrides:
        raise UsageError("give either --weight or --weights-from-ranking, not both")
    centroid = rank_order_centroid_weights(criteria_order)
    listed = [c for c in criteria_order if c.strip()]
    note = "weights from the order " + " > ".join(listed) + " (rank-order centroid)"
    unlisted = [c for c in CRITERIA if c not in listed]
    if unlisted:
        note += "; not listed, so weight 0: " + ", ".join(unlisted)
    return resolve_weights(None, centroid, source="ranking-order-centroid"), note


def _excluded(block: CardBlock) -> tuple[NDArray[np.bool_], tuple[Exclusion, ...]]:
    """Where the focal's dealbreakers (or the candidate's) rule a candidate out, and why."""
    mask = block.excluded()
    excluded = []
    focal = dealbreaker_tags(block.focal, block.vocabulary)  # the focal's side once
    for index in np.flatnonzero(mask).tolist():
        candidate = block.candidates[index]
        reasons = dealbreakers_between(focal, dealbreaker_tags(candidate, block.vocabulary))
        excluded.append(Exclusion(candidate.id, candidate.name, reasons))
    return mask, tuple(excluded)


def _totals(block: CardBlock, rows: IntArray, method: str) -> list[_Scored]:
    """The total and interval (0..100) under the method of each candidate in ``rows``."""
    if not rows.size:
        return []
    matrix, low, high = (block.matrix(what)[rows] for what in ("value", "low", "high"))
    vector = block.weights.vector()
    totals = METHODS[method](matrix, vector)
    lows, highs = method_interval(method, matrix, low, high, vector)
    ids = [block.candidates[i].id for i in rows.tolist()]
    return [
        _Scored(100 * float(t), (100 * float(lo), 100 * float(hi)), index, candidate_id)
        for t, lo, hi, index, candidate_id in zip(
            totals, lows, highs, rows.tolist(), ids, strict=True
        )
    ]


def _insufficient(entry: _Scored, block: CardBlock) -> Exclusion:
    card = block.card(entry.index, ())
    low, high = entry.interval
    unknowns = block.unknowns
    reason = (
        f"insufficient evidence: {card.coverage:.0%} of the weight is known "
        f"(minimum {unknowns.min_coverage:.0%}); score {entry.score:.1f}, "
        f"{low:.1f}–{high:.1f} as the unknowns turn out"
    )
    return Exclusion(
        card.candidate_id, card.candidate_name, (reason,), card, entry.score, entry.interval
    )


def _order(
    scored: Sequence[_Scored],
    block: CardBlock,
    min_score: float | None,
    top: int | None,
    tiers: Mapping[str, float],
) -> tuple[tuple[RankedCandidate, ...], int, int, int]:
    """Sort by score (ties by id), apply --min-score and --top: (ranked, below, cut, tied_cut).

    Ranks and tie flags are taken before the --top cut, so that a tie across the cut is
    reported on the last candidate kept; ``tied_cut`` counts the cut candidates in that tie.
    Score cards are built for the candidates kept only.
    """
    ordered = sorted(scored, key=lambda e: (-tie_key(e.score), e.candidate_id))
    kept = [e for e in ordered if min_score is None or e.score >= min_score]
    below = len(ordered) - len(kept)
    ranks, tied = competition_ranks([tie_key(e.score) for e in kept])
    cut = max(0, len(kept) - top) if top is not None else 0
    tied_cut = ties_across_cut(ranks, top)
    kept = kept[:top] if top is not None else kept
    labels = tiers_for(np.array([e.score for e in kept], dtype=np.float64), tiers).tolist()
    ranked = tuple(
        RankedCandidate(
            rank=place,
            score=e.score,
            tier=label,
            card=block.card(e.index, ()),
            interval=e.interval,
            tied=is_tied,
        )
        for e, place, is_tied, label in zip(kept, ranks, tied, labels, strict=False)
    )
    return ranked, below, cut, tied_cut


def _notes(
    extra: Sequence[str], order_note: str | None, weights: Weights, method: str
) -> tuple[str, ...]:
    notes = list(extra)
    if order_note:
        notes.append(order_note)
    if weights.note:
        notes.append(weights.note)
    if method != "weighted-sum":
        notes.append(
            f"scores are {method} totals ×100; the criterion contributions shown are "
            "weighted-sum points, and the tiers were set for weighted-sum scores"
        )
    return tuple(notes)


def rank(
    focal: Profile | str,
    profiles: ProfileSet | str | Path,
    *,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    method: str = "weighted-sum",
    top: int | None = None,
    min_score: float | None = None,
    extra_notes: Sequence[str] = (),
    criteria_order: Sequence[str] | None = None,
    robustness: int | None = None,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    robustness_top: int | None = None,
) -> Ranking:
    """Rank every other profile of the set against the focal one.

    ``criteria_order`` derives rank-order centroid weights from an ordering of the criteria;
    ``robustness`` samples that many weight vectors around the weights (see robustness.py).
    ``profiles`` is a loaded set or a directory (loaded with its ``partnerfit.yaml``).
    """
    if isinstance(profiles, str | Path):
        profiles = load_profile_set(profiles)
    if not isinstance(profiles, ProfileSet):
        raise TypeError(
            "profiles must be a ProfileSet (see load_profile_set) or a directory, "
            f"not {type(profiles).__name__}"
        )
    focal = _focal_profile(focal, profiles)
    _check_options(method, top, min_score)
    weights, order_note = _order_weights(criteria_order, weights, weight_overrides)
    resolved = weights or resolve_weights(profiles.config, weight_overrides)
    others = [c for c in profiles.profiles if c.id != focal.id]
    # thousands of lasting, acyclic tags and score cards: a collection would walk them all
    with no_collections():
        block = card_block(
            focal,
            others,
            vocabulary=profiles.vocabulary,
            weights=resolved,
            unknowns=profiles.config.unknowns,
        )
        mask, excluded = _excluded(block)
        scored = _totals(block, np.flatnonzero(~mask), method)
        enough = sufficient(block.coverage(), block.unknowns.min_coverage)
        sufficient_ = [e for e in scored if enough[e.index]]
        insufficient = tuple(_insufficient(e, block) for e in scored if not enough[e.index])
        ranked, below, cut, tied_cut = _order(
            sufficient_, block, min_score, top, profiles.config.tiers
        )
        if tied_cut:
            extra_notes = (*extra_notes, tie_at_cut_note(ranked[-1].rank, tied_cut, "--top"))
    report = None
    if robustness is not None:  # with the collector on: a million samples take minutes
        members = np.array([e.index for e in sufficient_], dtype=np.int64)
        report = assess_robustness(
            block.matrix()[members],
            [e.candidate_id for e in sufficient_],
            resolved,
            method=method,
            samples=robustness,
            seed=seed,
            spread=spread,
            top_k=robustness_top or top or DEFAULT_TOP_K,
        )
    return Ranking(
        focal_id=focal.id,
        focal_name=focal.name,
        method=method,
        weights=resolved,
        ranked=ranked,
        excluded=excluded,
        insufficient=insufficient,
        candidates_considered=len(others),
        below_min_score=below,
        cut_by_top=cut,
        tiers=dict(profiles.config.tiers),
        notes=_notes(extra_notes, order_note, resolved, method),
        unknowns=block.unknowns,
        robustness=report,
    )
