"""Terminal table of ``partnerfit weights``: weights by criterion, then consistency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerfit.decide.weights import WeightsAnalysis
from partnerfit.render.common import RenderOptions, render_with_console, strip_padding
from partnerfit.render.weights.common import (
    adjustment_sentence,
    group_sentences,
    method_label,
    percent,
)

if TYPE_CHECKING:
    from rich.console import Console


def _draw(analysis: WeightsAnalysis, console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    heading = f"Weights from {analysis.source}"
    if analysis.title:
        heading += f": {analysis.title}"
    weights = Table(
        title=Text(heading),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    weights.add_column("Criterion", overflow="fold")
    for person in analysis.stakeholders:
        weights.add_column(Text(person.name), justify="right", overflow="fold")
    weights.add_column("AIJ", justify="right")
    weights.add_column("AIP", justify="right")
    for name in analysis.criteria:
        cells = [percent(p.result.weights[name]) for p in analysis.stakeholders]
        weights.add_row(
            Text(name), *cells, percent(analysis.aij.weights[name]), percent(analysis.aip[name])
        )
    console.print(weights)
    console.print()
    checks = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for header in ("Stakeholder", "Vote", "Judged", "Method", "CR", "Compat."):
        checks.add_column(
            header, justify="left" if header in ("Stakeholder", "Method") else "right"
        )
    for person in analysis.stakeholders:
        result = person.result
        checks.add_row(
            Text(person.name),
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
        sentence = adjustment_sentence(who, result)
        if sentence is not None and not result.acceptable:
            console.print(Text(sentence))
    for line in group_sentences(analysis):
        console.print(Text(line))


def render_weights_table(analysis: WeightsAnalysis, options: RenderOptions) -> str:
    """Render the analysis as terminal tables."""
    return strip_padding(render_with_console(options, lambda console: _draw(analysis, console)))
