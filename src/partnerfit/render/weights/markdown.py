"""Markdown output of ``partnerfit weights``, fit for a pull request or a meeting note."""

from __future__ import annotations

from partnerfit.decide.weights import WeightsAnalysis
from partnerfit.render.common import RenderOptions, markdown_row, markdown_text
from partnerfit.render.weights.common import (
    adjustment_sentence,
    group_sentences,
    method_label,
    percent,
)


def render_weights_markdown(analysis: WeightsAnalysis, options: RenderOptions) -> str:
    """Render the analysis as GitHub-flavoured Markdown."""
    del options
    heading = f"### Weights from {markdown_text(analysis.source)}"
    if analysis.title:
        heading += f": {markdown_text(analysis.title)}"
    people = analysis.stakeholders
    lines = [heading, ""]
    lines.append(
        markdown_row(["Criterion", *(markdown_text(p.name) for p in people), "AIJ", "AIP"])
    )
    lines.append(markdown_row(["---", *("---:" for _ in people), "---:", "---:"]))
    for name in analysis.criteria:
        cells = [percent(p.result.weights[name]) for p in people]
        lines.append(
            markdown_row(
                [
                    markdown_text(name),
                    *cells,
                    percent(analysis.aij.weights[name]),
                    percent(analysis.aip[name]),
                ]
            )
        )
    lines += ["", markdown_row(["Stakeholder", "Vote", "Judged", "Method", "CR", "Compatibility"])]
    lines.append(markdown_row(["---", "---:", "---:", "---", "---:", "---:"]))
    for person in people:
        r = person.result
        flag = "" if r.acceptable else " ⚠"
        lines.append(
            markdown_row(
                [
                    markdown_text(person.name),
                    f"{100 * person.share:.0f}%",
                    f"{r.judged}/{r.possible}",
                    method_label(r),
                    f"{r.cr:.3f}{flag}",
                    f"{person.compatibility:.2f}",
                ]
            )
        )
    group = analysis.aij
    lines.append(
        markdown_row(
            [
                "group (AIJ)",
                "",
                f"{group.judged}/{group.possible}",
                method_label(group),
                f"{group.cr:.3f}{'' if group.acceptable else ' ⚠'}",
                "",
            ]
        )
    )
    lines.append("")
    for who, result in [(p.name, p.result) for p in people] + [("group (AIJ)", group)]:
        sentence = adjustment_sentence(who, result, markdown_text)
        if sentence is not None and not result.acceptable:
            lines.append(f"- {sentence}")
    for sentence in group_sentences(analysis):
        lines += ["", sentence]
    return "\n".join(lines) + "\n"
