"""CSV output of a comparison: one row per pair (long), or a focal × candidate matrix."""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from partnerfit.batch.comparison import (
    Comparison,
    FloatArray,
)
from partnerfit.batch.engine import ComparisonBlocks
from partnerfit.io.printable import printable
from partnerfit.model import CRITERIA, Profile
from partnerfit.render.common import (
    SCORE_COLUMNS,
    RenderOptions,
    csv_cell,
    starts_formula,
    tied_cell,
)
from partnerfit.render.compare.fast import (
    BlockLookups,
    Lookups,
    PairColumns,
    Spelling,
    formatted,
    formatted_pieces,
    of_one_comparison,
    reason_cells,
    tier_cells,
    unknown_names,
)
from partnerfit.render.compare.reasons import ReasonFrame
from partnerfit.render.compare.rows import TextTable, decimal_columns, decimals, join_lines

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
ROWS_PER_CHUNK = 10_000
"""Rows per chunk of text: one chunk per formatting thread is in memory at once (10,000 rows
measured as fast as 20,000 with 30 MiB less at the peak, docs/scale.md)."""


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
    del options
    return _matrix(_TOTALS, comparison)


def render_compare_coverage_matrix(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Focal × candidate coverage (0..1), the same shape as the matrix; empty unless scored."""
    del options
    return _matrix(_COVERAGE, comparison)


@dataclass(frozen=True)
class _Numbers:
    """What a matrix holds: each block's numbers (focals × candidates, NaN for none), written
    with ``digits`` decimals, looked up from 0 to ``high`` when formatted a block at a time."""

    of: Callable[[Comparison, slice], FloatArray]
    digits: int
    high: int


_TOTALS = _Numbers(Comparison.matrix, 2, 100)
_COVERAGE = _Numbers(Comparison.coverage_matrix, 4, 1)


def _matrix(numbers: _Numbers, comparison: Comparison) -> Iterator[str]:
    """A matrix a row at a time in Python: the reference the block writers are held to."""
    values = numbers.of(comparison, slice(None))
    rows = _matrix_rows(comparison, values, numbers.digits)
    return _rows(rows, _matrix_header(comparison.candidates))


def _matrix_header(candidates: Sequence[Profile]) -> list[str]:
    return ["focal_id", *(csv_cell(c.id) for c in candidates)]


# --- the long CSV, formatted a block at a time ------------------------------------------------
# Each column of a chunk of rows is looked up in a table of bytes escaped once (ids, names,
# ranks, tiers, the set of unknown criteria) or written digit by digit (numbers), and the lines
# are put together in numpy (``rows.join_lines``), the reasons of excluded pairs too
# (``reasons``). The bytes are those of ``render_compare_csv``: tests hold it.


_QUOTED = re.compile('[,"\r\n]')


def _escape(text: str) -> str:
    """One CSV text cell as ``render_compare_csv`` writes it among others (``csv_cell``, then
    quoted by csv.writer only when needed)."""
    text = csv_cell(text)
    if _QUOTED.search(text) is None:
        return text
    # what csv.writer's default dialect writes for such a cell (a test compares the bytes)
    return '"' + text.replace('"', '""') + '"'


_SPELLING = Spelling(
    text=_escape,
    reasons=lambda reasons: _escape("; ".join(reasons)),
    no_rank="",
    no_tier="",
    no_reasons="",
    end=",",
    # ``_escape`` of reasons joined: every reason holds a comma, so the cell is always quoted
    frame=ReasonFrame(
        open='"',
        open_formula="\"'",
        separator="; ",
        close='",',
        piece=lambda text: printable(text).replace('"', '""'),
        formula=starts_formula,
    ),
)


class _Tables(Lookups):
    """The cells of a whole output, each escaped and encoded once with the comma after it."""

    def __init__(self) -> None:
        super().__init__(_SPELLING)
        self.status = self.table(["ranked", "excluded", "insufficient"])
        self.tied = TextTable([tied_cell(flag) + "\n" for flag in (None, False, True)])
        self.unknown = self.table([";".join(unknown_names(b)) for b in range(1 << len(CRITERIA))])


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


def _chunk(tables: _Tables, looked_up: BlockLookups, pairs: PairColumns) -> memoryview:
    """The CSV lines of the given pairs of a block, in UTF-8."""
    ranked = pairs.ranked
    parts = [
        looked_up.focal_ids.cells(pairs.rows),
        looked_up.ranks.cells(np.where(ranked, pairs.ranks, 0)),
        looked_up.cand_ids.cells(pairs.cands),
        looked_up.cand_names.cells(pairs.cands),
        tables.status.cells(pairs.status),
        decimals(pairs.scores, 1, 100, ","),
        tier_cells(looked_up, pairs),
        decimals(pairs.coverage, 4, 1, ","),
        *decimal_columns(np.stack([pairs.low, pairs.high], axis=1), 1, 100, ","),
        *decimal_columns(pairs.criteria, 4, 1, ","),
        tables.unknown.cells(pairs.unknown_bits),
        reason_cells(looked_up, pairs),
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
    yield from formatted(blocks, tables, functools.partial(_chunk, tables), ROWS_PER_CHUNK)


# --- the matrices, formatted a block at a time -------------------------------------------------
# A line is the focal's id (escaped once per focal, as ``_escape`` writes a cell) and then, for
# each candidate, a comma and the number (looked up, ``rows.decimal_columns``) or nothing; the
# bytes are those of ``render_compare_matrix`` and ``render_compare_coverage_matrix``: tests
# hold them.

MATRIX_CELLS_PER_CHUNK = 1 << 16
"""Numbers per chunk of matrix lines (a block of 2¹⁶ pairs is one chunk): at least one line."""

_MATRIX_SPELLING = dataclasses.replace(_SPELLING, end="", frame=None)
"""The long CSV's spelling; a focal's id is the first cell of its line, with no comma after."""


_MatrixPiece = tuple[BlockLookups, FloatArray, int]
"""Some lines of a block's matrix: the block's lookups, their numbers, and the first one's row."""


def _matrix_pieces(numbers: _Numbers, looked_up: BlockLookups) -> Iterator[_MatrixPiece]:
    """A block's matrix, ``MATRIX_CELLS_PER_CHUNK`` numbers (whole lines) at a time, each
    piece's rows spread when it is cut (a whole comparison of 10,000² is 800 MB of them)."""
    block = looked_up.block
    lines = max(1, MATRIX_CELLS_PER_CHUNK // max(1, len(block.candidates)))
    for start in range(0, len(block.focals), lines):
        yield looked_up, numbers.of(block, slice(start, start + lines)), start


def _matrix_chunk(numbers: _Numbers, piece: _MatrixPiece) -> memoryview:
    """The matrix lines of a piece, in UTF-8."""
    looked_up, values, start = piece
    focals = looked_up.focal_ids.cells(np.arange(start, start + len(values)))
    cells = (
        decimal_columns(values, numbers.digits, numbers.high, prefix=",") if values.shape[1] else []
    )
    return join_lines([focals, *cells, b"\n"], len(values))


def _matrix_fast(numbers: _Numbers, blocks: Iterable[Comparison]) -> Iterator[str]:
    """The header, then every block's lines formatted at once (``fast.formatted_pieces``)."""
    if isinstance(blocks, ComparisonBlocks):  # known without scoring a block here
        if not len(blocks):
            return
        candidates: Sequence[Profile] = blocks.candidates
    else:
        stream = iter(blocks)
        first = next(stream, None)
        if first is None:
            return
        candidates, blocks = first.candidates, itertools.chain([first], stream)
    yield from _rows(iter(()), _matrix_header(candidates))
    yield from formatted_pieces(
        blocks,
        Lookups(_MATRIX_SPELLING),
        functools.partial(_matrix_pieces, numbers),
        functools.partial(_matrix_chunk, numbers),
    )


def render_compare_matrix_fast(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_matrix`` of a comparison that arrives a block of focals at a time, the
    lines of each block formatted at once."""
    del options
    return _matrix_fast(_TOTALS, blocks)


def render_compare_coverage_matrix_fast(
    blocks: Iterable[Comparison], options: RenderOptions
) -> Iterator[str]:
    """``render_compare_coverage_matrix`` of a comparison that arrives a block of focals at a
    time, the lines of each block formatted at once."""
    del options
    return _matrix_fast(_COVERAGE, blocks)


render_compare_csv_fast_whole = of_one_comparison(render_compare_csv_fast)
render_compare_matrix_fast_whole = of_one_comparison(render_compare_matrix_fast)
render_compare_coverage_matrix_fast_whole = of_one_comparison(render_compare_coverage_matrix_fast)
