"""CSV output of a comparison: one row per pair (long), or a focal × candidate matrix."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence

from partnerfit.batch.engine import Comparison
from partnerfit.model import CRITERIA
from partnerfit.render.common import SCORE_COLUMNS, RenderOptions, csv_cell

COMPARE_CSV_COLUMNS = (
    "focal_id",
    "rank",
    "candidate_id",
    "candidate_name",
    "status",
    *SCORE_COLUMNS,
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


def render_compare_csv(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """One row per pair; unknown criteria are empty cells, excluded pairs have no rank."""
    del options
    rows = (
        [
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
        ]
        for pair in comparison.pairs()
    )
    yield from _rows(rows, COMPARE_CSV_COLUMNS)


def render_compare_matrix(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Focal × candidate totals; empty unless the pair is ranked and kept."""
    del options
    matrix = comparison.matrix()
    header = ["focal_id", *(csv_cell(c.id) for c in comparison.candidates)]
    rows = (
        [csv_cell(focal.id), *("" if math.isnan(v) else f"{v:.2f}" for v in row.tolist())]
        for focal, row in zip(comparison.focals, matrix, strict=True)
    )
    yield from _rows(rows, header)
