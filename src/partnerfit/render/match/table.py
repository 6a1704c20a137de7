"""The rich tables of a matching, for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnerfit.batch.match import Matching
from partnerfit.render.common import (
    RenderOptions,
    coverage_text,
    render_with_console,
    terminal_text,
)
from partnerfit.render.tables import print_table


def _draw(matching: Matching, console: Console) -> None:
    mode = matching.mode + (f", {matching.proposer} side proposing" if matching.proposer else "")
    table = Table(
        title=f"Matched pairs ({mode})",
        title_justify="left",
        caption="score = each side's own score for the other; fit = their mean; "
        "cov = share of the weight known, left's / right's",
        caption_justify="left",
    )
    table.add_column("Left", overflow="fold")
    table.add_column("Right", overflow="fold")
    table.add_column("Left's\nscore", justify="right")
    table.add_column("Right's\nscore", justify="right")
    table.add_column("Fit", justify="right")
    table.add_column("Cov", justify="right")
    for p in matching.pairs:
        table.add_row(
            terminal_text(p.left_id),
            terminal_text(p.right_id),
            f"{p.left_score:.1f}",
            f"{p.right_score:.1f}",
            Text(f"{p.fit:.1f}", style="bold"),
            f"{coverage_text(p.left_coverage)}/{coverage_text(p.right_coverage)}",
        )
    print_table(console, table)
    if not matching.pairs:
        console.print("No pair matched.")
    if matching.unmatched:
        other = Table(title="Unmatched", title_justify="left")
        other.add_column("Side")
        other.add_column("Member", overflow="fold")
        other.add_column("Cap.", justify="right")
        other.add_column("Why", overflow="fold", ratio=1)
        for u in matching.unmatched:
            other.add_row(u.side, terminal_text(u.id), str(u.capacity), terminal_text(u.reason))
        print_table(console, other)
    console.print(
        f"{len(matching.pairs)} pairs, total fit {matching.total:.1f}"
        f" ({matching.acceptable_pairs} acceptable pairs; "
        f"{len(matching.unmatched)} members unmatched)"
    )
    console.print(f"Solver: {matching.solver_description}")
    for note in matching.notes:
        console.print(f"Note: {note}", style="italic")


def render_match_table(matching: Matching, options: RenderOptions) -> str:
    """Render a matching as rich tables."""
    return render_with_console(options, lambda console: _draw(matching, console))
