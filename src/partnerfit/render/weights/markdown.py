"""Markdown output of ``partnerfit weights``, fit for a pull request or a meeting note."""

from __future__ import annotations

import re

from partnerfit.decide.weights import WeightsAnalysis
from partnerfit.render.common import RenderOptions
from partnerfit.render.weights.common import (
    adjustment_sentence,
    group_sentences,
    method_label,
    percent,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def md(text: str) -> str:
    """Text from a file as inert Markdown: control characters dropped, markup escaped."""
    return _SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_weights_markdown(analysis: WeightsAnalysis, options: RenderOptions) -> str:
    """Render the analysis as GitHub-flavoured Markdown."""
    del options
    heading = f"### Weights from {md(analysis.source)}"
    if analysis.title:
        heading += f": {md(analysis.title)}"
    people = analysis.stakeholders
    lines = [heading, ""]
    lines.append(_row(["Criterion", *(md(p.name) for p in people), "AIJ", "AIP"]))
    lines.append(_row(["---", *("---:" for _ in people), "---:", "---:"]))
    for name in analysis.criteria:
        cells = [percent(p.result.weights[name]) for p in people]
        lines.append(
            _row(
                [md(name), *cells, percent(analysis.aij.weights[name]), percent(analysis.aip[name])]
            )
        )
    lines += ["", _row(["Stakeholder", "Vote", "Judged", "Method", "CR", "Compatibility"])]
    lines.append(_row(["---", "---:", "---:", "---", "---:", "---:"]))
    for person in people:
        r = person.result
        flag = "" if r.acceptable else " ⚠"
        lines.append(
            _row(
                [
                    md(person.name),
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
        _row(
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
        sentence = adjustment_sentence(who, result, md)
        if sentence is not None and not result.acceptable:
            lines.append(f"- {sentence}")
    for sentence in group_sentences(analysis):
        lines += ["", sentence]
    return "\n".join(lines) + "\n"
