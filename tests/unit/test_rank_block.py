"""rank through one block: the same exclusions, cards and flip points as pair by pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import BUNDLED

from partnerfit import ProfileSet, load_profile_set, rank
from partnerfit.decide import robustness
from partnerfit.decide.robustness import _first_flip
from partnerfit.scoring.card import card_block, dealbreakers_hit, score_pair
from partnerfit.scoring.criteria import CRITERIA_SPECS


@pytest.fixture(scope="module")
def bundled_profiles() -> ProfileSet:
    return load_profile_set(BUNDLED)


def test_excluded_are_exactly_those_a_dealbreaker_hits(bundled_profiles: ProfileSet) -> None:
    vocab = bundled_profiles.vocabulary
    for focal in bundled_profiles.profiles:
        ranking = rank(focal, bundled_profiles)
        expected = {
            c.id: dealbreakers_hit(focal, c, vocab)
            for c in bundled_profiles.profiles
            if c.id != focal.id and dealbreakers_hit(focal, c, vocab)
        }
        assert {e.candidate_id: e.reasons for e in ranking.excluded} == expected
        assert all(not entry.card.dealbreakers for entry in ranking.ranked)


def test_block_cards_are_the_pair_cards(bundled_profiles: ProfileSet) -> None:
    focal, *others = bundled_profiles.profiles
    vocab = bundled_profiles.vocabulary
    block = card_block(focal, others, vocabulary=vocab)
    coverage = block.coverage()
    for index, candidate in enumerate(others):
        card = block.card(index)
        pair = score_pair(focal, candidate, vocabulary=vocab)
        assert card == pair
        assert coverage[index] == card.coverage
        for spec in CRITERIA_SPECS:
            # described lazily, criterion by criterion, and the same as described at once
            assert card.criterion(spec.name).summary == pair.criterion(spec.name).summary
            assert card.criterion(spec.name).evidence == pair.criterion(spec.name).evidence
        assert block.matrix()[index].tolist() == card.row().tolist()


def _every_candidate(values: np.ndarray, *_: object) -> np.ndarray:
    return np.arange(len(values), dtype=np.int64)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 40),
    st.integers(0, 2**32 - 1),
    st.sampled_from(sorted(robustness.BATCH_METHODS)),
    st.integers(0, 5),
    st.sampled_from([0.0, 1.0]),
)
def test_flip_search_among_contenders_finds_what_a_search_among_all_finds(
    n: int, seed: int, method: str, criterion: int, end: float
) -> None:
    rng = np.random.default_rng(seed)
    values = np.round(rng.random((n, 6)), 2)  # coarse values: many ties and near ties
    values[: n // 4] = values[n // 4 : 2 * (n // 4)]
    base = rng.dirichlet(np.ones(6))
    scores = robustness.BATCH_METHODS[method](values, base[None, :])[0]
    leader = int(np.argmax(np.round(scores, robustness.SCORE_DECIMALS)))
    found = _first_flip(values, base, criterion, end, method, leader)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(robustness, "_contenders", _every_candidate)
        assert _first_flip(values, base, criterion, end, method, leader) == found
