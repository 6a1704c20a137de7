"""The tag columns of ``scoring.encode``, built in one pass per side, against the plain loops
they replaced: the same 0/1 incidence, threshold and need-below columns, cell for cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.scoring.encode import MAX_LEVEL, _below, _incidence, _thresholds

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
