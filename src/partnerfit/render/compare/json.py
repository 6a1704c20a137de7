"""JSON and JSON Lines output of a comparison (schema_version 1, documented in the README)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from partnerfit.batch.engine import Comparison, PairScore
from partnerfit.render.common import (
    SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    plain,
    rounded,
    tool_info,
    weights_to_dict,
)

LINES_PER_CHUNK = 2_000


def pair_to_dict(pair: PairScore, *, with_focal: bool = True) -> dict[str, Any]:
    """One pair as plain, JSON-ready data."""
    data: dict[str, Any] = {
        "candidate_id": pair.candidate_id,
        "candidate_name": pair.candidate_name,
        "status": pair.status,
        "rank": pair.rank,
        "score": rounded(pair.score),
        "tier": pair.tier,
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
        "schema_version": SCHEMA_VERSION,
        "kind": "partnerfit.comparison",
        "tool": tool_info(),
        "method": "weighted-sum",
        "weights": weights_to_dict(comparison.weights),
        "tiers": plain(dict(comparison.tiers)),
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
            record["schema_version"] = SCHEMA_VERSION
            record["kind"] = "partnerfit.pair"
            lines.append(
                json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            )
            if len(lines) == LINES_PER_CHUNK:
                yield "\n".join(lines) + "\n"
                lines.clear()
    if lines:
        yield "\n".join(lines) + "\n"
