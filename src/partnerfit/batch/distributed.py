"""``compare`` past one machine: candidate partitions scored on a Dask ``distributed`` cluster.

The candidates, sorted by id as ``compare`` sorts them, are cut into contiguous partitions. The
focal profiles are scattered to every worker once; each task runs the same engine function as a
single-machine ``compare`` (one focal block against one partition, top k), and the client merges
the partial top-k lists of each focal: by score as ``rank`` orders them (rounded, descending),
then by candidate id. A pair's score does not depend on which other candidates are scored beside
it, so the merged result is the single-machine result, pair for pair and count for count.

Install with ``pip install 'partnerfit[dask]'``; ``dask`` is imported only here.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from partnerfit.batch.comparison import _RANKED, Comparison, FocalSummary, KeptPairs
from partnerfit.batch.engine import _resolve_focals, compare
from partnerfit.errors import PartnerfitError, UsageError
from partnerfit.model import Profile
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.scoring.card import Weights, resolve_weights
from partnerfit.scoring.ties import competition_ranks, tie_keys

if TYPE_CHECKING:
    from distributed import Client

TASKS_PER_WORKER = 2
"""Candidate partitions per worker by default: few tasks, each long against its overhead
(encoding the focal block, about 1 ms of scheduling), two so that a slow worker can be helped."""


def connect(address: str) -> Client:
    """A client of the Dask scheduler at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'partnerfit[dask]'") from None
    try:
        return Client(address, timeout="10s")
    except OSError as error:
        raise PartnerfitError(f"cannot reach the Dask scheduler at {address}: {error}") from None


MMAP_THRESHOLD = 64 << 20
"""Bytes above which a worker's glibc maps an allocation afresh (see ``roomy_allocator``)."""
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


@functools.cache
def roomy_allocator() -> bool:
    """Let a worker's arrays of up to ``MMAP_THRESHOLD`` come from the heap; True if done.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``. Setting any of glibc's
    malloc thresholds also fixes the mmap threshold at 128 KiB, so every temporary array of the
    engine above that is mapped and unmapped again, page by page: the same task took 8.8 s in a
    worker against 5.7 s in a plain process here (10,000 focals × 5,000 candidates, top-10).
    Raising the mmap threshold in the worker gives the plain process's speed back and keeps
    Dask's trimming. Elsewhere than glibc (macOS, musl) nothing is changed.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):
        return False


def _score_partition(
    focals: tuple[Profile, ...],
    candidates: tuple[Profile, ...],
    config: Any,
    weights: Weights,
    top_k: int,
    min_score: float | None,
) -> Comparison:
    """One task: the focal block against one candidate partition, as ``compare`` scores it.

    The profiles are left out of the result: the client has them, and sending them back would
    cost more than the scoring.
    """
    roomy_allocator()
    profiles = ProfileSet(profiles=focals, sources={}, config=config, config_source=None)
    # one thread: the cluster runs a task per worker thread already
    result = compare(
        profiles, None, candidates, top_k=top_k, min_score=min_score, weights=weights, threads=1
    )
    return dataclasses.replace(result, focals=(), candidates=())


def compare_on_dask(
    client: Client,
    profiles: ProfileSet | str | Path,
    focal: str | Profile | Sequence[str | Profile] | None = None,
    candidates: ProfileSet | Sequence[Profile] | str | Path | None = None,
    *,
    top_k: int,
    min_score: float | None = None,
    weights: Weights | None = None,
    weight_overrides: Mapping[str, float] | None = None,
    partition: int | None = None,
) -> Comparison:
    """``compare(..., top_k=k)`` with the candidates scored in partitions on a Dask cluster."""
    if not isinstance(profiles, ProfileSet):
        profiles = load_profile_set(profiles)
    if top_k < 1:
        raise UsageError("--top-k must be at least 1")
    if partition is not None and partition < 1:
        raise UsageError("the partition size must be at least 1")
    if isinstance(candidates, str | Path):
        candidates = load_profile_set(candidates, config_path=profiles.config_source)
    pool = candidates if candidates is not None else profiles
    cands = tuple(
        sorted(pool.profiles if isinstance(pool, ProfileSet) else pool, key=lambda p: p.id)
    )
    focals = _resolve_focals(focal, profiles)
    resolved = weights or resolve_weights(profiles.config, weight_overrides)
    if not cands:
        alone = _score_partition(focals, cands, profiles.config, resolved, top_k, min_score)
        return dataclasses.replace(alone, focals=focals)
    if partition is None:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        partition = -(-len(cands) // (TASKS_PER_WORKER * workers))
    starts = list(range(0, len(cands), partition))
    [focal_future] = client.scatter([focals], broadcast=True)
    futures = client.map(
        _score_partition,
        [focal_future] * len(starts),
        [cands[s : s + partition] for s in starts],
        config=profiles.config,
        weights=resolved,
        top_k=top_k,
        min_score=min_score,
        pure=False,
    )
    parts: list[Comparison] = client.gather(futures)
    return merge_top_k(parts, starts, focals, cands, top_k)


def merge_top_k(
    parts: Sequence[Comparison],
    starts: Sequence[int],
    focals: tuple[Profile, ...],
    candidates: tuple[Profile, ...],
    k: int,
) -> Comparison:
    """One comparison from the top-k comparisons of contiguous candidate partitions."""
    first = parts[0]
    n_focal = len(focals)
    width = min(k, len(candidates))
    selected = np.concatenate(
        [
            np.where(p.kept.selected >= 0, p.kept.selected + s, -1)
            for p, s in zip(parts, starts, strict=True)
        ],
        axis=1,
    )
    scores = np.concatenate([p.kept.scores for p in parts], axis=1)
    # ranked slots first, by rounded score descending then candidate index (= id order)
    keys = np.where(np.isnan(scores), np.inf, -tie_keys(np.nan_to_num(scores, nan=0.0)))
    position = np.where(selected >= 0, selected, np.iinfo(np.int64).max)
    order = np.lexsort((position, keys), axis=1)[:, :width]
    rows = np.arange(n_focal)[:, None]
    merged: dict[str, Any] = {"selected": selected[rows, order]}
    for item in dataclasses.fields(KeptPairs):
        if item.name not in merged and item.name != "weights":
            slots = np.concatenate([getattr(p.kept, item.name) for p in parts], axis=1)
            merged[item.name] = slots[rows, order]
    ranked = [int(n) for n in (merged["selected"] >= 0).sum(axis=1)]
    ties_beyond = _rank_merged(merged, parts, -keys[rows, order], -keys)
    return dataclasses.replace(
        first,
        focals=focals,
        candidates=candidates,
        kept=dataclasses.replace(first.kept, **merged),
        summaries=tuple(
            _merge_summaries(parts, i, ranked[i], ties_beyond[i]) for i in range(n_focal)
        ),
    )


def _rank_merged(
    merged: dict[str, Any], parts: Sequence[Comparison], kept_keys: Any, all_keys: Any
) -> list[int]:
    """Competition ranks and tie flags of the merged rows (each part ranked only its own
    candidates), and per row how many candidates cut by the top k tie with the last one kept.

    Every candidate tied with the last one kept is among the parts' kept slots, or beyond a
    part's own cut with that part's last key, which the part counted."""
    beyond: list[int] = []
    for row in range(kept_keys.shape[0]):
        ranked = merged["status"][row] == _RANKED
        count = int(ranked.sum())
        ranks, tied = competition_ranks(kept_keys[row, :count].tolist())
        merged["ranks"][row, :count] = ranks
        merged["tied"][row, :count] = tied
        if count == 0:
            beyond.append(0)
            continue
        last = float(kept_keys[row, count - 1])
        extra = int((all_keys[row] == last).sum()) - int((kept_keys[row, :count] == last).sum())
        for part in parts:
            n = int((part.kept.status[row] == _RANKED).sum())
            if n and float(tie_keys(part.kept.scores[row, n - 1 : n])[0]) == last:
                extra += part.summaries[row].tied_beyond_top_k
        beyond.append(extra)
    return beyond


def _merge_summaries(
    parts: Sequence[Comparison], index: int, ranked: int, tied_beyond: int
) -> FocalSummary:
    totals = {
        item.name: sum(getattr(p.summaries[index], item.name) for p in parts)
        for item in dataclasses.fields(FocalSummary)
    }
    eligible = totals["ranked"] + totals["cut_by_top_k"]
    totals["ranked"] = ranked
    totals["cut_by_top_k"] = eligible - ranked
    totals["tied_beyond_top_k"] = tied_beyond
    return FocalSummary(**totals)
