"""Pair the members of two profile sets: the best total fit, or a stable matching.

A pair is *acceptable* when neither side's dealbreakers rule it out, both directions can be
scored, the two are not the same organisation, and each side's own score for the other reaches
the minimum score. Each member takes at most ``capacity`` partners (its profile's ``capacity``,
else 1, unless overridden). The *fit* of a pair is the mean of its two directional scores.

- ``max-total`` maximises the sum of the fits of the matched pairs (an assignment problem with
  capacities, solved exactly: scipy's ``linear_sum_assignment`` when every capacity is 1, else the
  transportation LP by HiGHS dual simplex, integral because its constraint matrix is totally
  unimodular; see ``batch.assignment``).
- ``stable`` runs deferred acceptance with capacities on both sides (many-to-many, responsive
  preferences): each side ranks the other by its own directional score, ties broken by id. No
  two members would both rather be matched with each other than keep what they have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.assignment import (
    SOLVER_DESCRIPTIONS,
    max_total_assignment,
    solve_max_total,
)

__all__ = [
    "MODES",
    "SOLVERS",
    "MatchedPair",
    "Matching",
    "Unmatched",
    "blocking_pairs",
    "match",
    "max_total_assignment",
    "stable_matching",
]
from partnerfit.batch.dense import Progress, score_totals
from partnerfit.batch.stable import blocking_pairs, stable_matching
from partnerfit.errors import UsageError
from partnerfit.model import Config, Profile, Unknowns
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import Weights, resolve_weights

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Mode = Literal["max-total", "stable"]
Side = Literal["left", "right"]
MODES: tuple[Mode, ...] = ("max-total", "stable")
DEFERRED_ACCEPTANCE = "deferred-acceptance"
SOLVERS: dict[str, str] = {
    **SOLVER_DESCRIPTIONS,
    DEFERRED_ACCEPTANCE: "deferred acceptance (stable)",
}
SIDES: tuple[Side, ...] = ("left", "right")


# --- the matching of two profile sets -----------------------------------------------------


@dataclass(frozen=True)
class MatchedPair:
    """A matched pair, each side's score for the other (0..100) and their mean, the fit."""

    left_id: str
    left_name: str
    right_id: str
    right_name: str
    left_score: float
    right_score: float
    fit: float
    left_coverage: float = 1.0
    right_coverage: float = 1.0

    def to_record(self) -> dict[str, Any]:
        """The pair as a flat dict."""
        return {
            "left_id": self.left_id,
            "left_name": self.left_name,
            "right_id": self.right_id,
            "right_name": self.right_name,
            "left_score": self.left_score,
            "right_score": self.right_score,
            "fit": self.fit,
            "left_coverage": self.left_coverage,
            "right_coverage": self.right_coverage,
        }


@dataclass(frozen=True)
class Unmatched:
    """A member left without a partner, and why."""

    side: Side
    id: str
    name: str
    capacity: int
    acceptable: int
    reason: str


@dataclass(frozen=True)
class Matching:
    """The result of ``match``: everything every output format shows."""

    mode: Mode
    proposer: Side | None
    min_score: float | None
    weights: Weights
    pairs: tuple[MatchedPair, ...]
    unmatched: tuple[Unmatched, ...]
    left_ids: tuple[str, ...]
    right_ids: tuple[str, ...]
    capacities: Mapping[Side, Mapping[str, int]]
    acceptable_pairs: int
    notes: tuple[str, ...]
    solver: str = ""
    """How the pairs were chosen: a key of ``SOLVERS``."""

    @property
    def solver_description(self) -> str:
        """The solver in words, as the outputs show it."""
        return SOLVERS.get(self.solver, self.solver)

    @property
    def total(self) -> float:
        """Sum of the fits of the matched pairs."""
        return sum(p.fit for p in self.pairs)

    def used(self, side: Side, member: str) -> int:
        """How many partners a member got."""
        attr = "left_id" if side == "left" else "right_id"
        return sum(1 for p in self.pairs if getattr(p, attr) == member)

    def to_records(self) -> list[dict[str, Any]]:
        """Matched pairs, then unmatched members, as flat dicts with the same keys.

        ``status`` is ``matched`` or ``unmatched``; an unmatched member fills its own side's
        id and name, with ``side``, ``capacity``, ``acceptable_partners`` and ``reason``.
        For pandas: ``pandas.DataFrame(matching.to_records())``.
        """
        empty = {"side": None, "capacity": None, "acceptable_partners": None, "reason": None}
        records = [{"status": "matched", **p.to_record(), **empty} for p in self.pairs]
        for member in self.unmatched:
            left = member.side == "left"
            records.append(
                {
                    "status": "unmatched",
                    "left_id": member.id if left else None,
                    "left_name": member.name if left else None,
                    "right_id": None if left else member.id,
                    "right_name": None if left else member.name,
                    "left_score": None,
                    "right_score": None,
                    "fit": None,
                    "left_coverage": None,
                    "right_coverage": None,
                    "side": member.side,
                    "capacity": member.capacity,
                    "acceptable_partners": member.acceptable,
                    "reason": member.reason,
                }
            )
        return records


def _capacities(
    members: Sequence[Profile], every: int | None, overrides: Mapping[str, int]
) -> list[int]:
    out = []
    for profile in members:
        value = overrides.get(profile.id, every if every is not None else profile.capacity or 1)
        out.append(value)
    return out


def _why_unacceptable(excluded: int, unscored: int, below: int) -> str:
    parts = []
    if excluded:
        parts.append(f"{excluded} ruled out by dealbreakers")
    if below:
        parts.append(f"{below} below --min-score")
    if unscored:
        parts.append(f"{unscored} with insufficient evidence")
    if not parts:
        return "no acceptable partner: nobody else on the other side"
    return "no acceptable partner: " + ", ".join(parts)


def _why_left_over(mode: str, partners: Sequence[str]) -> str:
    shown = ", ".join(partners[:3]) + (f" +{len(partners) - 3}" if len(partners) > 3 else "")
    one = len(partners) == 1
    if mode == "max-total":
        verb = "was" if one else "were"
        return (
            f"its acceptable partner{'' if one else 's'} ({shown}) {verb} matched elsewhere "
            "for a higher total"
        )
    verb, pronoun = ("is", "it prefers") if one else ("are", "they prefer")
    return (
        f"its acceptable partner{'' if one else 's'} ({shown}) {verb} full with partners {pronoun}"
    )


def _load(value: ProfileSet | str | Path, config: Config | None) -> ProfileSet:
    if isinstance(value, ProfileSet):
        return value
    return (
        load_profile_set(value) if config is None else _with_config(load_profile_set(value), config)
    )


def _with_config(profiles: ProfileSet, config: Config) -> ProfileSet:
    return ProfileSet(
        profiles=profiles.profiles,
        sources=profiles.sources,
        config=config,
        config_source=profiles.config_source,
        invalid=profiles.invalid,
        warnings=profiles.warnings,
        ignored=profiles.ignored,
    )


@dataclass(frozen=True)
class _Pairs:
    """Every left × right pair: directional scores, fit, and why a pair is not acceptable."""

    left_scores: FloatArray
    right_scores: FloatArray  # right's score for left, laid out left × right
    left_coverage: FloatArray
    right_coverage: FloatArray  # laid out left × right too
    itself: BoolArray
    excluded: BoolArray
    unscored: BoolArray
    below: BoolArray
    acceptable: BoolArray
    fit: FloatArray


def _check_options(
    mode: str, proposer: str, min_score: float | None, capacity: int | None
) -> tuple[Mode, Side]:
    if mode not in MODES:
        raise UsageError(f"unknown mode `{mode}`; choose from {', '.join(MODES)}")
    if proposer not in SIDES:
        raise UsageError(f"unknown proposing side `{proposer}`; choose from left, right")
    if min_score is not None and not 0 <= min_score <= 100:
        raise UsageError("--min-score must be within 0..100")
    if capacity is not None and capacity < 1:
        raise UsageError(f"capacity of every member must be at least 1, not {capacity}")
    return mode, proposer


def _check_overrides(overrides: Mapping[str, int], known: set[str]) -> None:
    for member, value in overrides.items():
        if value < 1:
            raise UsageError(f"capacity of {member} must be at least 1, not {value}")
    for member in overrides:
        if member not in known:
            raise UsageError(f"--capacity {member}=…: no profile `{member}` on either side")


def _score_pairs(
    lefts: Sequence[Profile],
    rights: Sequence[Profile],
    vocab: Vocabulary,
    weights: Weights,
    unknowns: Unknowns,
    min_score: float | None,
    block_pairs: int | None,
    progress: Progress | None,
) -> _Pairs:
    """Score both directions and sort every pair into acceptable or the reason it is not."""
    n_pairs = len(lefts) * len(rights)

    def half(offset: int) -> Progress | None:
        # both directions are scored: report them as one run of 2 × left × right pairs
        if progress is None:
            return None
        return lambda done, _total: progress(offset + done, 2 * n_pairs)

    left_scored = score_totals(
        lefts,
        rights,
        vocab,
        weights,
        unknowns=unknowns,
        block_pairs=block_pairs,
        progress=half(0),
    )
    right_scored = score_totals(
        rights,
        lefts,
        vocab,
        weights,
        unknowns=unknowns,
        block_pairs=block_pairs,
        progress=half(n_pairs),
    )
    left_scores, excluded = left_scored.totals, left_scored.excluded
    right_scores_lr = right_scored.totals.T
    right_index = {p.id: j for j, p in enumerate(rights)}
    itself = np.zeros((len(lefts), len(rights)), dtype=bool)
    for i, profile in enumerate(lefts):
        if profile.id in right_index:
            itself[i, right_index[profile.id]] = True
    unscored = ~excluded & ~itself & (np.isnan(left_scores) | np.isnan(right_scores_lr))
    open_pairs = ~excluded & ~itself & ~unscored
    acceptable = open_pairs.copy()
    if min_score is not None:
        acceptable &= (left_scores >= min_score) & (right_scores_lr >= min_score)
    return _Pairs(
        left_scores=left_scores,
        right_scores=right_scores_lr,
        left_coverage=left_scored.coverage,
        right_coverage=right_scored.coverage.T,
        itself=itself,
        excluded=excluded & ~itself,
        unscored=unscored,
        below=open_pairs & ~acceptable,
        acceptable=acceptable,
        fit=np.where(acceptable, (left_scores + right_scores_lr) / 2, 0.0),
    )


def _choose(
    pairs: _Pairs, mode: str, proposer: str, left_cap: list[int], right_cap: list[int]
) -> tuple[list[tuple[int, int]], str]:
    """The chosen (left, right) index pairs and the solver that chose them."""
    if mode == "max-total":
        solved = solve_max_total(pairs.fit, pairs.acceptable, left_cap, right_cap)
        return list(solved.pairs), solved.solver
    if proposer == "left":
        chosen = stable_matching(
            pairs.left_scores, pairs.right_scores.T, pairs.acceptable, left_cap, right_cap
        )
        return chosen, DEFERRED_ACCEPTANCE
    flipped = stable_matching(
        pairs.right_scores.T, pairs.left_scores, pairs.acceptable.T, right_cap, left_cap
    )
    return sorted((lft, rgt) for rgt, lft in flipped), DEFERRED_ACCEPTANCE


def _matched(
    chosen: Sequence[tuple[int, int]],
    lefts: Sequence[Profile],
    rights: Sequence[Profile],
    pairs: _Pairs,
) -> tuple[MatchedPair, ...]:
    """The chosen (left, right) index pairs as data, with both scores and the fit."""
    return tuple(
        MatchedPair(
            left_id=lefts[i].id,
            left_name=lefts[i].name,
            right_id=rights[j].id,
            right_name=rights[j].name,
            left_score=float(pairs.left_scores[i, j]),
            right_score=float(pairs.right_scores[i, j]),
            fit=float(pairs.fit[i, j]),
            left_coverage=float(pairs.left_coverage[i, j]),
            right_coverage=float(pairs.right_coverage[i, j]),
        )
        for i, j in chosen
    )


def _unmatched_side(
    side: Side,
    members: Sequence[Profile],
    others: Sequence[Profile],
    caps: Sequence[int],
    pairs: _Pairs,
    done: set[int],
    mode: str,
) -> list[Unmatched]:
    """The members of one side without a partner, each with the reason."""

    def oriented(mask: BoolArray) -> BoolArray:
        return mask if side == "left" else mask.T

    acceptable = oriented(pairs.acceptable)
    excluded = oriented(pairs.excluded).sum(axis=1)
    unscored = oriented(pairs.unscored).sum(axis=1)
    below = oriented(pairs.below).sum(axis=1)
    out = []
    for index, profile in enumerate(members):
        if index in done:
            continue
        partners = [others[int(j)].id for j in np.flatnonzero(acceptable[index])]
        reason = (
            _why_left_over(mode, partners)
            if partners
            else _why_unacceptable(int(excluded[index]), int(unscored[index]), int(below[index]))
        )
        out.append(Unmatched(side, profile.id, profile.name, caps[index], len(partners), reason))
    return out


def match(
    left: ProfileSet | str | Path,
    right: ProfileSet | str | Path,
    *,
    mode: str = "max-total",
    capacity: int | None = None,
    capacities: Mapping[str, int] | None = None,
    min_score: float | None = None,
    proposer: str = "left",
    config: Config | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int | None = None,
    progress: Progress | None = None,
) -> Matching:
    """Pair the members of two sets (config, synonyms and weights from ``config`` or the left)."""
    checked_mode, side = _check_options(mode, proposer, min_score, capacity)
    left_set = _load(left, config)
    right_set = _load(right, config)
    chosen_config = config or left_set.config
    overrides = dict(capacities or {})
    _check_overrides(overrides, set(left_set.ids()) | set(right_set.ids()))
    resolved = weights or resolve_weights(chosen_config, weight_overrides)
    vocab = Vocabulary.from_synonyms(chosen_config.synonyms)
    lefts, rights = left_set.profiles, right_set.profiles
    left_cap = _capacities(lefts, capacity, overrides)
    right_cap = _capacities(rights, capacity, overrides)
    pairs = _score_pairs(
        lefts, rights, vocab, resolved, chosen_config.unknowns, min_score, block_pairs, progress
    )
    chosen, solver = _choose(pairs, mode, proposer, left_cap, right_cap)
    unmatched = [
        *_unmatched_side("left", lefts, rights, left_cap, pairs, {i for i, _ in chosen}, mode),
        *_unmatched_side("right", rights, lefts, right_cap, pairs, {j for _, j in chosen}, mode),
    ]
    return Matching(
        mode=checked_mode,
        proposer=side if mode == "stable" else None,
        min_score=min_score,
        weights=resolved,
        pairs=_matched(chosen, lefts, rights, pairs),
        unmatched=tuple(unmatched),
        left_ids=left_set.ids(),
        right_ids=right_set.ids(),
        capacities={
            "left": {p.id: c for p, c in zip(lefts, left_cap, strict=True)},
            "right": {p.id: c for p, c in zip(rights, right_cap, strict=True)},
        },
        acceptable_pairs=int(pairs.acceptable.sum()),
        notes=(resolved.note,) if resolved.note else (),
        solver=solver,
    )
