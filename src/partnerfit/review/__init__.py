"""Partnerships over time: goal progress, health, trend and risk flags.

May import: ``partnerfit.scoring``, ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
Never typer or rich; never prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from partnerfit.model.partnership_set import load_partnership_set
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.review.engine import fits_at_selection, review_partnership, review_set
from partnerfit.review.results import (
    Fit,
    Flag,
    GoalProgress,
    IssueState,
    Meetings,
    PartnerSatisfaction,
    PartnershipReview,
    ReviewResult,
    SelectionOutcome,
    SurveyFactor,
)

__all__ = [
    "Fit",
    "Flag",
    "GoalProgress",
    "IssueState",
    "Meetings",
    "PartnerSatisfaction",
    "PartnershipReview",
    "ReviewResult",
    "SelectionOutcome",
    "SurveyFactor",
    "fits_at_selection",
    "partnership_outcomes",
    "review_partnership",
    "review_partnerships",
    "review_set",
]

PathArg = Path | str | Sequence[Path | str]


def _paths(path: PathArg) -> list[Path | str]:
    return [path] if isinstance(path, Path | str) else list(path)


def _profiles(profiles: ProfileSet | Path | str | None) -> tuple[ProfileSet | None, str | None]:
    if profiles is None or isinstance(profiles, ProfileSet):
        return profiles, None
    return load_profile_set(profiles), str(profiles)


def review_partnerships(
    path: PathArg = "partnerships",
    *,
    as_of: dt.date | None = None,
    profiles: ProfileSet | Path | str | None = "profiles",
) -> ReviewResult:
    """Review the partnership files under ``path`` as of a date (default today)."""
    profile_set, profiles_source = _profiles(profiles)
    loaded = load_partnership_set(_paths(path), profiles=profile_set)
    return review_set(
        loaded.partnerships,
        as_of or dt.date.today(),
        profiles=profile_set,
        sources=loaded.sources,
        profiles_source=profiles_source,
    )


def partnership_outcomes(
    path: PathArg = "partnerships",
    *,
    as_of: dt.date | None = None,
    profiles: ProfileSet | Path | str = "profiles",
) -> tuple[SelectionOutcome, ...]:
    """Per partnership: who selected whom, the fit at selection, the health and any outcome.

    A partnership with no outcome evidence yet has status ``unrated``: its health rests on the
    governance habits alone and says nothing of how the partnership turned out.
    """
    result = review_partnerships(path, as_of=as_of, profiles=profiles)
    out = []
    for item in sorted(result.partnerships, key=lambda r: r.id):
        outcome = item.outcome
        out.append(
            SelectionOutcome(
                partnership_id=item.id,
                focal_id=item.selected_by,
                partner_ids=tuple(p for p in item.partners if p != item.selected_by),
                fit=item.fit,
                fits=item.fits,
                health=item.health.score,
                status=item.health.status,
                coverage=item.health.coverage,
                result=outcome.result if outcome else None,
                rating=outcome.rating if outcome else None,
            )
        )
    return tuple(out)
