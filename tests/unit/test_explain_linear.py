"""explain's suggested changes: exactly what a full re-score gives, at a cost linear in the input.

``improvements`` re-scores only the criterion a change touches, every change of a kind in one
batch (``scoring.edits``). These tests hold it to the plain definition — apply the change, score
the pair again — on the bundled set, the decide set and generated pairs, and count the work it
does (tags canonicalised, matrix cells multiplied) as the profiles double.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile import large_pair_profile
from tests.strategies import profiles

from partnerfit import load_profile_set, score_pair
from partnerfit.decide.explain import (
    MIN_GAIN,
    Improvement,
    apply_change,
    candidate_changes,
    edit_tags,
    improvements,
)
from partnerfit.model import Profile, Unknowns
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring import criteria, edits
from partnerfit.scoring.card import Weights, resolve_weights
from partnerfit.scoring.encode import Tags, profile_tags, restrict

DECIDE = Path(__file__).parent.parent / "data" / "decide"
EVERY = 10_000  # a limit no test reaches: compare every improvement, not only the top three


def rescored(
    focal: Profile, candidate: Profile, weights: Weights, vocab: Vocabulary, unknowns: Unknowns
) -> list[tuple[str, float, float]]:
    """The definition: apply each change, score the whole pair again, keep the real gains."""
    before = score_pair(focal, candidate, vocabulary=vocab, weights=weights, unknowns=unknowns)
    found = []
    for change in candidate_changes(focal, candidate, vocab):
        edited = apply_change(focal, candidate, change, vocab)
        pair = (edited, candidate) if change.side == "focal" else (focal, edited)
        card = score_pair(*pair, vocabulary=vocab, weights=weights, unknowns=unknowns)
        gain = card.total - before.total
        if not card.dealbreakers and gain >= MIN_GAIN:
            found.append((change.description, gain, card.total))
    found.sort(key=lambda f: (-round(f[1], 9), f[0]))
    return found


def listed(found: tuple[Improvement, ...]) -> list[tuple[str, float, float]]:
    return [(i.change.description, i.points, i.new_total) for i in found]


def pairs_of(directory: Path) -> Iterator[tuple[Profile, Profile, Vocabulary, Unknowns]]:
    profile_set = load_profile_set(directory)
    members = profile_set.profiles
    for focal in members:
        for candidate in members:
            if focal.id != candidate.id:
                yield focal, candidate, profile_set.vocabulary, profile_set.config.unknowns


@pytest.mark.parametrize("directory", ["bundled", "decide"])
def test_every_pair_of_a_set_gets_exactly_the_rescored_changes(
    directory: str, bundled: Path
) -> None:
    path = bundled if directory == "bundled" else DECIDE
    weights = resolve_weights(load_profile_set(path).config)
    compared = 0
    for focal, candidate, vocab, unknowns in pairs_of(path):
        expected = rescored(focal, candidate, weights, vocab, unknowns)
        got = improvements(focal, candidate, weights, vocab, EVERY, unknowns)
        assert listed(got) == expected, (focal.id, candidate.id)  # equal floats, not approx
        compared += len(expected)
    assert compared > 30  # the sets offer many changes: the comparison is not vacuous


@settings(max_examples=150, deadline=None)
@given(
    profiles("focal"),
    profiles("candidate"),
    st.sampled_from([0.0, 0.25, 0.5]),
    st.lists(st.floats(0, 5, allow_nan=False), min_size=6, max_size=6),
)
def test_generated_pairs_get_exactly_the_rescored_changes(
    focal: Profile, candidate: Profile, prior: float, given_weights: list[float]
) -> None:
    vocab = Vocabulary()
    unknowns = Unknowns(prior=prior)
    names = [spec.name for spec in criteria.CRITERIA_SPECS]
    weights = resolve_weights(
        overrides=dict(zip(names, [w + 0.1 for w in given_weights], strict=True))
    )
    if score_pair(focal, candidate, vocabulary=vocab, weights=weights).dealbreakers:
        return  # explain suggests nothing for an excluded pair
    expected = rescored(focal, candidate, weights, vocab, unknowns)
    assert listed(improvements(focal, candidate, weights, vocab, EVERY, unknowns)) == expected


@given(profiles("focal"), profiles("candidate"))
def test_edit_tags_is_apply_change_in_canonical_tags(focal: Profile, candidate: Profile) -> None:
    vocab = Vocabulary()
    for change in candidate_changes(focal, candidate, vocab):
        key = vocab.canonical(change.tag)
        before = profile_tags(candidate if change.side == "candidate" else focal, vocab)
        after = profile_tags(apply_change(focal, candidate, change, vocab), vocab)
        assert edit_tags(restrict(before, [key]), change, key) == restrict(after, [key])
        others = (_every_tag(before) | _every_tag(after)) - {key}
        assert restrict(before, others) == restrict(after, others)  # one tag changes, no other


def _every_tag(tags: Tags) -> set[str]:
    return {tag for field in dataclasses.fields(Tags) for tag in getattr(tags, field.name)}


def test_a_value_the_focal_rules_out_is_never_suggested() -> None:
    vocab = Vocabulary()
    focal = Profile.model_validate(
        {"id": "f", "name": "F", "values": {"open data": 5, "care": 2}, "dealbreakers": {}}
    )
    banned = focal.model_copy(
        update={"dealbreakers": focal.dealbreakers.model_copy(update={"values": ("open data",)})}
    )
    candidate = Profile.model_validate({"id": "c", "name": "C", "values": {"care": 1}})
    weights = resolve_weights()
    ruled_out = vocab.canonical("open data")
    offered = [i.change.tag for i in improvements(focal, candidate, weights, vocab, EVERY)]
    assert ruled_out in offered
    kept = improvements(banned, candidate, weights, vocab, EVERY)
    assert [i.change.tag for i in kept] == [t for t in offered if t != ruled_out]
    assert listed(kept) == rescored(banned, candidate, weights, vocab, Unknowns())


def _work(monkeypatch: pytest.MonkeyPatch, kilobytes: int, tmp: Path) -> int:
    """Tags canonicalised plus matrix cells multiplied by one ``improvements`` of a large pair."""
    for side, seed in (("left", 11), ("right", 12)):
        Path(tmp, f"{side}.yaml").write_bytes(large_pair_profile(kilobytes // 2, side, seed))
    profile_set = load_profile_set(tmp)
    focal, candidate = profile_set.get("left"), profile_set.get("right")
    assert focal is not None
    assert candidate is not None
    counted = [0]
    canonical = Vocabulary.canonical
    overlap = criteria.Grid.overlap

    def counting_canonical(self: Vocabulary, tag: str) -> str:
        counted[0] += 1
        return canonical(self, tag)

    def counting_overlap(
        self: criteria.Grid, a: criteria.Features, b: criteria.Features
    ) -> criteria.Features:
        counted[0] += a[self.rows].size + b.size
        return overlap(self, a, b)

    with monkeypatch.context() as patched:
        patched.setattr(Vocabulary, "canonical", counting_canonical)
        patched.setattr(criteria.Grid, "overlap", counting_overlap)
        found = improvements(focal, candidate, resolve_weights(), profile_set.vocabulary, 3)
    assert found  # the pair overlaps: there is something to suggest
    return counted[0]


def test_work_grows_linearly_with_the_profiles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Work is O(edits × block): with blocks small enough to fill at these sizes it doubles as
    # the input doubles. Re-scoring the pair for every change measured 4.5× per step here.
    monkeypatch.setattr(edits, "EDITS_PER_BLOCK", 16)
    work = []
    for kilobytes in (8, 16, 32):
        directory = tmp_path / str(kilobytes)
        directory.mkdir()
        work.append(_work(monkeypatch, kilobytes, directory))
    ratios = np.array(work[1:]) / np.array(work[:-1])
    assert all(1.7 < r < 2.3 for r in ratios), (work, ratios)


def test_blocks_bound_the_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    # the same answers with blocks of one edit and of many: blocks change cost, never results
    profile_set = load_profile_set(DECIDE)
    weights = resolve_weights(profile_set.config)
    vocab = profile_set.vocabulary

    def run() -> list[tuple[str, float, float]]:
        return [
            row
            for focal, candidate, _, _ in pairs_of(DECIDE)
            for row in listed(improvements(focal, candidate, weights, vocab, EVERY))
        ]

    wide = run()
    assert len(wide) > 10
    monkeypatch.setattr(edits, "EDITS_PER_BLOCK", 1)
    assert run() == wide
