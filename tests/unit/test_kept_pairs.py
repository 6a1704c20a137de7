"""``select_scored`` keeps a block's pairs as the per-row reference does: ranked pairs by key
descending then candidate (at most ``width``), then excluded and insufficient ones by
candidate; ranks and tie flags are ``competition_ranks`` over the ranked ones and the first
beyond the cut; the summaries count each status."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.batch.comparison import _EXCLUDED, _INSUFFICIENT, _RANKED
from partnerfit.batch.selection import Kept, select_scored
from partnerfit.scoring.ties import competition_ranks, tie_keys

# 0 ranked and eligible, 1 ranked below the minimum score, 2 excluded, 3 insufficient, 4 itself
blocks = st.integers(1, 4).flatmap(
    lambda rows: st.integers(0, 9).flatmap(
        lambda cols: st.tuples(
            st.lists(
                st.lists(
                    st.sampled_from([0.0, 10.0, 10.0 + 1e-12, 50.0, 99.5]),
                    min_size=cols,
                    max_size=cols,
                ),
                min_size=rows,
                max_size=rows,
            ),
            st.lists(
                st.lists(st.integers(0, 4), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            ),
        )
    )
)


def _reference(keys: list[float], kinds: list[int], width: int, every_pair: bool) -> dict[str, Any]:
    eligible = [j for j, kind in enumerate(kinds) if kind == 0]
    leading = sorted(eligible, key=lambda j: (-keys[j], j))[: width + 1]
    ranks, tied = competition_ranks([keys[j] for j in leading])
    chosen = leading[:width]
    kept = [(j, _RANKED) for j in chosen]
    if every_pair:
        kept += [(j, _EXCLUDED) for j, kind in enumerate(kinds) if kind == 2]
        kept += [(j, _INSUFFICIENT) for j, kind in enumerate(kinds) if kind == 3]
    last = keys[leading[width - 1]] if 0 < width < len(leading) else None
    beyond = 0
    if last is not None and keys[leading[width]] == last:
        beyond = sum(1 for j in eligible if keys[j] == last) - sum(
            1 for j in chosen if keys[j] == last
        )
    return {
        "kept": kept,
        "ranks": ranks[:width],
        "tied": tied[:width],
        "summary": (
            sum(1 for kind in kinds if kind != 4),
            len(chosen),
            kinds.count(2),
            kinds.count(3),
            kinds.count(1),
            len(eligible) - len(chosen),
            beyond,
        ),
    }


def _row(kept: Kept, row: int) -> dict[str, Any]:
    mine = kept.row == row
    chosen = int(((kept.code == _RANKED) & mine).sum())
    return {
        "kept": list(zip(kept.column[mine].tolist(), kept.code[mine].tolist(), strict=True)),
        "ranks": kept.ranks[row, :chosen].tolist(),
        "tied": kept.tied[row, :chosen].tolist(),
        "past": (kept.ranks[row, chosen:].any(), kept.tied[row, chosen:].any()),
        "slots": kept.slot[mine].tolist(),
    }


@settings(max_examples=150, deadline=None)
@given(block=blocks, width=st.integers(0, 10), every_pair=st.booleans())
def test_selection_is_the_per_row_reference(
    block: tuple[list[list[float]], list[list[int]]], width: int, every_pair: bool
) -> None:
    totals, kinds = np.array(block[0], dtype=float).reshape(len(block[1]), -1), np.array(block[1])
    kinds = kinds.reshape(totals.shape)
    keys = tie_keys(totals)
    width = min(width, totals.shape[1])
    kept, summaries = select_scored(
        keys,
        kinds == 0,
        kinds == 2,
        kinds == 3,
        (kinds != 4).sum(axis=1),
        width,
        every_pair=every_pair,
    )
    assert kept.rows == totals.shape[0]
    for row in range(totals.shape[0]):
        expected = _reference(keys[row].tolist(), kinds[row].tolist(), width, every_pair)
        got = _row(kept, row)
        assert got["kept"] == [(j, int(code)) for j, code in expected["kept"]]
        assert got["slots"] == list(range(len(expected["kept"])))
        assert got["ranks"] == expected["ranks"]
        assert got["tied"] == expected["tied"]
        assert got["past"] == (False, False)
        summary = summaries[row]
        assert (
            summary.considered,
            summary.ranked,
            summary.excluded,
            summary.insufficient,
            summary.below_min_score,
            summary.cut_by_top_k,
            summary.tied_beyond_top_k,
        ) == expected["summary"]


def test_a_hand_checked_row() -> None:
    """Scores 50, 99.5, 50, 10 (all ranked), an excluded and an insufficient candidate: kept
    99.5 (1), then the two 50s tied at 2 in candidate order, then 10 (4); then the others."""
    keys = tie_keys(np.array([[50.0, 99.5, 0.0, 50.0, 10.0, 0.0]]))
    eligible = np.array([[True, True, False, True, True, False]])
    excluded = np.array([[False, False, False, False, False, True]])
    insufficient = np.array([[False, False, True, False, False, False]])
    kept, (summary,) = select_scored(
        keys, eligible, excluded, insufficient, np.array([6]), 6, every_pair=True
    )
    assert kept.column.tolist() == [1, 0, 3, 4, 5, 2]
    assert kept.code.tolist() == [_RANKED] * 4 + [_EXCLUDED, _INSUFFICIENT]
    assert kept.ranks[0, :4].tolist() == [1, 2, 2, 4]
    assert kept.tied[0, :4].tolist() == [False, True, True, False]
    assert (summary.ranked, summary.excluded, summary.insufficient) == (4, 1, 1)


def _order_key_rows(draw: Any) -> np.ndarray[Any, Any]:
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 40))
    score = st.integers(0, 100 * 10**9).map(lambda units: -np.round(units / 10**9, 9))
    anything = st.floats(-200, 200, allow_nan=False) | st.sampled_from([-0.0, np.nextafter(0, 1)])
    special = st.sampled_from([0.5, 1.0, 2.0, np.inf])
    cell = draw(
        st.sampled_from(
            [
                score | special,  # what select_scored sorts: rounded scores, then the classes
                st.sampled_from([-50.0, -50.000000001, -12.5, 0.0]) | special,  # many ties
                score | special | anything | st.sampled_from([-np.inf, np.nan]),  # the fallback
            ]
        )
    )
    values = draw(st.lists(cell, min_size=rows * cols, max_size=rows * cols))
    return np.array(values, dtype=np.float64).reshape(rows, cols)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_stable_order_is_the_stable_argsort(data: st.DataObject) -> None:
    """One unstable sort of int64 codes orders every row as a stable float argsort does: equal
    keys in column order, infinity last; keys the codes cannot hold exactly take the argsort."""
    from partnerfit.batch.selection import stable_order

    keys = data.draw(st.composite(lambda draw: _order_key_rows(draw))())
    expected = np.argsort(keys, axis=1, kind="stable")
    np.testing.assert_array_equal(stable_order(keys), expected)


def test_stable_order_on_a_block_of_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block's worth of rounded scores, with every class of pair, takes the int64 codes."""
    from partnerfit.batch.selection import stable_order

    rng = np.random.default_rng(4)
    keys = -tie_keys(rng.uniform(0, 100, (21, 3000)))
    keys[:, ::7] = keys[:, 1::7]  # ties
    keys[rng.random(keys.shape) < 0.1] = np.inf
    keys[rng.random(keys.shape) < 0.05] = 1.0
    expected = np.argsort(keys, axis=1, kind="stable")
    calls: list[object] = []
    real = np.argsort
    monkeypatch.setattr(np, "argsort", lambda *a, **k: calls.append(a) or real(*a, **k))
    order = stable_order(keys)
    assert calls == []
    np.testing.assert_array_equal(order, expected)
