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
from partnerfit.render.tables import print_table

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


_CELL = 2
"""Width of a heat-map column: one digit and the space after it."""
_FOCAL_NARROWEST = 10
"""A focal id is shortened (with …) to no less than this when the terminal is narrow."""


def _best_text(comparison: Comparison, row: int, numbers: dict[str, int]) -> str:
    ranked = (p for p in comparison.focal_pairs(row) if p.status == "ranked")
    best = next(ranked, None)
    if best is None or best.score is None:
        return "–"
    tie = " tie" if best.tied else ""
    return f"#{numbers[best.candidate_id]} {best.score:.1f} {coverage_text(best.coverage)}{tie}"


def panels(count: int, width: int, focal: int, best: int) -> tuple[int, list[range]]:
    """The focal column's width and the candidate numbers (1-based) of each panel: every
    candidate in one table when the terminal is wide enough, else as many per panel as fit
    beside the focal column (and, in the first, the best column), none left out."""
    if focal + 1 + _CELL * count + best <= width:
        return focal, [range(1, count + 1)]
    focal = max(1, min(focal, max(_FOCAL_NARROWEST, width // 3)))
    first = max(1, (width - focal - 1 - best) // _CELL)
    rest = max(1, (width - focal - 1) // _CELL)
    found = [range(1, min(count, first) + 1)]
    while found[-1].stop <= count:
        start = found[-1].stop
        found.append(range(start, min(count, start + rest - 1) + 1))
    return focal, found


def _draw(comparison: Comparison, console: Console) -> None:
    numbers = {c.id: i for i, c in enumerate(comparison.candidates, start=1)}
    focals = [terminal_text(focal.id) for focal in comparison.focals]
    bests = [_best_text(comparison, row, numbers) for row in range(len(focals))]
    count = len(comparison.candidates)
    longest = max((len(text) for text in [*focals, "focal"]), default=5)
    best_width = max((len(text) for text in [*bests, "best"]), default=4)
    focal_width, shown = panels(count, console.width, longest, best_width)
    statuses = comparison.cell_statuses()
    scores = comparison.matrix()
    title = "Fit of each focal (rows) with each candidate (columns)"
    for number, candidates in enumerate(shown):
        table = Table(
            title=title
            if len(shown) == 1
            else f"Fit of each focal with candidates {candidates.start}–{candidates.stop - 1} "
            f"of {count}",
            title_justify="left",
            caption=_caption(comparison) if number == len(shown) - 1 else None,
            caption_justify="left",
            box=None,
            padding=(0, 1, 0, 0),
            pad_edge=False,
        )
        table.add_column("\nfocal", no_wrap=True, max_width=focal_width, overflow="ellipsis")
        for candidate in candidates:
            tens = str(candidate // 10) if candidate >= 10 else ""
            table.add_column(f"{tens}\n{candidate % 10}", justify="right", no_wrap=True)
        if number == 0:
            table.add_column("\nbest", justify="right", no_wrap=True)
        columns = slice(candidates.start - 1, candidates.stop - 1)
        for row, focal in enumerate(focals):
            cells = zip(statuses[row][columns], scores[row][columns], strict=True)
            table.add_row(
                Text(focal),
                *(_cell(status, score) for status, score in cells),
                *([bests[row]] if number == 0 else []),
            )
        print_table(console, table)
    legend = "  ".join(f"{i}={c.id}" for i, c in enumerate(comparison.candidates, start=1))
    console.print(Text(terminal_text("Candidates: " + legend), overflow="fold"))
    for note in comparison.reported_notes:
        console.print(f"Note: {note}", style="italic")


def _caption(comparison: Comparison) -> str:
    return (
        "cell = score ÷ 10 (6 = 60–69); x = dealbreaker; ? = insufficient evidence; "
        "· = itself; best = #candidate, score and coverage"
        + ("; blank = not in the top k" if comparison.top_k is not None else "")
        + ("; tie = first place shared, first by id shown" if _tied_first(comparison) else "")
    )


def render_compare_table(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Render a comparison as a heat-map (at most TABLE_MAX_CANDIDATES candidates)."""
    if len(comparison.candidates) > TABLE_MAX_CANDIDATES:
        raise UsageError(
            f"the table heat-map shows at most {TABLE_MAX_CANDIDATES} candidates, not "
            f"{len(comparison.candidates)}; use --format matrix, csv or jsonl"
        )
    # drawn when called, not when first read: run from the registry, with fewer collections
    return iter((render_with_console(options, lambda console: _draw(comparison, console)),))
