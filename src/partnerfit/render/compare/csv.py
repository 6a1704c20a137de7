"""CSV output of a comparison: one row per pair (long), or a focal × candidate matrix."""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence

from partnerfit.batch.engine import Comparison
from partnerfit.model import CRITERIA
from partnerfit.render.common import RenderOptions

COMPARE_CSV_COLUMNS = (
    "focal_id",
    "rank",
    "candidate_id",
    "candidate_name",
    "status",
    "score",
    "tier",
    *CRITERIA,
    "unknown",
    "reasons",
)
ROWS_PER_CHUNK = 2_000


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
            pair.focal_id,
            "" if pair.rank is None else pair.rank,
            pair.candidate_id,
            pair.candidate_name,
            pair.status,
            _fmt(pair.score, 2),
            pair.tier or "",
            *(_fmt(pair.criteria[c], 4) for c in CRITERIA),
            ";".join(pair.unknown),
            "; ".join(pair.reasons),
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


def _matrix_rows(comparison: Comparison) -> Iterator[list[str]]:
    matrix = comparison.matrix()
    for focal, row in zip(comparison.focals, matrix, strict=True):
        yield [focal.id, *("" if math.isnan(value) else f"{value:.2f}" for value in row.tolist())]


def render_compare_matrix(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Focal × candidate totals; empty where a pair is excluded, unscored or not kept."""
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
    header = ["focal_id", *(c.id for c in first.candidates)]
    rows = (row for block in itertools.chain([first], stream) for row in _matrix_rows(block))
    yield from _rows(rows, header)
