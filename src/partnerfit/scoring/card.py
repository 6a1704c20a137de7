"""Score cards: every criterion of a focal against its candidates, with coverage and evidence.

``score_cards`` encodes the focal and the candidates once and evaluates every criterion with
``scoring.criteria.criterion_parts`` and ``evaluate`` — the functions the batch engine's
``scoring.coverage.score_block`` runs — so a card's numbers are the engine's numbers.
``score_pair`` is the one-candidate case.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from partnerfit.errors import UsageError
from partnerfit.io.records import quick_init
from partnerfit.model import CRITERIA, DEFAULT_WEIGHTS, Config, Profile, Unknowns
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.coverage import SCORE_DECIMALS, dealbreaker_block, sufficient
from partnerfit.scoring.criteria import (
    CRITERIA_SPECS,
    Evaluated,
    Grid,
    Parts,
    criterion_parts,
    evaluate,
)
from partnerfit.scoring.encode import EncodedSide, Tags, encode_one_focal, profile_tags
from partnerfit.scoring.evidence import Evidence, describe_criterion
from partnerfit.scoring.methods import METHODS, weighted_sum

FloatArray = NDArray[np.float64]

__all__ = [
    "METHODS",
    "SCORE_DECIMALS",
    "CardBlock",
    "CriterionResult",
    "DealbreakerTags",
    "ScoreCard",
    "Weights",
    "card_block",
    "criteria_matrix",
    "dealbreaker_tags",
    "dealbreakers_between",
    "dealbreakers_hit",
    "resolve_weights",
    "score_cards",
    "score_pair",
    "weighted_sum",
]


@dataclass(frozen=True)
class Weights:
    """The weights as given and as used (normalised to sum 1), with a note when they differed."""

    given: Mapping[str, float]
    normalised: Mapping[str, float]
    source: str
    note: str | None

    def vector(self) -> FloatArray:
        """The normalised weights in the canonical criterion order."""
        return np.array([self.normalised[c] for c in CRITERIA], dtype=np.float64)


def resolve_weights(
    config: Config | None = None,
    overrides: Mapping[str, float] | None = None,
    *,
    source: str | None = None,
) -> Weights:
    """Combine configured weights with overrides and normalise them; a zero total is an error."""
    pairs = config.weights.items() if config is not None else DEFAULT_WEIGHTS.items()
    given = {str(name): float(value) for name, value in pairs}
    for name, value in (overrides or {}).items():
        if name not in CRITERIA:
            raise UsageError(
                f"unknown criterion `{name}` in --weight; choose from {', '.join(CRITERIA)}"
            )
        if not math.isfinite(value) or value < 0:
            raise UsageError(f"weight for `{name}` must be a finite number >= 0, not {value}")
        given[name] = value
    full = {c: float(given.get(c, 0.0)) for c in CRITERIA}
    largest = max(full.values())
    if largest <= 0:
        raise UsageError("all weights are zero: give at least one criterion a positive weight")
    # divide by the largest first, so that weights near the float limit cannot overflow
    scaled = {c: w / largest for c, w in full.items()}
    scaled_total = sum(scaled.values())
    normalised = {c: w / scaled_total for c, w in scaled.items()}
    total = sum(full.values())
    note = None
    if not math.isfinite(total):  # each finite, their sum past the largest float
        note = "weights summed to more than the largest number a float holds; they were normalised"
    elif abs(total - 1.0) > 1e-9:
        note = f"weights summed to {total:g}, not 1; they were normalised"
    origin = source or ("overrides" if overrides else "config" if config else "defaults")
    if origin == "config" and config is not None and "weights" not in config.model_fields_set:
        origin = "defaults"  # a config file without weights, or no file at all
    if origin == "config" and config is not None and config.weights_source:
        origin = f"config ({config.weights_source})"
    return Weights(given=full, normalised=normalised, source=origin, note=note)


Described = Callable[[str], tuple[Evidence, str]]
"""Criterion name -> (evidence, summary) of one pair."""


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class CriterionResult:
    """One criterion for one pair: its score, how much of it is known, evidence and summary.

    ``score`` counts unknown parts at the prior (None only when no part is known, which the
    outputs show as ``?``); ``value`` is the score as counted in every case; ``known`` is the
    share of the criterion's weight that is known; ``low``/``high`` put the unknown parts at 0/1.
    ``evidence`` and ``summary`` are described on first use (a ranking of thousands shows most
    of them only as a reason, or not at all).
    """

    name: str
    value: float
    known: float
    low: float
    high: float
    parts: Mapping[str, float | None]
    described: Described = field(compare=False, repr=False)

    @property
    def score(self) -> float | None:
        """The score, or None when nothing about the criterion is known."""
        return self.value if self.known > 0 else None

    @property
    def evidence(self) -> Evidence:
        """What the criterion saw for this pair."""
        return self.described(self.name)[0]

    @property
    def summary(self) -> str:
        """The evidence in one line."""
        return self.described(self.name)[1]


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class ScoreCard:
    """Every criterion for one (focal, candidate) pair, the weighted-sum total and coverage."""

    focal_id: str
    candidate_id: str
    candidate_name: str
    criteria: tuple[CriterionResult, ...]
    weights: Weights
    dealbreakers: tuple[str, ...]
    unknowns: Unknowns

    def criterion(self, name: str) -> CriterionResult:
        """The result for one criterion by name."""
        for result in self.criteria:
            if result.name == name:
                return result
        raise KeyError(name)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Criteria of which nothing is known (counted at the prior)."""
        return tuple(r.name for r in self.criteria if r.known == 0)

    @property
    def partly_known(self) -> tuple[str, ...]:
        """Criteria of which some parts, not all, are known."""
        return tuple(r.name for r in self.criteria if 0 < r.known < 1)

    def row(self) -> FloatArray:
        """The criterion scores as counted (unknown parts at the prior), in canonical order."""
        return np.array([r.value for r in self.criteria], dtype=np.float64)

    def contributions(self) -> dict[str, float]:
        """Points (0..100) each criterion adds to the weighted-sum total."""
        return {r.name: 100 * self.weights.normalised[r.name] * r.value for r in self.criteria}

    def at_stake(self) -> dict[str, tuple[float, float]]:
        """Criterion -> (points the unknowns could lose, points they could add), weighted sum."""
        out: dict[str, tuple[float, float]] = {}
        for r in self.criteria:
            weight = 100 * self.weights.normalised[r.name]
            out[r.name] = (weight * (r.value - r.low), weight * (r.high - r.value))
        return out

    @property
    def coverage(self) -> float:
        """Share of the weight whose criteria are known (0..1)."""
        return sum(self.weights.normalised[r.name] * r.known for r in self.criteria)

    @property
    def total(self) -> float:
        """Weighted-sum total in 0..100, unknown parts counted at the prior."""
        return 100 * float(weighted_sum(self.row()[None, :], self.weights.vector())[0])

    @property
    def interval(self) -> tuple[float, float]:
        """The weighted-sum total (0..100) with every unknown part at 0 and at 1."""
        w = self.weights.normalised
        low = sum(w[r.name] * r.low for r in self.criteria)
        high = sum(w[r.name] * r.high for r in self.criteria)
        return 100 * low, 100 * high

    @property
    def sufficient(self) -> bool:
        """True when enough of the weight is known for a rank and a tier."""
        return bool(sufficient(np.array(self.coverage), self.unknowns.min_coverage))


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class DealbreakerTags:
    """What one profile's dealbreakers ban and what it holds, as canonical tags (per field in
    the order the reasons list them: sector, value, region)."""

    id: str
    kind: str | None
    banned: tuple[frozenset[str], frozenset[str], frozenset[str]]
    held: tuple[frozenset[str], frozenset[str], frozenset[str]]
    banned_kinds: frozenset[str]
    rules: bool


def dealbreaker_tags(profile: Profile, vocab: Vocabulary) -> DealbreakerTags:
    """A profile's side of ``dealbreakers_hit``, computed once per profile (batch writers keep
    it for a block rather than recompute it for every pair)."""
    rules = profile.dealbreakers
    return DealbreakerTags(
        id=profile.id,
        kind=profile.kind,
        banned=(
            vocab.tag_set(rules.sectors),
            vocab.tag_set(rules.values),
            vocab.tag_set(rules.regions),
        ),
        held=(
            vocab.tag_set(profile.sectors),
            vocab.tag_set(profile.values),
            vocab.tag_set(profile.regions),
        ),
        banned_kinds=frozenset(rules.kinds),
        rules=not rules.is_empty(),
    )


_DEALBREAKER_LABELS = ("sector", "value", "region")


def dealbreakers_between(focal: DealbreakerTags, candidate: DealbreakerTags) -> tuple[str, ...]:
    """Reasons a pair is excluded: either side's dealbreakers hit by the other."""
    reasons: list[str] = []
    for owner, other in ((focal, candidate), (candidate, focal)):
        if not owner.rules:
            continue
        for label, banned, held in zip(_DEALBREAKER_LABELS, owner.banned, other.held, strict=True):
            hits = banned & held
            if hits:
                reasons += (
                    f"{other.id} has {label} `{t}`, a dealbreaker for {owner.id}"
                    for t in sorted(hits)
                )
        if other.kind is not None and other.kind in owner.banned_kinds:
            reasons.append(f"{other.id} is a {other.kind}, a dealbreaker for {owner.id}")
    return tuple(reasons)


def dealbreakers_hit(focal: Profile, candidate: Profile, vocab: Vocabulary) -> tuple[str, ...]:
    """Reasons a pair is excluded: either side's dealbreakers hit by the other."""
    return dealbreakers_between(dealbreaker_tags(focal, vocab), dealbreaker_tags(candidate, vocab))


def _part_value(value: float) -> float | None:
    return None if math.isnan(value) else value


_Part = list[float | None]
_CriterionColumns = tuple[
    str, list[float], list[float], list[float], list[float], str, _Part, str, _Part
]
"""A criterion's name, its value, known, low and high of every candidate, then its two parts'
names and values (``CardBlock._columns``)."""


def _nullable(values: FloatArray) -> _Part:
    """The values as Python floats, NaN (an unknown part) as None: ``_part_value`` of each."""
    out: _Part = list(values.tolist())
    for index in np.flatnonzero(np.isnan(values)).tolist():
        out[index] = None
    return out


class _Description:
    """The evidence of one pair's criteria, each described the first time it is asked for."""

    __slots__ = ("_block", "_done", "_index")

    def __init__(self, block: CardBlock, index: int) -> None:
        self._block, self._index = block, index
        self._done: dict[str, tuple[Evidence, str]] = {}

    def __call__(self, name: str) -> tuple[Evidence, str]:
        found = self._done.get(name)
        if found is None:
            block, index = self._block, self._index
            first, second = block.parts[CRITERIA.index(name)]
            views = (_part_value(float(first[0, index])), _part_value(float(second[0, index])))
            candidate = block.candidates[index]
            tags = (block.focal_tags, block.candidate_tags[index])
            found = describe_criterion(name, block.focal, candidate, tags, views)
            self._done[name] = found
        return found


@dataclass(frozen=True)
class CardBlock:
    """A focal against its candidates, every criterion evaluated at once: the arrays a ranking
    is computed from, and each candidate's score card, built only when asked for."""

    focal: Profile
    candidates: Sequence[Profile]
    vocabulary: Vocabulary
    weights: Weights
    unknowns: Unknowns
    encoded: tuple[EncodedSide, EncodedSide]
    parts: list[Parts]
    evaluated: list[Evaluated]
    focal_tags: Tags
    candidate_tags: Sequence[Tags]

    def matrix(self, what: str = "value") -> FloatArray:
        """(candidates × criteria): each criterion's ``value`` (as counted), ``known``, ``low``
        or ``high``, in canonical order (``ScoreCard.row`` for ``value``)."""
        columns = [np.asarray(getattr(ev, what)[0], dtype=np.float64) for ev in self.evaluated]
        return np.column_stack(columns) if columns else np.zeros((len(self.candidates), 0))

    def coverage(self) -> FloatArray:
        """Each candidate's ``ScoreCard.coverage``, summed in the same order."""
        known = self.matrix("known")
        total = np.zeros(len(self.candidates))
        for j, name in enumerate(CRITERIA):
            total = total + self.weights.normalised[name] * known[:, j]
        return total

    def excluded(self) -> NDArray[np.bool_]:
        """Where either side's dealbreakers rule the candidate out."""
        focal, candidates = self.encoded
        excluded: NDArray[np.bool_] = dealbreaker_block(focal, slice(0, 1), candidates)[0]
        return excluded

    @cached_property
    def _columns(self) -> list[_CriterionColumns]:
        """Per criterion: its name, value, known, low and high, and its two parts by name, as
        Python floats (a card reads a few numbers from each; indexing lists is many times
        cheaper than arrays); an unknown part (NaN) is None, as ``CriterionResult.parts``
        holds it."""
        columns: list[_CriterionColumns] = []
        for spec, pair, ev in zip(CRITERIA_SPECS, self.parts, self.evaluated, strict=True):
            first_name, second_name = spec.part_names
            first, second = (_nullable(part[0]) for part in pair)
            numbers = (ev.value[0], ev.known[0], ev.low[0], ev.high[0])
            value, known, low, high = (array.tolist() for array in numbers)
            columns.append(
                (spec.name, value, known, low, high, first_name, first, second_name, second)
            )
        return columns

    def card(self, index: int, dealbreakers: tuple[str, ...] | None = None) -> ScoreCard:
        """The score card of one candidate (``dealbreakers`` when already known)."""
        candidate = self.candidates[index]
        described = _Description(self, index)
        # positional and in a list: thousands of cards are built for one ranking
        results = tuple(
            [
                CriterionResult(
                    name,
                    value[index],
                    known[index],
                    low[index],
                    high[index],
                    {first_name: first[index], second_name: second[index]},
                    described,
                )
                for name, value, known, low, high, first_name, first, second_name, second in (
                    self._columns
                )
            ]
        )
        if dealbreakers is None:
            dealbreakers = dealbreakers_hit(self.focal, candidate, self.vocabulary)
        return ScoreCard(
            focal_id=self.focal.id,
            candidate_id=candidate.id,
            candidate_name=candidate.name,
            criteria=results,
            weights=self.weights,
            dealbreakers=dealbreakers,
            unknowns=self.unknowns,
        )


def card_block(
    focal: Profile,
    candidates: Sequence[Profile],
    *,
    vocabulary: Vocabulary | None = None,
    weights: Weights | None = None,
    unknowns: Unknowns | None = None,
) -> CardBlock:
    """Encode the focal and the candidates once and evaluate every criterion over them."""
    vocab = vocabulary or Vocabulary()
    policy = unknowns or Unknowns()
    focal_tags = profile_tags(focal, vocab)
    candidate_tags = [profile_tags(c, vocab) for c in candidates]
    encoded = encode_one_focal(focal, focal_tags, candidates, candidate_tags)
    parts = criterion_parts(encoded[0], encoded[1], Grid(slice(0, 1)))
    evaluated = [
        evaluate(spec, p, policy.prior) for spec, p in zip(CRITERIA_SPECS, parts, strict=True)
    ]
    return CardBlock(
        focal,
        candidates,
        vocab,
        weights or resolve_weights(),
        policy,
        encoded,
        parts,
        evaluated,
        focal_tags,
        candidate_tags,
    )


def score_cards(
    focal: Profile,
    candidates: Sequence[Profile],
    *,
    vocabulary: Vocabulary | None = None,
    weights: Weights | None = None,
    unknowns: Unknowns | None = None,
) -> list[ScoreCard]:
    """Score candidates against a focal organisation on every criterion, in one block."""
    if not candidates:
        return []
    block = card_block(focal, candidates, vocabulary=vocabulary, weights=weights, unknowns=unknowns)
    return [block.card(index) for index in range(len(candidates))]


def score_pair(
    focal: Profile,
    candidate: Profile,
    *,
    vocabulary: Vocabulary | None = None,
    weights: Weights | None = None,
    unknowns: Unknowns | None = None,
) -> ScoreCard:
    """Score one candidate against a focal organisation on every criterion."""
    return score_cards(
        focal, [candidate], vocabulary=vocabulary, weights=weights, unknowns=unknowns
    )[0]


def criteria_matrix(cards: Sequence[ScoreCard]) -> FloatArray:
    """Stack the cards' criterion scores (as counted) into an (n × criteria) matrix."""
    if not cards:
        return np.zeros((0, len(CRITERIA)), dtype=np.float64)
    return np.vstack([card.row() for card in cards])
