"""Markdown output of a ranking: a pipe table fit for a pull-request comment."""

from __future__ import annotations

from partnerfit.decide.ranking import Ranking
from partnerfit.model import CRITERIA
from partnerfit.render.common import CRITERION_LABELS, RenderOptions, not_shown, points
from partnerfit.render.rank.robustness import flip_sentence, summary_sentence


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_rank_markdown(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as GitHub-flavoured Markdown."""
    del options
    lines = [f"### Partners for {_cell(ranking.focal_name)} (`{ranking.focal_id}`)", ""]
    report = ranking.robustness
    robust_header = ["P(1st)", f"P(top {report.top_k})", "Rank 5–95%"] if report is not None else []
    header = ["#", "Candidate", "Score", "Tier", *(CRITERION_LABELS[c] for c in CRITERIA)]
    header += [*robust_header, "Why"]
    lines.append("| " + " | ".join(header) + " |")
    aligns = [
        "--:",
        ":--",
        "--:",
        ":-:",
        *("--:" for _ in CRITERIA),
        *("--:" for _ in robust_header),
    ]
    lines.append("|" + "|".join([*aligns, ":--"]) + "|")
    for entry in ranking.ranked:
        card = entry.card
        row = [
            str(entry.rank),
            f"{_cell(card.candidate_name)} (`{card.candidate_id}`)",
            f"{entry.score:.1f}",
            entry.tier or "–",
            *(points(card.criterion(c).score) for c in CRITERIA),
        ]
        if report is not None:
            found = report.get(card.candidate_id)
            row += (
                [
                    f"{found.p_first:.0%}",
                    f"{found.p_top_k:.0%}",
                    f"{found.rank_p5}–{found.rank_p95}",
                ]
                if found
                else ["", "", ""]
            )
        row.append(_cell(entry.reason()))
        lines.append("| " + " | ".join(row) + " |")
    if not ranking.ranked:
        empty = ["", "*no candidate ranked*", *("" for _ in header[2:])]
        lines.append("| " + " | ".join(empty) + " |")
    lines.append("")
    lines.append(
        "`?` = unknown: not enough data on the two sides to compare; left out and the weights "
        "renormalised."
    )
    hidden = not_shown(ranking.below_min_score, ranking.cut_by_top)
    if hidden:
        lines.append(hidden)
    lines.append(f"Method `{ranking.method}`; weights: {ranking.weights.source}.")
    if report is not None:
        lines += ["", _cell(summary_sentence(report)), "", _cell(flip_sentence(report))]
    for title, group in (("Excluded", ranking.excluded), ("Not scored", ranking.unscored)):
        if group:
            lines += ["", f"**{title}**", ""]
            lines += [
                f"- {_cell(e.name)} (`{e.candidate_id}`): {_cell('; '.join(e.reasons))}"
                for e in group
            ]
    if ranking.notes:
        lines += ["", *(f"> {_cell(n)}" for n in ranking.notes)]
    return "\n".join(lines) + "\n"
