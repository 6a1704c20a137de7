"""Terminal table of ``partnerfit weights``: weights by criterion, then consistency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerfit.decide.weights import WeightsAnalysis
from partnerfit.render.common import RenderOptions, render_with_console, terminal_text
from partnerfit.render.weights.common import (
    adjustment_sentence,
    group_sentences,
    method_label,
    percent,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


_GAP = 3  # rich's padding between columns of a SIMPLE_HEAD table without edges
_CELL = len("100.0%")


def _fits(first: int, headers: list[str], width: int) -> bool:
    """Whether a table with this first column and these headers fits without wrapping."""
    return first + sum(max(len(h), _CELL) + _GAP for h in headers) <= width


def _weights_table(analysis: WeightsAnalysis, width: int) -> tuple[Table, list[str]]:
    """The weights table, criteria down the side; headers shortened when it would not fit.

    Full stakeholder names when they fit; else stakeholders across as S1, S2…; else (many
    stakeholders) stakeholders down the side and criteria across as C1, C2…. A legend line
    names what the short labels stand for.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    heading = f"Weights from {terminal_text(analysis.source)}"
    if analysis.title:
        heading += f": {terminal_text(analysis.title)}"
    # names come from the judgements file: escaped once here, since rich Text is not escaped
    people = [terminal_text(p.name) for p in analysis.stakeholders]
    criteria = [terminal_text(c) for c in analysis.criteria]
    first = max(len(c) for c in [*criteria, "Criterion"])
    table = Table(
        title=Text(heading),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    legend: list[str] = []
    rows: list[tuple[str, list[str]]]
    if _fits(first, [f"S{i + 1}" for i in range(len(people))] + ["AIJ", "AIP"], width):
        headers = people
        if not _fits(first, [*people, "AIJ", "AIP"], width):
            headers = [f"S{i + 1}" for i in range(len(people))]
            legend = [f"S{i + 1} {name}" for i, name in enumerate(people)]
        table.add_column("Criterion", overflow="fold")
        columns = [*headers, "AIJ", "AIP"]
        rows = [
            (
                shown,
                [percent(p.result.weights[name]) for p in analysis.stakeholders]
                + [percent(analysis.aij.weights[name]), percent(analysis.aip[name])],
            )
            for shown, name in zip(criteria, analysis.criteria, strict=True)
        ]
    else:
        table.add_column("Stakeholder", overflow="fold")
        columns = [f"C{i + 1}" for i in range(len(criteria))]
        legend = [f"C{i + 1} {name}" for i, name in enumerate(criteria)]
        groups = [("group (AIJ)", analysis.aij.weights), ("group (AIP)", analysis.aip)]
        rows = [
            (who, [percent(weights[c]) for c in analysis.criteria])
            for who, weights in [
                *zip(people, [p.result.weights for p in analysis.stakeholders], strict=True),
                *groups,
            ]
        ]
    for header in columns:
        table.add_column(Text(header), justify="right", overflow="fold")
    for label, cells in rows:
        table.add_row(Text(label), *cells)
    return table, legend


def _draw(analysis: WeightsAnalysis, console: Console, width: int) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    weights, legend = _weights_table(analysis, width)
    console.print(weights)
    if legend:
        console.print(Text("; ".join(legend) + "."))
    console.print()
    checks = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for header in ("Stakeholder", "Vote", "Judged", "Method", "CR", "Compat."):
        checks.add_column(
            header, justify="left" if header in ("Stakeholder", "Method") else "right"
        )
    for person in analysis.stakeholders:
        result = person.result
        checks.add_row(
            Text(terminal_text(person.name)),
            f"{100 * person.share:.0f}%",
            f"{result.judged}/{result.possible}",
            method_label(result),
            f"{result.cr:.3f}" + ("" if result.acceptable else " !"),
            f"{person.compatibility:.2f}",
        )
    group = analysis.aij
    checks.add_row(
        "group (AIJ)",
        "",
        f"{group.judged}/{group.possible}",
        method_label(group),
        f"{group.cr:.3f}" + ("" if group.acceptable else " !"),
        "",
    )
    console.print(checks)
    console.print()
    people = [(p.name, p.result) for p in analysis.stakeholders] + [("group (AIJ)", group)]
    for who, result in people:
        sentence = adjustment_sentence(who, result, terminal_text)
        if sentence is not None and not result.acceptable:
            console.print(Text(sentence))
    for line in group_sentences(analysis):
        console.print(Text(line))


def render_weights_table(analysis: WeightsAnalysis, options: RenderOptions) -> str:
    """Render the analysis as terminal tables."""
    return render_with_console(options, lambda console: _draw(analysis, console, options.width))
