"""The tag columns of ``scoring.encode``, built in one pass per side, against the plain loops
they replaced: the same 0/1 incidence, threshold and need-below columns, cell for cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import profiles

from partnerfit.model import Profile
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.coverage import dealbreaker_block
from partnerfit.scoring.criteria import Grid, criterion_parts
from partnerfit.scoring.encode import (
    MAX_LEVEL,
    _below,
    _incidence,
    _thresholds,
    encode_one_focal,
    encode_tagged,
    profile_tags,
)

TAGS = st.sampled_from(["a", "b", "c", "d", "e", "unindexed"])
INDEX = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
WEIGHTED = st.dictionaries(TAGS, st.integers(min_value=1, max_value=MAX_LEVEL), max_size=6)
LEVELS = st.dictionaries(TAGS, st.integers(min_value=0, max_value=MAX_LEVEL), max_size=6)


def _incidence_loop(sets: Sequence[Sequence[str]], index: Mapping[str, int]) -> np.ndarray:
    out = np.zeros((len(sets), len(index)), dtype=np.float32)
    for row, tags in enumerate(sets):
        for tag in tags:
            if tag in index:
                out[row, index[tag]] = 1.0
    return out


def _thresholds_loop(weights: Sequence[Mapping[str, int]], index: Mapping[str, int]) -> np.ndarray:
    width = len(index)
    out = np.zeros((len(weights), MAX_LEVEL * width), dtype=np.float32)
    for row, tags in enumerate(weights):
        for tag, weight in tags.items():
            if tag in index:
                for k in range(weight):
                    out[row, k * width + index[tag]] = 1.0
    return out


def _below_loop(
    levels: Sequence[Mapping[str, int]],
    needs: Sequence[Mapping[str, int]],
    index: Mapping[str, int],
) -> np.ndarray:
    width = len(index)
    out = np.zeros((len(needs), MAX_LEVEL * width), dtype=np.float32)
    for row, (own, wanted) in enumerate(zip(levels, needs, strict=True)):
        for tag, priority in wanted.items():
            if tag in index:
                for k in range(own.get(tag, 0), MAX_LEVEL):
                    out[row, k * width + index[tag]] = priority
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(TAGS, max_size=6), max_size=8))
def test_incidence_is_the_loop(sets: list[list[str]]) -> None:
    assert np.array_equal(_incidence(sets, INDEX), _incidence_loop(sets, INDEX))


@settings(max_examples=200, deadline=None)
@given(st.lists(WEIGHTED, max_size=8))
def test_thresholds_are_the_loop(weights: list[dict[str, int]]) -> None:
    assert np.array_equal(_thresholds(weights, INDEX), _thresholds_loop(weights, INDEX))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LEVELS, WEIGHTED), max_size=8))
def test_needs_below_are_the_loop(rows: list[tuple[dict[str, int], dict[str, int]]]) -> None:
    levels = [own for own, _ in rows]
    needs = [wanted for _, wanted in rows]
    assert np.array_equal(_below(levels, needs, INDEX), _below_loop(levels, needs, INDEX))


def test_a_hand_example() -> None:
    """Two profiles: values {a: 2, unindexed: 5} and {c: 1}; one needs b at priority 3 and
    holds it at level 2, so its need is unmet at levels 2, 3 and 4 only."""
    assert _thresholds([{"a": 2, "unindexed": 5}, {"c": 1}], INDEX)[:, [0, 5, 10, 2]].tolist() == [
        [1.0, 1.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ]
    below = _below([{"b": 2}], [{"b": 3}], INDEX)
    assert below[0, [1, 6, 11, 16, 21]].tolist() == [0.0, 0.0, 3.0, 3.0, 3.0]
    assert below.sum() == 9.0
    assert _incidence([["e", "e"], []], INDEX).tolist() == [[0, 0, 0, 0, 1], [0, 0, 0, 0, 0]]


SYNONYMS = Vocabulary.from_synonyms(
    {"green": ["sustainability"], "EU": ["fr"], "research": ["venue"]}
)


@settings(max_examples=150, deadline=None)
@given(profiles("focal"), st.lists(profiles(), max_size=6), st.booleans())
def test_one_focal_over_its_own_tags_gives_every_product_of_the_shared_columns(
    focal: Profile, candidates: list[Profile], with_itself: bool
) -> None:
    """Each field's columns cut to the focal's own tags: every criterion part and dealbreaker
    is the one the columns shared by the whole set give (the focal against itself too)."""
    if with_itself:
        candidates = [*candidates, focal]
    own = profile_tags(focal, SYNONYMS)
    theirs = [profile_tags(c, SYNONYMS) for c in candidates]
    # the shared columns drop tags only one profile holds: the focal against itself as a copy
    shared = encode_tagged([focal.model_copy()], [own], candidates, theirs)
    cut = encode_one_focal(focal, own, candidates, theirs)
    grid = Grid(slice(0, 1))
    for wide, narrow in zip(
        criterion_parts(*shared, grid), criterion_parts(*cut, grid), strict=True
    ):
        for a, b in zip(wide, narrow, strict=True):
            assert np.array_equal(a, b, equal_nan=True)
    assert np.array_equal(
        dealbreaker_block(shared[0], slice(0, 1), shared[1]),
        dealbreaker_block(cut[0], slice(0, 1), cut[1]),
    )


def test_one_focal_columns_do_not_grow_with_the_candidates_tags() -> None:
    focal = Profile.model_validate({"id": "f", "name": "F", "values": {"care": 3}})
    many = [
        Profile.model_validate({"id": f"c{i}", "name": "C", "values": {f"v{i}": 2, f"w{i}": 1}})
        for i in range(50)
    ]
    many += [c.model_copy() for c in many]  # every tag held twice
    vocab = Vocabulary()
    tags = [profile_tags(c, vocab) for c in many]
    _, candidates = encode_one_focal(focal, profile_tags(focal, vocab), many, tags)
    assert candidates.values.shape == (100, MAX_LEVEL * 1)  # the focal's one value
    assert candidates.themes.shape == (100, 0)
    # the columns shared by the set hold the 100 tags each held by two rows
    shared = encode_tagged([focal], [profile_tags(focal, vocab)], many, tags)[1]
    assert shared.values.shape == (100, MAX_LEVEL * 100)
