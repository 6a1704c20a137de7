"""Why a candidate scores what it does, what the unknowns cost, and which changes would help.

Points are weighted-sum points (0..100), as in ``ScoreCard.contributions``. Each suggested
change is a small, concrete edit of one profile (a strength, a value, a goal theme, a language,
a certification); what it "would add" is what scoring the edited pair again would give, found
by re-scoring only the criterion the edit touches, every edit of a kind in one batch.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from partnerfit.decide.ranking import Ranking, rank
from partnerfit.errors import UsageError
from partnerfit.model import (
    CRITERIA,
    Communication,
    Goal,
    Profile,
    Reputation,
    Strength,
    Unknowns,
)
from partnerfit.model.profileset import ProfileSet
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import ScoreCard, Weights, score_pair
from partnerfit.scoring.coverage import tier_for
from partnerfit.scoring.criteria import CERTIFICATIONS_FOR_FULL_MARKS, CRITERIA_SPECS
from partnerfit.scoring.edits import score_edits
from partnerfit.scoring.encode import (
    MAX_LEVEL,
    Tags,
    need_priorities,
    profile_tags,
    restrict,
    strength_levels,
)
from partnerfit.scoring.methods import weighted_sum

Side = Literal["candidate", "focal"]
Action = Literal["strength", "value", "goal-theme", "language", "certification"]

DEFAULT_IMPROVEMENTS = 3
MIN_GAIN = 0.05  # points; smaller gains are noise, not advice


@dataclass(frozen=True)
class Change:
    """A hypothetical edit of one profile: give ``tag`` the level ``value`` (or add it)."""

    side: Side
    criterion: str
    action: Action
    tag: str
    value: int | None
    description: str


@dataclass(frozen=True)
class Improvement:
    """A change and the weighted-sum points it would add (as a full re-score would find)."""

    change: Change
    points: float
    new_total: float


@dataclass(frozen=True)
class CriterionExplanation:
    """One criterion's score (None when nothing is known), weight, known share and points."""

    name: str
    score: float | None
    value: float
    known: float
    weight: float
    contribution: float
    summary: str

    @property
    def possible(self) -> float:
        """The most points this criterion could add at its weight."""
        return 100 * self.weight


@dataclass(frozen=True)
class UnknownCost:
    """What the unknown parts of one criterion count for, and what they put at stake."""

    criterion: str
    parts: tuple[str, ...]
    counted: float
    could_lose: float
    could_gain: float


@dataclass(frozen=True)
class Explanation:
    """Everything ``partnerfit explain`` shows for one (focal, candidate) pair."""

    focal_id: str
    focal_name: str
    candidate_id: str
    candidate_name: str
    total: float
    tier: str | None
    rank: int | None
    ranked_of: int | None
    criteria: tuple[CriterionExplanation, ...]
    card: ScoreCard
    improvements: tuple[Improvement, ...]
    notes: tuple[str, ...]
    unknown_costs: tuple[UnknownCost, ...] = ()
    tied: bool | None = None
    """True when another candidate shares the rank (same score), None when there is no rank."""

    @property
    def coverage(self) -> float:
        """Share of the weight whose criteria are known (0..1)."""
        return self.card.coverage

    @property
    def interval(self) -> tuple[float, float]:
        """The weighted-sum total with every unknown part at 0 and at 1."""
        return self.card.interval

    @property
    def sufficient(self) -> bool:
        """True when enough of the weight is known for a rank and a tier."""
        return self.card.sufficient

    @property
    def unknowns(self) -> Unknowns:
        """The unknown policy used (prior and minimum coverage)."""
        return self.card.unknowns

    @property
    def weights(self) -> Weights:
        """The weights used."""
        return self.card.weights

    @property
    def unknown(self) -> tuple[str, ...]:
        """Criteria of which nothing is known (counted at the prior)."""
        return self.card.unknown

    @property
    def dealbreakers(self) -> tuple[str, ...]:
        """Dealbreakers hit: why the candidate is excluded (empty when it is not)."""
        return self.card.dealbreakers

    @property
    def excluded(self) -> bool:
        """True when a dealbreaker excludes the candidate."""
        return bool(self.card.dealbreakers)


def apply_change(focal: Profile, candidate: Profile, change: Change, vocab: Vocabulary) -> Profile:
    """The profile on the change's side with the change applied."""
    profile = candidate if change.side == "candidate" else focal
    key = vocab.canonical(change.tag)
    if change.action == "strength":
        level = change.value or MAX_LEVEL
        kept = tuple(s for s in profile.strengths if vocab.canonical(s.capability) != key)
        strengths = (*kept, Strength(capability=change.tag, level=level))
        return profile.model_copy(update={"strengths": strengths})
    if change.action == "value":
        values = {t: w for t, w in profile.values.items() if vocab.canonical(t) != key}
        values[change.tag] = change.value or 3
        return profile.model_copy(update={"values": values})
    if change.action == "goal-theme":
        goal = Goal(statement=f"a goal on {change.tag}", themes=(change.tag,))
        return profile.model_copy(update={"goals": (*profile.goals, goal)})
    if change.action == "language":
        comm = profile.communication or Communication()
        comm = comm.model_copy(update={"languages": (*comm.languages, change.tag)})
        return profile.model_copy(update={"communication": comm})
    rep = profile.reputation or Reputation()
    rep = rep.model_copy(update={"certifications": (*rep.certifications, change.tag)})
    return profile.model_copy(update={"reputation": rep})


def _strength_changes(
    needer: Profile, supplier: Profile, side: Side, vocab: Vocabulary
) -> list[Change]:
    changes: list[Change] = []
    own, offered = strength_levels(needer, vocab), strength_levels(supplier, vocab)
    for need, priority in sorted(need_priorities(needer, vocab).items()):
        have, mine = offered.get(need, 0), own.get(need, 0)
        if have >= MAX_LEVEL or mine >= MAX_LEVEL:
            continue  # already at the top, or the needer's own level leaves nothing to add
        whose = "the need" if side == "candidate" else "their need"
        if have == 0:
            text = f"covering {whose} `{need}` (priority {priority}) at level {MAX_LEVEL}"
        else:
            text = (
                f"raising `{need}` from level {have} to {MAX_LEVEL} "
                f"for {whose} (priority {priority})"
            )
        if side == "focal":
            text = "you " + text
        changes.append(Change(side, "complementarity", "strength", need, MAX_LEVEL, text))
    return changes


def candidate_changes(focal: Profile, candidate: Profile, vocab: Vocabulary) -> list[Change]:
    """Every single edit considered for the pair, on either side."""
    changes = _strength_changes(focal, candidate, "candidate", vocab)
    changes += _strength_changes(candidate, focal, "focal", vocab)
    mine, theirs = vocab.weighted(focal.values), vocab.weighted(candidate.values)
    for tag, importance in sorted(mine.items()):
        held = theirs.get(tag, 0)
        if held >= importance:
            continue
        text = (
            f"holding the value `{tag}` (importance {importance})"
            if held == 0
            else f"raising the value `{tag}` from importance {held} to {importance}"
        )
        changes.append(Change("candidate", "value_alignment", "value", tag, importance, text))
    focal_themes = vocab.tag_set(t for g in focal.goals for t in g.themes)
    cand_themes = vocab.tag_set(t for g in candidate.goals for t in g.themes)
    for theme in sorted(focal_themes - cand_themes):
        text = f"adopting the goal theme `{theme}`"
        changes.append(Change("candidate", "goal_alignment", "goal-theme", theme, None, text))
    focal_langs = vocab.tag_set(focal.communication.languages if focal.communication else ())
    cand_langs = vocab.tag_set(candidate.communication.languages if candidate.communication else ())
    if focal_langs and not focal_langs & cand_langs:
        for language in sorted(focal_langs):
            text = f"working in `{language}`"
            changes.append(Change("candidate", "communication", "language", language, None, text))
    certs = vocab.tag_set(candidate.reputation.certifications if candidate.reputation else ())
    if len(certs) < CERTIFICATIONS_FOR_FULL_MARKS:
        text = "gaining a further certification" if certs else "gaining a certification"
        tag = f"new-certification-{len(certs) + 1}"
        changes.append(Change("candidate", "reputation", "certification", tag, None, text))
    return changes


def edit_tags(tags: Tags, change: Change, key: str) -> Tags:
    """``apply_change`` in the edited profile's canonical tags (restricted to ``key``)."""
    if change.action == "strength":
        return dataclasses.replace(tags, levels={key: change.value or MAX_LEVEL})
    if change.action == "value":
        return dataclasses.replace(tags, values={key: change.value or 3})
    if change.action == "goal-theme":
        return dataclasses.replace(tags, themes=tags.themes | {key})
    if change.action == "language":
        return dataclasses.replace(tags, languages=tags.languages | {key})
    return dataclasses.replace(tags, certifications=tags.certifications | {key})


def improvements(
    focal: Profile,
    candidate: Profile,
    weights: Weights,
    vocab: Vocabulary,
    limit: int = DEFAULT_IMPROVEMENTS,
    unknowns: Unknowns | None = None,
) -> tuple[Improvement, ...]:
    """The ``limit`` single changes that raise the weighted-sum total most.

    Each change is scored as if the pair were scored again, but only its own criterion is
    re-scored, all changes of one kind at once (``scoring.edits``): linear in the profiles.
    """
    base = score_pair(focal, candidate, vocabulary=vocab, weights=weights, unknowns=unknowns)
    before, row = base.total, base.row()
    prior = (unknowns or Unknowns()).prior
    groups: dict[tuple[Side, str], list[Change]] = {}
    for change in candidate_changes(focal, candidate, vocab):
        groups.setdefault((change.side, change.criterion), []).append(change)
    found: list[Improvement] = []
    for (side, criterion), changes in groups.items():
        tags = profile_tags(candidate if side == "candidate" else focal, vocab)
        keys = [vocab.canonical(change.tag) for change in changes]
        edits = [
            (key, edit_tags(restrict(tags, [key]), change, key))
            for key, change in zip(keys, changes, strict=True)
        ]
        column = CRITERIA.index(criterion)
        scored = score_edits(focal, candidate, side, CRITERIA_SPECS[column], edits, vocab, prior)
        rows = np.repeat(row[None, :], len(changes), axis=0)
        rows[:, column] = scored.value
        totals = 100 * weighted_sum(rows, weights.vector())
        for change, after, excluded in zip(changes, totals, scored.excluded, strict=True):
            gain = float(after) - before
            if not excluded and gain >= MIN_GAIN:
                found.append(Improvement(change, gain, float(after)))
    found.sort(key=lambda i: (-round(i.points, 9), i.change.description))
    return tuple(found[:limit])


def unknown_costs(card: ScoreCard) -> tuple[UnknownCost, ...]:
    """Per criterion with unknown parts: points counted at the prior, and the points at stake."""
    stake = card.at_stake()
    costs = []
    for spec, result in zip(CRITERIA_SPECS, card.criteria, strict=True):
        missing = tuple(n for n in spec.part_names if result.parts[n] is None)
        if not missing or card.weights.normalised[result.name] == 0:
            continue
        lose, gain = stake[result.name]
        counted = card.contributions()[result.name]
        costs.append(UnknownCost(result.name, missing, counted, lose, gain))
    return tuple(costs)


def _criteria(card: ScoreCard) -> tuple[CriterionExplanation, ...]:
    contributions = card.contributions()
    return tuple(
        CriterionExplanation(
            name=r.name,
            score=r.score,
            value=r.value,
            known=r.known,
            weight=card.weights.normalised[r.name],
            contribution=contributions[r.name],
            summary=r.summary,
        )
        for r in card.criteria
    )


def explain_pair(
    focal: Profile,
    candidate: Profile,
    *,
    weights: Weights,
    vocabulary: Vocabulary | None = None,
    tiers: Mapping[str, float] | None = None,
    position: tuple[int, int] | None = None,
    tied: bool = False,
    limit: int = DEFAULT_IMPROVEMENTS,
    notes: Sequence[str] = (),
    unknowns: Unknowns | None = None,
) -> Explanation:
    """Explain one pair: criteria, contributions, evidence, unknowns and the best improvements."""
    vocab = vocabulary or Vocabulary()
    card = score_pair(focal, candidate, vocabulary=vocab, weights=weights, unknowns=unknowns)
    all_notes = list(notes)
    if not card.sufficient and not card.dealbreakers:
        all_notes.append(
            f"insufficient evidence: {card.coverage:.0%} of the weight is known "
            f"(minimum {card.unknowns.min_coverage:.0%}), so no rank and no tier"
        )
    best: tuple[Improvement, ...] = ()
    if not card.dealbreakers:
        best = improvements(focal, candidate, weights, vocab, limit, unknowns)
    ranked = card.sufficient and not card.dealbreakers
    return Explanation(
        focal_id=focal.id,
        focal_name=focal.name,
        candidate_id=candidate.id,
        candidate_name=candidate.name,
        total=card.total,
        tier=tier_for(card.total, tiers or {}) if ranked else None,
        rank=position[0] if position else None,
        ranked_of=position[1] if position else None,
        criteria=_criteria(card),
        card=card,
        improvements=best,
        notes=tuple(all_notes),
        unknown_costs=unknown_costs(card),
        tied=tied if position else None,
    )


def explain(
    focal: Profile | str,
    candidate: Profile | str,
    profiles: ProfileSet,
    *,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    criteria_order: Sequence[str] | None = None,
    limit: int = DEFAULT_IMPROVEMENTS,
) -> Explanation:
    """Explain how a candidate scores against a focal organisation within a profile set."""
    return explain_each(
        focal,
        [candidate],
        profiles,
        weights=weights,
        weight_overrides=weight_overrides,
        criteria_order=criteria_order,
        limit=limit,
    )[0]


def explain_each(
    focal: Profile | str,
    candidates: Sequence[Profile | str],
    profiles: ProfileSet,
    *,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    criteria_order: Sequence[str] | None = None,
    limit: int = DEFAULT_IMPROVEMENTS,
) -> list[Explanation]:
    """Explain each candidate against the focal organisation, as :func:`explain` does one.

    The set is ranked once for every candidate that is a member of it; a candidate given as a
    profile that differs from the set's (one read from a file) takes its place in a copy of the
    set, ranked for it alone, so that its rank is its own.
    """
    ranked = functools.partial(
        rank, weights=weights, weight_overrides=weight_overrides, criteria_order=criteria_order
    )
    focal_profile = _lookup(focal, profiles, "focal")
    if limit < 0:
        raise UsageError("the number of improvements must be at least 0")
    shared: Ranking | None = None
    explanations = []
    for candidate in candidates:
        candidate_profile = _lookup(candidate, profiles, "candidate")
        if focal_profile.id == candidate_profile.id:
            raise UsageError("the focal organisation and the candidate are the same profile")
        if profiles.get(candidate_profile.id) == candidate_profile:
            if shared is None:
                shared = ranked(focal_profile, profiles)
            members, ranking = profiles, shared
        else:
            others = [p for p in profiles.profiles if p.id != candidate_profile.id]
            ordered = tuple(sorted([*others, candidate_profile], key=lambda p: p.id))
            members = dataclasses.replace(profiles, profiles=ordered)
            ranking = ranked(focal_profile, members)
        explanations.append(_explained(focal_profile, candidate_profile, members, ranking, limit))
    return explanations


def _explained(
    focal: Profile, candidate: Profile, profiles: ProfileSet, ranking: Ranking, limit: int
) -> Explanation:
    """The explanation of one pair, placed in ``ranking`` (of ``profiles``)."""
    position, tied = None, False
    for entry in ranking.ranked:
        if entry.candidate_id == candidate.id:
            position, tied = (entry.rank, len(ranking.ranked)), entry.tied
    return explain_pair(
        focal,
        candidate,
        weights=ranking.weights,
        vocabulary=profiles.vocabulary,
        tiers=profiles.config.tiers,
        position=position,
        tied=tied,
        limit=limit,
        notes=list(ranking.notes),
        unknowns=profiles.config.unknowns,
    )


def _lookup(profile: Profile | str, profiles: ProfileSet, role: str) -> Profile:
    if isinstance(profile, Profile):
        return profile
    found = profiles.get(profile)
    if found is None:
        raise UsageError(profiles.unknown_id(profile, role))
    return found
