"""Sentences shared by the table and Markdown output of ``partnerfit weights``."""

from __future__ import annotations

from collections.abc import Callable

from partnerfit.decide.weights import (
    COMPATIBILITY_THRESHOLD,
    CR_THRESHOLD,
    PriorityResult,
    WeightsAnalysis,
    scale_text,
)


def percent(value: float) -> str:
    """A weight as a percentage with one decimal."""
    return f"{100 * value:.1f}%"


def adjustment_sentence(
    who: str, result: PriorityResult, name: Callable[[str], str] = str
) -> str | None:
    """What to change to be more consistent, when CR is not 0 (``name`` escapes file text)."""
    change = result.adjustment
    if change is None:
        return None
    verdict = "above" if not result.acceptable else "within"
    return (
        f"{name(who)}: CR {result.cr:.3f} ({verdict} {CR_THRESHOLD:.2f}). Most inconsistent: "
        f"{name(change.more)} vs {name(change.less)} = {scale_text(change.given)}; "
        f"{change.consistent:.3g} would be consistent (nearest on the scale "
        f"{scale_text(change.nearest_scale)}) and bring CR to {change.cr_after:.3f}."
    )


def group_sentences(analysis: WeightsAnalysis) -> list[str]:
    """How the group weights were formed, and how far the stakeholders agree."""
    chosen = "AIJ" if analysis.group_method == "aij" else "AIP"
    lines = [
        "AIJ: vote-weighted geometric mean of the judgements, then priorities "
        f"(group CR {analysis.aij.cr:.3f}). AIP: vote-weighted geometric mean of the "
        f"stakeholders' priorities. Group weights: {chosen}.",
    ]
    if len(analysis.stakeholders) > 1:
        lines.append(
            f"Consensus {100 * analysis.consensus:.0f}% ({analysis.consensus_words}). "
            f"Compatibility with the group above {COMPATIBILITY_THRESHOLD} means a "
            "stakeholder's judgements differ from the group's weights."
        )
    return lines


def method_label(result: PriorityResult) -> str:
    """How the priorities were derived."""
    return "eigenvector" if result.method == "eigenvector" else "Harker (incomplete)"
