"""A profile set answers id lookups from an index: loading partnerships asks it for every
partner of every file, and a scan per lookup made that partnerships × profiles."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.tools import CountedStr

from partnerfit import load_profile_set
from partnerfit.model.partnership_set import capability_vocabulary

BUNDLED = Path(__file__).parent.parent.parent / "profiles"


def test_looking_up_every_profile_costs_linear_comparisons() -> None:
    bundled = load_profile_set(BUNDLED)
    base = bundled.profiles[0]
    members = tuple(
        base.model_copy(update={"id": CountedStr(f"org-{i:05d}")}) for i in range(2_000)
    )
    profiles = dataclasses.replace(bundled, profiles=members)
    wanted = [f"org-{i:05d}" for i in range(2_000)]
    CountedStr.compared = 0
    found = [profiles.get(profile_id) for profile_id in wanted]
    missing = profiles.get("absent")
    lookups = CountedStr.compared
    assert lookups <= 2 * len(wanted) + 2  # a scan compares about n²/2 times
    assert [p.id for p in found if p is not None] == wanted
    assert missing is None
    assert profiles.ids() == tuple(wanted)


def test_the_capability_vocabulary_is_the_sets_strengths_needs_and_synonyms() -> None:
    profiles = load_profile_set(BUNDLED)
    vocabulary = profiles.vocabulary
    expected = {vocabulary.canonical(s.capability) for p in profiles.profiles for s in p.strengths}
    expected |= {vocabulary.canonical(n.capability) for p in profiles.profiles for n in p.needs}
    expected |= {vocabulary.canonical(word) for word in profiles.config.synonyms}
    assert capability_vocabulary(profiles) == expected
    assert capability_vocabulary(profiles) is capability_vocabulary(profiles)  # once per set
