"""The batch engine against the per-pair scorer, top-k against a full sort, and compare()."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerfit.batch.engine import compare, score_matrix
from partnerfit.decide.ranking import rank
from partnerfit.errors import UsageError
from partnerfit.model import CADENCES, CRITERIA, Config, Profile
from partnerfit.model.config import DEFAULT_PRIOR
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import resolve_weights, score_pair
from partnerfit.scoring.coverage import score_block
from partnerfit.scoring.criteria import Grid
from partnerfit.scoring.encode import encode

TOL = 1e-12
"""The pair path and the batch engine run the same code: they agree to rounding error."""

# Spellings that fold together, and synonyms, so that the encoding's canonical forms matter.
TAGS = ["green", "Green", "eco_friendly", "health", "public health", "Public-Health", "food", "x"]
SYNONYMS = {"sustainability": ("green", "eco-friendly"), "community-health": ("public-health",)}
KINDS = ["business", "nonprofit", "government", "academic", "community"]


def tag_lists(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(TAGS), max_size=max_size)


@st.composite
def profile_data(draw: st.DrawFn, index: int) -> dict[str, Any]:
    level = st.integers(1, 5)
    data: dict[str, Any] = {
        "id": f"org-{index}",
        "name": f"Org {index}",
        "kind": draw(st.sampled_from([None, *KINDS])),
        "sectors": draw(tag_lists()),
        "regions": draw(tag_lists()),
        "audiences": draw(tag_lists()),
        "values": draw(st.dictionaries(st.sampled_from(TAGS), level, max_size=4)),
        "strengths": [{"capability": t, "level": draw(level)} for t in draw(tag_lists(4))],
        "needs": [{"capability": t, "priority": draw(level)} for t in draw(tag_lists(3))],
        "goals": [
            {
                "statement": "g",
                "metric": draw(st.sampled_from([None, *TAGS])),
                "themes": draw(tag_lists()),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
    if draw(st.booleans()):
        data["reputation"] = {
            "rating": draw(st.one_of(st.none(), st.floats(0, 5))),
            "certifications": draw(tag_lists()),
        }
    if draw(st.booleans()):
        data["communication"] = {
            "languages": draw(st.lists(st.sampled_from(["en", "EN", "fr", "de"]), max_size=2)),
            "cadence": draw(st.sampled_from([None, *CADENCES])),
        }
    if draw(st.integers(0, 3)) == 0:
        data["dealbreakers"] = {
            "sectors": draw(tag_lists(1)),
            "values": draw(tag_lists(1)),
            "regions": draw(tag_lists(1)),
            "kinds": draw(st.lists(st.sampled_from(KINDS), max_size=1)),
        }
    return data


@st.composite
def profile_sets(draw: st.DrawFn) -> list[Profile]:
    count = draw(st.integers(1, 7))
    return [Profile.model_validate(draw(profile_data(i))) for i in range(count)]


def assert_matches_per_pair(
    focals: list[Profile] | tuple[Profile, ...],
    candidates: list[Profile] | tuple[Profile, ...],
    vocab: Vocabulary,
    weights_config: Config | None = None,
    block_pairs: int = 1 << 20,
) -> int:
    weights = resolve_weights(weights_config)
    criteria, totals, excluded, coverage = score_matrix(
        focals, candidates, vocab, weights, block_pairs=block_pairs
    )
    checked = 0
    for i, focal in enumerate(focals):
        for j, cand in enumerate(candidates):
            if focal.id == cand.id:
                assert np.isnan(totals[i, j])
                continue
            card = score_pair(focal, cand, vocabulary=vocab, weights=weights)
            expected = np.array(
                [math.nan if r.score is None else r.score for r in card.criteria], dtype=float
            )
            assert np.array_equal(np.isnan(expected), np.isnan(criteria[i, j])), (focal.id, cand.id)
            np.testing.assert_allclose(criteria[i, j], expected, atol=TOL, rtol=0)
            assert coverage[i, j] == pytest.approx(card.coverage, abs=TOL)
            if card.sufficient:
                assert totals[i, j] == pytest.approx(card.total, abs=TOL)
            else:
                assert math.isnan(totals[i, j])
            assert bool(excluded[i, j]) == bool(card.dealbreakers)
            checked += 1
    return checked


def test_equals_per_pair_scorer_on_bundled_profiles(bundled: Path) -> None:
    profiles = load_profile_set(bundled)
    n = len(profiles.profiles)
    checked = assert_matches_per_pair(
        profiles.profiles, profiles.profiles, profiles.vocabulary, profiles.config
    )
    assert checked == n * (n - 1)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_sets(), st.integers(1, 12))
def test_equals_per_pair_scorer_on_generated_sets(profiles: list[Profile], block: int) -> None:
    vocab = Vocabulary.from_synonyms(SYNONYMS)
    assert_matches_per_pair(profiles, profiles, vocab, block_pairs=block)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_sets(), profile_sets())
def test_equals_per_pair_scorer_across_two_sets(left: list[Profile], right: list[Profile]) -> None:
    right = [p.model_copy(update={"id": f"r-{p.id}"}) for p in right]
    assert_matches_per_pair(left, right, Vocabulary.from_synonyms(SYNONYMS))


def test_unknown_criteria_stay_unknown() -> None:
    bare = Profile(id="bare", name="Bare")
    other = Profile(id="other", name="Other", values={"trust": 3})
    criteria, totals, excluded, coverage = score_matrix(
        [bare], [other], Vocabulary(), resolve_weights()
    )
    assert np.isnan(criteria).all()
    assert np.isnan(totals[0, 0])  # nothing known: insufficient evidence
    assert coverage[0, 0] == 0
    assert not excluded[0, 0]


def test_hand_computed_pair() -> None:
    focal = Profile.model_validate(
        {
            "id": "f",
            "name": "F",
            "values": {"trust": 4, "openness": 2},
            "needs": [{"capability": "funding", "priority": 4}],
            "strengths": [{"capability": "research", "level": 2}],
        }
    )
    cand = Profile.model_validate(
        {
            "id": "c",
            "name": "C",
            "values": {"trust": 2, "speed": 3},
            "strengths": [{"capability": "funding", "level": 5}],
            "needs": [{"capability": "research", "priority": 2}],
        }
    )
    criteria, totals, _, coverage = score_matrix([focal], [cand], Vocabulary(), resolve_weights())
    # changed with issue 10. values: Σmin = min(4, 2) = 2; views 2/6 and 2/5.
    # forward 5/5 = 1, backward 2/5 = 0.4: ⅔·0.4 + ⅓·1. The other criteria are unknown and
    # count at the prior (they used to be left out, the weights renormalised over 0.6).
    values, mutual = (2 / 6 + 2 / 5) / 2, 2 / 3 * 0.4 + 1 / 3
    assert criteria[0, 0, 0] == pytest.approx(values, abs=TOL)
    assert criteria[0, 0, 1] == pytest.approx(mutual, abs=TOL)
    assert np.isnan(criteria[0, 0, 2:]).all()
    assert coverage[0, 0] == pytest.approx(0.6, abs=TOL)
    expected = 100 * (0.3 * values + 0.3 * mutual + 0.4 * DEFAULT_PRIOR)
    assert totals[0, 0] == pytest.approx(expected, abs=TOL)


@pytest.fixture(scope="module")
def bundled_set() -> ProfileSet:
    return load_profile_set(Path(__file__).parents[2] / "profiles")


def test_full_compare_agrees_with_rank(bundled_set: ProfileSet) -> None:
    comparison = compare(bundled_set)
    for index, focal in enumerate(comparison.focals):
        ranking = rank(focal, bundled_set)
        pairs = list(comparison.focal_pairs(index))
        ranked = [p for p in pairs if p.status == "ranked"]
        assert [p.candidate_id for p in ranked] == [c.candidate_id for c in ranking.ranked]
        for pair, entry in zip(ranked, ranking.ranked, strict=True):
            assert pair.score == pytest.approx(entry.score, abs=1e-9)
            assert pair.coverage == pytest.approx(entry.coverage, abs=TOL)
            assert pair.interval == pytest.approx(entry.interval, abs=1e-9)
            assert pair.rank == entry.rank
            assert pair.tier == entry.tier
        excluded = {p.candidate_id: p.reasons for p in pairs if p.status == "excluded"}
        assert excluded == {e.candidate_id: e.reasons for e in ranking.excluded}
        summary = comparison.summaries[index]
        assert summary.considered == ranking.candidates_considered
        assert summary.excluded == len(ranking.excluded)


def test_top_k_equals_the_head_of_the_full_comparison(bundled_set: ProfileSet) -> None:
    full = compare(bundled_set)
    top = compare(bundled_set, top_k=4, block_pairs=50)
    for index in range(len(full.focals)):
        head = [p for p in full.focal_pairs(index) if p.status == "ranked"][:4]
        assert list(top.focal_pairs(index)) == head
        assert top.summaries[index].cut_by_top_k == full.summaries[index].ranked - len(head)


def test_min_score_and_matrix(bundled_set: ProfileSet) -> None:
    comparison = compare(bundled_set, focal=["greenleaf-coop"], min_score=60)
    pairs = list(comparison.pairs())
    # order changed with issue 10 (harvest-hub's complementarity is the more balanced)
    assert [p.candidate_id for p in pairs if p.status == "ranked"] == [
        "harvest-hub-distribution",
        "verdant-impact-fund",
    ]
    matrix = comparison.matrix()
    assert matrix.shape == (1, len(bundled_set.profiles))
    assert int((~np.isnan(matrix)).sum()) == 2
    ranking = rank("greenleaf-coop", bundled_set, min_score=60)
    assert comparison.summaries[0].below_min_score == ranking.below_min_score


def test_focal_profile_outside_the_set(bundled_set: ProfileSet) -> None:
    outsider = bundled_set.profiles[0].model_copy(update={"id": "outsider"})
    comparison = compare(bundled_set, focal=outsider, top_k=1)
    assert comparison.summaries[0].considered == len(bundled_set.profiles)
    assert next(comparison.pairs()).focal_id == "outsider"


def test_records_are_flat(bundled_set: ProfileSet) -> None:
    records = compare(bundled_set, focal="greenleaf-coop", top_k=2).to_records()
    assert len(records) == 2
    assert set(CRITERIA) <= records[0].keys()
    assert records[0]["rank"] == 1


def test_progress_reports_every_block(bundled_set: ProfileSet) -> None:
    calls: list[tuple[int, int]] = []
    compare(
        bundled_set, block_pairs=31 * 10, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(31 * 10, 961), (31 * 20, 961), (31 * 30, 961), (961, 961)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"top_k": 0}, "--top-k must be at least 1"),
        ({"min_score": 101}, "--min-score must be within 0..100"),
        ({"focal": "nobody"}, "no profile with id `nobody`"),
    ],
)
def test_usage_errors(bundled_set: ProfileSet, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        compare(bundled_set, **kwargs)


def test_encoding_drops_tags_nobody_shares() -> None:
    a = Profile(id="a", name="A", sectors=("food", "only-a"))
    b = Profile(id="b", name="B", sectors=("food",))
    focal, _ = encode([a, b], [a, b], Vocabulary())
    # sector columns: food only; plus 5 kind columns (values and regions are empty)
    assert focal.held.shape[1] == 1 + 5
    block = score_block(
        focal, focal, Grid(slice(0, 2)), Config().unknowns, resolve_weights().vector()
    )
    assert len(block.values) == len(CRITERIA)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_change_nothing_but_the_speed(bundled_set: ProfileSet, threads: int) -> None:
    one = compare(bundled_set, top_k=3, block_pairs=31 * 4, threads=1)
    many = compare(bundled_set, top_k=3, block_pairs=31 * 4, threads=threads)
    assert many.to_records() == one.to_records()
    assert many.summaries == one.summaries


def test_threads_must_be_positive(bundled_set: ProfileSet) -> None:
    with pytest.raises(UsageError, match="threads must be at least 1"):
        compare(bundled_set, threads=0)


def test_blocks_shrink_to_the_memory_available_and_no_further() -> None:
    from partnerfit.batch.dense import (
        BYTES_PER_BLOCK_PAIR,
        MEMORY_SHARE,
        MIN_BLOCK_PAIRS,
        block_pairs_for,
    )

    plenty = 64 << 30
    assert block_pairs_for(1 << 21, plenty) == 1 << 21
    short = (1 << 16) * BYTES_PER_BLOCK_PAIR * MEMORY_SHARE
    assert block_pairs_for(1 << 21, short) == 1 << 16
    assert block_pairs_for(1 << 21, 0) == MIN_BLOCK_PAIRS


def test_block_sizes_from_memory_change_nothing(
    bundled_set: ProfileSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnerfit.batch import dense

    roomy = compare(bundled_set, top_k=4)
    monkeypatch.setattr(dense, "available_memory", lambda: 0)  # the smallest blocks
    monkeypatch.setattr(dense, "MIN_BLOCK_PAIRS", 31 * 2)
    assert dense.resolve_block_pairs(None, 1 << 20) == 31 * 2
    assert compare(bundled_set, top_k=4).to_records() == roomy.to_records()


def test_block_pairs_must_be_positive(bundled_set: ProfileSet) -> None:
    with pytest.raises(UsageError, match="block_pairs must be at least 1"):
        score_matrix(
            bundled_set.profiles,
            bundled_set.profiles,
            Vocabulary(),
            resolve_weights(),
            block_pairs=0,
        )
