"""The rich table of a ranking, for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnerfit.decide.ranking import Exclusion, Ranking
from partnerfit.model import CRITERIA
from partnerfit.render.common import (
    SHORT_LABELS,
    RenderOptions,
    coverage_text,
    not_shown,
    points,
    render_with_console,
    terminal_text,
    unknown_legend,
)
from partnerfit.render.rank.robustness import flip_sentence, robustness_cells, summary_sentence

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
    # a narrow terminal gets the reasons below the table instead of a column of slivers
    wide = console.width >= _WIDE
    console.print(_ranked_table(ranking, wide))
    if not wide:
        for entry in ranking.ranked:
            line = f"{entry.rank}. {entry.candidate_id}: {entry.reason()}"
            console.print(Text(terminal_text(line)))
    if not ranking.ranked:
        console.print("No candidate ranked.")
    groups = (("Excluded", ranking.excluded), ("Insufficient evidence", ranking.insufficient))
    for title, group in groups:
        if group:
            console.print()
            console.print(_left_out_table(title, group))
    _print_footer(ranking, console)


def _ranked_table(ranking: Ranking, wide: bool) -> Table:
    """The ranked candidates: scores, tier, each criterion, robustness, and why."""
    table = Table(
        title=Text(terminal_text(f"Partners for {ranking.focal_name} ({ranking.focal_id})")),
        title_justify="left",
        caption="Val values, Cmp complementarity, Goal goals, Mkt market reach, Rep reputation, "
        f"Com communication (0-100; {unknown_legend(ranking.unknowns)}).\n"
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
    table.add_column("Cov", justify="right")
    for name in CRITERIA:
        weight = ranking.weights.normalised[name]
        table.add_column(f"{SHORT_LABELS[name]}\n{100 * weight:.0f}%", justify="right")
    report = ranking.robustness
    if report is not None:
        table.add_column("P(1st)", justify="right")
        table.add_column(f"P(top\n{report.top_k})", justify="right")
        table.add_column("Rank\n5–95%", justify="right")
    if wide:
        table.add_column("Why", overflow="fold", ratio=1)
    tiers = sorted(ranking.tiers, key=lambda t: -ranking.tiers[t])
    for entry in ranking.ranked:
        card = entry.card
        tier_style = (
            _TIER_STYLES[min(tiers.index(entry.tier), len(_TIER_STYLES) - 1)]
            if entry.tier in tiers
            else "dim"
        )
        table.add_row(
            str(entry.rank),
            Text.assemble(
                (terminal_text(card.candidate_name), "bold"),
                "\n",
                (terminal_text(card.candidate_id), "dim"),
            ),
            Text(f"{entry.score:.1f}", style="bold"),
            Text(terminal_text(entry.tier or "–"), style=tier_style),
            coverage_text(entry.coverage),
            *(
                Text(points(card.criterion(c).score), style=_score_style(card.criterion(c).score))
                for c in CRITERIA
            ),
            *(robustness_cells(report, card.candidate_id) if report is not None else []),
            *([Text(terminal_text(entry.reason()))] if wide else []),
        )
    return table


def _left_out_table(title: str, group: Sequence[Exclusion]) -> Table:
    """Candidates excluded by dealbreakers, or with insufficient evidence, and the reasons."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Candidate", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("Reason", overflow="fold", ratio=1)
    for exclusion in group:
        table.add_row(
            Text.assemble(
                (terminal_text(exclusion.name), "bold"),
                "\n",
                (terminal_text(exclusion.candidate_id), "dim"),
            ),
            Text("\n".join(map(terminal_text, exclusion.reasons))),
        )
    return table


def _print_footer(ranking: Ranking, console: Console) -> None:
    """What was not shown, the robustness sentences, and the notes."""
    hidden = not_shown(ranking.below_min_score, ranking.cut_by_top)
    if hidden:
        console.print(hidden)
    report = ranking.robustness
    if report is not None:
        console.print(Text(summary_sentence(report)))
        console.print(Text(flip_sentence(report)))
    for note in ranking.notes:
        console.print(Text(terminal_text(f"Note: {note}"), style="italic"))


def render_rank_table(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as a rich table."""
    return render_with_console(options, lambda console: _draw(ranking, console))
