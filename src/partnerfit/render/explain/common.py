"""Evidence of each criterion as short plain-text lines, shared by the explain renderers."""

from __future__ import annotations

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import coverage_text
from partnerfit.scoring.card import CriterionResult
from partnerfit.scoring.evidence import (
    CommunicationEvidence,
    ComplementarityEvidence,
    GoalEvidence,
    MarketEvidence,
    ReputationEvidence,
    ValueEvidence,
)

CRITERION_TITLES: dict[str, str] = {
    "value_alignment": "Values",
    "complementarity": "Complementarity",
    "goal_alignment": "Goals",
    "market_reach": "Market reach",
    "reputation": "Reputation",
    "communication": "Communication",
}


def _tags(tags: tuple[str, ...] | list[str]) -> str:
    return ", ".join(tags) if tags else "none"


def _share(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0%}"


def evidence_lines(result: CriterionResult) -> list[str]:
    """The evidence behind one criterion, as lines a person reads."""
    ev = result.evidence
    if isinstance(ev, ValueEvidence):
        shared = [f"{s.tag} ({s.focal}/{s.candidate})" for s in ev.shared]
        return [
            f"shared values (yours/theirs): {_tags(shared)}",
            f"only yours: {_tags([f'{w.tag} ({w.weight})' for w in ev.focal_only])}",
            f"only theirs: {_tags([f'{w.tag} ({w.weight})' for w in ev.candidate_only])}",
            f"your importance they match: {_share(ev.focal_view)}; "
            f"theirs you match: {_share(ev.candidate_view)}",
        ]
    if isinstance(ev, ComplementarityEvidence):
        covered = [
            f"{c.need} (priority {c.priority}) by their level {c.level}"
            + (f" over your {c.own_level}" if c.own_level else "")
            for c in ev.covered
        ]
        back = [
            f"{c.need} (priority {c.priority}) by your level {c.level}"
            + (f" over their {c.own_level}" if c.own_level else "")
            for c in ev.candidate_needs_covered
        ]
        return [
            f"your needs covered: {_tags(covered)}",
            f"your needs left open: {_tags([f'{w.tag} ({w.weight})' for w in ev.open_needs])}",
            f"their needs you cover: {_tags(back)}",
            "their needs left open: "
            + _tags([f"{w.tag} ({w.weight})" for w in ev.candidate_needs_open]),
            f"supplementary (both strong in): {_tags(ev.supplementary)}",
            f"your needs met: {_share(ev.forward)}; theirs met: {_share(ev.backward)}",
        ]
    if isinstance(ev, GoalEvidence):
        return [
            f"shared goal themes: {_tags(ev.shared_themes)}",
            f"shared metrics: {_tags(ev.shared_metrics)}",
            f"your themes they lack: {_tags(ev.focal_only_themes)}",
        ]
    if isinstance(ev, MarketEvidence):
        return [
            f"new regions: {_tags(ev.new_regions)}",
            f"new audiences: {_tags(ev.new_audiences)}",
            f"already shared: {_tags([*ev.shared_regions, *ev.shared_audiences])}",
        ]
    if isinstance(ev, ReputationEvidence):
        rating = "none" if ev.rating is None else f"{ev.rating:g}/5"
        return [f"rating: {rating}; certifications: {_tags(ev.certifications)}"]
    assert isinstance(ev, CommunicationEvidence)
    return [
        f"shared languages: {_tags(ev.shared_languages)}",
        f"cadence: yours {ev.focal_cadence or 'unknown'}, "
        f"theirs {ev.candidate_cadence or 'unknown'}",
    ]


def headline(explanation: Explanation) -> str:
    """One line: the total, tier and place, or why there is none."""
    e = explanation
    known = f"{coverage_text(e.coverage)} of the weight known"
    if e.excluded:
        count = len(e.dealbreakers)
        plural = "s" if count != 1 else ""
        return (
            f"Excluded by {count} dealbreaker{plural} (it would score {e.total:.1f} without "
            f"them); see below."
        )
    text = f"Score {e.total:.1f} / 100"
    if not e.sufficient:
        return text + f" (weighted sum); insufficient evidence: {known}, so no rank or tier."
    if e.tier:
        text += f", tier {e.tier}"
    if e.rank is not None:
        text += f", ranked {e.rank} of {e.ranked_of}"
    return text + f" (weighted sum); {known}."


def unknown_lines(explanation: Explanation) -> list[str]:
    """What the unknowns count for and put at stake, one line per criterion with unknown parts."""
    e = explanation
    low, high = e.interval
    prior = f"{100 * e.unknowns.prior:.0f}"
    if not e.unknown_costs:
        return ["Unknown: none (the score rests on stated facts only)"]
    lines = [f"Unknown (counted at the prior {prior}; the score could be {low:.1f}–{high:.1f}):"]
    for cost in e.unknown_costs:
        result = e.card.criterion(cost.criterion)
        what = (
            "nothing known"
            if result.known == 0
            else ", ".join(part.replace("_", " ") for part in cost.parts) + " unknown"
        )
        lines.append(
            f"{CRITERION_TITLES[cost.criterion]} ({what}): "
            f"counts {cost.counted:.1f} points; stating it could cost up to "
            f"{cost.could_lose:.1f} or add up to {cost.could_gain:.1f}"
        )
    return lines


def improvement_line(points: float, new_total: float, description: str) -> str:
    """'covering the need `funding` (priority 5) would add 9.4 points (to 72.5)'."""
    return f"{description} would add {points:.1f} points (to {new_total:.1f})"
