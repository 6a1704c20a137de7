"""Markdown output of a ranking: a pipe table fit for a pull-request comment."""

from __future__ import annotations

from partnerfit.decide.ranking import Ranking
from partnerfit.model import CRITERIA
from partnerfit.render.common import (
    CRITERION_LABELS,
    RenderOptions,
    coverage_text,
    markdown_code,
    markdown_text,
    not_shown,
    points,
    unknown_legend,
)
from partnerfit.render.rank.robustness import flip_sentence, robustness_cells, summary_sentence

_cell = markdown_text
_code = markdown_code


def render_rank_markdown(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as GitHub-flavoured Markdown."""
    del options
    lines = [f"### Partners for {_cell(ranking.focal_name)} ({_code(ranking.focal_id)})", ""]
    lines += _ranked_rows(ranking)
    lines.append("")
    lines.append(_cell(unknown_legend(ranking.unknowns)).replace("? =", "`?` =", 1) + ".")
    hidden = not_shown(ranking.below_min_score, ranking.cut_by_top)
    if hidden:
        lines.append(hidden)
    lines.append(f"Method `{ranking.method}`; weights: {ranking.weights.source}.")
    report = ranking.robustness
    if report is not None:
        lines += ["", _cell(summary_sentence(report)), "", _cell(flip_sentence(report))]
    groups = (("Excluded", ranking.excluded), ("Insufficient evidence", ranking.insufficient))
    for title, group in groups:
        if group:
            lines += ["", f"**{title}**", ""]
            lines += [
                f"- {_cell(e.name)} ({_code(e.candidate_id)}): {_cell('; '.join(e.reasons))}"
                for e in group
            ]
    if ranking.notes:
        lines += ["", *(f"> {_cell(n)}" for n in ranking.notes)]
    return "\n".join(lines) + "\n"


def _ranked_rows(ranking: Ranking) -> list[str]:
    """The table of ranked candidates: header, alignment row, one row per candidate."""
    report = ranking.robustness
    robust_header = ["P(1st)", f"P(top {report.top_k})", "Rank 5–95%"] if report is not None else []
    header = ["#", "Candidate", "Score", "Tier", "Cov", *(CRITERION_LABELS[c] for c in CRITERIA)]
    header += [*robust_header, "Why"]
    aligns = [
        "--:",
        ":--",
        "--:",
        ":-:",
        "--:",
        *("--:" for _ in CRITERIA),
        *("--:" for _ in robust_header),
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([*aligns, ":--"]) + "|"]
    for entry in ranking.ranked:
        card = entry.card
        row = [
            str(entry.rank),
            f"{_cell(card.candidate_name)} ({_code(card.candidate_id)})",
            f"{entry.score:.1f}",
            _cell(entry.tier or "–"),
            coverage_text(entry.coverage),
            *(points(card.criterion(c).score) for c in CRITERIA),
            *(robustness_cells(report, card.candidate_id) if report is not None else []),
            _cell(entry.reason),
        ]
        lines.append("| " + " | ".join(row) + " |")
    if not ranking.ranked:
        empty = ["", "*no candidate ranked*", *("" for _ in header[2:])]
        lines.append("| " + " | ".join(empty) + " |")
    return lines
