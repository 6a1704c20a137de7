"""A profile set answers id lookups from an index: loading partnerships asks it for every
partner of every file, and a scan per lookup made that partnerships × profiles."""

from __future__ import annotations

import dataclasses
import difflib
import random
from pathlib import Path
from typing import Any

import pytest
from tests.tools import CountedStr

from partnerfit import load_profile_set
from partnerfit.model.near_miss import NearMiss
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


def _slug(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ren", "sol", "ta", "vek", "dun", "pra", "zi", "or", "bel"]
    return "-".join("".join(rng.choices(syllables, k=3)) for _ in range(2))


def test_a_near_miss_for_an_unknown_partner_judges_a_few_ids_once_per_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every partnership file naming a mistyped partner asked difflib to judge every id
    bundled = load_profile_set(BUNDLED)
    rng = random.Random(7)
    ids = sorted({_slug(rng) for _ in range(3_000)})
    members = tuple(bundled.profiles[0].model_copy(update={"id": i}) for i in ids)
    profiles = dataclasses.replace(bundled, profiles=members)
    judged: list[int] = []
    original = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], **options: Any) -> list[str]:
        judged.append(len(possibilities))
        return original(word, possibilities, **options)

    monkeypatch.setattr("partnerfit.model.near_miss.difflib.get_close_matches", counting)
    typo = ids[1234][:-1]  # the last letter dropped
    for _ in range(50):
        assert profiles.closest_id(typo) == ids[1234]
    assert len(judged) == 1  # the same question, answered once
    questions = [i[:4] + i[5:] for i in ids[::7]]  # the fifth character dropped
    hints = [profiles.closest_id(q) for q in questions]
    exact = [original(q, ids, n=1, cutoff=0.6) for q in questions[:60]]
    assert hints[:60] == [e[0] if e else None for e in exact]
    assert 0 < max(judged) <= NearMiss.SHORTLIST  # not the 3,000: linear over many questions
    assert f"did you mean `{ids[42]}`?" in profiles.unknown_id(ids[42] + "s")


def _ratio(question: str, word: str | None) -> float:
    """difflib's similarity of a hint to the question, as get_close_matches scores it."""
    if word is None:
        return 0.0
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(question)
    matcher.set_seq1(word)
    return matcher.ratio()


def test_a_hint_is_as_close_as_difflibs_own_for_ids_that_differ_in_digits() -> None:
    # the hardest ids for a trigram shortlist: every trigram is shared by hundreds of them
    ids = [f"org-{i:06d}" for i in range(2_000)]
    near = NearMiss(ids)
    rng = random.Random(11)
    questions = []
    for word in rng.sample(ids, 100):
        at = rng.randrange(4, len(word))
        questions.append(word[:at] + word[at + 1 :] + rng.choice(["", "x", "7"]))
    worse = [
        q
        for q in questions
        if _ratio(q, near(q))
        < _ratio(q, (difflib.get_close_matches(q, ids, n=1, cutoff=0.6) or [None])[0]) - 1e-12
    ]
    assert worse == []
