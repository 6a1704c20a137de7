"""``indented_json`` writes exactly what ``json.dumps(indent=2, sort_keys=True,
ensure_ascii=False)`` writes, for every value JSON can hold (and fails where it fails)."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.render.common import dump_json, indented_json


def reference(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


class Colour(enum.StrEnum):
    red = "r\u2028ed"


class Level(enum.IntEnum):
    high = 3


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and the infinities too
    st.text(),
    st.sampled_from([Colour.red, Level.high, -0.0, 10**40, "\x00\x7f\u2029\ud800"]),
)
keys = st.one_of(
    st.text(max_size=6),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=3)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_the_same_text_as_json(data: Any) -> None:
    assert indented_json(data) == reference(data)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, scalars, max_size=1))
def test_keys_of_every_kind_spelled_as_json_spells_them(data: dict[Any, Any]) -> None:
    assert indented_json(data) == reference(data)


def test_hand_made_examples() -> None:
    assert (
        indented_json({"b": [1, {}], "a": ()}) == '{\n  "a": [],\n  "b": [\n    1,\n    {}\n  ]\n}'
    )
    assert indented_json({math.nan: -math.inf}) == '{\n  "NaN": -Infinity\n}'
    assert dump_json({"x": "\x1b[31m"}) == '{\n  "x": "\\u001b[31m"\n}\n'


@pytest.mark.parametrize("data", [object(), {(1, 2): 3}, {1: 2, "a": 3}, [{1, 2}]])
def test_what_json_refuses_is_refused(data: Any) -> None:
    with pytest.raises(TypeError):
        reference(data)
    with pytest.raises(TypeError):
        indented_json(data)


class Record(dict[str, object]):
    pass


class Row(list[object]):
    pass


class Share(float):
    pass


@pytest.mark.parametrize(
    "data",
    [
        Record(b=Row([Share(0.5), Level.high, Colour.red]), a=Record()),
        {"x": Row(), "y": (Record(z=None),), Colour.red: [Share(-0.0), True, None]},
        [Record({"k": Colour.red}), Row([Row([1])]), Share(math.inf)],
    ],
)
def test_subclasses_of_containers_strings_and_numbers_are_written_as_their_base(
    data: Any,
) -> None:
    assert indented_json(data) == reference(data)
