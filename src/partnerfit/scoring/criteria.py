"""The fit criteria: one pure function per criterion, (focal, candidate) -> score and evidence.

A score is in [0, 1], or None when the profiles give no signal ("unknown"): unknown criteria
are left out of the total rather than scored as 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from partnerfit.model import CADENCES, Profile
from partnerfit.model.vocabulary import Vocabulary

# Weights inside composite criteria (documented in docs/scoring.md).
GOAL_THEME_WEIGHT = 0.75
GOAL_METRIC_WEIGHT = 0.25
REPUTATION_RATING_WEIGHT = 0.8
REPUTATION_CERT_WEIGHT = 0.2
CERTIFICATIONS_FOR_FULL_MARKS = 2
COMMUNICATION_LANGUAGE_WEIGHT = 0.7
COMMUNICATION_CADENCE_WEIGHT = 0.3
MAX_LEVEL = 5


@dataclass(frozen=True)
class SharedValue:
    """A value both organisations hold, with each side's importance."""

    tag: str
    focal: int
    candidate: int


@dataclass(frozen=True)
class WeightedTag:
    """A tag with its importance or priority."""

    tag: str
    weight: int


@dataclass(frozen=True)
class ValueEvidence:
    """Shared values and values only one side holds."""

    shared: tuple[SharedValue, ...]
    focal_only: tuple[WeightedTag, ...]
    candidate_only: tuple[WeightedTag, ...]


@dataclass(frozen=True)
class Coverage:
    """A need met by the other side's strength; ``gain`` is what counts, in [0, 1]."""

    need: str
    priority: int
    level: int
    own_level: int
    gain: float


@dataclass(frozen=True)
class ComplementarityEvidence:
    """Needs covered in each direction, needs left open, and supplementary overlaps."""

    covered: tuple[Coverage, ...]
    open_needs: tuple[WeightedTag, ...]
    candidate_needs_covered: tuple[Coverage, ...]
    candidate_needs_open: tuple[WeightedTag, ...]
    supplementary: tuple[str, ...]
    forward: float | None
    backward: float | None


@dataclass(frozen=True)
class GoalEvidence:
    """Goal themes and metrics both pursue, and those only the candidate pursues."""

    shared_themes: tuple[str, ...]
    shared_metrics: tuple[str, ...]
    focal_only_themes: tuple[str, ...]
    candidate_only_themes: tuple[str, ...]


@dataclass(frozen=True)
class MarketEvidence:
    """Regions and audiences the candidate opens, and those both already reach."""

    new_regions: tuple[str, ...]
    shared_regions: tuple[str, ...]
    new_audiences: tuple[str, ...]
    shared_audiences: tuple[str, ...]


@dataclass(frozen=True)
class ReputationEvidence:
    """The candidate's rating and certifications."""

    rating: float | None
    certifications: tuple[str, ...]


@dataclass(frozen=True)
class CommunicationEvidence:
    """Shared working languages and the two cadences."""

    shared_languages: tuple[str, ...]
    focal_cadence: str | None
    candidate_cadence: str | None


Evidence = (
    ValueEvidence
    | ComplementarityEvidence
    | GoalEvidence
    | MarketEvidence
    | ReputationEvidence
    | CommunicationEvidence
)


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's score (None when unknown), the evidence, and a one-line summary."""

    name: str
    score: float | None
    evidence: Evidence
    summary: str

    @property
    def known(self) -> bool:
        """True when the profiles gave a signal for this criterion."""
        return self.score is not None


Criterion = Callable[[Profile, Profile, Vocabulary], CriterionResult]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _listing(tags: tuple[str, ...] | list[str], limit: int = 3) -> str:
    shown = ", ".join(tags[:limit])
    return shown + (f" +{len(tags) - limit}" if len(tags) > limit else "")


def value_alignment(focal: Profile, candidate: Profile, vocab: Vocabulary) -> CriterionResult:
    """Share of both sides' total importance that lies on values they share."""
    a, b = vocab.weighted(focal.values), vocab.weighted(candidate.values)
    shared = tuple(SharedValue(t, a[t], b[t]) for t in sorted(a.keys() & b.keys()))
    evidence = ValueEvidence(
        shared=shared,
        focal_only=tuple(WeightedTag(t, a[t]) for t in sorted(a.keys() - b.keys())),
        candidate_only=tuple(WeightedTag(t, b[t]) for t in sorted(b.keys() - a.keys())),
    )
    if not a or not b:
        side = "focal" if not a else "candidate"
        return CriterionResult("value_alignment", None, evidence, f"no values on the {side} side")
    # Each side's importance on shared values over all importance declared. Unlike weighted
    # Jaccard (Σmin/Σmax), adding a value both hold can never lower the score.
    numerator = sum(s.focal + s.candidate for s in shared)
    score = numerator / (sum(a.values()) + sum(b.values()))
    summary = f"shares {_listing([s.tag for s in shared])}" if shared else "no shared values"
    return CriterionResult("value_alignment", score, evidence, summary)


def strength_levels(profile: Profile, vocab: Vocabulary) -> dict[str, int]:
    """Canonical capability -> the highest level the profile declares for it."""
    levels: dict[str, int] = {}
    for strength in profile.strengths:
        key = vocab.canonical(strength.capability)
        levels[key] = max(levels.get(key, 0), strength.level)
    return levels


def need_priorities(profile: Profile, vocab: Vocabulary) -> dict[str, int]:
    """Canonical capability -> the highest priority the profile declares for it."""
    priorities: dict[str, int] = {}
    for need in profile.needs:
        key = vocab.canonical(need.capability)
        priorities[key] = max(priorities.get(key, 0), need.priority)
    return priorities


def coverage(
    needs: Mapping[str, int], supplier: Mapping[str, int], own: Mapping[str, int]
) -> tuple[float, tuple[Coverage, ...], tuple[WeightedTag, ...]]:
    """Priority-weighted share of needs covered; a strength counts only above the own level."""
    covered: list[Coverage] = []
    open_needs: list[WeightedTag] = []
    total = 0.0
    for need in sorted(needs):
        priority = needs[need]
        level, own_level = supplier.get(need, 0), own.get(need, 0)
        gain = max(0, level - own_level) / MAX_LEVEL
        if gain > 0:
            covered.append(Coverage(need, priority, level, own_level, gain))
            total += priority * gain
        else:
            open_needs.append(WeightedTag(need, priority))
    weight = sum(needs.values())
    return total / weight, tuple(covered), tuple(open_needs)


def complementarity(focal: Profile, candidate: Profile, vocab: Vocabulary) -> CriterionResult:
    """Mutual coverage of needs by the other side's strengths (geometric mean of directions)."""
    focal_levels, cand_levels = strength_levels(focal, vocab), strength_levels(candidate, vocab)
    focal_needs, cand_needs = need_priorities(focal, vocab), need_priorities(candidate, vocab)
    forward = backward = None
    covered: tuple[Coverage, ...] = ()
    open_needs: tuple[WeightedTag, ...] = ()
    back_covered: tuple[Coverage, ...] = ()
    back_open: tuple[WeightedTag, ...] = ()
    if focal_needs:
        forward, covered, open_needs = coverage(focal_needs, cand_levels, focal_levels)
    if cand_needs:
        backward, back_covered, back_open = coverage(cand_needs, focal_levels, cand_levels)
    evidence = ComplementarityEvidence(
        covered=covered,
        open_needs=open_needs,
        candidate_needs_covered=back_covered,
        candidate_needs_open=back_open,
        supplementary=tuple(sorted(focal_levels.keys() & cand_levels.keys())),
        forward=forward,
        backward=backward,
    )
    if forward is None and backward is None:
        return CriterionResult("complementarity", None, evidence, "neither side declares needs")
    score: float
    if forward is not None and backward is not None:
        score = math.sqrt(forward * backward)
    else:
        score = forward if forward is not None else backward  # type: ignore[assignment]
    if covered:
        summary = f"covers {_listing([c.need for c in covered])}"
    elif focal_needs:
        summary = "covers none of the focal's needs"
    else:
        summary = "focal covers its needs" if back_covered else "focal covers none of its needs"
    return CriterionResult("complementarity", score, evidence, summary)


def _goal_tags(profile: Profile, vocab: Vocabulary) -> tuple[frozenset[str], frozenset[str]]:
    themes = vocab.tag_set(t for g in profile.goals for t in g.themes)
    metrics = vocab.tag_set(g.metric for g in profile.goals if g.metric)
    return themes, metrics


def goal_alignment(focal: Profile, candidate: Profile, vocab: Vocabulary) -> CriterionResult:
    """Jaccard of goal themes (weight 0.75) and of goal metrics (0.25), over the known parts."""
    ft, fm = _goal_tags(focal, vocab)
    ct, cm = _goal_tags(candidate, vocab)
    evidence = GoalEvidence(
        shared_themes=tuple(sorted(ft & ct)),
        shared_metrics=tuple(sorted(fm & cm)),
        focal_only_themes=tuple(sorted(ft - ct)),
        candidate_only_themes=tuple(sorted(ct - ft)),
    )
    parts: list[tuple[float, float]] = []
    if ft and ct:
        parts.append((GOAL_THEME_WEIGHT, _jaccard(ft, ct)))
    if fm and cm:
        parts.append((GOAL_METRIC_WEIGHT, _jaccard(fm, cm)))
    if not parts:
        return CriterionResult("goal_alignment", None, evidence, "no comparable goals")
    score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    summary = (
        f"shared themes {_listing(list(evidence.shared_themes))}"
        if evidence.shared_themes
        else "no shared goal themes"
    )
    return CriterionResult("goal_alignment", score, evidence, summary)


def _reach(focal: frozenset[str], candidate: frozenset[str]) -> float:
    """Share of the joint footprint that only the candidate brings."""
    return len(candidate - focal) / len(focal | candidate)


def market_reach(focal: Profile, candidate: Profile, vocab: Vocabulary) -> CriterionResult:
    """Regions and audiences the candidate opens that the focal lacks (mean of known parts)."""
    fr, cr = vocab.tag_set(focal.regions), vocab.tag_set(candidate.regions)
    fa, ca = vocab.tag_set(focal.audiences), vocab.tag_set(candidate.audiences)
    evidence = MarketEvidence(
        new_regions=tuple(sorted(cr - fr)),
        shared_regions=tuple(sorted(cr & fr)),
        new_audiences=tuple(sorted(ca - fa)),
        shared_audiences=tuple(sorted(ca & fa)),
    )
    parts = []
    if fr and cr:
        parts.append(_reach(fr, cr))
    if fa and ca:
        parts.append(_reach(fa, ca))
    if not parts:
        return CriterionResult("market_reach", None, evidence, "no regions or audiences to compare")
    score = sum(parts) / len(parts)
    new = list(evidence.new_regions) + list(evidence.new_audiences)
    summary = f"opens {_listing(new)}" if new else "opens no new markets"
    return CriterionResult("market_reach", score, evidence, summary)


def reputation(focal: Profile, candidate: Profile, vocab: Vocabulary) -> CriterionResult:
    """Rating / 5 (weight 0.8) and certifications, full marks at two (0.2), over known parts."""
    del focal  # reputation is the candidate's own
    rep = candidate.reputation
    rating = rep.rating if rep else None
    certs = tuple(sorted(vocab.tag_set(rep.certifications))) if rep else ()
    evidence = ReputationEvidence(rating=rating, certifications=certs)
    parts: list[tuple[float, float]] = []
    if rating is not None:
        parts.append((REPUTATION_RATING_WEIGHT, rating / 5))
    if certs:
        cert_score = min(len(certs), CERTIFICATIONS_FOR_FULL_MARKS) / CERTIFICATIONS_FOR_FULL_MARKS
        parts.append((REPUTATION_CERT_WEIGHT, cert_score))
    if not parts:
        return CriterionResult("reputation", None, evidence, "no rating or certifications")
    score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    bits = []
    if rating is not None:
        bits.append(f"rated {rating:g}/5")
    if certs:
        bits.append(_listing(list(certs), 2))
    return CriterionResult("reputation", score, evidence, ", ".join(bits))


def communication(focal: Profile, candidate: Profile, vocab: Vocabulary) -> CriterionResult:
    """A shared working language (weight 0.7) and cadence closeness (0.3), over known parts."""
    fc, cc = focal.communication, candidate.communication
    fl = vocab.tag_set(fc.languages) if fc else frozenset()
    cl = vocab.tag_set(cc.languages) if cc else frozenset()
    f_cad = fc.cadence if fc else None
    c_cad = cc.cadence if cc else None
    evidence = CommunicationEvidence(tuple(sorted(fl & cl)), f_cad, c_cad)
    parts: list[tuple[float, float]] = []
    if fl and cl:
        parts.append((COMMUNICATION_LANGUAGE_WEIGHT, 1.0 if fl & cl else 0.0))
    if f_cad and c_cad:
        gap = abs(CADENCES.index(f_cad) - CADENCES.index(c_cad))
        parts.append((COMMUNICATION_CADENCE_WEIGHT, 1 - gap / (len(CADENCES) - 1)))
    if not parts:
        return CriterionResult(
            "communication", None, evidence, "no languages or cadence to compare"
        )
    score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    if fl and cl:
        summary = (
            f"speaks {_listing(list(evidence.shared_languages))}"
            if evidence.shared_languages
            else "no shared language"
        )
    else:
        summary = f"cadence {c_cad} vs {f_cad}"
    return CriterionResult("communication", score, evidence, summary)


CRITERION_FUNCTIONS: dict[str, Criterion] = {
    "value_alignment": value_alignment,
    "complementarity": complementarity,
    "goal_alignment": goal_alignment,
    "market_reach": market_reach,
    "reputation": reputation,
    "communication": communication,
}
"""Criterion name -> function, in the canonical order of ``models.CRITERIA``."""
