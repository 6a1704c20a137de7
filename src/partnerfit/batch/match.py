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

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.assignment import (
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
from partnerfit.batch.dense import (
    BLOCK_PAIRS,
    Progress,
    available_memory,
    resolve_block_pairs,
    score_totals,
)
from partnerfit.batch.graph_match import (
    SHOWN_PARTNERS,
    GraphMatch,
    ScreenedFits,
    Tally,
    match_on_graph,
)
from partnerfit.batch.matching import (
    DEFERRED_ACCEPTANCE,
    MODES,
    SIDES,
    SOLVERS,
    MatchedPair,
    Matching,
    Mode,
    Side,
    Unmatched,
)
from partnerfit.batch.stable import blocking_pairs, stable_matching
from partnerfit.errors import UsageError
from partnerfit.model import Config, Profile, Unknowns
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import Weights, resolve_weights

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


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


def _why_left_over(mode: str, partners: Sequence[str], count: int) -> str:
    """Why a member with ``count`` acceptable partners (the first of them ``partners``) is
    left over."""
    shown = ", ".join(partners[:3]) + (f" +{count - 3}" if count > 3 else "")
    one = count == 1
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


def _dense_tally(side: Side, pairs: _Pairs) -> Tally:
    """One side's tally of every pair of the dense matrices."""
    masks = (pairs.excluded, pairs.unscored, pairs.below, pairs.acceptable)
    excluded, unscored, below, acceptable = (m if side == "left" else m.T for m in masks)
    first = [np.flatnonzero(row)[:SHOWN_PARTNERS].tolist() for row in acceptable]
    return Tally(
        excluded.sum(axis=1), unscored.sum(axis=1), below.sum(axis=1), acceptable.sum(axis=1), first
    )


def _unmatched_side(
    side: Side,
    members: Sequence[Profile],
    others: Sequence[Profile],
    caps: Sequence[int],
    tally: Tally,
    done: set[int],
    mode: str,
) -> list[Unmatched]:
    """The members of one side without a partner, each with the reason."""
    out = []
    for index, profile in enumerate(members):
        if index in done:
            continue
        count = int(tally.acceptable[index])
        reason = (
            _why_left_over(mode, [others[j].id for j in tally.first[index]], count)
            if count
            else _why_unacceptable(
                int(tally.excluded[index]), int(tally.unscored[index]), int(tally.below[index])
            )
        )
        out.append(Unmatched(side, profile.id, profile.name, caps[index], count, reason))
    return out


@dataclass(frozen=True)
class _Solved:
    """The chosen (left, right) pairs, the solver, the pairs as data, both sides' tallies."""

    chosen: Sequence[tuple[int, int]]
    solver: str
    matched: tuple[MatchedPair, ...]
    left: Tally
    right: Tally


DENSE_BYTES_PER_PAIR = 50
"""What the dense path holds per pair: both directions' totals and coverage, the masks, the fit."""


def _on_graph(graph: bool | None, mode: Mode, n_left: int, n_right: int) -> bool:
    """Whether to match on the graph: as asked, else where the dense matrices would take more
    than half the memory available."""
    if graph and mode != "max-total":
        raise UsageError("matching on a sparse graph is for --mode max-total only")
    if graph is not None:
        return graph
    memory = available_memory()
    too_big = memory is not None and n_left * n_right * DENSE_BYTES_PER_PAIR > memory // 2
    if too_big and mode == "stable":
        need = n_left * n_right * DENSE_BYTES_PER_PAIR / 2**30
        raise UsageError(
            f"a stable matching of {n_left:,} × {n_right:,} needs every pair's scores, about "
            f"{need:,.1f} GiB, more than half the memory available; --mode max-total matches "
            "sets of this size on a sparse graph"
        )
    return too_big


def _solved_on_graph(
    found: GraphMatch, lefts: Sequence[Profile], rights: Sequence[Profile]
) -> _Solved:
    chosen = list(found.assignment.pairs)
    matched = tuple(
        MatchedPair(
            left_id=lefts[i].id,
            left_name=lefts[i].name,
            right_id=rights[j].id,
            right_name=rights[j].name,
            left_score=float(found.left_scores[k]),
            right_score=float(found.right_scores[k]),
            fit=float((found.left_scores[k] + found.right_scores[k]) / 2),
            left_coverage=float(found.left_coverage[k]),
            right_coverage=float(found.right_coverage[k]),
        )
        for k, (i, j) in enumerate(chosen)
    )
    return _Solved(chosen, found.assignment.solver, matched, found.left, found.right)


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
    graph: bool | None = None,
) -> Matching:
    """Pair the members of two sets (config, synonyms and weights from ``config`` or the left).

    ``graph``: match on a sparse candidate graph fed from the screen of both directions, without
    a dense matrix (max-total only; the same optimum). By default only where the dense matrices
    would not fit in memory; ``progress`` is then not called.
    """
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
    on_graph = _on_graph(graph, checked_mode, len(lefts), len(rights))
    unknowns = chosen_config.unknowns
    if on_graph:
        fits = ScreenedFits(
            lefts,
            rights,
            vocab,
            (unknowns, resolved.vector()),
            min_score,
            resolve_block_pairs(block_pairs, BLOCK_PAIRS),
        )
        solved = _solved_on_graph(match_on_graph(fits, left_cap, right_cap), lefts, rights)
    else:
        pairs = _score_pairs(
            lefts, rights, vocab, resolved, unknowns, min_score, block_pairs, progress
        )
        chosen, solver = _choose(pairs, mode, proposer, left_cap, right_cap)
        tallies = (_dense_tally("left", pairs), _dense_tally("right", pairs))
        solved = _Solved(chosen, solver, _matched(chosen, lefts, rights, pairs), *tallies)
    unmatched = [
        *_unmatched_side(
            "left", lefts, rights, left_cap, solved.left, {i for i, _ in solved.chosen}, mode
        ),
        *_unmatched_side(
            "right", rights, lefts, right_cap, solved.right, {j for _, j in solved.chosen}, mode
        ),
    ]
    return Matching(
        mode=checked_mode,
        proposer=side if mode == "stable" else None,
        min_score=min_score,
        weights=resolved,
        pairs=solved.matched,
        unmatched=tuple(unmatched),
        left_ids=left_set.ids(),
        right_ids=right_set.ids(),
        capacities={
            "left": {p.id: c for p, c in zip(lefts, left_cap, strict=True)},
            "right": {p.id: c for p, c in zip(rights, right_cap, strict=True)},
        },
        acceptable_pairs=int(solved.left.acceptable.sum()),
        notes=(resolved.note,) if resolved.note else (),
        solver=solved.solver,
    )
