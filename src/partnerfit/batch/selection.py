"""Which pairs of a block are kept, in which order and with which ranks: as flat arrays.

A block's kept pairs are, per focal row, the ranked ones (best first, by candidate within a
tie), then, when every pair is kept, the excluded and the insufficient ones (by candidate).
``Kept`` holds them as one flat layout (row, slot, candidate, status) and the ranks and tie
flags as rows × slots arrays, ready to be stored in ``KeptPairs`` without a loop over rows.

``select_scored`` chooses them for a block scored exactly, a whole block at once: one stable
sort per row orders every pair (``stable_order``, of one int64 per pair), and the ranks are
``scoring.ties.competition_rank_rows``, the rows version ``competition_ranks`` itself runs.
Streaming every pair spends much of its time here and in the writer: work done a row at a time
in Python held the interpreter the writer needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from partnerfit.batch.comparison import (
    _EXCLUDED,
    _INSUFFICIENT,
    _ORDER,
    _RANKED,
    BoolArray,
    FloatArray,
    FocalSummary,
    IntArray,
)
from partnerfit.scoring.coverage import SCORE_DECIMALS
from partnerfit.scoring.ties import competition_rank_rows

Int8Array = NDArray[np.int8]


@dataclass(frozen=True)
class Kept:
    """The kept pairs of a block of ``rows`` focal rows: where each goes (``row``, ``slot``),
    which candidate it is (``column``) and its status code; and each slot's rank and tie flag
    (rows × slots, 0 and False past the ranked ones)."""

    rows: int
    row: IntArray
    slot: IntArray
    column: IntArray
    code: Int8Array
    ranks: IntArray
    tied: BoolArray

    @classmethod
    def of_rows(
        cls,
        kept_rows: Sequence[list[IntArray]],
        ranks_rows: Sequence[tuple[list[int], list[bool]]],
    ) -> Kept:
        """From lists per focal row: the candidates kept in each status (in ``_ORDER``), and
        the ranks and tie flags of the ranked ones."""
        rows, slots, columns, codes = [], [], [], []
        for offset, kept in enumerate(kept_rows):
            count = sum(len(part) for part in kept)
            rows.append(np.full(count, offset, dtype=np.int64))
            slots.append(np.arange(count, dtype=np.int64))
            columns.append(np.concatenate(kept).astype(np.int64) if kept else _NONE)
            codes += [np.full(len(p), c, dtype=np.int8) for p, c in zip(kept, _ORDER, strict=False)]
        width = max((len(ranks) for ranks, _ in ranks_rows), default=0)
        ranks = np.zeros((len(kept_rows), width), dtype=np.int64)
        tied = np.zeros((len(kept_rows), width), dtype=np.bool_)
        for offset, (row_ranks, row_tied) in enumerate(ranks_rows):
            ranks[offset, : len(row_ranks)] = row_ranks
            tied[offset, : len(row_tied)] = row_tied
        return cls(
            rows=len(kept_rows),
            row=np.concatenate([_NONE, *rows]),
            slot=np.concatenate([_NONE, *slots]),
            column=np.concatenate([_NONE, *columns]),
            code=np.concatenate([np.empty(0, dtype=np.int8), *codes]),
            ranks=ranks,
            tied=tied,
        )


_NONE = np.empty(0, dtype=np.int64)

_AFTER_RANKED = {_EXCLUDED: 1.0, _INSUFFICIENT: 2.0}
"""Sort keys after every ranked pair's (its negated score, at most 0), in ``_ORDER``."""


def select_scored(
    keys: FloatArray,
    eligible: BoolArray,
    excluded: BoolArray,
    insufficient: BoolArray,
    considered: IntArray,
    width: int,
    every_pair: bool,
) -> tuple[Kept, tuple[FocalSummary, ...]]:
    """The kept pairs of a block scored exactly, and each focal row's summary.

    ``keys`` are the scores' tie keys; ``eligible`` pairs are ranked (and reach the minimum
    score), up to ``width`` per row; with ``every_pair`` the excluded and insufficient pairs
    are kept after them. ``considered`` is each row's number of candidates other than itself.
    """
    n_rows, n_cand = keys.shape
    order_keys = _order_keys(keys, eligible, excluded, insufficient)
    order = stable_order(order_keys)
    in_order = np.take_along_axis(keys, order, axis=1)
    eligible_count = eligible.sum(axis=1)
    chosen = np.minimum(eligible_count, width)
    slots = np.arange(n_cand)
    ranks, tied = competition_rank_rows(in_order, slots[None, :] < eligible_count[:, None])
    shown = slots[: min(width, n_cand)][None, :] < chosen[:, None]
    excluded_count, insufficient_count = excluded.sum(axis=1), insufficient.sum(axis=1)
    # in sorted order: the chosen ranked pairs, then (every pair) the excluded and insufficient
    # ones, which follow every ranked pair, the chosen or not
    others = excluded_count + insufficient_count if every_pair else np.zeros_like(chosen)
    row, place = np.nonzero(
        (slots[None, :] < chosen[:, None])
        | (
            (slots[None, :] >= eligible_count[:, None])
            & (slots[None, :] < (eligible_count + others)[:, None])
        )
    )
    slot = place - np.where(place >= eligible_count[row], (eligible_count - chosen)[row], 0)
    group = order_keys[row, order[row, place]]
    code = np.where(
        place < chosen[row],
        _RANKED,
        np.where(group == _AFTER_RANKED[_EXCLUDED], _EXCLUDED, _INSUFFICIENT),
    ).astype(np.int8)
    kept = Kept(
        rows=n_rows,
        row=row,
        slot=slot,
        column=order[row, place],
        code=code,
        ranks=np.where(shown, ranks[:, : shown.shape[1]], 0),
        tied=tied[:, : shown.shape[1]] & shown,
    )
    beyond = _tied_beyond(keys, eligible, in_order, eligible_count, width)
    counts = (considered, chosen, excluded_count, insufficient_count, eligible_count, beyond)
    return kept, _summaries(*counts)


def _summaries(
    considered: IntArray,
    chosen: IntArray,
    excluded: IntArray,
    insufficient: IntArray,
    eligible: IntArray,
    beyond: IntArray,
) -> tuple[FocalSummary, ...]:
    """Each focal row's summary from its counts."""
    numbers = zip(
        considered.tolist(),
        chosen.tolist(),
        excluded.tolist(),
        insufficient.tolist(),
        eligible.tolist(),
        beyond.tolist(),
        strict=True,
    )
    return tuple(
        FocalSummary(
            considered=considered_,
            ranked=chosen_,
            excluded=excluded_,
            insufficient=insufficient_,
            below_min_score=considered_ - excluded_ - insufficient_ - eligible_,
            cut_by_top_k=eligible_ - chosen_,
            tied_beyond_top_k=beyond_,
        )
        for considered_, chosen_, excluded_, insufficient_, eligible_, beyond_ in numbers
    )


def _order_keys(
    keys: FloatArray, eligible: BoolArray, excluded: BoolArray, insufficient: BoolArray
) -> FloatArray:
    """Sort keys that put ranked pairs best first (a stable sort keeps candidates in order
    within a tie, and a NaN key, which none should have, last among them), then excluded,
    then insufficient pairs, then the others."""
    after = np.where(insufficient, _AFTER_RANKED[_INSUFFICIENT], np.inf)
    after = np.where(excluded, _AFTER_RANKED[_EXCLUDED], after)
    ordering: FloatArray = np.where(eligible, np.where(np.isnan(keys), 0.5, -keys), after)
    return ordering


_KEY_UNITS = 10.0**SCORE_DECIMALS
"""Sort keys are scores rounded to SCORE_DECIMALS (and a few fixed values): whole numbers of
these units, exactly, once multiplied back."""


def stable_order(order_keys: FloatArray) -> IntArray:
    """``np.argsort(order_keys, axis=1, kind="stable")``, by one unstable sort of an int64 per
    cell: the key in units of ``_KEY_UNITS`` above the row set's least (``inf`` after every
    finite key), shifted, with the column in the low bits, so that keys are distinct and equal
    ones keep column order. Stable argsort of floats is a merge sort, ten times slower here
    (3.2 against 0.3 ms a block of 21 × 3,000). Keys that are not whole units (the map would
    merge or reorder them), ``-inf``, NaN, or a range too wide for 62 bits take the stable
    argsort."""
    width = order_keys.shape[1]
    finite = np.isfinite(order_keys)
    if order_keys.size == 0 or not finite.any() or not np.all(finite | (order_keys == np.inf)):
        return np.argsort(order_keys, axis=1, kind="stable")
    units = np.rint(order_keys * _KEY_UNITS)
    present = units[finite]
    low, high = float(present.min()), float(present.max())
    bits = max(1, (width - 1).bit_length())
    exact = max(-low, high) < 2.0**52 and (high - low + 2) * 2.0**bits < 2.0**62
    if not exact or not np.array_equal(present / _KEY_UNITS, order_keys[finite]):
        return np.argsort(order_keys, axis=1, kind="stable")
    np.subtract(units, low, out=units)
    units[~finite] = high - low + 1
    codes = units.astype(np.int64)
    codes <<= bits
    codes += np.arange(width, dtype=np.int64)
    codes.sort(axis=1)  # distinct codes: any sort is the stable one
    codes &= (1 << bits) - 1
    return codes


def _tied_beyond(
    keys: FloatArray,
    eligible: BoolArray,
    in_order: FloatArray,
    eligible_count: IntArray,
    width: int,
) -> IntArray:
    """Per row, the eligible candidates past the first ``width`` that tie with the last kept."""
    beyond = np.zeros(keys.shape[0], dtype=np.int64)
    cut = np.flatnonzero(eligible_count > width)
    if width == 0 or not cut.size:
        return beyond
    last = in_order[cut, width - 1]
    crossing = in_order[cut, width] == last
    cut, last = cut[crossing], last[crossing]
    in_tie = (eligible[cut] & (keys[cut] == last[:, None])).sum(axis=1)
    beyond[cut] = in_tie - (in_order[cut, :width] == last[:, None]).sum(axis=1)
    return beyond
