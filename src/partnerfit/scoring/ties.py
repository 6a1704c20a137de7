"""Ties: scores equal to ``SCORE_DECIMALS`` share a rank (standard competition ranking, 1 2 2 4).

``rank``, ``compare``, ``explain`` and the API all rank through ``competition_ranks``, so a tie
is reported the same way everywhere; within a tie candidates are listed by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from partnerfit.scoring.coverage import SCORE_DECIMALS


def tie_keys(scores: ArrayLike) -> NDArray[np.float64]:
    """Sort keys: scores (0..100) rounded to SCORE_DECIMALS, so that rounding error cannot rank."""
    keys = np.asarray(scores, dtype=np.float64)
    return np.asarray(np.round(keys, SCORE_DECIMALS), dtype=np.float64)


def tie_key(score: float) -> float:
    """The sort key of one score (see ``tie_keys``)."""
    return round(score, SCORE_DECIMALS)


def competition_ranks(keys: Sequence[float]) -> tuple[list[int], list[bool]]:
    """Ranks and tie flags of keys already in descending order: equal keys share the best rank.

    A key is *tied* when another key equals it, so ``[9, 7, 7, 5]`` gives ranks ``[1, 2, 2, 4]``
    and flags ``[False, True, True, False]``.
    """
    ordered = np.asarray(keys, dtype=np.float64)
    if ordered.size == 0:
        return [], []
    ranks, tied = competition_rank_rows(ordered[None, :])
    return ranks[0].tolist(), tied[0].tolist()


def competition_rank_rows(
    in_order: NDArray[Any], counted: NDArray[np.bool_] | None = None
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """``competition_ranks`` of each row of keys (each sorted, equal keys side by side), a
    whole block of rows at once; with ``counted``, a key ties only with neighbours in counted
    slots (past them, a row's ranks and flags mean nothing)."""
    same = np.zeros(in_order.shape, dtype=np.bool_)  # equal to the key before it
    same[:, 1:] = in_order[:, 1:] == in_order[:, :-1]
    if counted is not None:
        same[:, 1:] &= counted[:, 1:]
    places = np.arange(1, in_order.shape[1] + 1, dtype=np.int64)
    ranks: NDArray[np.int64] = np.tile(places, (in_order.shape[0], 1))
    repeated = np.flatnonzero(same)  # few: each takes the place of the first key of its run
    if repeated.size:
        starts = np.empty(repeated.size, dtype=np.bool_)
        starts[0] = True
        np.not_equal(np.diff(repeated), 1, out=starts[1:])  # a run never spans two rows
        first = repeated[starts] - 1  # the key before a run's first repeat begins the run
        flat = ranks.ravel()
        flat[repeated] = flat[first[np.cumsum(starts) - 1]]
    tied = same.copy()
    tied[:, :-1] |= same[:, 1:]
    return ranks, tied


def ties_across_cut(ranks: Sequence[int], keep: int | None) -> int:
    """How many candidates beyond the first ``keep`` share the rank of the last one kept."""
    if keep is None or not 0 < keep < len(ranks):
        return 0
    return sum(1 for place in ranks[keep:] if place == ranks[keep - 1])


def tie_at_cut_note(rank: int, beyond: int, option: str) -> str:
    """The note that says a tie crosses the ``--top``/``--top-k`` cut."""
    others = "candidate" if beyond == 1 else "candidates"
    return (
        f"{beyond} more {others} tied at rank {rank} with the last one listed; "
        f"{option} keeps the first in order (by id within the tie)"
    )
