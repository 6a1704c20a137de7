"""Markdown output of an explanation, fit for a pull-request comment or a report."""

from __future__ import annotations

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import RenderOptions, markdown_code, markdown_text, points
from partnerfit.render.explain.common import (
    CRITERION_TITLES,
    evidence_lines,
    headline,
    improvement_line,
    unknown_lines,
)

_cell = markdown_text
_code = markdown_code


def render_explain_markdown(e: Explanation, options: RenderOptions) -> str:
    """Render an explanation as GitHub-flavoured Markdown."""
    del options
    lines = [
        f"### {_cell(e.candidate_name)} ({_code(e.candidate_id)}) for "
        f"{_cell(e.focal_name)} ({_code(e.focal_id)})",
        "",
        _cell(headline(e)),
        "",
        "| Criterion | Score | Weight | Points | Summary |",
        "|:--|--:|--:|--:|:--|",
    ]
    for c in e.criteria:
        lines.append(
            f"| {CRITERION_TITLES[c.name]} | {points(c.score)} | {100 * c.weight:.0f}% "
            f"| {c.contribution:.1f} | {_cell(c.summary)} |"
        )
    lines.append(f"| **Total** | | 100% | **{e.total:.1f}** | |")
    lines += ["", "**Evidence**", ""]
    for result in e.card.criteria:
        evidence = "; ".join(evidence_lines(result))
        lines.append(f"- {CRITERION_TITLES[result.name]}: " + _cell(evidence))
    first, *rest = unknown_lines(e)
    lines += ["", _cell(first), *(f"- {_cell(line)}" for line in rest)]
    if e.dealbreakers:
        lines += ["", "**Dealbreakers hit**", "", *(f"- {_cell(r)}" for r in e.dealbreakers)]
    else:
        lines += ["", "Dealbreakers hit: none"]
    if e.improvements:
        lines += ["", "**What would raise the score most**", ""]
        lines += [
            f"{n}. " + _cell(improvement_line(i.points, i.new_total, i.change.description))
            for n, i in enumerate(e.improvements, start=1)
        ]
    lines += ["", f"Weights: {_cell(e.weights.source)}"]
    lines += [f"> {_cell(note)}" for note in e.notes]
    return "\n".join(lines) + "\n"
