"""CSV output of a comparison: one row per pair (long), or a focal × candidate matrix."""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from partnerfit.batch.comparison import (
    _EMPTY,
    _INSUFFICIENT,
    Comparison,
    FloatArray,
)
from partnerfit.model import CRITERIA
from partnerfit.render.common import SCORE_COLUMNS, RenderOptions, csv_cell, tied_cell
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
    decimal_columns,
    decimals,
    join_lines,
    rounded_units,
    with_long,
)
from partnerfit.scoring.coverage import SHOWN_DECIMALS, tiers_for

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
Array = np.ndarray[Any, Any]


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
# Each column of a chunk of rows is looked up in a table of bytes escaped once (ids, names,
# ranks, tiers, the set of unknown criteria) or written digit by digit (numbers), and the lines
# are put together in numpy (``rows.join_lines``); only excluded and insufficient pairs reach
# Python code, for their reasons. The bytes are those of ``render_compare_csv``: tests hold it.


_QUOTED = re.compile('[,"\r\n]')


def _escape(text: str) -> str:
    """One CSV text cell as ``render_compare_csv`` writes it among others (``csv_cell``, then
    quoted by csv.writer only when needed)."""
    text = csv_cell(text)
    if _QUOTED.search(text) is None:
        return text
    # what csv.writer's default dialect writes for such a cell (a test compares the bytes)
    return '"' + text.replace('"', '""') + '"'


def _cells(texts: Iterable[str], end: str = ",") -> TextTable:
    """A table of CSV cells, each followed by the separator that ends it in a line."""
    return TextTable([text + end for text in texts])


class _Tables:
    """The escaped cells of a whole output, each encoded once with the separator after it:
    the candidates' ids and names (the same candidates in every block), the fixed words, and
    each set's ranks, tiers and insufficient-evidence reasons."""

    def __init__(self) -> None:
        self.dealbreakers = DealbreakerCache()
        self.status = _cells(["ranked", "excluded", "insufficient"])
        self.tied = _cells([tied_cell(None), tied_cell(False), tied_cell(True)], "\n")
        self.unknown = _cells(";".join(unknown_names(b)) for b in range(1 << len(CRITERIA)))
        self._candidates: tuple[object, TextTable, TextTable] | None = None
        self._ranks = _cells([""])
        self._tiers: tuple[Mapping[str, float], TextTable, Array] | None = None
        self._reasons: tuple[float, TextTable] | None = None

    def candidates(self, block: Comparison) -> tuple[TextTable, TextTable]:
        """The ``candidate_id`` and ``candidate_name`` cells of the block's candidates."""
        if self._candidates is None or self._candidates[0] is not block.candidates:
            ids = _cells(_escape(c.id) for c in block.candidates)
            names = _cells(_escape(c.name) for c in block.candidates)
            self._candidates = (block.candidates, ids, names)
        return self._candidates[1], self._candidates[2]

    def ranks(self, count: int) -> TextTable:
        """The ``rank`` cells: "" for an unranked pair (index 0), then 1..count."""
        if len(self._ranks.encoded) <= count:
            self._ranks = _cells(["", *map(str, range(1, count + 1))])
        return self._ranks

    def reasons(self, minimum: float) -> TextTable:
        """The ``reasons`` cells looked up: "" (index 0), then an insufficient pair's at each
        coverage 0%..100% (index 1 + percent)."""
        if self._reasons is None or self._reasons[0] != minimum:
            words = [_escape(insufficient_words(f"{p}%", minimum)) for p in range(101)]
            self._reasons = (minimum, _cells(["", *words]))
        return self._reasons[1]

    def tiers(self, tiers: Mapping[str, float]) -> tuple[TextTable, Array]:
        """The ``tier`` cells: "" (index 0), then each label in the order of ``tiers``; and
        the index of the tier of each score as shown (0.0, 0.1, … 100.0)."""
        if self._tiers is None or self._tiers[0] != tiers:
            shown = np.arange(_TOP_SHOWN + 1) / 10**SHOWN_DECIMALS
            self._tiers = (tiers, _cells(["", *map(_escape, tiers)]), _tier_index(shown, tiers))
        return self._tiers[1], self._tiers[2]


_TOP_SHOWN = 100 * 10**SHOWN_DECIMALS
"""The highest score as shown, in units of its last decimal."""


def _tier_index(scores: Array, tiers: Mapping[str, float]) -> Array:
    """Each score's tier as an index into ``_Tables.tiers`` (0: none, also for NaN)."""
    labels = tiers_for(scores, tiers)
    index = np.zeros(scores.shape, dtype=np.intp)
    for number, label in enumerate(tiers, start=1):
        index[labels == label] = number
    return index


def _tiers(scores: Array, tiers: Mapping[str, float], of_shown: Array) -> Array:
    """``_tier_index`` of every score, looked up by the score as shown (``tier_for`` bands
    the rounded score); scores outside 0..100 (none should be) go through ``tiers_for``."""
    units = rounded_units(scores, SHOWN_DECIMALS)
    inside = (units >= 0) & (units <= _TOP_SHOWN)
    index = np.zeros(scores.shape, dtype=np.intp)
    index[inside] = of_shown[units[inside].astype(np.intp)]
    outside = ~inside & ~np.isnan(scores)
    if outside.any():
        index[outside] = _tier_index(scores[outside], tiers)
    return index


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
"""The columns ``_chunk`` writes, in order."""


def _block_chunks(block: Comparison, tables: _Tables) -> Iterator[str]:
    """The CSV lines of one block of focals, in the order of ``Comparison.pairs``, in chunks."""
    focal_ids = _cells(_escape(f.id) for f in block.focals)
    all_rows, all_slots = np.nonzero(block.kept.status != _EMPTY)
    for start in range(0, all_rows.size, ROWS_PER_CHUNK):
        rows = all_rows[start : start + ROWS_PER_CHUNK]
        slots = all_slots[start : start + ROWS_PER_CHUNK]
        pairs = PairColumns.of(block, rows, slots)
        yield _chunk(block, tables, focal_ids, pairs).decode()


def _reasons(block: Comparison, tables: _Tables, pairs: PairColumns) -> Cells:
    """The ``reasons`` cells: the coverage of insufficient pairs (looked up), the dealbreakers
    of excluded ones (written pair by pair and spliced in), none for ranked ones."""
    minimum = block.unknowns.min_coverage
    insufficient = np.flatnonzero(pairs.status == _INSUFFICIENT)
    percents = coverage_percents(pairs.coverage[insufficient])
    index = np.zeros(len(pairs.rows), dtype=np.intp)
    index[insufficient] = percents + 1  # -1 (written by Python below) is the empty cell
    long = {
        position: (_escape(insufficient_words(f"{coverage:.0%}", minimum)) + ",").encode()
        for position, coverage in zip(
            insufficient[percents < 0].tolist(),
            pairs.coverage[insufficient[percents < 0]].tolist(),
            strict=True,
        )
    }
    for position, reasons in excluded_reasons(block, pairs, tables.dealbreakers).items():
        if reasons:
            long[position] = (_escape("; ".join(reasons)) + ",").encode()
    return with_long(tables.reasons(minimum).cells(index), long)


def _chunk(block: Comparison, tables: _Tables, focal_ids: TextTable, pairs: PairColumns) -> bytes:
    """The CSV lines of the given pairs of a block."""
    ranked = pairs.ranked
    cand_ids, cand_names = tables.candidates(block)
    tier_cells, of_shown = tables.tiers(block.tiers)
    ranked_scores = np.where(ranked, pairs.scores, np.nan)
    parts = [
        focal_ids.cells(pairs.rows),
        tables.ranks(block.kept.selected.shape[1]).cells(np.where(ranked, pairs.ranks, 0)),
        cand_ids.cells(pairs.cands),
        cand_names.cells(pairs.cands),
        tables.status.cells(pairs.status),
        decimals(pairs.scores, 1, 100, ","),
        tier_cells.cells(_tiers(ranked_scores, block.tiers, of_shown)),
        decimals(pairs.coverage, 4, 1, ","),
        decimals(pairs.low, 1, 100, ","),
        decimals(pairs.high, 1, 100, ","),
        *decimal_columns(pairs.criteria, 4, 1, ","),
        tables.unknown.cells(pairs.unknown_bits),
        _reasons(block, tables, pairs),
        tables.tied.cells(np.where(ranked, pairs.tied.astype(np.intp) + 1, 0)),
    ]
    return join_lines(parts, len(pairs.rows))


def render_compare_csv_fast(blocks: Iterable[Comparison], options: RenderOptions) -> Iterator[str]:
    """``render_compare_csv_blocks`` with every column formatted a chunk of rows at a time."""
    if COMPARE_CSV_COLUMNS != _FAST_COLUMNS:
        # a column was added to the CSV but not to ``_chunk``: right, if slower
        yield from render_compare_csv_blocks(blocks, options)
        return
    yield ",".join(COMPARE_CSV_COLUMNS) + "\n"
    tables = _Tables()
    for block in blocks:
        yield from _block_chunks(block, tables)
