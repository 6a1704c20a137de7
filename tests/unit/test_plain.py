"""``plain`` (which picks how to spell a value once per type) spells every value as the chain of
isinstance tests it replaced does: dataclasses as dicts of their fields, dicts with str keys,
lists and tuples as lists, floats rounded (NaN as None, -0.0 as 0.0), the rest as it is."""

from __future__ import annotations

import collections
import dataclasses
import enum
import math
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.render.common import plain, rounded


def reference(value: Any) -> Any:
    if dataclasses.is_dataclass(type(value)):
        return {f.name: reference(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): reference(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reference(v) for v in value]
    if isinstance(value, float):
        return rounded(value)
    return value


class Level(enum.IntEnum):
    high = 3


class Colour(enum.StrEnum):
    red = "red"


class Share(float):
    """A float subclass: rounded like any float."""


@dataclasses.dataclass(frozen=True)
class Leaf:
    score: float
    tags: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Node:
    leaf: Leaf
    children: list[Any]
    table: dict[Any, Any]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.sampled_from([Level.high, Colour.red, -0.0, Share(0.1234567891), np.float64(2 / 3)]),
    st.floats(allow_nan=False).map(Share),
)
leaves = st.builds(Leaf, st.floats(), st.lists(st.text(max_size=3), max_size=3).map(tuple))
keys = st.one_of(st.text(max_size=4), st.integers(), st.booleans(), st.none())


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
        st.dictionaries(st.text(max_size=3), inner, max_size=3).map(collections.OrderedDict),
        st.builds(Node, leaves, st.lists(inner, max_size=3), st.dictionaries(keys, inner)),
    )


values = st.recursive(st.one_of(scalars, leaves), containers, max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(values)
def test_plain_spells_as_the_isinstance_chain(value: Any) -> None:
    found, expected = plain(value), reference(value)
    assert found == expected
    assert repr(found) == repr(expected)  # the same types too: 0.0 not -0.0, a list not a tuple


def test_plain_by_hand() -> None:
    node = Node(Leaf(-0.0, ("a", "b")), [math.nan, (1, 2.0000004)], {1: Share(0.5), None: True})
    assert plain(node) == {
        "leaf": {"score": 0.0, "tags": ["a", "b"]},
        "children": [None, [1, 2.0]],
        "table": {"1": 0.5, "None": True},
    }
    assert plain(Level.high) is Level.high
    assert plain(Colour.red) is Colour.red
    assert plain(np.float64(1 / 3)) == 0.333333
