"""The reasons of excluded pairs, spelt in numpy (``render.compare.reasons``), are the bytes the
per-pair writers spell from ``dealbreakers_between``: same reasons, same order, same escaping."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.model import Profile
from partnerfit.model.base import KINDS
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.render.compare.csv import _SPELLING as CSV_SPELLING
from partnerfit.render.compare.fast import Spelling
from partnerfit.render.compare.json import _Tables as JsonTables
from partnerfit.render.compare.reasons import DealbreakerCache, ReasonSpeller
from partnerfit.scoring.card import dealbreakers_hit

# tags that escape differently in CSV and JSON, look like formulas, fold together or sort
# in an order that differs from the order they were met
TAGS = ("tobacco", 'quo"te', "comma, here", "=SUM(A1)", "bell\x07", "Zed", "zed", "ünï", "a\u202eb")
VOCAB = Vocabulary.from_synonyms({"smoking": ["tobacco"]})

tags = st.lists(st.sampled_from(TAGS), max_size=3, unique=True)
kinds = st.sampled_from((None, *KINDS))
profile_data = st.fixed_dictionaries(
    {
        "sectors": tags,
        "values": tags,
        "regions": tags,
        "kind": kinds,
        "dealbreakers": st.fixed_dictionaries(
            {
                "sectors": tags,
                "values": tags,
                "regions": tags,
                "kinds": st.lists(st.sampled_from(KINDS), max_size=2, unique=True),
            }
        ),
    }
)


def _profiles(prefix: str, data: list[dict[str, Any]]) -> list[Profile]:
    return [
        Profile.model_validate({"id": f"{prefix}-{number}", "name": "n", **fields})
        for number, fields in enumerate(data)
    ]


def _spelt_pair_by_pair(spelling: Spelling, focal: Profile, candidate: Profile) -> bytes:
    reasons = dealbreakers_hit(focal, candidate, VOCAB)
    return (spelling.reasons(reasons) + spelling.end).encode() if reasons else b""


@settings(max_examples=60, deadline=None)
@given(
    focal_groups=st.lists(st.lists(profile_data, min_size=1, max_size=4), min_size=1, max_size=3),
    candidate_data=st.lists(profile_data, min_size=1, max_size=6),
)
def test_reasons_in_numpy_are_the_pair_by_pair_reasons(
    focal_groups: list[list[dict[str, Any]]], candidate_data: list[dict[str, Any]]
) -> None:
    """Every pair of every group of focals (one speller for the whole output, its terms
    growing from group to group), in CSV's and JSON's spelling."""
    candidates = _profiles("c", candidate_data)
    for spelling in (CSV_SPELLING, JsonTables().spelling):
        assert spelling.frame is not None
        speller = ReasonSpeller(spelling.frame, DealbreakerCache())
        for group, data in enumerate(focal_groups):
            focals = _profiles(f"f{group}", data)
            rows, cands = np.divmod(np.arange(len(focals) * len(candidates)), len(candidates))
            text, lengths = speller.block(focals, candidates, VOCAB).cells(rows, cands)
            expected = [
                _spelt_pair_by_pair(spelling, focals[row], candidates[cand])
                for row, cand in zip(rows.tolist(), cands.tolist(), strict=True)
            ]
            assert lengths.tolist() == [len(cell) for cell in expected]
            assert text.tobytes() == b"".join(expected)


def test_no_reasons_where_the_other_side_holds_nothing() -> None:
    focal, bare = _profiles(
        "y", [{"dealbreakers": {"sectors": ["zed"], "kinds": ["business"]}}, {}]
    )
    for frame in (CSV_SPELLING.frame, JsonTables().spelling.frame):
        assert frame is not None
        text, lengths = (
            ReasonSpeller(frame, DealbreakerCache())
            .block([focal], [bare, bare], VOCAB)
            .cells(np.array([0, 0]), np.array([0, 1]))
        )
        assert (text.tobytes(), lengths.tolist()) == (b"", [0, 0])


def test_reasons_of_both_sides_in_order_and_escaped() -> None:
    """A hand-checked pair: the focal's dealbreakers first (sectors, values, regions, sorted
    within each, then kind), then the candidate's; quotes doubled and the bell escaped in CSV."""
    focal, candidate = _profiles(
        "x",
        [
            {
                "kind": "nonprofit",
                "values": ["b"],
                "dealbreakers": {"sectors": ["zed", 'quo"te'], "kinds": ["business"]},
            },
            {"kind": "business", "sectors": ['quo"te', "zed"], "dealbreakers": {"values": ["b"]}},
        ],
    )
    assert CSV_SPELLING.frame is not None
    text, lengths = (
        ReasonSpeller(CSV_SPELLING.frame, DealbreakerCache())
        .block([focal], [candidate], VOCAB)
        .cells(np.array([0]), np.array([0]))
    )
    assert text.tobytes().decode() == (
        '"x-1 has sector `quo""te`, a dealbreaker for x-0; '
        "x-1 has sector `zed`, a dealbreaker for x-0; "
        "x-1 is a business, a dealbreaker for x-0; "
        'x-0 has value `b`, a dealbreaker for x-1",'
    )
    assert lengths.tolist() == [len(text)]


def test_a_block_costs_its_own_ids_not_every_tag_held() -> None:
    """Terms are sorted and spelt per chunk, only those its reasons name: what a block fixes
    up front (the frame and the ids) does not grow with the tags the candidates hold."""
    assert CSV_SPELLING.frame is not None
    few = _profiles("c", [{"sectors": ["a"]}] * 3)
    many = _profiles("c", [{"sectors": [f"s{n}-{m}" for m in range(200)]} for n in range(3)])
    focal = _profiles("f", [{"dealbreakers": {"sectors": ["s1-7"]}}])
    blocks = [
        ReasonSpeller(CSV_SPELLING.frame, DealbreakerCache()).block(focal, c, VOCAB)
        for c in (few, many)
    ]
    assert blocks[0].text.size == blocks[1].text.size
    text, lengths = blocks[1].cells(np.array([0, 0, 0]), np.array([0, 1, 2]))
    assert text.tobytes() == b'"c-1 has sector `s1-7`, a dealbreaker for f-0",'
    assert lengths.tolist() == [0, len(text), 0]
