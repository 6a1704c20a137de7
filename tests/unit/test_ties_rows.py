"""Competition ranks of many rows at once, against the definition one key at a time."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from partnerfit.scoring.ties import competition_rank_rows


def _by_definition(row: list[int], counted: list[bool] | None) -> tuple[list[int], list[bool]]:
    """A key equal to the one before it (both counted) shares its rank; tied when it shares."""
    ranks: list[int] = []
    same = [False] * len(row)
    for j, key in enumerate(row):
        repeat = j > 0 and key == row[j - 1] and (counted is None or counted[j])
        same[j] = repeat
        ranks.append(ranks[-1] if repeat else j + 1)
    tied = [same[j] or (j + 1 < len(row) and same[j + 1]) for j in range(len(row))]
    return ranks, tied


@st.composite
def blocks(draw: st.DrawFn) -> tuple[list[list[int]], list[list[bool]] | None]:
    rows = draw(st.integers(0, 4))
    width = draw(st.integers(0, 12))
    keys = st.lists(st.integers(0, 4), min_size=width, max_size=width).map(sorted)
    block = draw(st.lists(keys, min_size=rows, max_size=rows))
    flags = st.lists(st.booleans(), min_size=width, max_size=width)
    counted = draw(st.none() | st.lists(flags, min_size=rows, max_size=rows))
    return block, counted


@given(blocks())
def test_every_row_is_ranked_as_the_definition_says(
    case: tuple[list[list[int]], list[list[bool]] | None],
) -> None:
    block, counted = case
    width = len(block[0]) if block else 0
    keys = np.array(block, dtype=np.int64).reshape(len(block), width)
    mask = None if counted is None else np.array(counted, dtype=bool).reshape(keys.shape)
    ranks, tied = competition_rank_rows(keys, mask)
    for r, row in enumerate(block):
        expected = _by_definition(row, None if counted is None else counted[r])
        assert (ranks[r].tolist(), tied[r].tolist()) == expected
