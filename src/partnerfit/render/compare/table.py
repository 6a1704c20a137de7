"""A rich heat-map of a comparison, for small sets on the terminal."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnerfit.batch.engine import Comparison
from partnerfit.errors import UsageError
from partnerfit.render.common import (
    RenderOptions,
    coverage_text,
    render_with_console,
    terminal_text,
)

TABLE_MAX_CANDIDATES = 60
"""Most candidates the heat-map shows (one column each)."""

_RAMP = ("red", "red", "red", "yellow", "yellow", "green", "green", "bold green", "bold green")


def _cell(status: str | None, score: float) -> Text:
    if status == "ranked":
        decile = min(9, int(score // 10))
        return Text(str(decile), style=_RAMP[min(decile, len(_RAMP) - 1)])
    symbol = {"excluded": "x", "insufficient": "?", "self": "·"}.get(status or "", " ")
    return Text(symbol, style="dim")


def _tied_first(comparison: Comparison) -> bool:
    """True when some focal's first place is shared."""
    return bool(comparison.kept.tied[:, 0].any()) if comparison.kept.tied.size else False


def _draw(comparison: Comparison, console: Console) -> None:
    table = Table(
        title="Fit of each focal (rows) with each candidate (columns)",
        title_justify="left",
        caption=(
            "cell = score ÷ 10 (6 = 60–69); x = dealbreaker; ? = insufficient evidence; "
            "· = itself; best = #candidate, score and coverage"
            + ("; blank = not in the top k" if comparison.top_k is not None else "")
            + ("; tie = first place shared, first by id shown" if _tied_first(comparison) else "")
        ),
        caption_justify="left",
        box=None,
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    table.add_column("\nfocal", no_wrap=True)
    for number in range(1, len(comparison.candidates) + 1):
        tens = str(number // 10) if number >= 10 else ""
        table.add_column(f"{tens}\n{number % 10}", justify="right", no_wrap=True)
    table.add_column("\nbest", justify="right", no_wrap=True)
    statuses = comparison.cell_statuses()
    scores = comparison.matrix()
    numbers = {c.id: i for i, c in enumerate(comparison.candidates, start=1)}
    for row, focal in enumerate(comparison.focals):
        ranked = (p for p in comparison.focal_pairs(row) if p.status == "ranked")
        best = next(ranked, None)
        best_text = (
            f"#{numbers[best.candidate_id]} {best.score:.1f} {coverage_text(best.coverage)}"
            + (" tie" if best.tied else "")
            if best is not None and best.score is not None
            else "–"
        )
        table.add_row(
            Text(terminal_text(focal.id)),
            *(
                _cell(status, score)
                for status, score in zip(statuses[row], scores[row], strict=True)
            ),
            best_text,
        )
    console.print(table)
    legend = "  ".join(f"{i}={c.id}" for i, c in enumerate(comparison.candidates, start=1))
    console.print(Text(terminal_text("Candidates: " + legend), overflow="fold"))
    for note in comparison.reported_notes:
        console.print(f"Note: {note}", style="italic")


def render_compare_table(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Render a comparison as a heat-map (at most TABLE_MAX_CANDIDATES candidates)."""
    if len(comparison.candidates) > TABLE_MAX_CANDIDATES:
        raise UsageError(
            f"the table heat-map shows at most {TABLE_MAX_CANDIDATES} candidates, not "
            f"{len(comparison.candidates)}; use --format matrix, csv or jsonl"
        )
    yield render_with_console(options, lambda console: _draw(comparison, console))
