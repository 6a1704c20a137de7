"""Markdown output of ``partnerfit calibrate``."""

from __future__ import annotations

from partnerfit.decide.calibrate import Calibration
from partnerfit.render.calibrate.common import (
    TIER_HEADERS,
    correlation_sentence,
    success_sentence,
    tier_cells,
)
from partnerfit.render.common import RenderOptions, markdown_row, markdown_text


def render_calibrate_markdown(c: Calibration, options: RenderOptions) -> str:
    """Render the calibration as GitHub-flavoured Markdown."""
    del options
    lines = [f"### Calibration on {c.fit.used} past partnerships in {markdown_text(c.source)}", ""]
    lines += [
        markdown_row(["Criterion", "Current", "Fitted", "Change"]),
        markdown_row(["---", "---:", "---:", "---:"]),
    ]
    before, after = c.weights_before, c.weights_after
    for name in c.criteria:
        change = 100 * (after[name] - before[name])
        lines.append(
            markdown_row(
                [
                    markdown_text(name),
                    f"{100 * before[name]:.1f}%",
                    f"{100 * after[name]:.1f}%",
                    f"{change:+.1f}",
                ]
            )
        )
    lines += ["", correlation_sentence(c), "", f"**{c.verdict}**", ""]
    lines += [
        markdown_row(list(TIER_HEADERS)),
        markdown_row(["---", *("---:" for _ in TIER_HEADERS[1:])]),
    ]
    for tier in c.tiers:
        lines.append(
            markdown_row(
                [markdown_text(cell) for cell in tier_cells(tier, c.tiers_current.get(tier.label))]
            )
        )
    lines += ["", success_sentence(c), f"Current weights: {markdown_text(c.current.source)}."]
    lines += [f"> warning: {markdown_text(w)}" for w in c.warnings]
    return "\n".join(lines) + "\n"
