"""What each criterion saw for one pair: tags shared, needs covered, and a one-line summary.

Evidence is description, not arithmetic: the numbers (scores, coverage of needs, each side's
view of the values) come from ``scoring.criteria``, and are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerfit.model import Profile
from partnerfit.scoring.encode import MAX_LEVEL, Tags

PartValues = tuple[float | None, float | None]


@dataclass(frozen=True)
class SharedValue:
    """A value both organisations hold, with each side's importance."""

    tag: str
    focal: int
    candidate: int


@dataclass(frozen=True)
class WeightedTag:
    """A tag with its importance or priority."""

    tag: str
    weight: int


@dataclass(frozen=True)
class ValueEvidence:
    """Shared values, values only one side holds, and each side's view (share matched)."""

    shared: tuple[SharedValue, ...]
    focal_only: tuple[WeightedTag, ...]
    candidate_only: tuple[WeightedTag, ...]
    focal_view: float | None
    candidate_view: float | None


@dataclass(frozen=True)
class Coverage:
    """A need met by the other side's strength; ``gain`` is what counts, in [0, 1]."""

    need: str
    priority: int
    level: int
    own_level: int
    gain: float


@dataclass(frozen=True)
class ComplementarityEvidence:
    """Needs covered in each direction, needs left open, and supplementary overlaps."""

    covered: tuple[Coverage, ...]
    open_needs: tuple[WeightedTag, ...]
    candidate_needs_covered: tuple[Coverage, ...]
    candidate_needs_open: tuple[WeightedTag, ...]
    supplementary: tuple[str, ...]
    forward: float | None
    backward: float | None


@dataclass(frozen=True)
class GoalEvidence:
    """Goal themes and metrics both pursue, and those only one side pursues."""

    shared_themes: tuple[str, ...]
    shared_metrics: tuple[str, ...]
    focal_only_themes: tuple[str, ...]
    candidate_only_themes: tuple[str, ...]


@dataclass(frozen=True)
class MarketEvidence:
    """Regions and audiences the candidate opens, and those both already reach."""

    new_regions: tuple[str, ...]
    shared_regions: tuple[str, ...]
    new_audiences: tuple[str, ...]
    shared_audiences: tuple[str, ...]


@dataclass(frozen=True)
class ReputationEvidence:
    """The candidate's rating and (distinct, canonical) certifications."""

    rating: float | None
    certifications: tuple[str, ...]


@dataclass(frozen=True)
class CommunicationEvidence:
    """Shared working languages and the two cadences."""

    shared_languages: tuple[str, ...]
    focal_cadence: str | None
    candidate_cadence: str | None


Evidence = (
    ValueEvidence
    | ComplementarityEvidence
    | GoalEvidence
    | MarketEvidence
    | ReputationEvidence
    | CommunicationEvidence
)


def listing(tags: tuple[str, ...] | list[str], limit: int = 3) -> str:
    """Up to ``limit`` tags, comma-separated, with a count of the rest."""
    shown = ", ".join(tags[:limit])
    return shown + (f" +{len(tags) - limit}" if len(tags) > limit else "")


def _values(f: Tags, c: Tags, views: PartValues) -> tuple[ValueEvidence, str]:
    a, b = f.values, c.values
    shared = tuple(SharedValue(t, a[t], b[t]) for t in sorted(a.keys() & b.keys()))
    evidence = ValueEvidence(
        shared=shared,
        focal_only=tuple(WeightedTag(t, a[t]) for t in sorted(a.keys() - b.keys())),
        candidate_only=tuple(WeightedTag(t, b[t]) for t in sorted(b.keys() - a.keys())),
        focal_view=views[0],
        candidate_view=views[1],
    )
    if not a or not b:
        return evidence, f"no values on the {'focal' if not a else 'candidate'} side"
    return evidence, f"shares {listing([s.tag for s in shared])}" if shared else "no shared values"


def _coverage(
    needs: dict[str, int], supplier: dict[str, int], own: dict[str, int]
) -> tuple[tuple[Coverage, ...], tuple[WeightedTag, ...]]:
    covered: list[Coverage] = []
    open_needs: list[WeightedTag] = []
    for need in sorted(needs):
        level, own_level = supplier.get(need, 0), own.get(need, 0)
        gain = max(0, level - own_level) / MAX_LEVEL
        if gain > 0:
            covered.append(Coverage(need, needs[need], level, own_level, gain))
        else:
            open_needs.append(WeightedTag(need, needs[need]))
    return tuple(covered), tuple(open_needs)


def _complementarity(f: Tags, c: Tags, parts: PartValues) -> tuple[ComplementarityEvidence, str]:
    covered, open_needs = _coverage(f.needs, c.levels, f.levels)
    back_covered, back_open = _coverage(c.needs, f.levels, c.levels)
    evidence = ComplementarityEvidence(
        covered=covered,
        open_needs=open_needs,
        candidate_needs_covered=back_covered,
        candidate_needs_open=back_open,
        supplementary=tuple(sorted(f.levels.keys() & c.levels.keys())),
        forward=parts[0],
        backward=parts[1],
    )
    if covered:
        summary = f"covers {listing([x.need for x in covered])}"
    elif f.needs and c.levels:
        summary = "covers none of the focal's needs"
    elif not f.needs and not c.needs:
        summary = "neither side declares needs"
    elif f.needs:
        summary = "candidate states no strengths"
    else:
        summary = "focal covers its needs" if back_covered else "focal covers none of its needs"
    return evidence, summary


def _goals(f: Tags, c: Tags) -> tuple[GoalEvidence, str]:
    evidence = GoalEvidence(
        shared_themes=tuple(sorted(f.themes & c.themes)),
        shared_metrics=tuple(sorted(f.metrics & c.metrics)),
        focal_only_themes=tuple(sorted(f.themes - c.themes)),
        candidate_only_themes=tuple(sorted(c.themes - f.themes)),
    )
    if not ((f.themes and c.themes) or (f.metrics and c.metrics)):
        return evidence, "no comparable goals"
    if evidence.shared_themes:
        return evidence, f"shared themes {listing(list(evidence.shared_themes))}"
    return evidence, "no shared goal themes"


def _markets(f: Tags, c: Tags) -> tuple[MarketEvidence, str]:
    evidence = MarketEvidence(
        new_regions=tuple(sorted(c.regions - f.regions)),
        shared_regions=tuple(sorted(c.regions & f.regions)),
        new_audiences=tuple(sorted(c.audiences - f.audiences)),
        shared_audiences=tuple(sorted(c.audiences & f.audiences)),
    )
    if not ((f.regions and c.regions) or (f.audiences and c.audiences)):
        return evidence, "no regions or audiences to compare"
    new = list(evidence.new_regions) + list(evidence.new_audiences)
    return evidence, f"opens {listing(new)}" if new else "opens no new markets"


def _reputation(candidate: Profile, c: Tags) -> tuple[ReputationEvidence, str]:
    rating = candidate.reputation.rating if candidate.reputation else None
    certs = tuple(sorted(c.certifications))
    evidence = ReputationEvidence(rating=rating, certifications=certs)
    bits = [f"rated {rating:g}/5"] if rating is not None else []
    if certs:
        bits.append(listing(list(certs), 2))
    return evidence, ", ".join(bits) if bits else "no rating or certifications"


def _communication(focal: Profile, candidate: Profile, f: Tags, c: Tags) -> tuple[Evidence, str]:
    f_cad = focal.communication.cadence if focal.communication else None
    c_cad = candidate.communication.cadence if candidate.communication else None
    evidence = CommunicationEvidence(tuple(sorted(f.languages & c.languages)), f_cad, c_cad)
    if f.languages and c.languages:
        shared = evidence.shared_languages
        return evidence, f"speaks {listing(list(shared))}" if shared else "no shared language"
    if f_cad and c_cad:
        return evidence, f"cadence {c_cad} vs {f_cad}"
    return evidence, "no languages or cadence to compare"


def describe_criterion(
    name: str, focal: Profile, candidate: Profile, tags: tuple[Tags, Tags], views: PartValues
) -> tuple[Evidence, str]:
    """(evidence, summary) of one criterion for one pair; ``views`` are its two parts' values
    (used by value alignment and complementarity)."""
    f, c = tags
    if name == "value_alignment":
        return _values(f, c, views)
    if name == "complementarity":
        return _complementarity(f, c, views)
    if name == "goal_alignment":
        return _goals(f, c)
    if name == "market_reach":
        return _markets(f, c)
    if name == "reputation":
        return _reputation(candidate, c)
    if name == "communication":
        return _communication(focal, candidate, f, c)
    raise KeyError(name)
