"""Candidate filters: kind, sector and region after synonyms; exclusions by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerfit.errors import UsageError
from partnerfit.model.profileset import load_profile_set
from partnerfit.model.selection import CandidateFilter, select


@pytest.fixture
def bundled_set(bundled: Path):  # type: ignore[no-untyped-def]
    return load_profile_set(bundled)


def test_an_empty_filter_keeps_the_set(bundled_set) -> None:  # type: ignore[no-untyped-def]
    assert select(bundled_set, CandidateFilter()) is bundled_set


def test_kinds_sectors_and_regions_all_apply(bundled_set) -> None:  # type: ignore[no-untyped-def]
    chosen = select(bundled_set, CandidateFilter(kinds=("business",), sectors=("food",)))
    assert chosen.ids() == (
        "agri-venture-partners",
        "coldchain-nordic",
        "crunchco-snacks",
        "harvest-hub-distribution",
        "sunfield-organic-farms",
        "verdant-impact-fund",
    )
    for profile in chosen.profiles:
        assert profile.kind == "business"
        assert "food" in profile.sectors
    either = select(bundled_set, CandidateFilter(kinds=("business", "government")))
    assert {p.kind for p in either.profiles} == {"business", "government"}


def test_tags_match_after_normalisation(bundled_set) -> None:  # type: ignore[no-untyped-def]
    upper = select(bundled_set, CandidateFilter(regions=("EU",)))
    lower = select(bundled_set, CandidateFilter(regions=("eu",)))
    assert upper.ids() == lower.ids()
    assert upper.ids()


def test_keep_and_exclude(bundled_set) -> None:  # type: ignore[no-untyped-def]
    chosen = select(
        bundled_set,
        CandidateFilter(kinds=("business",), exclude=("crunchco-snacks",)),
        keep=("greenleaf-coop",),
    )
    assert "greenleaf-coop" in chosen.ids()
    assert "crunchco-snacks" not in chosen.ids()
    assert CandidateFilter(kinds=("business",), exclude=("x",)).describe() == (
        "candidates with kind business; left out: x"
    )


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (
            CandidateFilter(kinds=("charity",)),
            "--kind: `charity` is not one of business, nonprofit, government, academic, community",
        ),
        (CandidateFilter(kinds=("goverment",)), "did you mean `government`?"),
        (
            CandidateFilter(exclude=("greenlef-coop",)),
            "no profile with id `greenlef-coop` in the profile set (--exclude); did you mean `greenleaf-coop`?",
        ),
    ],
)
def test_bad_values_are_usage_errors(bundled_set, chosen: CandidateFilter, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as caught:
        select(bundled_set, chosen)
    assert message in caught.value.message
