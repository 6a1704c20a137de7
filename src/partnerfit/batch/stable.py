"""Deferred acceptance with capacities on both sides, and the check that a matching is stable.

Each side ranks the other by its own directional score (rounded as ``rank`` rounds it), ties
broken by index, i.e. by id. Pure functions over arrays; ``batch.match`` builds the arrays.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from partnerfit.scoring.ties import tie_keys

__all__ = ["blocking_pairs", "stable_matching"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _preference_ranks(scores: FloatArray) -> NDArray[np.int64]:
    """Row i: the position of each column in i's order (score descending, then index)."""
    keys = tie_keys(np.nan_to_num(scores, nan=-np.inf))
    ranks = np.empty(scores.shape, dtype=np.int64)
    positions = np.arange(scores.shape[1])
    for row in range(scores.shape[0]):
        order = np.lexsort((positions, -keys[row]))
        ranks[row, order] = positions
    return ranks


def stable_matching(
    proposer_scores: FloatArray,
    receiver_scores: FloatArray,
    acceptable: BoolArray,
    proposer_capacity: Sequence[int],
    receiver_capacity: Sequence[int],
) -> list[tuple[int, int]]:
    """Deferred acceptance with capacities: the proposer-optimal pairwise-stable matching.

    ``proposer_scores[p, r]`` is p's score for r, ``receiver_scores[r, p]`` r's score for p;
    ``acceptable[p, r]`` says whether the pair may be matched at all.
    """
    n_prop = acceptable.shape[0]
    prop_rank = _preference_ranks(proposer_scores)
    recv_rank = _preference_ranks(receiver_scores)
    prefs: list[list[int]] = []
    for p in range(n_prop):
        allowed = np.flatnonzero(acceptable[p])
        prefs.append(allowed[np.argsort(prop_rank[p, allowed])].tolist())  # ranks are distinct
    held: list[list[int]] = [[] for _ in range(acceptable.shape[1])]
    next_choice = [0] * n_prop
    count = [0] * n_prop
    queue = deque(range(n_prop))
    while queue:
        p = queue.popleft()
        while count[p] < proposer_capacity[p] and next_choice[p] < len(prefs[p]):
            r = prefs[p][next_choice[p]]
            next_choice[p] += 1
            held[r].append(p)
            count[p] += 1
            if len(held[r]) > receiver_capacity[r]:
                # a row copied per rejection made this rejections × proposers
                worst = max(held[r], key=recv_rank[r].__getitem__)
                held[r].remove(worst)
                count[worst] -= 1
                if worst != p:
                    queue.append(worst)
    return sorted((p, r) for r, group in enumerate(held) for p in group)


def blocking_pairs(
    left_scores: FloatArray,
    right_scores: FloatArray,
    acceptable: BoolArray,
    left_capacity: Sequence[int],
    right_capacity: Sequence[int],
    matched: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Unmatched acceptable pairs that would both rather be matched: empty when stable."""
    left_rank = _preference_ranks(left_scores)
    right_rank = _preference_ranks(right_scores)
    partners_of_left: list[list[int]] = [[] for _ in range(acceptable.shape[0])]
    partners_of_right: list[list[int]] = [[] for _ in range(acceptable.shape[1])]
    for left, right in matched:
        partners_of_left[left].append(right)
        partners_of_right[right].append(left)
    found = []
    pairs = set(matched)
    for left, right in np.argwhere(acceptable).tolist():
        if (left, right) in pairs:
            continue
        mine = partners_of_left[left]
        theirs = partners_of_right[right]
        left_wants = len(mine) < left_capacity[left] or any(
            left_rank[left, right] < left_rank[left, other] for other in mine
        )
        right_wants = len(theirs) < right_capacity[right] or any(
            right_rank[right, left] < right_rank[right, other] for other in theirs
        )
        if left_wants and right_wants:
            found.append((left, right))
    return found
