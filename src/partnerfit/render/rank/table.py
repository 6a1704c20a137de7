"""The rich table of a ranking, for the terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnerfit.decide.ranking import Ranking
from partnerfit.model import CRITERIA
from partnerfit.render.common import (
    SHORT_LABELS,
    RenderOptions,
    not_shown,
    points,
    render_with_console,
)
from partnerfit.render.rank.robustness import flip_sentence, summary_sentence

_TIER_STYLES = ("bold green", "green", "yellow", "red")
_WIDE = 100


def _score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    if score >= 0.75:
        return "green"
    if score >= 0.4:
        return "yellow"
    return "red"


def _draw(ranking: Ranking, console: Console) -> None:
    tiers = sorted(ranking.tiers, key=lambda t: -ranking.tiers[t])
    table = Table(
        title=f"Partners for {ranking.focal_name} ({ranking.focal_id})",
        title_justify="left",
        caption="Val values, Cmp complementarity, Goal goals, Mkt market reach, Rep reputation, "
        "Com communication (0-100; ? = unknown: left out, weights renormalised). "
        f"Method {ranking.method}; weights: {ranking.weights.source}.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("#", justify="right")
    table.add_column("Candidate", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("Score", justify="right")
    table.add_column("Tier", justify="center")
    for name in CRITERIA:
        weight = ranking.weights.normalised[name]
        table.add_column(f"{SHORT_LABELS[name]}\n{100 * weight:.0f}%", justify="right")
    report = ranking.robustness
    if report is not None:
        table.add_column("P(1st)", justify="right")
        table.add_column(f"P(top\n{report.top_k})", justify="right")
        table.add_column("Rank\n5–95%", justify="right")
    # a narrow terminal gets the reasons below the table instead of a column of slivers
    wide = console.width >= _WIDE
    if wide:
        table.add_column("Why", overflow="fold", ratio=1)
    for entry in ranking.ranked:
        card = entry.card
        tier_style = (
            _TIER_STYLES[min(tiers.index(entry.tier), len(_TIER_STYLES) - 1)]
            if entry.tier in tiers
            else "dim"
        )
        robust: list[str] = []
        if report is not None:
            found = report.get(card.candidate_id)
            robust = (
                [
                    f"{found.p_first:.0%}",
                    f"{found.p_top_k:.0%}",
                    f"{found.rank_p5}–{found.rank_p95}",
                ]
                if found
                else ["", "", ""]
            )
        table.add_row(
            str(entry.rank),
            Text.assemble((card.candidate_name, "bold"), "\n", (card.candidate_id, "dim")),
            Text(f"{entry.score:.1f}", style="bold"),
            Text(entry.tier or "–", style=tier_style),
            *(
                Text(points(card.criterion(c).score), style=_score_style(card.criterion(c).score))
                for c in CRITERIA
            ),
            *robust,
            *([entry.reason()] if wide else []),
        )
    console.print(table)
    if not wide:
        for entry in ranking.ranked:
            console.print(Text(f"{entry.rank}. {entry.candidate_id}: {entry.reason()}"))
    if not ranking.ranked:
        console.print("No candidate ranked.")
    for title, group in (("Excluded", ranking.excluded), ("Not scored", ranking.unscored)):
        if not group:
            continue
        console.print()
        other = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        other.add_column("Candidate", no_wrap=True, overflow="ellipsis", max_width=30)
        other.add_column("Reason", overflow="fold", ratio=1)
        for exclusion in group:
            other.add_row(
                Text.assemble((exclusion.name, "bold"), "\n", (exclusion.candidate_id, "dim")),
                "\n".join(exclusion.reasons),
            )
        console.print(other)
    hidden = not_shown(ranking.below_min_score, ranking.cut_by_top)
    if hidden:
        console.print(hidden)
    if report is not None:
        console.print(Text(summary_sentence(report)))
        console.print(Text(flip_sentence(report)))
    for note in ranking.notes:
        console.print(Text(f"Note: {note}", style="italic"))


def render_rank_table(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as a rich table."""
    return render_with_console(options, lambda console: _draw(ranking, console))
