"""Profiles encoded as arrays over shared tag columns, the input of every criterion.

Both the pair path (``score_pair``, ``rank``, ``explain``) and the batch engine encode their
profiles here and hand the arrays to ``scoring.criteria``: one encoding, one formula.

- 0/1 incidence matrices give intersection sizes as products;
- threshold columns ``[x > k]`` for k = 0..4 turn ``min(a, b)`` into a product,
  ``Σₖ [a > k]·[b > k]``, and the coverage gain ``max(0, L_c − L_f)`` into
  ``Σₖ [L_c > k]·[L_f ≤ k]`` (weighted by the need's priority).

Every entry is a small integer, so the float32 products are exact.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
from numpy.typing import NDArray

from partnerfit.io.records import quick_init
from partnerfit.model import CADENCES, Profile
from partnerfit.model.vocabulary import Vocabulary

FloatArray = NDArray[np.float64]
Features = NDArray[np.float32]

MAX_LEVEL = 5
KINDS: tuple[str, ...] = ("business", "nonprofit", "government", "academic", "community")


def _highest(pairs: Iterable[tuple[str, int]], vocab: Vocabulary) -> dict[str, int]:
    """Canonical tag -> the highest number given for any of its spellings."""
    out: dict[str, int] = {}
    for tag, number in pairs:
        key = vocab.canonical(tag)
        out[key] = max(out.get(key, 0), number)
    return out


def strength_levels(profile: Profile, vocab: Vocabulary) -> dict[str, int]:
    """Canonical capability -> the highest level the profile declares for it."""
    return _highest(((s.capability, s.level) for s in profile.strengths), vocab)


def need_priorities(profile: Profile, vocab: Vocabulary) -> dict[str, int]:
    """Canonical capability -> the highest priority the profile declares for it."""
    return _highest(((n.capability, n.priority) for n in profile.needs), vocab)


@quick_init  # built by the thousand: see io/records.py
@dataclass(frozen=True)
class Tags:
    """Canonical tags of one profile, per field, as the criteria see them."""

    values: dict[str, int]
    levels: dict[str, int]
    needs: dict[str, int]
    themes: frozenset[str]
    metrics: frozenset[str]
    regions: frozenset[str]
    audiences: frozenset[str]
    languages: frozenset[str]
    certifications: frozenset[str]
    sectors: frozenset[str]
    banned_sectors: frozenset[str]
    banned_values: frozenset[str]
    banned_regions: frozenset[str]


def profile_tags(profile: Profile, vocab: Vocabulary) -> Tags:
    """The canonical tags of a profile (synonyms applied, spellings folded)."""
    comm, rep, rules = profile.communication, profile.reputation, profile.dealbreakers
    return Tags(
        values=vocab.weighted(profile.values),
        levels=strength_levels(profile, vocab),
        needs=need_priorities(profile, vocab),
        themes=vocab.tag_set(t for g in profile.goals for t in g.themes),
        metrics=vocab.tag_set(g.metric for g in profile.goals if g.metric),
        regions=vocab.tag_set(profile.regions),
        audiences=vocab.tag_set(profile.audiences),
        languages=vocab.tag_set(comm.languages) if comm else frozenset(),
        certifications=vocab.tag_set(rep.certifications) if rep else frozenset(),
        sectors=vocab.tag_set(profile.sectors),
        banned_sectors=vocab.tag_set(rules.sectors),
        banned_values=vocab.tag_set(rules.values),
        banned_regions=vocab.tag_set(rules.regions),
    )


def _index(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Column of each tag held by at least two profiles; a tag only one holds never overlaps."""
    counts = Counter(chain.from_iterable(map(set, groups)))  # one pass in C
    return {tag: i for i, tag in enumerate(sorted(t for t, n in counts.items() if n > 1))}


def _entries(
    groups: Sequence[Collection[str]], index: Mapping[str, int]
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.bool_]]:
    """The row and column of every tag of every group (one row per group), and which tags
    have a column; looked up in one pass in C, not a Python step per tag."""
    sizes = np.fromiter(map(len, groups), dtype=np.intp, count=len(groups))
    tags = chain.from_iterable(groups)
    cols = np.fromiter(map(index.get, tags, repeat(-1)), dtype=np.intp, count=int(sizes.sum()))
    rows = np.repeat(np.arange(len(groups), dtype=np.intp), sizes)
    return rows, cols, cols >= 0


def index_runs(starts: NDArray[np.intp], counts: NDArray[np.intp]) -> NDArray[np.intp]:
    """``starts[i], starts[i] + 1, …`` (``counts[i]`` of them) for each i, one after another."""
    before = np.cumsum(counts) - counts
    runs: NDArray[np.intp] = np.repeat(starts - before, counts) + np.arange(int(counts.sum()))
    return runs


def _incidence(sets: Sequence[Collection[str]], index: Mapping[str, int]) -> Features:
    out = np.zeros((len(sets), len(index)), dtype=np.float32)
    rows, cols, known = _entries(sets, index)
    out[rows[known], cols[known]] = 1.0  # one scatter for the whole side
    return out


def _thresholds(weights: Sequence[Mapping[str, int]], index: Mapping[str, int]) -> Features:
    """Columns ``k·V + j``: ``[weight[j] > k]``, for k = 0..4 (that is, weight ≥ k + 1)."""
    width = len(index)
    out = np.zeros((len(weights), MAX_LEVEL * width), dtype=np.float32)
    rows, cols, known = _entries(weights, index)
    counts = _numbers((w.values() for w in weights), len(rows))
    rows, cols, counts = rows[known], cols[known], np.maximum(counts[known], 0)
    steps = index_runs(np.zeros(counts.size, dtype=np.intp), counts)
    out[np.repeat(rows, counts), np.repeat(cols, counts) + steps * width] = 1.0
    return out


def _below(
    levels: Sequence[Mapping[str, int]],
    needs: Sequence[Mapping[str, int]],
    index: Mapping[str, int],
) -> Features:
    """Columns ``k·V + j``: ``priority[j]·[own level[j] ≤ k]`` over the needs, for k = 0..4."""
    width = len(index)
    out = np.zeros((len(needs), MAX_LEVEL * width), dtype=np.float32)
    rows, cols, known = _entries(needs, index)
    priorities = _numbers((wanted.values() for wanted in needs), len(rows))
    own = _numbers(
        (map(held.get, wanted, repeat(0)) for held, wanted in zip(levels, needs, strict=True)),
        len(rows),
    )
    rows, cols, priorities, own = rows[known], cols[known], priorities[known], own[known]
    own = np.maximum(own, 0)
    counts = np.maximum(MAX_LEVEL - own, 0)
    steps = index_runs(own, counts)
    out[np.repeat(rows, counts), np.repeat(cols, counts) + steps * width] = np.repeat(
        priorities, counts
    )
    return out


def _numbers(groups: Iterable[Iterable[int]], count: int) -> NDArray[np.intp]:
    """The numbers of every group, one after another."""
    return np.fromiter(chain.from_iterable(groups), dtype=np.intp, count=count)


@dataclass(frozen=True)
class EncodedSide:
    """One side of a comparison as arrays; rows follow ``profiles``. Counts are float64."""

    profiles: tuple[Profile, ...]
    values: Features
    value_total: FloatArray
    levels: Features
    level_count: FloatArray
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
    rating: FloatArray
    certification_count: FloatArray
    banned: Features
    held: Features
    has_dealbreakers: bool

    @property
    def ids(self) -> tuple[str, ...]:
        """Profile ids, in row order."""
        return tuple(p.id for p in self.profiles)


@dataclass(frozen=True)
class _Columns:
    """The shared tag columns of one comparison."""

    values: dict[str, int]
    capabilities: dict[str, int]
    themes: dict[str, int]
    metrics: dict[str, int]
    regions: dict[str, int]
    audiences: dict[str, int]
    languages: dict[str, int]
    sectors: dict[str, int]
    banned_values: dict[str, int]


def _every_tag(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Column of each tag of the groups (for one focal's own tags: each is a column)."""
    return {tag: i for i, tag in enumerate(sorted(set(chain.from_iterable(groups))))}


def _columns(
    every: Sequence[Tags], index: Callable[[Iterable[Iterable[str]]], dict[str, int]] = _index
) -> _Columns:
    return _Columns(
        values=index(t.values for t in every),
        capabilities=index([*t.levels, *t.needs] for t in every),
        themes=index(t.themes for t in every),
        metrics=index(t.metrics for t in every),
        regions=index([*t.regions, *t.banned_regions] for t in every),
        audiences=index(t.audiences for t in every),
        languages=index(t.languages for t in every),
        sectors=index([*t.sectors, *t.banned_sectors] for t in every),
        banned_values=index([*t.values, *t.banned_values] for t in every),
    )


def _counts(sizes: Iterable[float]) -> FloatArray:
    return np.fromiter(sizes, dtype=np.float64)


def _dealbreaker_columns(
    profiles: Sequence[Profile], tags: Sequence[Tags], cols: _Columns
) -> tuple[Features, Features]:
    """(held, banned): sectors, value tags, regions and kinds, in the same columns."""
    kind_index = {kind: i for i, kind in enumerate(KINDS)}
    held = np.hstack(
        [
            _incidence([t.sectors for t in tags], cols.sectors),
            _incidence([t.values.keys() for t in tags], cols.banned_values),
            _incidence([t.regions for t in tags], cols.regions),
            _incidence([[p.kind] if p.kind else [] for p in profiles], kind_index),
        ]
    )
    banned = np.hstack(
        [
            _incidence([t.banned_sectors for t in tags], cols.sectors),
            _incidence([t.banned_values for t in tags], cols.banned_values),
            _incidence([t.banned_regions for t in tags], cols.regions),
            _incidence([p.dealbreakers.kinds for p in profiles], kind_index),
        ]
    )
    return held, banned


def _side(profiles: Sequence[Profile], tags: Sequence[Tags], cols: _Columns) -> EncodedSide:
    held, banned = _dealbreaker_columns(profiles, tags, cols)
    comms = [p.communication for p in profiles]
    reps = [p.reputation for p in profiles]
    return EncodedSide(
        profiles=tuple(profiles),
        values=_thresholds([t.values for t in tags], cols.values),
        value_total=_counts(sum(t.values.values()) for t in tags),
        levels=_thresholds([t.levels for t in tags], cols.capabilities),
        level_count=_counts(len(t.levels) for t in tags),
        needs_below=_below([t.levels for t in tags], [t.needs for t in tags], cols.capabilities),
        need_total=_counts(sum(t.needs.values()) for t in tags),
        themes=_incidence([t.themes for t in tags], cols.themes),
        theme_count=_counts(len(t.themes) for t in tags),
        metrics=_incidence([t.metrics for t in tags], cols.metrics),
        metric_count=_counts(len(t.metrics) for t in tags),
        regions=_incidence([t.regions for t in tags], cols.regions),
        region_count=_counts(len(t.regions) for t in tags),
        audiences=_incidence([t.audiences for t in tags], cols.audiences),
        audience_count=_counts(len(t.audiences) for t in tags),
        languages=_incidence([t.languages for t in tags], cols.languages),
        language_count=_counts(len(t.languages) for t in tags),
        cadence=_counts(CADENCES.index(c.cadence) if c and c.cadence else math.nan for c in comms),
        rating=_counts(r.rating if r and r.rating is not None else math.nan for r in reps),
        certification_count=_counts(len(t.certifications) for t in tags),
        banned=banned,
        held=held,
        has_dealbreakers=any(not p.dealbreakers.is_empty() for p in profiles),
    )


def encode(
    focals: Sequence[Profile], candidates: Sequence[Profile], vocabulary: Vocabulary
) -> tuple[EncodedSide, EncodedSide]:
    """Encode both sides of a comparison over shared tag columns."""
    # A profile on both sides is read once: all-against-all comparisons name every profile twice.
    distinct: dict[int, Tags] = {}
    for profile in (*focals, *candidates):
        if id(profile) not in distinct:
            distinct[id(profile)] = profile_tags(profile, vocabulary)
    return encode_tagged(
        focals,
        [distinct[id(p)] for p in focals],
        candidates,
        [distinct[id(p)] for p in candidates],
    )


def encode_tagged(
    focals: Sequence[Profile],
    focal_tags: Sequence[Tags],
    candidates: Sequence[Profile],
    candidate_tags: Sequence[Tags],
) -> tuple[EncodedSide, EncodedSide]:
    """``encode`` with each profile's ``profile_tags`` already taken (rows follow the profiles)."""
    # A profile on both sides counts once, so that its own tags are not kept for a self pair.
    distinct: dict[int, Tags] = {}
    for members, tags in ((focals, focal_tags), (candidates, candidate_tags)):
        for profile, t in zip(members, tags, strict=True):
            distinct.setdefault(id(profile), t)
    cols = _columns(list(distinct.values()))
    focal = _side(focals, focal_tags, cols)
    if len(focals) == len(candidates) and all(
        a is b for a, b in zip(focals, candidates, strict=True)
    ):
        return focal, focal
    return focal, _side(candidates, candidate_tags, cols)


def restrict(tags: Tags, keys: Iterable[str]) -> Tags:
    """The tags of one profile with only ``keys`` kept in every field."""
    kept = frozenset(keys)
    fields: dict[str, object] = {}
    for field in dataclasses.fields(Tags):
        held = getattr(tags, field.name)
        if isinstance(held, dict):
            fields[field.name] = {k: held[k] for k in kept if k in held}
        else:
            fields[field.name] = held & kept
    return Tags(**fields)  # type: ignore[arg-type]  # every field is rebuilt from its own type


def encode_restricted(
    profiles: Sequence[Profile], tags: Sequence[Tags], keys: Sequence[str]
) -> EncodedSide:
    """Encode ``tags`` (rows follow ``profiles``) over the columns of ``keys`` alone.

    Every field's columns are ``keys`` in order, so two sides encoded with the same keys line up;
    counts are over the tags given (restricted tags give the restricted counts).
    """
    index = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    columns = _Columns(**{field.name: index for field in dataclasses.fields(_Columns)})
    return _side(profiles, tags, columns)


def encode_one_focal(
    focal: Profile, focal_tags: Tags, candidates: Sequence[Profile], candidate_tags: Sequence[Tags]
) -> tuple[EncodedSide, EncodedSide]:
    """``encode_tagged`` for one focal: each field's columns are the focal's own tags.

    Every criterion and dealbreaker is a product of a focal row and a candidate row, and a
    column the focal does not hold is 0 in its row, so leaving those columns out changes no
    product; the counts come from the tags, not the columns. The arrays are candidates × the
    focal's tags, whatever the number of tags the candidates hold between them.
    """
    cols = _columns([focal_tags], _every_tag)
    return _side([focal], [focal_tags], cols), _side(candidates, candidate_tags, cols)
