"""Markdown output of a ranking: a pipe table fit for a pull-request comment."""

from __future__ import annotations

from partnerfit.models import CRITERIA
from partnerfit.ranking import Ranking
from partnerfit.render.common import CRITERION_LABELS, RenderOptions, points


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_rank_markdown(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as GitHub-flavoured Markdown."""
    del options
    lines = [f"### Partners for {_cell(ranking.focal_name)} (`{ranking.focal_id}`)", ""]
    header = ["#", "Candidate", "Score", "Tier", *(CRITERION_LABELS[c] for c in CRITERIA), "Why"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append(
        "|" + "|".join(["--:", ":--", "--:", ":-:", *("--:" for _ in CRITERIA), ":--"]) + "|"
    )
    for entry in ranking.ranked:
        card = entry.card
        row = [
            str(entry.rank),
            f"{_cell(card.candidate_name)} (`{card.candidate_id}`)",
            f"{entry.score:.1f}",
            entry.tier or "–",
            *(points(card.criterion(c).score) for c in CRITERIA),
            _cell(entry.reason()),
        ]
        lines.append("| " + " | ".join(row) + " |")
    if not ranking.ranked:
        lines.append("| | *no candidate ranked* | | |" + " |" * len(CRITERIA) + " |")
    lines.append("")
    lines.append("`?` = unknown: no data on either side; left out and the weights renormalised.")
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
