"""Vectorised all-pairs scoring: profiles encoded as arrays, scored in blocks of focal rows.

Every criterion of ``criteria.py`` is rewritten over tag incidence matrices so that one matrix
product scores a whole block of pairs:

- sizes of intersections are products of 0/1 incidence matrices;
- the importance on shared values, ``Σ_shared (a + b) = [W_a | I_a] · [I_b | W_b]ᵀ`` (importances
  W beside 0/1 incidence I);
- coverage gains ``max(0, L_c − L_f) = Σₖ [L_c ≥ k]·[L_f < k]``, so the priority-weighted gain
  of every need is one product of ``priority·[L_f < k]`` with ``[L_c ≥ k]``.

Products run in float32 (exact: every entry is a small integer) and everything after them in
float64, so the scores equal ``scoring.score_pair`` to rounding error. Totals use the arithmetic of
``scoring.weighted_sum`` (``score_matrix`` calls it directly).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.decide.ranking import tier_for
from partnerfit.errors import UsageError
from partnerfit.model import CADENCES, CRITERIA, Profile
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import (
    SCORE_DECIMALS,
    Weights,
    dealbreakers_hit,
    resolve_weights,
    weighted_sum,
)
from partnerfit.scoring.criteria import (
    CERTIFICATIONS_FOR_FULL_MARKS,
    COMMUNICATION_CADENCE_WEIGHT,
    COMMUNICATION_LANGUAGE_WEIGHT,
    GOAL_METRIC_WEIGHT,
    GOAL_THEME_WEIGHT,
    MAX_LEVEL,
    REPUTATION_CERT_WEIGHT,
    REPUTATION_RATING_WEIGHT,
    need_priorities,
    strength_levels,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
Features = NDArray[np.float32]
Progress = Callable[[int, int], None]
"""Called after each block with (pairs done, pairs in all)."""

BLOCK_PAIRS = 1 << 21
"""Pairs scored per block: bounds the intermediate arrays (about 30 of 16 MiB each)."""

KINDS: tuple[str, ...] = ("business", "nonprofit", "government", "academic", "community")
LEVELS = range(1, MAX_LEVEL + 1)

Status = Literal["ranked", "excluded", "unscored"]
_RANKED, _EXCLUDED, _UNSCORED, _EMPTY = 0, 1, 2, -1
_STATUS_NAMES: dict[int, Status] = {_RANKED: "ranked", _EXCLUDED: "excluded", _UNSCORED: "unscored"}


# --- encoding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tags:
    """Canonical tags of one profile, per field, as the criteria see them."""

    values: dict[str, int]
    levels: dict[str, int]
    needs: dict[str, int]
    themes: frozenset[str]
    metrics: frozenset[str]
    regions: frozenset[str]
    audiences: frozenset[str]
    languages: frozenset[str]
    certifications: int
    sectors: frozenset[str]
    banned_sectors: frozenset[str]
    banned_values: frozenset[str]
    banned_regions: frozenset[str]


def _tags(profile: Profile, vocab: Vocabulary) -> _Tags:
    comm, rep, rules = profile.communication, profile.reputation, profile.dealbreakers
    return _Tags(
        values=vocab.weighted(profile.values),
        levels=strength_levels(profile, vocab),
        needs=need_priorities(profile, vocab),
        themes=vocab.tag_set(t for g in profile.goals for t in g.themes),
        metrics=vocab.tag_set(g.metric for g in profile.goals if g.metric),
        regions=vocab.tag_set(profile.regions),
        audiences=vocab.tag_set(profile.audiences),
        languages=vocab.tag_set(comm.languages) if comm else frozenset(),
        certifications=len(vocab.tag_set(rep.certifications)) if rep else 0,
        sectors=vocab.tag_set(profile.sectors),
        banned_sectors=vocab.tag_set(rules.sectors),
        banned_values=vocab.tag_set(rules.values),
        banned_regions=vocab.tag_set(rules.regions),
    )


def _index(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Column of each tag held by at least two profiles; a tag only one holds never overlaps."""
    counts: Counter[str] = Counter()
    for group in groups:
        counts.update(set(group))
    return {tag: i for i, tag in enumerate(sorted(t for t, n in counts.items() if n > 1))}


def _incidence(sets: Sequence[Iterable[str]], index: Mapping[str, int]) -> Features:
    out = np.zeros((len(sets), len(index)), dtype=np.float32)
    for row, tags in enumerate(sets):
        cols = [index[t] for t in tags if t in index]
        out[row, cols] = 1.0
    return out


def _weighted(weights: Sequence[Mapping[str, int]], index: Mapping[str, int]) -> Features:
    """Columns ``[W | I]``: each tag's weight, then its presence (1), over the same tags."""
    width = len(index)
    out = np.zeros((len(weights), 2 * width), dtype=np.float32)
    for row, tags in enumerate(weights):
        for tag, weight in tags.items():
            col = index.get(tag)
            if col is not None:
                out[row, col] = weight
                out[row, width + col] = 1.0
    return out


def _swap_halves(features: Features) -> Features:
    """``[W | I]`` -> ``[I | W]``, so that ``[W_a | I_a] · [I_b | W_b]ᵀ = Σ_shared (a + b)``."""
    width = features.shape[1] // 2
    return np.ascontiguousarray(np.hstack([features[:, width:], features[:, :width]]))


def _thresholds(weights: Sequence[Mapping[str, int]], index: Mapping[str, int]) -> Features:
    """Columns ``k·V + j``: ``[weight[j] > k]``, for k = 0..4 (that is, weight ≥ k + 1)."""
    width = len(index)
    out = np.zeros((len(weights), MAX_LEVEL * width), dtype=np.float32)
    for row, tags in enumerate(weights):
        for tag, weight in tags.items():
            col = index.get(tag)
            if col is not None:
                out[row, col : weight * width : width] = 1.0
    return out


def _below(
    levels: Sequence[Mapping[str, int]],
    needs: Sequence[Mapping[str, int]],
    index: Mapping[str, int],
) -> Features:
    """Columns ``k·V + j``: ``priority[j]·[own level[j] < k]`` over the needs, for k = 1..5."""
    width = len(index)
    out = np.zeros((len(needs), MAX_LEVEL * width), dtype=np.float32)
    for row, (own, wanted) in enumerate(zip(levels, needs, strict=True)):
        for tag, priority in wanted.items():
            col = index.get(tag)
            if col is None:
                continue
            for k in range(own.get(tag, 0), MAX_LEVEL):
                out[row, k * width + col] = priority
    return out


@dataclass(frozen=True)
class EncodedSide:
    """One side of a comparison as arrays; rows follow ``profiles``."""

    profiles: tuple[Profile, ...]
    values: Features
    values_swapped: Features
    value_total: FloatArray
    levels: Features
    needs_below: Features
    need_total: FloatArray
    themes: Features
    theme_count: FloatArray
    metrics: Features
    metric_count: FloatArray
    regions: Features
    region_count: FloatArray
    audiences: Features
    audience_count: FloatArray
    languages: Features
    language_count: FloatArray
    cadence: FloatArray
    reputation: FloatArray
    banned: Features
    held: Features
    has_dealbreakers: bool

    @property
    def ids(self) -> tuple[str, ...]:
        """Profile ids, in row order."""
        return tuple(p.id for p in self.profiles)


def _reputation_score(profile: Profile, certifications: int) -> float:
    rep = profile.reputation
    rating = rep.rating if rep else None
    parts: list[tuple[float, float]] = []
    if rating is not None:
        parts.append((REPUTATION_RATING_WEIGHT, rating / 5))
    if certifications:
        share = min(certifications, CERTIFICATIONS_FOR_FULL_MARKS) / CERTIFICATIONS_FOR_FULL_MARKS
        parts.append((REPUTATION_CERT_WEIGHT, share))
    if not parts:
        return math.nan
    return sum(w * s for w, s in parts) / sum(w for w, _ in parts)


def encode(
    focals: Sequence[Profile], candidates: Sequence[Profile], vocabulary: Vocabulary
) -> tuple[EncodedSide, EncodedSide]:
    """Encode both sides of a comparison over shared tag columns."""
    side_tags = [[_tags(p, vocabulary) for p in side] for side in (focals, candidates)]
    # A profile on both sides counts once, so that its own tags are not kept for a self pair.
    distinct: dict[int, _Tags] = {}
    for members, tags in zip((focals, candidates), side_tags, strict=True):
        for profile, t in zip(members, tags, strict=True):
            distinct.setdefault(id(profile), t)
    every = list(distinct.values())
    value_index = _index(t.values for t in every)
    capability_index = _index([*t.levels, *t.needs] for t in every)
    theme_index = _index(t.themes for t in every)
    metric_index = _index(t.metrics for t in every)
    region_index = _index([*t.regions, *t.banned_regions] for t in every)
    audience_index = _index(t.audiences for t in every)
    language_index = _index(t.languages for t in every)
    sector_index = _index([*t.sectors, *t.banned_sectors] for t in every)
    banned_value_index = _index([*t.values, *t.banned_values] for t in every)
    kind_index = {kind: i for i, kind in enumerate(KINDS)}

    def side(profiles: Sequence[Profile], tags: list[_Tags]) -> EncodedSide:
        n = len(profiles)

        def count(sets: Iterable[Iterable[Any]]) -> FloatArray:
            return np.array([len(list(s)) for s in sets], dtype=np.float64).reshape(n)

        held = np.hstack(
            [
                _incidence([t.sectors for t in tags], sector_index),
                _incidence([t.values.keys() for t in tags], banned_value_index),
                _incidence([t.regions for t in tags], region_index),
                _incidence([[p.kind] if p.kind else [] for p in profiles], kind_index),
            ]
        )
        banned = np.hstack(
            [
                _incidence([t.banned_sectors for t in tags], sector_index),
                _incidence([t.banned_values for t in tags], banned_value_index),
                _incidence([t.banned_regions for t in tags], region_index),
                _incidence([p.dealbreakers.kinds for p in profiles], kind_index),
            ]
        )
        cadences = [p.communication.cadence if p.communication else None for p in profiles]
        values = _weighted([t.values for t in tags], value_index)
        return EncodedSide(
            profiles=tuple(profiles),
            values=values,
            values_swapped=_swap_halves(values),
            value_total=np.array([sum(t.values.values()) for t in tags], dtype=np.float64).reshape(
                n
            ),
            levels=_thresholds([t.levels for t in tags], capability_index),
            needs_below=_below([t.levels for t in tags], [t.needs for t in tags], capability_index),
            need_total=np.array([sum(t.needs.values()) for t in tags], dtype=np.float64).reshape(n),
            themes=_incidence([t.themes for t in tags], theme_index),
            theme_count=count(t.themes for t in tags),
            metrics=_incidence([t.metrics for t in tags], metric_index),
            metric_count=count(t.metrics for t in tags),
            regions=_incidence([t.regions for t in tags], region_index),
            region_count=count(t.regions for t in tags),
            audiences=_incidence([t.audiences for t in tags], audience_index),
            audience_count=count(t.audiences for t in tags),
            languages=_incidence([t.languages for t in tags], language_index),
            language_count=count(t.languages for t in tags),
            cadence=np.array(
                [math.nan if c is None else CADENCES.index(c) for c in cadences], dtype=np.float64
            ).reshape(n),
            reputation=np.array(
                [
                    _reputation_score(p, t.certifications)
                    for p, t in zip(profiles, tags, strict=True)
                ],
                dtype=np.float64,
            ).reshape(n),
            banned=banned,
            held=held,
            has_dealbreakers=any(not p.dealbreakers.is_empty() for p in profiles),
        )

    return side(focals, side_tags[0]), side(candidates, side_tags[1])


# --- scoring a block ----------------------------------------------------------------------


def _overlap(a: Features, b: Features) -> Features:
    """Row-by-row intersection sizes (or weighted sums): a (m × d) · bᵀ (d × n).

    Exact small integers in float32; never update the result in place with float64 values
    (arithmetic with a float64 operand upcasts, which is what every caller does).
    """
    return a @ b.T


def _present(counts: FloatArray) -> FloatArray:
    """The counts with NaN for zero: adding it to a pair's arithmetic makes the pair unknown."""
    return np.where(counts > 0, counts, np.nan)


def _either(first: FloatArray, second: FloatArray, both: FloatArray) -> FloatArray:
    """``both`` where both parts are known, else the known part, else NaN (in place)."""
    np.copyto(both, second, where=np.isnan(first))
    np.copyto(both, first, where=np.isnan(second))
    return both


def _jaccard(inter: Features, a: FloatArray, b: FloatArray) -> FloatArray:
    union = _present(a)[:, None] + _present(b)[None, :] - inter
    return np.divide(inter, union, out=union)


def _reach(inter: Features, focal: FloatArray, candidate: FloatArray) -> FloatArray:
    union = _present(focal)[:, None] + _present(candidate)[None, :] - inter
    opened = candidate[None, :] - inter
    return np.divide(opened, union, out=union)


def score_block(focal: EncodedSide, rows: slice, cand: EncodedSide) -> list[FloatArray]:
    """Criterion scores of focal rows × every candidate: one (rows × candidates) array per
    criterion, in canonical order, NaN where unknown."""
    n_rows = len(range(*rows.indices(len(focal.profiles))))
    shape = (n_rows, len(cand.profiles))

    # importance both sides put on shared values over all importance declared
    shared = _overlap(focal.values[rows], cand.values_swapped)
    total = _present(focal.value_total[rows])[:, None] + _present(cand.value_total)[None, :]
    values = np.divide(shared, total, out=total)

    with np.errstate(divide="ignore"):
        forward_scale = 1 / (MAX_LEVEL * _present(focal.need_total[rows]))
        backward_scale = 1 / (MAX_LEVEL * _present(cand.need_total))
    forward = _overlap(focal.needs_below[rows], cand.levels) * forward_scale[:, None]
    backward = _overlap(focal.levels[rows], cand.needs_below) * backward_scale[None, :]
    mutual = np.sqrt(forward * backward)
    if np.isnan(forward_scale).any():
        np.copyto(mutual, backward, where=np.isnan(forward_scale)[:, None])
    if np.isnan(backward_scale).any():
        np.copyto(mutual, forward, where=np.isnan(backward_scale)[None, :])

    themes = _jaccard(
        _overlap(focal.themes[rows], cand.themes), focal.theme_count[rows], cand.theme_count
    )
    metrics = _jaccard(
        _overlap(focal.metrics[rows], cand.metrics), focal.metric_count[rows], cand.metric_count
    )
    goals = _either(themes, metrics, GOAL_THEME_WEIGHT * themes + GOAL_METRIC_WEIGHT * metrics)

    regions = _reach(
        _overlap(focal.regions[rows], cand.regions), focal.region_count[rows], cand.region_count
    )
    audiences = _reach(
        _overlap(focal.audiences[rows], cand.audiences),
        focal.audience_count[rows],
        cand.audience_count,
    )
    markets = _either(regions, audiences, (regions + audiences) / 2)

    reputation = np.broadcast_to(cand.reputation[None, :], shape)

    language = (_overlap(focal.languages[rows], cand.languages) > 0).astype(np.float64)
    language += (0 * _present(focal.language_count[rows]))[:, None]
    language += (0 * _present(cand.language_count))[None, :]
    cadence = np.abs(focal.cadence[rows, None] - cand.cadence[None, :])
    cadence *= -1 / (len(CADENCES) - 1)
    cadence += 1
    communication = _either(
        language,
        cadence,
        COMMUNICATION_LANGUAGE_WEIGHT * language + COMMUNICATION_CADENCE_WEIGHT * cadence,
    )
    return [values, mutual, goals, markets, reputation, communication]


def weighted_total(scores: Sequence[FloatArray], weights: FloatArray) -> FloatArray:
    """``scoring.weighted_sum`` over per-criterion arrays: Σ wᵢ·sᵢ / Σ wᵢ over the known ones."""
    shape = np.broadcast_shapes(*(s.shape for s in scores))
    numerator = np.zeros(shape)
    denominator = np.zeros(shape)
    for weight, score in zip(weights.tolist(), scores, strict=True):
        if weight == 0:
            continue
        if score.ndim == 2 and score.strides[0] == 0:
            score = score[:1]  # one row broadcast to all (reputation): work on the row
        known = ~np.isnan(score)
        numerator += np.where(known, score, 0.0) * weight
        denominator += known * weight
    total = np.full(shape, np.nan)
    np.divide(numerator, denominator, out=total, where=denominator > 0)
    return total


def dealbreaker_block(focal: EncodedSide, rows: slice, cand: EncodedSide) -> BoolArray:
    """True where either side's dealbreakers rule the pair out."""
    n_rows = len(range(*rows.indices(len(focal.profiles))))
    if not (focal.has_dealbreakers or cand.has_dealbreakers):
        return np.zeros((n_rows, len(cand.profiles)), dtype=bool)
    hits = _overlap(focal.banned[rows], cand.held) + _overlap(focal.held[rows], cand.banned)
    return hits > 0


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class PairScore:
    """One (focal, candidate) pair: status, rank among the focal's candidates, scores."""

    focal_id: str
    focal_name: str
    candidate_id: str
    candidate_name: str
    status: Status
    rank: int | None
    score: float | None
    tier: str | None
    criteria: Mapping[str, float | None]
    reasons: tuple[str, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        """Criteria for which the profiles gave no signal."""
        return tuple(name for name, value in self.criteria.items() if value is None)

    def to_record(self) -> dict[str, Any]:
        """The pair as a flat dict (one column per criterion)."""
        return {
            "focal_id": self.focal_id,
            "focal_name": self.focal_name,
            "candidate_id": self.candidate_id,
            "candidate_name": self.candidate_name,
            "status": self.status,
            "rank": self.rank,
            "score": self.score,
            "tier": self.tier,
            **dict(self.criteria),
            "unknown": ";".join(self.unknown),
            "reasons": "; ".join(self.reasons),
        }


@dataclass(frozen=True)
class FocalSummary:
    """How one focal's candidates fared."""

    considered: int
    ranked: int
    excluded: int
    unscored: int
    below_min_score: int
    cut_by_top_k: int


@dataclass(frozen=True)
class Comparison:
    """Every focal against every candidate, kept as arrays; ``pairs()`` yields them as data.

    Row ``i`` of ``selected`` lists the candidate indices kept for focal ``i`` in output order
    (ranked by score, then excluded, then unscored; -1 pads), with their ``scores`` (0..100,
    NaN when not ranked), ``criteria`` (NaN when unknown) and ``status`` codes.
    """

    focals: tuple[Profile, ...]
    candidates: tuple[Profile, ...]
    vocabulary: Vocabulary
    weights: Weights
    tiers: Mapping[str, float]
    top_k: int | None
    min_score: float | None
    selected: IntArray
    scores: FloatArray
    criteria: FloatArray
    status: NDArray[np.int8]
    summaries: tuple[FocalSummary, ...]
    notes: tuple[str, ...]

    @property
    def pair_count(self) -> int:
        """Pairs kept (rows of the long formats)."""
        return int((self.status != _EMPTY).sum())

    def focal_pairs(self, index: int) -> Iterator[PairScore]:
        """The kept pairs of one focal, in output order."""
        focal = self.focals[index]
        for slot in range(self.selected.shape[1]):
            code = int(self.status[index, slot])
            if code == _EMPTY:
                break
            cand = self.candidates[int(self.selected[index, slot])]
            values = self.criteria[index, slot]
            criteria = {
                name: None if math.isnan(v) else float(v)
                for name, v in zip(CRITERIA, values.tolist(), strict=True)
            }
            score: float | None = None
            rank: int | None = None
            reasons: tuple[str, ...] = ()
            if code == _RANKED:
                score = float(self.scores[index, slot])
                rank = slot + 1
            elif code == _EXCLUDED:
                reasons = dealbreakers_hit(focal, cand, self.vocabulary)
            else:
                unknown = [n for n, v in criteria.items() if v is None]
                reasons = (
                    "no criterion with a positive weight had evidence: " + ", ".join(unknown),
                )
            yield PairScore(
                focal_id=focal.id,
                focal_name=focal.name,
                candidate_id=cand.id,
                candidate_name=cand.name,
                status=_STATUS_NAMES[code],
                rank=rank,
                score=score,
                tier=tier_for(score, self.tiers) if score is not None else None,
                criteria=criteria,
                reasons=reasons,
            )

    def pairs(self) -> Iterator[PairScore]:
        """Every kept pair, focal by focal (sorted by id), in output order."""
        for index in range(len(self.focals)):
            yield from self.focal_pairs(index)

    def to_records(self) -> list[dict[str, Any]]:
        """Every kept pair as a flat dict: ``pandas.DataFrame(comparison.to_records())``."""
        return [pair.to_record() for pair in self.pairs()]

    def cell_statuses(self) -> list[list[str | None]]:
        """Focal × candidate: ranked, excluded, unscored, self, or None (not kept)."""
        cells: list[list[str | None]] = [[None] * len(self.candidates) for _ in self.focals]
        rows, slots = np.nonzero(self.status != _EMPTY)
        for row, slot in zip(rows.tolist(), slots.tolist(), strict=True):
            column = int(self.selected[row, slot])
            cells[row][column] = _STATUS_NAMES[int(self.status[row, slot])]
        where = {p.id: j for j, p in enumerate(self.candidates)}
        for row, focal in enumerate(self.focals):
            if focal.id in where:
                cells[row][where[focal.id]] = "self"
        return cells

    def matrix(self) -> FloatArray:
        """Focal × candidate totals (0..100); NaN where not ranked (or beyond the top k)."""
        out = np.full((len(self.focals), len(self.candidates)), np.nan)
        rows, slots = np.nonzero(self.status == _RANKED)
        out[rows, self.selected[rows, slots]] = self.scores[rows, slots]
        return out


def _order_keys(totals: FloatArray) -> FloatArray:
    """Sort keys as ``rank`` uses them: the total rounded so that near-equal scores tie."""
    return np.round(totals, SCORE_DECIMALS)


def _best(keys: FloatArray, eligible: BoolArray, k: int) -> list[IntArray]:
    """Per row, the indices of the k best eligible entries: key descending, then index."""
    keys = np.where(eligible, keys, -np.inf)
    width = keys.shape[1]
    if 0 < k < width:
        kth = -np.partition(-keys, k - 1, axis=1)[:, k - 1]
    else:
        kth = np.full(keys.shape[0], -np.inf)
    chosen: list[IntArray] = []
    for row in range(keys.shape[0]):
        idx = np.flatnonzero(eligible[row] & (keys[row] >= kth[row]))
        order = np.lexsort((idx, -keys[row, idx]))
        chosen.append(idx[order][:k])
    return chosen


def _as_profiles(value: ProfileSet | Sequence[Profile]) -> tuple[Profile, ...]:
    return value.profiles if isinstance(value, ProfileSet) else tuple(value)


def compare(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int = BLOCK_PAIRS,
    progress: Progress | None = None,
) -> Comparison:
    """Score every focal against every candidate (all members against all others by default)."""
    if block_pairs < 1:
        raise UsageError("block_pairs must be at least 1")
    setup = _setup(profiles, focal, candidates, top_k, min_score, weights, weight_overrides)
    return _compare_encoded(
        *setup, top_k=top_k, min_score=min_score, block_pairs=block_pairs, progress=progress
    )


STREAM_BLOCK_PAIRS = 1 << 19
"""Pairs per streamed block: every pair of a block is kept until written, so smaller blocks."""


def compare_blocks(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    block_pairs: int = STREAM_BLOCK_PAIRS,
    progress: Progress | None = None,
) -> Iterator[Comparison]:
    """``compare`` a block of focals at a time, so that memory holds one block of pairs."""
    if block_pairs < 1:
        raise UsageError("block_pairs must be at least 1")
    setup = _setup(profiles, focal, candidates, top_k, min_score, weights, weight_overrides)
    return _compare_blocks(
        *setup, top_k=top_k, min_score=min_score, block_pairs=block_pairs, progress=progress
    )


def _setup(
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None,
    top_k: int | None,
    min_score: float | None,
    weights: Weights | None,
    weight_overrides: Mapping[str, float] | None,
) -> tuple[EncodedSide, EncodedSide, Vocabulary, Weights, Mapping[str, float]]:
    """Check the arguments, load what was named by path, encode focals and candidates."""
    if not isinstance(profiles, ProfileSet):
        profiles = load_profile_set(profiles)
    if top_k is not None and top_k < 1:
        raise UsageError("--top-k must be at least 1")
    if min_score is not None and not 0 <= min_score <= 100:
        raise UsageError("--min-score must be within 0..100")
    if isinstance(candidates, str | Path):
        candidates = load_profile_set(candidates, config_path=profiles.config_source)
    cands = tuple(sorted(_as_profiles(candidates or profiles), key=lambda p: p.id))
    focals = _resolve_focals(focal, profiles)
    resolved = weights or resolve_weights(profiles.config, weight_overrides)
    vocab = profiles.vocabulary
    enc_focal, enc_cand = encode(focals, cands, vocab)
    return enc_focal, enc_cand, vocab, resolved, profiles.config.tiers


def _resolve_focals(
    focal: str | Profile | Sequence[str | Profile] | None, profiles: ProfileSet
) -> tuple[Profile, ...]:
    if focal is None:
        return profiles.profiles
    wanted: Sequence[str | Profile] = [focal] if isinstance(focal, str | Profile) else focal
    out: dict[str, Profile] = {}
    for item in wanted:
        if isinstance(item, Profile):
            out.setdefault(item.id, item)
            continue
        found = profiles.get(item)
        if found is None:
            raise UsageError(profiles.unknown_id(item))
        out.setdefault(found.id, found)
    return tuple(out[k] for k in sorted(out))


def _compare_encoded(
    focal: EncodedSide,
    cand: EncodedSide,
    vocab: Vocabulary,
    weights: Weights,
    tiers: Mapping[str, float],
    *,
    top_k: int | None,
    min_score: float | None,
    block_pairs: int,
    progress: Progress | None,
) -> Comparison:
    blocks = list(
        _compare_blocks(
            focal,
            cand,
            vocab,
            weights,
            tiers,
            top_k=top_k,
            min_score=min_score,
            block_pairs=block_pairs,
            progress=progress,
        )
    )
    if len(blocks) == 1:
        return blocks[0]
    width = len(cand.profiles) if top_k is None else min(top_k, len(cand.profiles))

    def stacked(name: str, empty: NDArray[Any]) -> NDArray[Any]:
        return np.concatenate([getattr(b, name) for b in blocks]) if blocks else empty

    return Comparison(
        focals=focal.profiles,
        candidates=cand.profiles,
        vocabulary=vocab,
        weights=weights,
        tiers=dict(tiers),
        top_k=top_k,
        min_score=min_score,
        selected=stacked("selected", np.full((0, width), -1, dtype=np.int64)),
        scores=stacked("scores", np.full((0, width), np.nan)),
        criteria=stacked("criteria", np.full((0, width, len(CRITERIA)), np.nan)),
        status=stacked("status", np.full((0, width), _EMPTY, dtype=np.int8)),
        summaries=tuple(s for b in blocks for s in b.summaries),
        notes=(weights.note,) if weights.note else (),
    )


def _compare_blocks(
    focal: EncodedSide,
    cand: EncodedSide,
    vocab: Vocabulary,
    weights: Weights,
    tiers: Mapping[str, float],
    *,
    top_k: int | None,
    min_score: float | None,
    block_pairs: int,
    progress: Progress | None,
) -> Iterator[Comparison]:
    """The comparison a block of focal rows at a time: memory bounded by ``block_pairs``."""
    n_focal, n_cand = len(focal.profiles), len(cand.profiles)
    width = n_cand if top_k is None else min(top_k, n_cand)
    cand_index = {p.id: i for i, p in enumerate(cand.profiles)}
    vector = weights.vector()
    rows_per_block = max(1, min(n_focal, block_pairs // max(1, n_cand)))
    total_pairs = n_focal * n_cand
    notes = (weights.note,) if weights.note else ()
    for start in range(0, n_focal, rows_per_block):
        rows = slice(start, min(n_focal, start + rows_per_block))
        n_rows = rows.stop - rows.start
        selected = np.full((n_rows, width), -1, dtype=np.int64)
        scores = np.full((n_rows, width), np.nan)
        criteria = np.full((n_rows, width, len(CRITERIA)), np.nan)
        status = np.full((n_rows, width), _EMPTY, dtype=np.int8)
        summaries: list[FocalSummary] = []
        parts = score_block(focal, rows, cand)
        totals = 100 * weighted_total(parts, vector)
        excluded = dealbreaker_block(focal, rows, cand)
        itself = np.zeros_like(excluded)
        for offset, profile in enumerate(focal.profiles[rows]):
            if profile.id in cand_index:
                itself[offset, cand_index[profile.id]] = True
        scored = ~np.isnan(totals) & ~excluded & ~itself
        keys = _order_keys(totals)
        eligible = scored if min_score is None else scored & (totals >= min_score)
        unscored = np.isnan(totals) & ~excluded & ~itself
        excluded &= ~itself
        best = _best(keys, eligible, width)
        for offset, chosen in enumerate(best):
            order = [chosen]
            if top_k is None:
                order += [np.flatnonzero(excluded[offset]), np.flatnonzero(unscored[offset])]
            kept = np.concatenate(order)
            codes = np.concatenate(
                [
                    np.full(len(part), code, dtype=np.int8)
                    for part, code in zip(order, (_RANKED, _EXCLUDED, _UNSCORED), strict=False)
                ]
            )
            selected[offset, : len(kept)] = kept
            status[offset, : len(kept)] = codes
            for column, part in enumerate(parts):
                criteria[offset, : len(kept), column] = part[offset, kept]
            scores[offset, : len(chosen)] = totals[offset, chosen]
            n_scored = int(scored[offset].sum())
            n_eligible = int(eligible[offset].sum())
            summaries.append(
                FocalSummary(
                    considered=n_cand - int(itself[offset].sum()),
                    ranked=len(chosen),
                    excluded=int(excluded[offset].sum()),
                    unscored=int(unscored[offset].sum()),
                    below_min_score=n_scored - n_eligible,
                    cut_by_top_k=n_eligible - len(chosen),
                )
            )
        if progress is not None:
            progress(rows.stop * n_cand, total_pairs)
        yield Comparison(
            focals=focal.profiles[rows],
            candidates=cand.profiles,
            vocabulary=vocab,
            weights=weights,
            tiers=dict(tiers),
            top_k=top_k,
            min_score=min_score,
            selected=selected,
            scores=scores,
            criteria=criteria,
            status=status,
            summaries=tuple(summaries),
            notes=notes,
        )


def score_matrix(
    focals: Sequence[Profile],
    candidates: Sequence[Profile],
    vocabulary: Vocabulary,
    weights: Weights,
    *,
    block_pairs: int = BLOCK_PAIRS,
    progress: Progress | None = None,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Dense criteria (f × c × 6), totals (f × c, 0..100) and dealbreaker mask; NaN = unknown.

    A profile is never scored against itself (same id): those cells are NaN and not excluded.
    """
    focal, cand = encode(focals, candidates, vocabulary)
    n_focal, n_cand = len(focals), len(candidates)
    criteria = np.empty((n_focal, n_cand, len(CRITERIA)))
    excluded = np.zeros((n_focal, n_cand), dtype=bool)
    rows_per_block = max(1, min(max(1, n_focal), block_pairs // max(1, n_cand)))
    for start in range(0, n_focal, rows_per_block):
        rows = slice(start, min(n_focal, start + rows_per_block))
        criteria[rows] = np.stack(score_block(focal, rows, cand), axis=-1)
        excluded[rows] = dealbreaker_block(focal, rows, cand)
        if progress is not None:
            progress(rows.stop * n_cand, n_focal * n_cand)
    cand_index = {p.id: j for j, p in enumerate(candidates)}
    for i, profile in enumerate(focals):
        if profile.id in cand_index:
            criteria[i, cand_index[profile.id]] = np.nan
            excluded[i, cand_index[profile.id]] = False
    flat = criteria.reshape(-1, len(CRITERIA))
    totals = 100 * weighted_sum(flat, weights.vector()).reshape(n_focal, n_cand)
    return criteria, totals, excluded
