"""CSV output of a ranking: one row per candidate, one column per criterion."""

from __future__ import annotations

import csv
import io

from partnerfit.decide.ranking import Ranking
from partnerfit.decide.robustness import CandidateRobustness
from partnerfit.model import CRITERIA
from partnerfit.render.common import SCORE_COLUMNS, RenderOptions, csv_cell

CSV_COLUMNS = ("rank", "id", "name", "status", *SCORE_COLUMNS, "unknown", "reason")
ROBUSTNESS_COLUMNS = ("p_first", "p_top_k", "rank_p5", "rank_p95")
"""Added after CSV_COLUMNS when the ranking carries a robustness analysis."""


def _robust_cells(entry: CandidateRobustness | None) -> list[str]:
    if entry is None:
        return ["" for _ in ROBUSTNESS_COLUMNS]
    return [f"{entry.p_first:.4f}", f"{entry.p_top_k:.4f}", str(entry.rank_p5), str(entry.rank_p95)]


def _fmt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def render_rank_csv(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as CSV (unknown criteria are empty cells; excluded rows have no rank)."""
    del options
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    report = ranking.robustness
    extra = ROBUSTNESS_COLUMNS if report is not None else ()
    writer.writerow((*CSV_COLUMNS, *extra))
    for record in ranking.to_records():
        writer.writerow(
            [
                "" if record["rank"] is None else record["rank"],
                csv_cell(record["id"]),
                csv_cell(record["name"]),
                record["status"],
                _fmt(record["score"], 1),
                csv_cell(record["tier"] or ""),
                _fmt(record["coverage"], 4),
                _fmt(record["score_low"], 1),
                _fmt(record["score_high"], 1),
                *(_fmt(record[c], 4) for c in CRITERIA),
                ";".join(record["unknown"]),
                csv_cell(record["reason"]),
                *(
                    _robust_cells(report.get(record["id"]))
                    if report is not None and record["status"] == "ranked"
                    else ["" for _ in extra]
                ),
            ]
        )
    return buffer.getvalue()
