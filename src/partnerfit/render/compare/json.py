"""JSON and JSON Lines output of a comparison (schema_version 2, docs/batch-and-matching.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
    coverage_percents,
    excluded_reasons,
    insufficient_words,
    unknown_names,
)
from partnerfit.render.compare.rows import (
    Cells,
    TextTable,
    join_lines,
    rounded_reprs,
    with_long,
)
from partnerfit.scoring.coverage import tiers_for

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
# The record of ``render_compare_jsonl_blocks`` (keys sorted, compact), assembled from columns in
# numpy (``rows.join_lines``): strings encoded once per profile (``json_line``'s escaping), numbers
# as ``json.dumps(rounded(x))`` spells them. Tests hold the bytes to the per-pair writer's.

_CRITERIA_KEYS = sorted(CRITERIA)


def _text(value: str) -> str:
    """A JSON string as ``json_line`` spells it (json.dumps, then ``json_text``)."""
    return json_text(json.dumps(value, ensure_ascii=False))


def _text_list(values: Sequence[str]) -> str:
    return json_text(json.dumps(list(values), ensure_ascii=False, separators=(",", ":")))


class _Tables:
    """The encoded texts of a whole output: candidates (the same in every block), the fixed
    words, and each set's ranks, tiers and insufficient-evidence reasons."""

    def __init__(self) -> None:
        self.dealbreakers = DealbreakerCache()
        self.status = TextTable([f'"{_STATUS_NAMES[code]}"' for code in range(3)])
        self.flags = TextTable(["null", "false", "true"])
        self.unknown = TextTable(
            [_text_list(unknown_names(bits)) for bits in range(1 << len(CRITERIA))]
        )
        self.interval = (TextTable(["[", "null"]), TextTable([",", ""]), TextTable(["]", ""]))
        self._candidates: tuple[object, TextTable, TextTable] | None = None
        self._ranks = TextTable(["null"])
        self._tiers: tuple[Mapping[str, float], TextTable] | None = None
        self._reasons: tuple[float, TextTable] | None = None

    def candidates(self, block: Comparison) -> tuple[TextTable, TextTable]:
        """The ``candidate_id`` and ``candidate_name`` values of the block's candidates."""
        if self._candidates is None or self._candidates[0] is not block.candidates:
            ids = TextTable([_text(c.id) for c in block.candidates])
            names = TextTable([_text(c.name) for c in block.candidates])
            self._candidates = (block.candidates, ids, names)
        return self._candidates[1], self._candidates[2]

    def ranks(self, count: int) -> TextTable:
        """The ``rank`` values: null (index 0), then 1..count."""
        if len(self._ranks.encoded) <= count:
            self._ranks = TextTable(["null", *map(str, range(1, count + 1))])
        return self._ranks

    def tiers(self, tiers: Mapping[str, float]) -> TextTable:
        """The ``tier`` values: null (index 0), then each label in the order of ``tiers``."""
        if self._tiers is None or self._tiers[0] != tiers:
            self._tiers = (tiers, TextTable(["null", *map(_text, tiers)]))
        return self._tiers[1]

    def reasons(self, minimum: float) -> TextTable:
        """The ``reasons`` values: [] (index 0), then an insufficient pair's at each coverage
        0%..100% (index 1 + percent)."""
        if self._reasons is None or self._reasons[0] != minimum:
            words = [_text_list([insufficient_words(f"{p}%", minimum)]) for p in range(101)]
            self._reasons = (minimum, TextTable(["[]", *words]))
        return self._reasons[1]


def _tier_index(scores: np.ndarray[Any, Any], tiers: Mapping[str, float]) -> np.ndarray[Any, Any]:
    labels = tiers_for(scores, tiers)
    index = np.zeros(scores.shape, dtype=np.intp)
    for number, label in enumerate(tiers, start=1):
        index[labels == label] = number
    return index


def _reasons(block: Comparison, tables: _Tables, pairs: PairColumns) -> Cells:
    """The ``reasons`` values: an insufficient pair's looked up, an excluded pair's encoded."""
    minimum = block.unknowns.min_coverage
    insufficient = np.flatnonzero(pairs.status == _INSUFFICIENT)
    percents = coverage_percents(pairs.coverage[insufficient])
    index = np.zeros(len(pairs.rows), dtype=np.intp)
    index[insufficient] = percents + 1  # -1 (written by Python below) is []
    odd = insufficient[percents < 0]
    long = {
        position: _text_list([insufficient_words(f"{coverage:.0%}", minimum)]).encode()
        for position, coverage in zip(odd.tolist(), pairs.coverage[odd].tolist(), strict=True)
    }
    for position, reasons in excluded_reasons(block, pairs, tables.dealbreakers).items():
        long[position] = _text_list(reasons).encode()
    return with_long(tables.reasons(minimum).cells(index), long)


def _chunk(block: Comparison, tables: _Tables, focals: _Focals, pairs: PairColumns) -> bytes:
    """The JSON lines of the given pairs of a block."""
    ranked, excluded = pairs.ranked, pairs.status == _EXCLUDED
    cand_ids, cand_names = tables.candidates(block)
    ranks = tables.ranks(block.kept.selected.shape[1])
    tiers = _tier_index(np.where(ranked, pairs.scores, np.nan), block.tiers)
    opening, comma, closing = (table.cells(excluded.astype(np.intp)) for table in tables.interval)
    criteria: list[bytes | Cells] = []
    for number, name in enumerate(_CRITERIA_KEYS):
        criteria += (
            ((',"' if number else '"') + f'{name}":').encode(),
            rounded_reprs(pairs.criteria[:, CRITERIA.index(name)]),
        )
    parts: list[bytes | Cells] = [
        b'{"candidate_id":',
        cand_ids.cells(pairs.cands),
        b',"candidate_name":',
        cand_names.cells(pairs.cands),
        b',"coverage":',
        rounded_reprs(pairs.coverage),
        b',"criteria":{',
        *criteria,
        b'},"focal_id":',
        focals.ids.cells(pairs.rows),
        b',"focal_name":',
        focals.names.cells(pairs.rows),
        b',"kind":"partnerfit.pair","rank":',
        ranks.cells(np.where(ranked, pairs.ranks, 0)),
        b',"reasons":',
        _reasons(block, tables, pairs),
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
        tables.tiers(block.tiers).cells(tiers),
        b',"unknown":',
        tables.unknown.cells(pairs.unknown_bits),
        b"}\n",
    ]
    return join_lines(parts, len(pairs.rows))


@dataclass(frozen=True)
class _Focals:
    """The ``focal_id`` and ``focal_name`` values of a block's focals."""

    ids: TextTable
    names: TextTable


def render_compare_jsonl_fast(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_jsonl_blocks`` with every field formatted a chunk of rows at a time."""
    del options
    tables = _Tables()
    for block in blocks:
        focals = _Focals(
            TextTable([_text(f.id) for f in block.focals]),
            TextTable([_text(f.name) for f in block.focals]),
        )
        all_rows, all_slots = np.nonzero(block.kept.status != _EMPTY)
        for start in range(0, all_rows.size, ROWS_PER_CHUNK):
            rows = all_rows[start : start + ROWS_PER_CHUNK]
            slots = all_slots[start : start + ROWS_PER_CHUNK]
            yield _chunk(block, tables, focals, PairColumns.of(block, rows, slots)).decode()
