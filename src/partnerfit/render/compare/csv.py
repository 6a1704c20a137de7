"""CSV output of a comparison: one row per pair (long), or a focal × candidate matrix."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from partnerfit.batch.comparison import (
    _EMPTY,
    Comparison,
    FloatArray,
)
from partnerfit.model import CRITERIA
from partnerfit.render.common import SCORE_COLUMNS, RenderOptions, csv_cell, tied_cell
from partnerfit.render.compare.fast import (
    DealbreakerCache,
    PairColumns,
    pair_reasons,
    unknown_names,
)
from partnerfit.scoring.coverage import tiers_for

COMPARE_CSV_COLUMNS = (
    "focal_id",
    "rank",
    "candidate_id",
    "candidate_name",
    "status",
    *SCORE_COLUMNS,
    "unknown",
    "reasons",
    "tied",
)
ROWS_PER_CHUNK = 20_000


def _fmt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _rows(rows: Iterator[Sequence[object]], header: Sequence[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _pair_rows(comparison: Comparison) -> Iterator[list[object]]:
    for pair in comparison.pairs():
        yield [
            csv_cell(pair.focal_id),
            "" if pair.rank is None else pair.rank,
            csv_cell(pair.candidate_id),
            csv_cell(pair.candidate_name),
            pair.status,
            _fmt(pair.score, 1),
            csv_cell(pair.tier or ""),
            _fmt(pair.coverage, 4),
            _fmt(pair.interval[0] if pair.interval else None, 1),
            _fmt(pair.interval[1] if pair.interval else None, 1),
            *(_fmt(pair.criteria[c], 4) for c in CRITERIA),
            ";".join(pair.unknown),
            csv_cell("; ".join(pair.reasons)),
            tied_cell(pair.tied),
        ]


def render_compare_csv(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """One row per pair; unknown criteria are empty cells, excluded pairs have no rank."""
    return render_compare_csv_blocks((comparison,), options)


def render_compare_csv_blocks(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_csv`` of a comparison that arrives a block of focals at a time."""
    del options
    rows = (row for block in blocks for row in _pair_rows(block))
    yield from _rows(rows, COMPARE_CSV_COLUMNS)


def _matrix_rows(comparison: Comparison, matrix: FloatArray, digits: int) -> Iterator[list[str]]:
    for focal, row in zip(comparison.focals, matrix, strict=True):
        yield [
            csv_cell(focal.id),
            *("" if math.isnan(value) else f"{value:.{digits}f}" for value in row.tolist()),
        ]


def render_compare_matrix(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Focal × candidate totals; empty unless the pair is ranked and kept."""
    return render_compare_matrix_blocks((comparison,), options)


def render_compare_matrix_blocks(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_matrix`` of a comparison that arrives a block of focals at a time."""
    del options
    stream = iter(blocks)
    first = next(stream, None)
    if first is None:
        return
    header = ["focal_id", *(csv_cell(c.id) for c in first.candidates)]
    rows = (
        row
        for block in itertools.chain([first], stream)
        for row in _matrix_rows(block, block.matrix(), 2)
    )
    yield from _rows(rows, header)


def render_compare_coverage_matrix(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Focal × candidate coverage (0..1), the same shape as the matrix; empty unless scored."""
    del options
    header = ["focal_id", *(csv_cell(c.id) for c in comparison.candidates)]
    yield from _rows(_matrix_rows(comparison, comparison.coverage_matrix(), 4), header)


# --- the long CSV, formatted a block at a time ------------------------------------------------
# Each column of a block is looked up in a table (numbers, ranks, ids, names, tiers, the set of
# unknown criteria), so no per-pair object is built; only excluded pairs reach Python code, for
# their dealbreaker reasons. The bytes are those of ``render_compare_csv``: a test holds it.


def _escape(text: str) -> str:
    """One CSV text cell as ``render_compare_csv`` writes it among others (``csv_cell``, then
    quoted by csv.writer only when needed)."""
    text = csv_cell(text)
    if not text or not any(c in text for c in ',"\r\n'):
        return text
    # what csv.writer's default dialect writes for such a cell (a test compares the bytes)
    return '"' + text.replace('"', '""') + '"'


def _decimals(values: np.ndarray[Any, Any], digits: int, high: int) -> list[str]:
    """``f"{v:.{digits}f}"`` of values in 0..high, "" for NaN, through a table of every string."""
    scale = 10**digits
    top = high * scale
    table = _number_table(digits, top)
    scaled = values * scale
    index = np.rint(np.nan_to_num(scaled, nan=-1.0))
    # near a half the binary value decides the rounding: let Python format those few
    doubtful = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    outside = (index < 0) | (index > top)
    texts: list[str] = table[np.clip(index, 0, top).astype(np.int64)].tolist()
    for position in np.flatnonzero((doubtful | outside) & ~np.isnan(values)).tolist():
        texts[position] = f"{float(values[position]):.{digits}f}"
    for position in np.flatnonzero(np.isnan(values)).tolist():
        texts[position] = ""
    return texts


@functools.cache
def _number_table(digits: int, top: int) -> np.ndarray[Any, Any]:
    return np.array([f"{i / 10**digits:.{digits}f}" for i in range(top + 1)], dtype=object)


def _tiers(scores: np.ndarray[Any, Any], tiers: Mapping[str, float]) -> list[str]:
    """The ``tier`` cell of every score at once ("" when none, or when the score is NaN)."""
    escaped = {label: _escape(label) for label in tiers}
    return [escaped[label] if label else "" for label in tiers_for(scores, tiers).tolist()]


@dataclass(frozen=True)
class _Tables:
    """The texts a block's cells are looked up in, escaped once per block."""

    focal_ids: np.ndarray[Any, Any]
    cand_ids: np.ndarray[Any, Any]
    cand_names: np.ndarray[Any, Any]
    rank_texts: np.ndarray[Any, Any]
    dealbreakers: DealbreakerCache


@functools.cache
def _unknown_texts() -> list[str]:
    """Per set of unknown criteria (a bit each): the ``unknown`` cell."""
    return [";".join(unknown_names(bits)) for bits in range(1 << len(CRITERIA))]


_STATUS_TEXTS = np.array(["ranked", "excluded", "insufficient"], dtype=object)
_TIED_TEXTS = np.array([tied_cell(None), tied_cell(False), tied_cell(True)], dtype=object)


_FAST_COLUMNS = (
    "focal_id",
    "rank",
    "candidate_id",
    "candidate_name",
    "status",
    "score",
    "tier",
    "coverage",
    "score_low",
    "score_high",
    *CRITERIA,
    "unknown",
    "reasons",
    "tied",
)
"""The columns ``_lines`` writes, in order."""


def _block_chunks(block: Comparison, cache: DealbreakerCache) -> Iterator[str]:
    """The CSV lines of one block of focals, in the order of ``Comparison.pairs``, in chunks."""
    tables = _Tables(
        focal_ids=np.array([_escape(f.id) for f in block.focals], dtype=object),
        cand_ids=np.array([_escape(c.id) for c in block.candidates], dtype=object),
        cand_names=np.array([_escape(c.name) for c in block.candidates], dtype=object),
        rank_texts=np.array(
            ["", *map(str, range(1, block.kept.selected.shape[1] + 1))], dtype=object
        ),
        dealbreakers=cache,
    )
    all_rows, all_slots = np.nonzero(block.kept.status != _EMPTY)
    for start in range(0, all_rows.size, ROWS_PER_CHUNK):
        rows = all_rows[start : start + ROWS_PER_CHUNK]
        slots = all_slots[start : start + ROWS_PER_CHUNK]
        yield "\n".join(_lines(block, tables, PairColumns.of(block, rows, slots))) + "\n"


def _reasons(block: Comparison, tables: _Tables, pairs: PairColumns) -> list[str]:
    """The ``reasons`` cell: dealbreakers of excluded pairs, the coverage of insufficient ones."""
    escaped: dict[tuple[str, ...], str] = {}  # most texts repeat: none, the insufficient ones
    cells = []
    for reasons in pair_reasons(block, pairs, tables.dealbreakers):
        cell = escaped.get(reasons)
        if cell is None:
            cell = escaped[reasons] = _escape("; ".join(reasons))
        cells.append(cell)
    return cells


def _lines(block: Comparison, tables: _Tables, pairs: PairColumns) -> list[str]:
    """The CSV lines of the given pairs of a block."""
    unknown_texts = _unknown_texts()
    ranked = pairs.ranked
    columns = [
        tables.focal_ids[pairs.rows].tolist(),
        tables.rank_texts[np.where(ranked, pairs.ranks, 0)].tolist(),
        tables.cand_ids[pairs.cands].tolist(),
        tables.cand_names[pairs.cands].tolist(),
        _STATUS_TEXTS[pairs.status].tolist(),
        _decimals(pairs.scores, 1, 100),
        _tiers(np.where(ranked, pairs.scores, np.nan), block.tiers),
        _decimals(pairs.coverage, 4, 1),
        _decimals(pairs.low, 1, 100),
        _decimals(pairs.high, 1, 100),
        *(_decimals(pairs.criteria[:, c], 4, 1) for c in range(len(CRITERIA))),
        [unknown_texts[bits] for bits in pairs.unknown_bits.tolist()],
        _reasons(block, tables, pairs),
        _TIED_TEXTS[np.where(ranked, pairs.tied.astype(np.int64) + 1, 0)].tolist(),
    ]
    return [",".join(cells) for cells in zip(*columns, strict=True)]


def render_compare_csv_fast(blocks: Iterable[Comparison], options: RenderOptions) -> Iterator[str]:
    """``render_compare_csv_blocks`` with every column formatted by table look-ups."""
    if COMPARE_CSV_COLUMNS != _FAST_COLUMNS:
        # a column was added to the CSV but not to ``_lines``: right, if slower
        yield from render_compare_csv_blocks(blocks, options)
        return
    yield ",".join(COMPARE_CSV_COLUMNS) + "\n"
    cache = DealbreakerCache()
    for block in blocks:
        yield from _block_chunks(block, cache)
