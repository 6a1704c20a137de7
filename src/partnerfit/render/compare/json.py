"""JSON and JSON Lines output of a comparison (schema_version 2, docs/batch-and-matching.md)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from partnerfit.batch.comparison import _EMPTY, _EXCLUDED, _INSUFFICIENT, _STATUS_NAMES
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
        "notes": list(comparison.notes),
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
_RECORD = (
    '{{"candidate_id":{cid},"candidate_name":{cname},"coverage":{coverage},'
    '"criteria":{{{criteria}}},"focal_id":{fid},"focal_name":{fname},'
    f'"kind":"partnerfit.pair","rank":{{rank}},"reasons":{{reasons}},'
    f'"schema_version":"{SCORES_SCHEMA_VERSION}","score":{{score}},'
    '"score_interval":{interval},"status":"{status}","tied":{tied},"tier":{tier},'
    '"unknown":{unknown}}}\n'
)


def _text(value: str | None) -> str:
    return json.dumps(value, ensure_ascii=False)


def _numbers(values: np.ndarray[Any, Any]) -> list[str]:
    """``json.dumps(rounded(v))`` of every value: "null" for NaN."""
    return ["null" if math.isnan(v) else repr(round(v, 6) + 0.0) for v in values.tolist()]


def _criteria_cells(criteria: np.ndarray[Any, Any]) -> list[str]:
    """The inside of each pair's ``criteria`` object, keys sorted."""
    columns = {name: _numbers(criteria[:, CRITERIA.index(name)]) for name in _CRITERIA_KEYS}
    keyed = [[f'"{name}":{n}' for n in columns[name]] for name in _CRITERIA_KEYS]
    return [",".join(cells) for cells in zip(*keyed, strict=True)]


def _block_lines(block: Comparison, cache: DealbreakerCache) -> Iterator[str]:
    """The JSON lines of one block of focals, in the order of ``Comparison.pairs``, in chunks."""
    focal_ids = [_text(f.id) for f in block.focals]
    focal_names = [_text(f.name) for f in block.focals]
    cand_ids = [_text(c.id) for c in block.candidates]
    cand_names = [_text(c.name) for c in block.candidates]
    tiers = {label: _text(label) for label in block.tiers}
    unknown = [_text_list(unknown_names(bits)) for bits in range(1 << len(CRITERIA))]
    all_rows, all_slots = np.nonzero(block.kept.status != _EMPTY)
    for start in range(0, all_rows.size, LINES_PER_CHUNK * 10):
        pairs = PairColumns.of(
            block,
            all_rows[start : start + LINES_PER_CHUNK * 10],
            all_slots[start : start + LINES_PER_CHUNK * 10],
        )
        insufficient = pairs.coverage[pairs.status == _INSUFFICIENT]
        percents = [f"{c:.0%}"[:-1] for c in insufficient.tolist()]  # as pair_reasons wants them
        reasons = pair_reasons(block, pairs, percents, cache)
        labels = tiers_for(np.where(pairs.ranked, pairs.scores, np.nan), block.tiers).tolist()
        ranked, tied = pairs.ranked.tolist(), pairs.tied.tolist()
        scores, coverage = _numbers(pairs.scores), _numbers(pairs.coverage)
        low, high = _numbers(pairs.low), _numbers(pairs.high)
        lines = [
            _RECORD.format(
                cid=cand_ids[c],
                cname=cand_names[c],
                coverage=coverage[i],
                criteria=criteria,
                fid=focal_ids[r],
                fname=focal_names[r],
                rank=rank if ranked[i] else "null",
                reasons=_text_list(reasons[i]),
                score=scores[i],
                interval="null" if status == _EXCLUDED else f"[{low[i]},{high[i]}]",
                status=_STATUS_NAMES[status],
                tied=("true" if tied[i] else "false") if ranked[i] else "null",
                tier=tiers[labels[i]] if labels[i] is not None else "null",
                unknown=unknown[bits],
            )
            for i, (r, c, status, rank, bits, criteria) in enumerate(
                zip(
                    pairs.rows.tolist(),
                    pairs.cands.tolist(),
                    pairs.status.tolist(),
                    pairs.ranks.tolist(),
                    pairs.unknown_bits.tolist(),
                    _criteria_cells(pairs.criteria),
                    strict=True,
                )
            )
        ]
        yield json_text("".join(lines))


def _text_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def render_compare_jsonl_fast(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_jsonl_blocks`` with every field formatted a block of columns at a time."""
    del options
    cache = DealbreakerCache()
    for block in blocks:
        yield from _block_lines(block, cache)
