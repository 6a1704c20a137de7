"""JSON and JSON Lines output of a comparison (schema_version 2, docs/batch-and-matching.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from partnerfit.batch.engine import Comparison, PairScore
from partnerfit.render.common import (
    SCORES_SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    json_line,
    plain,
    rounded,
    tool_info,
    unknowns_to_dict,
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
