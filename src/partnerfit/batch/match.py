"""Pair the members of two profile sets: the best total fit, or a stable matching.

A pair is *acceptable* when neither side's dealbreakers rule it out, both directions can be
scored, the two are not the same organisation, and each side's own score for the other reaches
the minimum score. Each member takes at most ``capacity`` partners (its profile's ``capacity``,
else 1, unless overridden). The *fit* of a pair is the mean of its two directional scores.

- ``max-total`` maximises the sum of the fits of the matched pairs (an assignment problem with
  capacities, solved exactly: scipy's ``linear_sum_assignment`` when every capacity is 1, its
  HiGHS integer programme otherwise; the constraint matrix is totally unimodular).
- ``stable`` runs deferred acceptance with capacities on both sides (many-to-many, responsive
  preferences): each side ranks the other by its own directional score, ties broken by id. No
  two members would both rather be matched with each other than keep what they have.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.engine import BLOCK_PAIRS, Progress, score_matrix
from partnerfit.errors import PartnerfitError, UsageError
from partnerfit.model import Config, Profile
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import SCORE_DECIMALS, Weights, resolve_weights

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Mode = Literal["max-total", "stable"]
Side = Literal["left", "right"]
MODES: tuple[Mode, ...] = ("max-total", "stable")
SIDES: tuple[Side, ...] = ("left", "right")


# --- the solvers, over arrays -------------------------------------------------------------


def max_total_assignment(
    fit: FloatArray,
    acceptable: BoolArray,
    left_capacity: Sequence[int],
    right_capacity: Sequence[int],
) -> list[tuple[int, int]]:
    """Acceptable pairs of the greatest total fit, each side within its capacity."""
    if not acceptable.any():
        return []
    if all(c == 1 for c in left_capacity) and all(c == 1 for c in right_capacity):
        from scipy.optimize import linear_sum_assignment

        # Unacceptable pairs weigh 0, so choosing one is the same as leaving both unmatched.
        gains = np.where(acceptable, fit, 0.0)
        rows, cols = linear_sum_assignment(gains, maximize=True)
        return sorted((int(r), int(c)) for r, c in zip(rows, cols, strict=True) if acceptable[r, c])
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    edges = np.argwhere(acceptable)
    n_left, n_right = acceptable.shape
    n_edges = len(edges)
    columns = np.concatenate([np.arange(n_edges), np.arange(n_edges)])
    rows = np.concatenate([edges[:, 0], n_left + edges[:, 1]])
    incidence = coo_array(
        (np.ones(2 * n_edges), (rows, columns)), shape=(n_left + n_right, n_edges)
    ).tocsr()
    limits = np.array([*left_capacity, *right_capacity], dtype=np.float64)
    result = milp(
        -fit[edges[:, 0], edges[:, 1]],
        constraints=LinearConstraint(incidence, -np.inf, limits),
        integrality=np.ones(n_edges),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if not result.success or result.x is None:
        raise PartnerfitError(f"the assignment solver failed: {result.message}")
    chosen = edges[np.asarray(result.x) > 0.5]
    return sorted((int(r), int(c)) for r, c in chosen)


def _preference_ranks(scores: FloatArray) -> NDArray[np.int64]:
    """Row i: the position of each column in i's order (score descending, then index)."""
    keys = np.round(np.nan_to_num(scores, nan=-np.inf), SCORE_DECIMALS)
    ranks = np.empty(scores.shape, dtype=np.int64)
    positions = np.arange(scores.shape[1])
    for row in range(scores.shape[0]):
        order = np.lexsort((positions, -keys[row]))
        ranks[row, order] = positions
    return ranks


def stable_matching(
    proposer_scores: FloatArray,
    receiver_scores: FloatArray,
    acceptable: BoolArray,
    proposer_capacity: Sequence[int],
    receiver_capacity: Sequence[int],
) -> list[tuple[int, int]]:
    """Deferred acceptance with capacities: the proposer-optimal pairwise-stable matching.

    ``proposer_scores[p, r]`` is p's score for r, ``receiver_scores[r, p]`` r's score for p;
    ``acceptable[p, r]`` says whether the pair may be matched at all.
    """
    n_prop = acceptable.shape[0]
    prop_rank = _preference_ranks(proposer_scores)
    recv_rank = _preference_ranks(receiver_scores)
    prefs = [
        [int(r) for r in sorted(np.flatnonzero(acceptable[p]), key=lambda r: prop_rank[p, r])]
        for p in range(n_prop)
    ]
    held: list[list[int]] = [[] for _ in range(acceptable.shape[1])]
    next_choice = [0] * n_prop
    count = [0] * n_prop
    queue = deque(range(n_prop))
    while queue:
        p = queue.popleft()
        while count[p] < proposer_capacity[p] and next_choice[p] < len(prefs[p]):
            r = prefs[p][next_choice[p]]
            next_choice[p] += 1
            held[r].append(p)
            count[p] += 1
            if len(held[r]) > receiver_capacity[r]:
                order = recv_rank[r].tolist()
                worst = max(held[r], key=order.__getitem__)
                held[r].remove(worst)
                count[worst] -= 1
                if worst != p:
                    queue.append(worst)
    return sorted((p, r) for r, group in enumerate(held) for p in group)


def blocking_pairs(
    left_scores: FloatArray,
    right_scores: FloatArray,
    acceptable: BoolArray,
    left_capacity: Sequence[int],
    right_capacity: Sequence[int],
    matched: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Unmatched acceptable pairs that would both rather be matched: empty when stable."""
    left_rank = _preference_ranks(left_scores)
    right_rank = _preference_ranks(right_scores)
    partners_of_left: list[list[int]] = [[] for _ in range(acceptable.shape[0])]
    partners_of_right: list[list[int]] = [[] for _ in range(acceptable.shape[1])]
    for left, right in matched:
        partners_of_left[left].append(right)
        partners_of_right[right].append(left)
    found = []
    pairs = set(matched)
    for left, right in np.argwhere(acceptable).tolist():
        if (left, right) in pairs:
            continue
        mine = partners_of_left[left]
        theirs = partners_of_right[right]
        left_wants = len(mine) < left_capacity[left] or any(
            left_rank[left, right] < left_rank[left, other] for other in mine
        )
        right_wants = len(theirs) < right_capacity[right] or any(
            right_rank[right, left] < right_rank[right, other] for other in theirs
        )
        if left_wants and right_wants:
            found.append((left, right))
    return found


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
    block_pairs: int = BLOCK_PAIRS,
    progress: Progress | None = None,
) -> Matching:
    """Pair the members of two sets (config, synonyms and weights from ``config`` or the left)."""
    if mode not in MODES:
        raise UsageError(f"unknown mode `{mode}`; choose from {', '.join(MODES)}")
    if proposer not in SIDES:
        raise UsageError(f"unknown proposing side `{proposer}`; choose from left, right")
    if min_score is not None and not 0 <= min_score <= 100:
        raise UsageError("--min-score must be within 0..100")
    left_set = _load(left, config)
    right_set = _load(right, config)
    chosen_config = config or left_set.config
    overrides = dict(capacities or {})
    for member, value in [("every member", capacity), *overrides.items()]:
        if value is not None and value < 1:
            raise UsageError(f"capacity of {member} must be at least 1, not {value}")
    known = set(left_set.ids()) | set(right_set.ids())
    for member in overrides:
        if member not in known:
            raise UsageError(f"--capacity {member}=…: no profile `{member}` on either side")
    resolved = weights or resolve_weights(chosen_config, weight_overrides)
    vocab = Vocabulary.from_synonyms(chosen_config.synonyms)
    lefts, rights = left_set.profiles, right_set.profiles
    left_cap = _capacities(lefts, capacity, overrides)
    right_cap = _capacities(rights, capacity, overrides)
    n_pairs = len(lefts) * len(rights)

    def half(offset: int) -> Progress | None:
        # both directions are scored: report them as one run of 2 × left × right pairs
        if progress is None:
            return None
        return lambda done, _total: progress(offset + done, 2 * n_pairs)

    unknowns = chosen_config.unknowns
    left_scored = score_matrix(
        lefts,
        rights,
        vocab,
        resolved,
        unknowns=unknowns,
        block_pairs=block_pairs,
        progress=half(0),
    )
    right_scored = score_matrix(
        rights,
        lefts,
        vocab,
        resolved,
        unknowns=unknowns,
        block_pairs=block_pairs,
        progress=half(n_pairs),
    )
    left_scores, excluded = left_scored.totals, left_scored.excluded
    right_scores = right_scored.totals
    right_scores_lr = right_scores.T
    itself = np.array([[a.id == b.id for b in rights] for a in lefts], dtype=bool).reshape(
        len(lefts), len(rights)
    )
    unscored = ~excluded & ~itself & (np.isnan(left_scores) | np.isnan(right_scores_lr))
    open_pairs = ~excluded & ~itself & ~unscored
    acceptable = open_pairs.copy()
    if min_score is not None:
        acceptable &= (left_scores >= min_score) & (right_scores_lr >= min_score)
    below = open_pairs & ~acceptable
    fit = np.where(acceptable, (left_scores + right_scores_lr) / 2, 0.0)
    if mode == "max-total":
        chosen = max_total_assignment(fit, acceptable, left_cap, right_cap)
    elif proposer == "left":
        chosen = stable_matching(left_scores, right_scores, acceptable, left_cap, right_cap)
    else:
        flipped = stable_matching(right_scores, left_scores, acceptable.T, right_cap, left_cap)
        chosen = sorted((lft, rgt) for rgt, lft in flipped)
    pairs = tuple(
        MatchedPair(
            left_id=lefts[i].id,
            left_name=lefts[i].name,
            right_id=rights[j].id,
            right_name=rights[j].name,
            left_score=float(left_scores[i, j]),
            right_score=float(right_scores_lr[i, j]),
            fit=float(fit[i, j]),
            left_coverage=float(left_scored.coverage[i, j]),
            right_coverage=float(right_scored.coverage[j, i]),
        )
        for i, j in chosen
    )
    matched_left = {i for i, _ in chosen}
    matched_right = {j for _, j in chosen}
    unmatched: list[Unmatched] = []
    sides: tuple[
        tuple[Side, Sequence[Profile], Sequence[Profile], list[int], BoolArray, set[int]], ...
    ] = (
        ("left", lefts, rights, left_cap, acceptable, matched_left),
        ("right", rights, lefts, right_cap, acceptable.T, matched_right),
    )
    for side, members, others, caps, ok, done in sides:
        flip = side == "right"
        for index, profile in enumerate(members):
            if index in done:
                continue
            partners = [others[int(j)].id for j in np.flatnonzero(ok[index])]

            def count(mask: BoolArray, index: int = index, flip: bool = flip) -> int:
                return int((mask.T if flip else mask)[index].sum())

            reason = (
                _why_left_over(mode, partners)
                if partners
                else _why_unacceptable(count(excluded & ~itself), count(unscored), count(below))
            )
            unmatched.append(
                Unmatched(side, profile.id, profile.name, caps[index], len(partners), reason)
            )
    notes = [resolved.note] if resolved.note else []
    return Matching(
        mode=mode,
        proposer=proposer if mode == "stable" else None,
        min_score=min_score,
        weights=resolved,
        pairs=pairs,
        unmatched=tuple(unmatched),
        left_ids=left_set.ids(),
        right_ids=right_set.ids(),
        capacities={
            "left": {p.id: c for p, c in zip(lefts, left_cap, strict=True)},
            "right": {p.id: c for p, c in zip(rights, right_cap, strict=True)},
        },
        acceptable_pairs=int(acceptable.sum()),
        notes=tuple(notes),
    )
