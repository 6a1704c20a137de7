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
    for entry in ranking.ranked:
        card = entry.card
        writer.writerow(
            [
                entry.rank,
                csv_cell(card.candidate_id),
                csv_cell(card.candidate_name),
                "ranked",
                _fmt(entry.score, 1),
                csv_cell(entry.tier or ""),
                _fmt(entry.coverage, 4),
                _fmt(entry.interval[0], 1),
                _fmt(entry.interval[1], 1),
                *(_fmt(card.criterion(c).score, 4) for c in CRITERIA),
                ";".join(card.unknown),
                csv_cell(entry.reason()),
                *(_robust_cells(report.get(card.candidate_id)) if report is not None else []),
            ]
        )
    for status, group in (("excluded", ranking.excluded), ("insufficient", ranking.insufficient)):
        for exclusion in group:
            found = exclusion.card
            low, high = exclusion.interval or (None, None)
            writer.writerow(
                [
                    "",
                    csv_cell(exclusion.candidate_id),
                    csv_cell(exclusion.name),
                    status,
                    _fmt(exclusion.score, 1),
                    "",
                    _fmt(found.coverage if found else None, 4),
                    _fmt(low, 1),
                    _fmt(high, 1),
                    *(_fmt(found.criterion(c).score if found else None, 4) for c in CRITERIA),
                    ";".join(found.unknown) if found else "",
                    csv_cell("; ".join(exclusion.reasons)),
                    *("" for _ in extra),
                ]
            )
    return buffer.getvalue()
