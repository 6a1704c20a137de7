"""Hypothesis strategies for structurally valid profiles."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from partnerfit.model import CADENCES, Profile
from partnerfit.model.vocabulary import normalise_tag

TAGS = ["care", "Care", "green", "sustainability", "open data", "open_data", "trust", "speed"]
CAPABILITIES = ["funding", "Funding", "logistics", "marketing", "research", "venue"]
PLACES = ["EU", "UK", "US", "KE", "fr"]
AUDIENCES = ["families", "students", "farmers"]
THEMES = ["climate", "education", "health", "waste"]
METRICS = ["people_reached", "waste-kg", "jobs"]
LANGUAGES = ["en", "fr", "de"]

levels = st.integers(min_value=1, max_value=5)


def _strength() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"capability": st.sampled_from(CAPABILITIES), "level": levels})


def _need() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"capability": st.sampled_from(CAPABILITIES), "priority": levels})


def _goal() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"statement": st.just("A goal")},
        optional={
            "metric": st.sampled_from(METRICS),
            "themes": st.lists(st.sampled_from(THEMES), max_size=3),
        },
    )


@st.composite
def profile_data(draw: st.DrawFn, profile_id: str | None = None) -> dict[str, Any]:
    """A dict that validates as a Profile, with any optional section present or absent."""
    pid = profile_id or draw(st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True))
    optional: dict[str, st.SearchStrategy[Any]] = {
        "kind": st.sampled_from(["business", "nonprofit", "government", "academic", "community"]),
        "sectors": st.lists(
            st.sampled_from(["food", "health", "tobacco", "education"]), max_size=2
        ),
        "regions": st.lists(st.sampled_from(PLACES), max_size=3),
        "audiences": st.lists(st.sampled_from(AUDIENCES), max_size=2),
        # tags that fold to the same tag (Care, care) are an error: one spelling of each
        "values": st.one_of(
            st.lists(
                st.tuples(st.sampled_from(TAGS), levels),
                max_size=4,
                unique_by=lambda pair: normalise_tag(pair[0]),
            ).map(dict),
            st.lists(st.sampled_from(TAGS), max_size=3, unique_by=normalise_tag),
        ),
        "strengths": st.lists(_strength(), max_size=3),
        "needs": st.lists(_need(), max_size=3),
        "goals": st.lists(_goal(), max_size=2),
        "reputation": st.fixed_dictionaries(
            {},
            optional={
                "rating": st.floats(min_value=0, max_value=5, allow_nan=False),
                "certifications": st.lists(st.sampled_from(["b-corp", "iso-9001"]), max_size=2),
            },
        ),
        "communication": st.fixed_dictionaries(
            {},
            optional={
                "languages": st.lists(st.sampled_from(LANGUAGES), max_size=2),
                "cadence": st.sampled_from(CADENCES),
            },
        ),
        "dealbreakers": st.fixed_dictionaries(
            {},
            optional={
                "sectors": st.lists(st.sampled_from(["tobacco", "gambling"]), max_size=1),
                "kinds": st.lists(st.sampled_from(["government"]), max_size=1),
                "values": st.lists(st.sampled_from(TAGS), max_size=1),
                "regions": st.lists(st.sampled_from(PLACES), max_size=1),
            },
        ),
    }
    data: dict[str, Any] = {"id": pid, "name": f"Org {pid}"}
    data.update(draw(st.fixed_dictionaries({}, optional=optional)))
    return data


def profiles(profile_id: str | None = None) -> st.SearchStrategy[Profile]:
    """Validated Profile objects."""
    return profile_data(profile_id).map(Profile.model_validate)
