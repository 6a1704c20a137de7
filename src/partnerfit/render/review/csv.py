"""CSV output of a review: one row per partnership, the columns of ``to_record``."""

from __future__ import annotations

import csv
import io
from typing import Any

from partnerfit.render.common import RenderOptions, csv_cell
from partnerfit.review.results import RECORD_COLUMNS, PartnershipReview, ReviewResult

_TEXT_COLUMNS = frozenset({"id", "name", "partners", "selected_by", "flags"})


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if column in _TEXT_COLUMNS:
        return csv_cell(str(value))
    return str(value)


def _rows(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RECORD_COLUMNS)
    for record in records:
        writer.writerow([_cell(c, record[c]) for c in RECORD_COLUMNS])
    return buffer.getvalue()


def render_review_csv(result: ReviewResult, options: RenderOptions) -> str:
    """Render a review as CSV, one row per partnership in attention order."""
    del options
    return _rows(result.to_records())


def render_review_explain_csv(item: PartnershipReview, options: RenderOptions) -> str:
    """Render one partnership's review as a one-row CSV."""
    del options
    return _rows([item.to_record()])
