"""The rich view of an explanation: contributions as bars, then evidence and advice."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import RenderOptions, points, render_with_console
from partnerfit.render.explain.common import (
    CRITERION_TITLES,
    evidence_lines,
    headline,
    improvement_line,
)

BAR_WIDTH = 24


def _bar(contribution: float, possible: float, scale: float) -> Text:
    """Filled part = points added; the whole bar = the most the criterion could add."""
    whole = round(possible / scale * BAR_WIDTH) if scale > 0 else 0
    filled = min(whole, round(contribution / scale * BAR_WIDTH)) if scale > 0 else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (whole - filled), "dim"))


def _weight(used: float, configured: float) -> str:
    text = f"{100 * used:.0f}%"
    if abs(used - configured) > 1e-9:
        text += f" (of {100 * configured:.0f}%)"
    return text


def _draw(e: Explanation, console: Console) -> None:
    console.print(
        Text(f"{e.candidate_name} ({e.candidate_id}) for {e.focal_name} ({e.focal_id})", "bold")
    )
    console.print(Text(headline(e)))
    scale = max((c.possible for c in e.criteria), default=0.0)
    table = Table(show_header=True, caption_justify="left")
    table.add_column("Criterion")
    table.add_column("Score", justify="right")
    table.add_column("Weight", justify="right")
    table.add_column("Points", justify="right")
    table.add_column("Share of the total", no_wrap=True)
    table.add_column("Summary", overflow="fold", ratio=1)
    for c in e.criteria:
        table.add_row(
            CRITERION_TITLES[c.name],
            points(c.score),
            _weight(c.used_weight, c.weight) if c.known else "–",
            f"{c.contribution:.1f}" if c.known else "?",
            _bar(c.contribution, c.possible, scale) if c.known else Text("unknown", "dim"),
            c.summary,
        )
    if e.total is not None:
        table.add_row("Total", "", "100%", Text(f"{e.total:.1f}", "bold"), "", "")
    console.print(table)
    console.print(Text("Evidence", "bold"))
    for result in e.card.criteria:
        console.print(Text(f"  {CRITERION_TITLES[result.name]}"))
        for line in evidence_lines(result):
            # wrapped lines stay under their item instead of starting at the margin
            console.print(Padding(Text(line), (0, 0, 0, 4), expand=False))
    unknown = ", ".join(e.unknown) if e.unknown else "none"
    console.print(Text(f"Unknown (left out, weights renormalised): {unknown}"))
    if e.dealbreakers:
        console.print(Text("Dealbreakers hit:", "bold red"))
        for reason in e.dealbreakers:
            console.print(Padding(Text(f"- {reason}"), (0, 0, 0, 2), expand=False))
    else:
        console.print(Text("Dealbreakers hit: none"))
    if e.improvements:
        console.print(Text("What would raise the score most", "bold"))
        for i, imp in enumerate(e.improvements, start=1):
            line = improvement_line(imp.points, imp.new_total, imp.change.description)
            console.print(Padding(Text(f"{i}. {line}"), (0, 0, 0, 2), expand=False))
    elif not e.excluded and e.total is not None:
        console.print(Text("No single change considered would raise the score."))
    console.print(Text(f"Weights: {e.weights.source}"))
    for note in e.notes:
        console.print(Text(f"Note: {note}", "italic"))


def render_explain_table(explanation: Explanation, options: RenderOptions) -> str:
    """Render an explanation for the terminal."""
    return render_with_console(options, lambda console: _draw(explanation, console))
