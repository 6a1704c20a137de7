"""Rank the candidates of a profile set against a focal organisation."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partnerfit.decide.robustness import (
    DEFAULT_SPREAD,
    DEFAULT_TOP_K,
    RobustnessReport,
    assess_robustness,
)
from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA, Profile
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import (
    METHODS,
    SCORE_DECIMALS,
    ScoreCard,
    Weights,
    criteria_matrix,
    resolve_weights,
    score_pair,
)
from partnerfit.scoring.methods import rank_order_centroid_weights


@dataclass(frozen=True)
class RankedCandidate:
    """A candidate's place in a ranking, its total (0..100), tier and score card."""

    rank: int
    score: float
    tier: str | None
    card: ScoreCard

    @property
    def candidate_id(self) -> str:
        """The candidate's id."""
        return self.card.candidate_id

    @property
    def reason(self) -> str:
        """A one-line reason: the summaries of the two criteria that add the most."""
        contributions = self.card.contributions()
        known = [r for r in self.card.criteria if r.known]
        top = sorted(known, key=lambda r: (-contributions[r.name], CRITERIA.index(r.name)))[:2]
        return "; ".join(r.summary for r in top)


@dataclass(frozen=True)
class Exclusion:
    """A candidate left out of the ranking, and why."""

    candidate_id: str
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    """The result of ranking: everything every output format shows."""

    focal_id: str
    focal_name: str
    method: str
    weights: Weights
    ranked: tuple[RankedCandidate, ...]
    excluded: tuple[Exclusion, ...]
    unscored: tuple[Exclusion, ...]
    candidates_considered: int
    below_min_score: int
    cut_by_top: int
    tiers: Mapping[str, float]
    notes: tuple[str, ...]
    robustness: RobustnessReport | None = None

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per candidate, as the CSV rows: ``pandas.DataFrame(r.to_records())``.

        Ranked candidates first (in rank order), then the excluded and the unscored, each with
        ``status``; criterion scores are 0..1, ``None`` when unknown.
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
                    **{r.name: r.score for r in card.criteria},
                    "unknown": list(card.unknown),
                    "reason": entry.reason,
                }
            )
        for status, group in (("excluded", self.excluded), ("unscored", self.unscored)):
            for left_out in group:
                records.append(
                    {
                        "rank": None,
                        "id": left_out.candidate_id,
                        "name": left_out.name,
                        "status": status,
                        "score": None,
                        "tier": None,
                        **dict.fromkeys(CRITERIA),
                        "unknown": [],
                        "reason": "; ".join(left_out.reasons),
                    }
                )
        return records


def tier_for(score: float, tiers: Mapping[str, float]) -> str | None:
    """The label of the highest band whose threshold the score reaches, else None."""
    for label, threshold in sorted(tiers.items(), key=lambda item: (-item[1], item[0])):
        if score >= threshold:
            return label
    return None


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
    if isinstance(focal, str):
        found = profiles.get(focal)
        if found is None:
            raise UsageError(profiles.unknown_id(focal))
        focal = found
    if method not in METHODS:
        raise UsageError(f"unknown method `{method}`; choose from {', '.join(sorted(METHODS))}")
    if top is not None and top < 1:
        raise UsageError("--top must be at least 1")
    if min_score is not None and not 0 <= min_score <= 100:
        raise UsageError("--min-score must be within 0..100")
    order_note = None
    if criteria_order is not None:
        if weights is not None or weight_overrides:
            raise UsageError("give either --weight or --weights-from-ranking, not both")
        centroid = rank_order_centroid_weights(criteria_order)
        weights = resolve_weights(None, centroid, source="ranking-order-centroid")
        listed = [c for c in criteria_order if c.strip()]
        order_note = "weights from the order " + " > ".join(listed) + " (rank-order centroid)"
        unlisted = [c for c in CRITERIA if c not in listed]
        if unlisted:
            order_note += "; not listed, so weight 0: " + ", ".join(unlisted)
    resolved = weights or resolve_weights(profiles.config, weight_overrides)
    vocab: Vocabulary = profiles.vocabulary
    cards: list[ScoreCard] = []
    excluded: list[Exclusion] = []
    for candidate in profiles.profiles:
        if candidate.id == focal.id:
            continue
        card = score_pair(focal, candidate, vocabulary=vocab, weights=resolved)
        if card.dealbreakers:
            excluded.append(Exclusion(candidate.id, candidate.name, card.dealbreakers))
        else:
            cards.append(card)
    totals: list[float] = (
        METHODS[method](criteria_matrix(cards), resolved.vector()).tolist() if cards else []
    )
    scored: list[tuple[float, ScoreCard]] = []
    unscored: list[Exclusion] = []
    for card, total in zip(cards, totals, strict=True):
        if math.isnan(total):
            reason = "no criterion with a positive weight had evidence: " + ", ".join(card.unknown)
            unscored.append(Exclusion(card.candidate_id, card.candidate_name, (reason,)))
        else:
            scored.append((100 * float(total), card))
    scored.sort(key=lambda item: (-round(item[0], SCORE_DECIMALS), item[1].candidate_id))
    kept = [(s, c) for s, c in scored if min_score is None or s >= min_score]
    below = len(scored) - len(kept)
    cut = max(0, len(kept) - top) if top is not None else 0
    kept = kept[:top] if top is not None else kept
    tiers = profiles.config.tiers
    ranked = tuple(
        RankedCandidate(rank=i, score=s, tier=tier_for(s, tiers), card=c)
        for i, (s, c) in enumerate(kept, start=1)
    )
    notes = list(extra_notes)
    if order_note:
        notes.append(order_note)
    if resolved.note:
        notes.append(resolved.note)
    if method != "weighted-sum":
        notes.append(
            f"scores are {method} totals ×100; the criterion contributions shown are "
            "weighted-sum points, and the tiers were set for weighted-sum scores"
        )
    report = None
    if robustness is not None:
        scored_cards = [c for _, c in scored]
        report = assess_robustness(
            criteria_matrix(scored_cards),
            [c.candidate_id for c in scored_cards],
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
        excluded=tuple(excluded),
        unscored=tuple(unscored),
        candidates_considered=len(cards) + len(excluded),
        below_min_score=below,
        cut_by_top=cut,
        tiers=dict(tiers),
        notes=tuple(notes),
        robustness=report,
    )
