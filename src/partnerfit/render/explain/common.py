"""Evidence of each criterion as short plain-text lines, shared by the explain renderers."""

from __future__ import annotations

from partnerfit.decide.explain import Explanation
from partnerfit.scoring.criteria import (
    CommunicationEvidence,
    ComplementarityEvidence,
    CriterionResult,
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


def evidence_lines(result: CriterionResult) -> list[str]:
    """The evidence behind one criterion, as lines a person reads."""
    ev = result.evidence
    if isinstance(ev, ValueEvidence):
        shared = [f"{s.tag} ({s.focal}/{s.candidate})" for s in ev.shared]
        return [
            f"shared values (yours/theirs): {_tags(shared)}",
            f"only yours: {_tags([f'{w.tag} ({w.weight})' for w in ev.focal_only])}",
            f"only theirs: {_tags([f'{w.tag} ({w.weight})' for w in ev.candidate_only])}",
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
    if e.excluded:
        score = "" if e.total is None else f" (it would score {e.total:.1f} without them)"
        count = len(e.dealbreakers)
        plural = "s" if count != 1 else ""
        return f"Excluded by {count} dealbreaker{plural}{score}; see below."
    if e.total is None:
        return "Not scored: no criterion with a positive weight had evidence."
    text = f"Score {e.total:.1f} / 100"
    if e.tier:
        text += f", tier {e.tier}"
    if e.rank is not None:
        text += f", ranked {e.rank} of {e.ranked_of}"
    return text + " (weighted sum)."


def improvement_line(points: float, new_total: float, description: str) -> str:
    """'covering the need `funding` (priority 5) would add 9.4 points (to 72.5)'."""
    return f"{description} would add {points:.1f} points (to {new_total:.1f})"
