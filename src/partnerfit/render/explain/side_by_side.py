"""Several candidates for one focal, side by side: a column per candidate.

The same rows in every format: score, tier, place, each criterion's score and the points it
adds, unknown criteria, dealbreakers hit, and the single change that would add the most.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import (
    SCORES_SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    points,
    render_with_console,
    tool_info,
    unknown_legend,
)
from partnerfit.render.explain.common import CRITERION_TITLES, improvement_line
from partnerfit.render.explain.json import explanation_to_dict


def _score(e: Explanation) -> str:
    if e.excluded:
        return "excluded"
    return "not scored" if e.total is None else f"{e.total:.1f}"


def _place(e: Explanation) -> str:
    return "–" if e.rank is None else f"{e.rank} of {e.ranked_of}"


def rows(explanations: Sequence[Explanation]) -> list[tuple[str, list[str]]]:
    """Row label and one cell per candidate, in display order."""
    table: list[tuple[str, list[str]]] = [
        ("Score", [_score(e) for e in explanations]),
        ("Tier", [e.tier or "–" for e in explanations]),
        ("Rank", [_place(e) for e in explanations]),
    ]
    for position, criterion in enumerate(explanations[0].criteria):
        cells = []
        for e in explanations:
            c = e.criteria[position]
            cells.append(f"{points(c.score)} ({c.contribution:.1f})" if c.known else "?")
        table.append((CRITERION_TITLES[criterion.name], cells))
    table.append(("Unknown", [", ".join(e.unknown) or "none" for e in explanations]))
    table.append(("Dealbreakers", ["; ".join(e.dealbreakers) or "none" for e in explanations]))
    best = [
        improvement_line(
            e.improvements[0].points,
            e.improvements[0].new_total,
            e.improvements[0].change.description,
        )
        if e.improvements
        else "–"
        for e in explanations
    ]
    table.append(("Best change", best))
    return table


def _title(explanations: Sequence[Explanation]) -> str:
    first = explanations[0]
    return f"Candidates for {first.focal_name} ({first.focal_id}), side by side"


def _legend(explanations: Sequence[Explanation]) -> str:
    return (
        "Criterion cells: score out of 100 (weighted-sum points it adds); "
        f"{unknown_legend(explanations[0].unknowns)}."
    )


def render_side_by_side_table(explanations: Sequence[Explanation], options: RenderOptions) -> str:
    """A rich table with a column per candidate; cells wrap, so it reads at 60 columns."""
    from rich.table import Table
    from rich.text import Text

    def draw(console: Any) -> None:
        console.print(Text(_title(explanations), "bold"))
        table = Table(show_header=True, show_lines=True)
        table.add_column("", no_wrap=True)
        for e in explanations:
            table.add_column(e.candidate_id, overflow="fold", ratio=1)
        for label, cells in rows(explanations):
            table.add_row(label, *cells)
        console.print(table)
        console.print(Text(_legend(explanations)))
        console.print(Text(f"Weights: {explanations[0].weights.source}"))

    return render_with_console(options, draw)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_side_by_side_markdown(
    explanations: Sequence[Explanation], options: RenderOptions
) -> str:
    """A pipe table with a column per candidate."""
    del options
    header = " | ".join(f"{_cell(e.candidate_name)} (`{e.candidate_id}`)" for e in explanations)
    lines = [
        f"### {_cell(_title(explanations))}",
        "",
        f"| | {header} |",
        "|:--|" + "--:|" * len(explanations),
    ]
    for label, cells in rows(explanations):
        lines.append(f"| **{label}** | " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", _legend(explanations), f"Weights: {explanations[0].weights.source}"]
    return "\n".join(lines) + "\n"


def render_side_by_side_json(explanations: Sequence[Explanation], options: RenderOptions) -> str:
    """One document holding each candidate's explanation, as ``--format json`` of one."""
    del options
    first = explanations[0]
    return dump_json(
        {
            "schema_version": SCORES_SCHEMA_VERSION,
            "kind": "partnerfit.explanations",
            "tool": tool_info(),
            "focal": {"id": first.focal_id, "name": first.focal_name},
            "explanations": [explanation_to_dict(e) for e in explanations],
        }
    )
