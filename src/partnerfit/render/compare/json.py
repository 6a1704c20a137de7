"""JSON and JSON Lines output of a comparison (schema_version 2, docs/batch-and-matching.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from partnerfit.batch.comparison import _EMPTY, _EXCLUDED, _STATUS_NAMES
from partnerfit.batch.engine import Comparison, PairScore
from partnerfit.model import CRITERIA
from partnerfit.render.common import (
    SCORES_SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    json_line,
    json_text,
    plain,
    rounded,
    tool_info,
    unknowns_to_dict,
    weights_to_dict,
)
from partnerfit.render.compare.fast import (
    DealbreakerCache,
    PairColumns,
    pair_reasons,
    unknown_names,
)
from partnerfit.scoring.coverage import tiers_for

LINES_PER_CHUNK = 2_000


def pair_to_dict(pair: PairScore, *, with_focal: bool = True) -> dict[str, Any]:
    """One pair as plain, JSON-ready data."""
    data: dict[str, Any] = {
        "candidate_id": pair.candidate_id,
        "candidate_name": pair.candidate_name,
        "status": pair.status,
        "rank": pair.rank,
        "tied": pair.tied,
        "score": rounded(pair.score),
        "tier": pair.tier,
        "coverage": rounded(pair.coverage),
        "score_interval": [rounded(v) for v in pair.interval] if pair.interval else None,
        "criteria": {name: rounded(value) for name, value in pair.criteria.items()},
        "unknown": list(pair.unknown),
        "reasons": list(pair.reasons),
    }
    if with_focal:
        data["focal_id"] = pair.focal_id
        data["focal_name"] = pair.focal_name
    return data


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The whole comparison as plain, JSON-ready data."""
    focals = []
    for index, focal in enumerate(comparison.focals):
        focals.append(
            {
                "id": focal.id,
                "name": focal.name,
                "summary": plain(comparison.summaries[index]),
                "pairs": [pair_to_dict(p, with_focal=False) for p in comparison.focal_pairs(index)],
            }
        )
    return {
        "schema_version": SCORES_SCHEMA_VERSION,
        "kind": "partnerfit.comparison",
        "tool": tool_info(),
        "method": "weighted-sum",
        "weights": weights_to_dict(comparison.weights),
        "tiers": plain(dict(comparison.tiers)),
        "unknowns": unknowns_to_dict(comparison.unknowns),
        "top_k": comparison.top_k,
        "min_score": rounded(comparison.min_score),
        "summary": {
            "focals": len(comparison.focals),
            "candidates": len(comparison.candidates),
            "pairs": comparison.pair_count,
        },
        "focals": focals,
        "notes": list(comparison.reported_notes),
    }


def render_compare_json(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Render a comparison as one JSON document."""
    del options
    yield dump_json(comparison_to_dict(comparison))


def render_compare_jsonl(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Render a comparison as JSON Lines: one object per pair, each with its schema_version."""
    return render_compare_jsonl_blocks((comparison,), options)


def render_compare_jsonl_blocks(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_jsonl`` of a comparison that arrives a block of focals at a time."""
    del options
    lines: list[str] = []
    for block in blocks:
        for pair in block.pairs():
            record = pair_to_dict(pair)
            record["schema_version"] = SCORES_SCHEMA_VERSION
            record["kind"] = "partnerfit.pair"
            lines.append(json_line(record))
            if len(lines) == LINES_PER_CHUNK:
                yield "".join(lines)
                lines.clear()
    if lines:
        yield "".join(lines)


# --- JSON Lines, formatted a block at a time ----------------------------------------------------
# The record of ``render_compare_jsonl_blocks`` (keys sorted, compact), assembled from columns:
# strings encoded once per profile, numbers as ``json.dumps(rounded(x))`` spells them. A test
# holds the bytes to the per-pair writer's.

_CRITERIA_KEYS = sorted(CRITERIA)
_HEAD = '{"candidate_id":'
_KIND_TO_RANK = ',"kind":"partnerfit.pair","rank":'
_SCHEMA_TO_SCORE = f',"schema_version":"{SCORES_SCHEMA_VERSION}","score":'


def _text(value: str) -> str:
    """A JSON string as ``json_line`` spells it (json.dumps, then ``json_text``)."""
    return json_text(json.dumps(value, ensure_ascii=False))


def _text_list(values: Sequence[str]) -> str:
    return json_text(json.dumps(list(values), ensure_ascii=False, separators=(",", ":")))


def _numbers(values: np.ndarray[Any, Any]) -> list[str]:
    """``json.dumps(rounded(v))`` of every value: "null" for NaN (v != v)."""
    return [repr(round(v, 6) + 0.0) if v == v else "null" for v in values.tolist()]


def _criteria_cells(criteria: np.ndarray[Any, Any]) -> list[str]:
    """Each pair's ``criteria`` object, keys sorted."""
    columns = [_numbers(criteria[:, CRITERIA.index(name)]) for name in _CRITERIA_KEYS]
    keys = [f'"{name}":' for name in _CRITERIA_KEYS]
    return [
        "{" + ",".join([k + v for k, v in zip(keys, cells, strict=True)]) + "}"
        for cells in zip(*columns, strict=True)
    ]


def _block_lines(block: Comparison, cache: DealbreakerCache) -> Iterator[str]:
    """The JSON lines of one block of focals, in the order of ``Comparison.pairs``, in chunks.

    Every text that can come from a file (ids, names, tiers, reasons) is encoded on its own;
    numbers, keys and the fixed words are ASCII, so the line needs no pass of its own.
    """
    focal_ids = [_text(f.id) for f in block.focals]
    focal_names = [_text(f.name) for f in block.focals]
    cand_ids = [_text(c.id) for c in block.candidates]
    cand_names = [_text(c.name) for c in block.candidates]
    tiers = {label: _text(label) for label in block.tiers}
    unknown = [_text_list(unknown_names(bits)) for bits in range(1 << len(CRITERIA))]
    statuses = {code: f'"{name}"' for code, name in _STATUS_NAMES.items()}
    encoded: dict[tuple[str, ...], str] = {}  # most reasons repeat: none, the insufficient ones
    all_rows, all_slots = np.nonzero(block.kept.status != _EMPTY)
    step = LINES_PER_CHUNK * 10
    for start in range(0, all_rows.size, step):
        pairs = PairColumns.of(
            block, all_rows[start : start + step], all_slots[start : start + step]
        )
        reasons = ["[]"] * len(pairs.rows)
        for position, texts in pair_reasons(block, pairs, cache).items():
            cell = encoded.get(texts)
            if cell is None:
                cell = encoded[texts] = _text_list(texts)
            reasons[position] = cell
        labels = tiers_for(np.where(pairs.ranked, pairs.scores, np.nan), block.tiers).tolist()
        tier_cells = [tiers[label] if label is not None else "null" for label in labels]
        rank_cells = np.where(pairs.ranked, pairs.ranks, 0).tolist()
        tied_cells = np.where(pairs.ranked, pairs.tied.astype(np.int8) + 1, 0).tolist()
        scores, coverage = _numbers(pairs.scores), _numbers(pairs.coverage)
        low, high = _numbers(pairs.low), _numbers(pairs.high)
        flags = ("null", "false", "true")
        yield "".join(
            [
                f'{_HEAD}{cand_ids[c]},"candidate_name":{cand_names[c]},"coverage":{cov},'
                f'"criteria":{crit},"focal_id":{focal_ids[r]},'
                f'"focal_name":{focal_names[r]}{_KIND_TO_RANK}{rank or "null"},'
                f'"reasons":{why}{_SCHEMA_TO_SCORE}{score},"score_interval":'
                + ("null" if status == _EXCLUDED else f"[{lo},{hi}]")
                + f',"status":{statuses[status]},"tied":{flags[tie]},"tier":{tier},'
                f'"unknown":{unknown[bits]}}}\n'
                for r, c, status, rank, tie, bits, crit, why, tier, score, cov, lo, hi in zip(
                    pairs.rows.tolist(),
                    pairs.cands.tolist(),
                    pairs.status.tolist(),
                    rank_cells,
                    tied_cells,
                    pairs.unknown_bits.tolist(),
                    _criteria_cells(pairs.criteria),
                    reasons,
                    tier_cells,
                    scores,
                    coverage,
                    low,
                    high,
                    strict=True,
                )
            ]
        )


def render_compare_jsonl_fast(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_jsonl_blocks`` with every field formatted a block of columns at a time."""
    del options
    cache = DealbreakerCache()
    for block in blocks:
        yield from _block_lines(block, cache)
