"""The rich table of a ranking, for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from partnerfit.decide.ranking import Exclusion, RankedCandidate, Ranking
from partnerfit.decide.robustness import RobustnessReport
from partnerfit.model import CRITERIA
from partnerfit.render.common import (
    SHORT_LABELS,
    TIE_LEGEND,
    RenderOptions,
    coverage_text,
    not_shown,
    points,
    rank_label,
    render_with_console,
    terminal_text,
    unknown_legend,
)
from partnerfit.render.rank.robustness import flip_sentence, robustness_cells, summary_sentence
from partnerfit.render.tables import print_table

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


WIDTH_ORDER = (
    "the Why column moves below the table, one line per candidate (under 100 columns)",
    "the robustness columns move to a table of their own below",
    "the six criterion columns move into each candidate's line below the table",
)
"""What gives way, in this order, when the terminal is too narrow for the whole table."""


@dataclass(frozen=True)
class _Layout:
    why: bool = True
    robustness: bool = True
    criteria: bool = True


LAYOUTS = (
    _Layout(),
    _Layout(why=False),
    _Layout(why=False, robustness=False),
    _Layout(why=False, robustness=False, criteria=False),
)
"""The layouts to try, widest first, following WIDTH_ORDER."""
WHY_WIDTH = 24
"""The Why column stays in the table only with room for this many characters."""


def _natural_width(console: Console, table: Table) -> int:
    """The width the table takes when nothing is squeezed (rich clamps to the console)."""
    roomy = console.options.update(max_width=10_000)
    return Measurement.get(console, roomy, table).maximum


def _cell_width(cell: Text | str) -> int:
    """A cell's width unsqueezed, as rich measures text: its longest line."""
    text = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _widest_rows(rows: Sequence[_Row]) -> list[_Row]:
    """Per column of the widest layout, the row whose cell is the widest, in rank order.

    A column is as wide as its widest cell (and its header), so a table of these few rows is as
    wide as the table of every candidate in every layout, which drops columns but never adds
    one besides Why: measured in a fraction of the time at thousands of candidates.
    """
    widest: dict[int, tuple[int, int]] = {}  # column -> (width, row)
    every = _Layout(why=False)
    for index, row in enumerate(rows):
        for column, cell in enumerate(row.cells(every)):
            width = _cell_width(cell)
            if width > widest.get(column, (-1, 0))[0]:
                widest[column] = (width, index)
    return [rows[index] for index in sorted({i for _, i in widest.values()})]


def _choose(ranking: Ranking, console: Console, rows: Sequence[_Row]) -> _Layout:
    """The widest layout whose fixed columns fit the terminal."""
    few = _widest_rows(rows)
    for layout in LAYOUTS:
        without_why = _Layout(why=False, robustness=layout.robustness, criteria=layout.criteria)
        needed = _natural_width(console, _ranked_table(ranking, without_why, few))
        if layout.why:
            needed += WHY_WIDTH
        if needed <= console.width and (not layout.why or console.width >= _WIDE):
            return layout
    return LAYOUTS[-1]


def _draw(ranking: Ranking, console: Console) -> None:
    # a narrow terminal gets columns moved out of the table instead of a row of slivers
    rows = _rows(ranking)  # each candidate's cells made once, for every layout tried
    layout = _choose(ranking, console, rows)
    table = _ranked_table(ranking, layout, rows)
    print_table(console, table)
    if not layout.why and ranking.ranked:
        lines = []
        for entry in ranking.ranked:
            place = rank_label(entry.rank, entry.tied)
            line = f"{place}. {entry.candidate_id}: {entry.reason}"
            if not layout.criteria:
                scores = " · ".join(
                    f"{SHORT_LABELS[c]} {points(entry.card.criterion(c).score)}" for c in CRITERIA
                )
                line = f"{place}. {entry.candidate_id}: {scores}; {entry.reason}"
            lines.append(Text(terminal_text(line)))
        # one text of every line, each wrapped on its own: what a print a line gives, at once
        console.print(Text("\n").join(lines))
    if ranking.robustness is not None and not layout.robustness and ranking.ranked:
        console.print()
        print_table(console, _robustness_table(ranking))
    if not ranking.ranked:
        console.print("No candidate ranked.")
    groups = (("Excluded", ranking.excluded), ("Insufficient evidence", ranking.insufficient))
    for title, group in groups:
        if group:
            console.print()
            print_table(console, _left_out_table(title, group))
    _print_footer(ranking, console)


def _robustness_table(ranking: Ranking) -> Table:
    """P(1st), P(top k) and the rank range per candidate, when they do not fit beside the rest."""
    report = ranking.robustness
    assert report is not None  # only drawn for a ranking with a robustness report
    table = Table(title="Robustness", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Candidate", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("P(1st)", justify="right")
    table.add_column(f"P(top {report.top_k})", justify="right")
    table.add_column("Rank 5–95%", justify="right")
    for entry in ranking.ranked:
        table.add_row(
            rank_label(entry.rank, entry.tied),
            terminal_text(entry.candidate_id),
            *robustness_cells(report, entry.candidate_id),
        )
    return table


def _add_ranked_columns(
    table: Table, ranking: Ranking, layout: _Layout, report: RobustnessReport | None
) -> None:
    """The ranked table's columns: those that fit the width, in reading order."""
    table.add_column("#", justify="right")
    table.add_column("Candidate", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("Score", justify="right")
    table.add_column("Tier", justify="center")
    table.add_column("Cov", justify="right")
    if layout.criteria:
        for name in CRITERIA:
            weight = ranking.weights.normalised[name]
            table.add_column(f"{SHORT_LABELS[name]}\n{100 * weight:.0f}%", justify="right")
    if report is not None:
        table.add_column("P(1st)", justify="right")
        table.add_column(f"P(top\n{report.top_k})", justify="right")
        table.add_column("Rank\n5–95%", justify="right")
    if layout.why:
        table.add_column("Why", overflow="fold", ratio=1)


@dataclass(frozen=True)
class _Row:
    """A ranked candidate's cells: rank, candidate, score, tier and coverage; the criteria; the
    robustness (none without a report). Made once and shared by every layout tried and the
    table drawn (rich measures and draws a cell without changing it); Why is made only for a
    layout that has it."""

    entry: RankedCandidate
    fixed: tuple[Text | str, ...]
    criteria: tuple[Text, ...]
    robustness: tuple[Text | str, ...]

    def cells(self, layout: _Layout) -> list[Text | str]:
        """The row's cells in ``layout``."""
        return [
            *self.fixed,
            *(self.criteria if layout.criteria else ()),
            *(self.robustness if layout.robustness else ()),
            *([Text(terminal_text(self.entry.reason))] if layout.why else []),
        ]


def _rows(ranking: Ranking) -> list[_Row]:
    """Every ranked candidate's cells, in rank order."""
    report = ranking.robustness
    tiers = sorted(ranking.tiers, key=lambda t: -ranking.tiers[t])
    rows = []
    for entry in ranking.ranked:
        card = entry.card
        tier_style = (
            _TIER_STYLES[min(tiers.index(entry.tier), len(_TIER_STYLES) - 1)]
            if entry.tier in tiers
            else "dim"
        )
        fixed = (
            rank_label(entry.rank, entry.tied),
            Text.assemble(
                (terminal_text(card.candidate_name), "bold"),
                "\n",
                (terminal_text(card.candidate_id), "dim"),
            ),
            Text(f"{entry.score:.1f}", style="bold"),
            Text(terminal_text(entry.tier or "–"), style=tier_style),
            coverage_text(entry.coverage),
        )
        criteria = tuple(
            Text(points(card.criterion(c).score), style=_score_style(card.criterion(c).score))
            for c in CRITERIA
        )
        robust = tuple(robustness_cells(report, card.candidate_id)) if report is not None else ()
        rows.append(_Row(entry, fixed, criteria, robust))
    return rows


def _ranked_table(ranking: Ranking, layout: _Layout, rows: Sequence[_Row]) -> Table:
    """The ranked candidates of ``rows``: scores, tier, each criterion, robustness, and why."""
    caption = (
        "Val values, Cmp complementarity, Goal goals, Mkt market reach, Rep reputation, "
        f"Com communication (0-100; {unknown_legend(ranking.unknowns)}).\n"
        f"Method {ranking.method}; weights: {ranking.weights.source}."
    )
    if any(entry.tied for entry in ranking.ranked):
        caption += f"\nTies: {TIE_LEGEND}."
    table = Table(
        title=Text(terminal_text(f"Partners for {ranking.focal_name} ({ranking.focal_id})")),
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    _add_ranked_columns(table, ranking, layout, ranking.robustness if layout.robustness else None)
    for row in rows:
        table.add_row(*row.cells(layout))
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
