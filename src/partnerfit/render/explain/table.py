"""The rich view of an explanation: contributions as bars, then evidence and advice."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import RenderOptions, points, render_with_console, terminal_text
from partnerfit.render.explain.common import (
    CRITERION_TITLES,
    evidence_lines,
    headline,
    improvement_line,
    unknown_lines,
)

BAR_WIDTH = 24
SUMMARY_BELOW = 100
"""Narrower than this, the Summary column moves below the table, one line per criterion."""
NO_BAR = 76
"""Narrower than this, the bar column goes too; the numbers always stay."""


def _bar(contribution: float, possible: float, scale: float) -> Text:
    """Filled part = points added; the whole bar = the most the criterion could add."""
    whole = round(possible / scale * BAR_WIDTH) if scale > 0 else 0
    filled = min(whole, round(contribution / scale * BAR_WIDTH)) if scale > 0 else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (whole - filled), "dim"))


def _draw(e: Explanation, console: Console) -> None:
    console.print(
        Text(
            terminal_text(
                f"{e.candidate_name} ({e.candidate_id}) for {e.focal_name} ({e.focal_id})"
            ),
            "bold",
        )
    )
    console.print(Text(terminal_text(headline(e))))
    scale = max((c.possible for c in e.criteria), default=0.0)
    summary_in_table = console.width >= SUMMARY_BELOW
    bar = console.width >= NO_BAR
    table = Table(show_header=True, caption_justify="left")
    table.add_column("Criterion")
    table.add_column("Score", justify="right")
    table.add_column("Weight", justify="right")
    table.add_column("Points", justify="right")
    if bar:
        table.add_column("Share of the total", no_wrap=True)
    if summary_in_table:
        table.add_column("Summary", overflow="fold", ratio=1)
    for c in e.criteria:
        cells: list[str | Text] = [
            CRITERION_TITLES[c.name],
            points(c.score),
            f"{100 * c.weight:.0f}%",
            f"{c.contribution:.1f}",
        ]
        if bar:
            cells.append(_bar(c.contribution, c.possible, scale))
        if summary_in_table:
            cells.append(Text(terminal_text(c.summary)))
        table.add_row(*cells)
    total: list[str | Text] = ["Total", "", "100%", Text(f"{e.total:.1f}", "bold")]
    table.add_row(*total, *[""] * (bar + summary_in_table))
    console.print(table)
    if not summary_in_table:
        for c in e.criteria:
            line = f"{CRITERION_TITLES[c.name]}: {c.summary}"
            console.print(Padding(Text(terminal_text(line)), (0, 0, 0, 2), expand=False))
    console.print(Text("Evidence", "bold"))
    for result in e.card.criteria:
        console.print(Text(f"  {CRITERION_TITLES[result.name]}"))
        for line in evidence_lines(result):
            # wrapped lines stay under their item instead of starting at the margin
            console.print(Padding(Text(terminal_text(line)), (0, 0, 0, 4), expand=False))
    first, *rest = unknown_lines(e)
    console.print(Text(terminal_text(first)))
    for line in rest:
        console.print(Padding(Text(terminal_text(line)), (0, 0, 0, 2), expand=False))
    if e.dealbreakers:
        console.print(Text("Dealbreakers hit:", "bold red"))
        for reason in e.dealbreakers:
            console.print(Padding(Text(terminal_text(f"- {reason}")), (0, 0, 0, 2), expand=False))
    else:
        console.print(Text("Dealbreakers hit: none"))
    if e.improvements:
        console.print(Text("What would raise the score most", "bold"))
        for i, imp in enumerate(e.improvements, start=1):
            line = improvement_line(imp.points, imp.new_total, imp.change.description)
            console.print(Padding(Text(terminal_text(f"{i}. {line}")), (0, 0, 0, 2), expand=False))
    elif not e.excluded:
        console.print(Text("No single change considered would raise the score."))
    console.print(Text(terminal_text(f"Weights: {e.weights.source}")))
    for note in e.notes:
        console.print(Text(terminal_text(f"Note: {note}"), "italic"))


def render_explain_table(explanation: Explanation, options: RenderOptions) -> str:
    """Render an explanation for the terminal."""
    return render_with_console(options, lambda console: _draw(explanation, console))
