"""CSV output of a ranking: one row per candidate, one column per criterion."""

from __future__ import annotations

import csv
import io

from partnerfit.models import CRITERIA
from partnerfit.ranking import Ranking
from partnerfit.render.common import RenderOptions

CSV_COLUMNS = ("rank", "id", "name", "status", "score", "tier", *CRITERIA, "unknown", "reason")


def _fmt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def render_rank_csv(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as CSV (unknown criteria are empty cells; excluded rows have no rank)."""
    del options
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in ranking.ranked:
        card = entry.card
        writer.writerow(
            [
                entry.rank,
                card.candidate_id,
                card.candidate_name,
                "ranked",
                _fmt(entry.score, 2),
                entry.tier or "",
                *(_fmt(card.criterion(c).score, 4) for c in CRITERIA),
                ";".join(card.unknown),
                entry.reason(),
            ]
        )
    for status, group in (("excluded", ranking.excluded), ("unscored", ranking.unscored)):
        for exclusion in group:
            writer.writerow(
                [
                    "",
                    exclusion.candidate_id,
                    exclusion.name,
                    status,
                    "",
                    "",
                    *("" for _ in CRITERIA),
                    "",
                    "; ".join(exclusion.reasons),
                ]
            )
    return buffer.getvalue()
