"""CSV output of a matching: one row per matched pair, then one per unmatched member."""

from __future__ import annotations

import csv
import io

from partnerfit.batch.match import Matching
from partnerfit.render.common import RenderOptions, csv_cell

MATCH_CSV_COLUMNS = (
    "status",
    "left_id",
    "right_id",
    "left_score",
    "right_score",
    "fit",
    "left_coverage",
    "right_coverage",
    "side",
    "reason",
)


def render_match_csv(matching: Matching, options: RenderOptions) -> str:
    """Render a matching as CSV."""
    del options
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MATCH_CSV_COLUMNS)
    for p in matching.pairs:
        writer.writerow(
            [
                "matched",
                csv_cell(p.left_id),
                csv_cell(p.right_id),
                f"{p.left_score:.2f}",
                f"{p.right_score:.2f}",
                f"{p.fit:.2f}",
                f"{p.left_coverage:.4f}",
                f"{p.right_coverage:.4f}",
                "",
                "",
            ]
        )
    for u in matching.unmatched:
        left, right = (u.id, "") if u.side == "left" else ("", u.id)
        writer.writerow(
            [
                "unmatched",
                csv_cell(left),
                csv_cell(right),
                "",
                "",
                "",
                "",
                "",
                u.side,
                csv_cell(u.reason),
            ]
        )
    return buffer.getvalue()
