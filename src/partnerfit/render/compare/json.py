"""JSON and JSON Lines output of a comparison (schema_version 2, docs/batch-and-matching.md)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from partnerfit.batch.comparison import _EXCLUDED, _STATUS_NAMES
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
    BlockLookups,
    Lookups,
    PairColumns,
    Spelling,
    formatted,
    of_one_comparison,
    reason_cells,
    tier_cells,
    unknown_names,
)
from partnerfit.render.compare.reasons import ReasonFrame
from partnerfit.render.compare.rows import Cells, join_lines, rounded_reprs

LINES_PER_CHUNK = 2_000
ROWS_PER_CHUNK = 10_000


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
    """Render a comparison as one JSON document (built when called, not when first read: the
    registry runs it with fewer collections, which walked every record built so far)."""
    del options
    return iter((dump_json(comparison_to_dict(comparison)),))


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
# The record of ``render_compare_jsonl_blocks`` (keys sorted, compact), assembled from columns in
# numpy (``rows.join_lines``): strings encoded once per profile (``json_line``'s escaping), numbers
# as ``json.dumps(rounded(x))`` spells them. Tests hold the bytes to the per-pair writer's.

_CRITERIA_KEYS = sorted(CRITERIA)


def _text(value: str) -> str:
    """A JSON string as ``json_line`` spells it (json.dumps, then ``json_text``)."""
    return json_text(json.dumps(value, ensure_ascii=False))


def _piece(value: str) -> str:
    """Part of a JSON string as ``_text`` spells it (within the quotes)."""
    return _text(value)[1:-1]


def _text_list(values: Sequence[str]) -> str:
    return json_text(json.dumps(list(values), ensure_ascii=False, separators=(",", ":")))


class _Tables(Lookups):
    """The values of a whole output, each encoded once (``json_line``'s escaping)."""

    def __init__(self) -> None:
        super().__init__(
            Spelling(
                text=_text,
                reasons=_text_list,
                no_rank="null",
                no_tier="null",
                no_reasons="[]",
                frame=ReasonFrame(
                    open='["', open_formula='["', separator='","', close='"]', piece=_piece
                ),
            )
        )
        self.status = self.table([f'"{_STATUS_NAMES[code]}"' for code in range(3)])
        self.flags = self.table(["null", "false", "true"])
        self.unknown = self.table([_text_list(unknown_names(b)) for b in range(1 << len(CRITERIA))])
        self.interval = (self.table(["[", "null"]), self.table([",", ""]), self.table(["]", ""]))


def _chunk(tables: _Tables, looked_up: BlockLookups, pairs: PairColumns) -> memoryview:
    """The JSON lines of the given pairs of a block, in UTF-8."""
    ranked, excluded = pairs.ranked, pairs.status == _EXCLUDED
    opening, comma, closing = (table.cells(excluded.astype(np.intp)) for table in tables.interval)
    criteria: list[bytes | Cells] = []
    for number, name in enumerate(_CRITERIA_KEYS):
        criteria += (
            ((',"' if number else '"') + f'{name}":').encode(),
            rounded_reprs(pairs.criteria[:, CRITERIA.index(name)]),
        )
    parts: list[bytes | Cells] = [
        b'{"candidate_id":',
        looked_up.cand_ids.cells(pairs.cands),
        b',"candidate_name":',
        looked_up.cand_names.cells(pairs.cands),
        b',"coverage":',
        rounded_reprs(pairs.coverage),
        b',"criteria":{',
        *criteria,
        b'},"focal_id":',
        looked_up.focal_ids.cells(pairs.rows),
        b',"focal_name":',
        looked_up.focal_names.cells(pairs.rows),
        b',"kind":"partnerfit.pair","rank":',
        looked_up.ranks.cells(np.where(ranked, pairs.ranks, 0)),
        b',"reasons":',
        reason_cells(looked_up, pairs),
        f',"schema_version":"{SCORES_SCHEMA_VERSION}","score":'.encode(),
        rounded_reprs(pairs.scores),
        b',"score_interval":',
        opening,
        rounded_reprs(pairs.low, blank=excluded),
        comma,
        rounded_reprs(pairs.high, blank=excluded),
        closing,
        b',"status":',
        tables.status.cells(pairs.status),
        b',"tied":',
        tables.flags.cells(np.where(ranked, pairs.tied.astype(np.intp) + 1, 0)),
        b',"tier":',
        tier_cells(looked_up, pairs),
        b',"unknown":',
        tables.unknown.cells(pairs.unknown_bits),
        b"}\n",
    ]
    return join_lines(parts, len(pairs.rows))


def render_compare_jsonl_fast(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_jsonl_blocks`` with every field formatted a chunk of rows at a time."""
    del options
    tables = _Tables()
    yield from formatted(blocks, tables, functools.partial(_chunk, tables), ROWS_PER_CHUNK)


render_compare_jsonl_fast_whole = of_one_comparison(render_compare_jsonl_fast)
