"""Choosing candidates: by kind, sector and region, and leaving named ones out.

Sectors and regions match after the set's own normalisation and synonyms, so ``--sector
Health-Care`` finds ``healthcare`` when the config says they are the same. Values within one
filter are alternatives (any of them matches); different filters must all match.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from partnerfit.errors import UsageError
from partnerfit.model.base import KINDS
from partnerfit.model.profile import Profile
from partnerfit.model.profileset import ProfileSet


@dataclass(frozen=True)
class CandidateFilter:
    """Which candidates to consider; empty fields do not filter."""

    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.kinds or self.sectors or self.regions or self.exclude)

    def describe(self) -> str:
        """The filter in words, for a note under the output."""
        parts = []
        for label, values in (
            ("kind", self.kinds),
            ("sector", self.sectors),
            ("region", self.regions),
        ):
            if values:
                parts.append(f"{label} {' or '.join(values)}")
        text = "candidates with " + " and ".join(parts) if parts else "all candidates"
        if self.exclude:
            text += "; left out: " + ", ".join(self.exclude)
        return text


def nearest(value: str, allowed: Sequence[str]) -> str:
    """'; did you mean `x`?' for a close value, else ''."""
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
    return f"; did you mean `{close[0]}`?" if close else ""


def check_kinds(kinds: Sequence[str], option: str = "--kind") -> None:
    """Every kind must be a kind of organisation; say which ones are."""
    for kind in kinds:
        if kind not in KINDS:
            raise UsageError(
                f"{option}: `{kind}` is not one of {', '.join(KINDS)}{nearest(kind, KINDS)}"
            )


def matches(profile: Profile, chosen: CandidateFilter, profiles: ProfileSet) -> bool:
    """Whether a profile passes the filter (the exclusions aside)."""
    vocabulary = profiles.vocabulary
    if chosen.kinds and profile.kind not in chosen.kinds:
        return False
    if chosen.sectors and not (
        vocabulary.tag_set(chosen.sectors) & vocabulary.tag_set(profile.sectors)
    ):
        return False
    return not chosen.regions or bool(
        vocabulary.tag_set(chosen.regions) & vocabulary.tag_set(profile.regions)
    )


def select(profiles: ProfileSet, chosen: CandidateFilter, keep: Sequence[str] = ()) -> ProfileSet:
    """The set with only the candidates the filter lets through (ids in ``keep`` always stay)."""
    if not chosen:
        return profiles
    check_kinds(chosen.kinds)
    ids = profiles.ids()
    for profile_id in chosen.exclude:
        if profile_id not in ids:
            raise UsageError(profiles.unknown_id(profile_id, "--exclude"))
    left_out = set(chosen.exclude)
    kept = tuple(
        p
        for p in profiles.profiles
        if p.id in keep or (p.id not in left_out and matches(p, chosen, profiles))
    )
    return dataclasses.replace(profiles, profiles=kept)
