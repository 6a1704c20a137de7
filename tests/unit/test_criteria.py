"""Each criterion on the small fixture set, against values computed by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from partnerfit import Profile, Vocabulary, load_profile, load_profile_set, score_pair
from partnerfit.scoring.card import dealbreakers_hit
from partnerfit.scoring.criteria import (
    communication,
    complementarity,
    goal_alignment,
    market_reach,
    reputation,
    value_alignment,
)

VOCAB = Vocabulary.from_synonyms({"sustainability": ["green", "eco-friendly"]})


@pytest.fixture
def alpha(small_set: Path) -> Profile:
    return load_profile(small_set / "alpha.yaml")


@pytest.fixture
def beta(small_set: Path) -> Profile:
    return load_profile(small_set / "beta.yaml")


@pytest.fixture
def gamma(small_set: Path) -> Profile:
    return load_profile(small_set / "gamma.yaml")


def make(**fields: object) -> Profile:
    return Profile.model_validate({"id": "x", "name": "X", **fields})


def test_value_alignment_is_the_shared_share_of_importance(alpha: Profile, beta: Profile) -> None:
    # alpha {sustainability 5, transparency 3}; beta {sustainability 4, open-data 2}
    # shared importance 5 + 4 = 9 of 5 + 3 + 4 + 2 = 14
    result = value_alignment(alpha, beta, VOCAB)
    assert result.score == pytest.approx(9 / 14)
    assert [(s.tag, s.focal, s.candidate) for s in result.evidence.shared] == [
        ("sustainability", 5, 4)
    ]
    assert [(t.tag, t.weight) for t in result.evidence.focal_only] == [("transparency", 3)]
    assert [(t.tag, t.weight) for t in result.evidence.candidate_only] == [("open-data", 2)]


def test_value_alignment_maps_synonyms_and_plain_lists(alpha: Profile, gamma: Profile) -> None:
    # gamma's plain list [green] means {sustainability: 3}: (5 + 3) / (5 + 3 + 3)
    result = value_alignment(alpha, gamma, VOCAB)
    assert result.score == pytest.approx(8 / 11)


def test_value_alignment_unknown_without_values(alpha: Profile) -> None:
    result = value_alignment(alpha, make(), VOCAB)
    assert result.score is None
    assert result.summary == "no values on the candidate side"


def test_complementarity_mutual_coverage(alpha: Profile, beta: Profile) -> None:
    # forward: funding p4 by level 5 (gain 1), marketing p2 by level 2 (gain .4): 4.8 / 6 = .8
    # backward: beta needs distribution p3, alpha has level 4: .8; geometric mean .8
    result = complementarity(alpha, beta, VOCAB)
    ev = result.evidence
    assert ev.forward == pytest.approx(0.8)
    assert ev.backward == pytest.approx(0.8)
    assert result.score == pytest.approx(0.8)
    assert [(c.need, c.level) for c in ev.covered] == [("funding", 5), ("marketing", 2)]
    assert [c.need for c in ev.candidate_needs_covered] == ["distribution"]
    assert ev.open_needs == ()


def test_complementarity_geometric_mean_penalises_lopsided_deals() -> None:
    focal = make(
        strengths=[{"capability": "venue", "level": 5}],
        needs=[{"capability": "funding", "priority": 5}],
    )
    candidate = make(
        strengths=[{"capability": "funding", "level": 5}],
        needs=[{"capability": "legal", "priority": 1}, {"capability": "venue", "priority": 3}],
    )
    result = complementarity(focal, candidate, VOCAB)
    # forward 1; backward (3 * 1) / 4 = .75; sqrt(.75)
    assert result.score == pytest.approx(math.sqrt(0.75))
    assert [t.tag for t in result.evidence.candidate_needs_open] == ["legal"]


def test_supplementary_strengths_are_reported_not_counted() -> None:
    focal = make(
        strengths=[{"capability": "marketing", "level": 4}],
        needs=[
            {"capability": "marketing", "priority": 2},
            {"capability": "funding", "priority": 2},
        ],
    )
    same = make(strengths=[{"capability": "marketing", "level": 4}])
    better = make(strengths=[{"capability": "marketing", "level": 5}])
    assert complementarity(focal, same, VOCAB).score == 0
    assert complementarity(focal, same, VOCAB).evidence.supplementary == ("marketing",)
    # only the uplift from 4 to 5 counts: (2 * 1/5) / 4
    assert complementarity(focal, better, VOCAB).score == pytest.approx(0.1)


def test_complementarity_unknown_when_nobody_needs_anything(beta: Profile) -> None:
    result = complementarity(make(), make(strengths=[{"capability": "a", "level": 1}]), VOCAB)
    assert result.score is None
    assert complementarity(make(), beta, VOCAB).score == pytest.approx(0.0)


def test_goal_alignment_themes_and_metrics(alpha: Profile, beta: Profile) -> None:
    # themes {waste, climate} vs {climate}: 1/2; metrics waste_kg == waste-kg: 1
    result = goal_alignment(alpha, beta, VOCAB)
    assert result.score == pytest.approx(0.75 * 0.5 + 0.25 * 1.0)
    assert result.evidence.shared_metrics == ("waste-kg",)


def test_goal_alignment_themes_only_and_unknown(alpha: Profile) -> None:
    themed = make(goals=[{"statement": "s", "themes": ["climate"]}])
    assert goal_alignment(alpha, themed, VOCAB).score == pytest.approx(0.5)
    assert goal_alignment(alpha, make(), VOCAB).score is None


def test_market_reach(alpha: Profile, beta: Profile, gamma: Profile) -> None:
    # regions {eu, uk} + {uk, us}: us is new, 1/3; audiences {families} + {students}: 1/2
    assert market_reach(alpha, beta, VOCAB).score == pytest.approx((1 / 3 + 1 / 2) / 2)
    # gamma has regions only: {fr} is new out of {eu, uk, fr}
    result = market_reach(alpha, gamma, VOCAB)
    assert result.score == pytest.approx(1 / 3)
    assert result.evidence.new_regions == ("fr",)
    assert market_reach(alpha, alpha, VOCAB).score == 0


def test_reputation(beta: Profile, gamma: Profile) -> None:
    assert reputation(gamma, beta, VOCAB).score == pytest.approx(0.8 * 0.9 + 0.2 * 1.0)
    assert reputation(beta, gamma, VOCAB).score is None
    certified_only = make(reputation={"certifications": ["b-corp"]})
    assert reputation(beta, certified_only, VOCAB).score == pytest.approx(0.5)


def test_communication(alpha: Profile, beta: Profile) -> None:
    # en shared: 1; weekly vs monthly is 2 steps of 4: .5
    assert communication(alpha, beta, VOCAB).score == pytest.approx(0.7 + 0.3 * 0.5)
    no_language = make(communication={"languages": ["es"]})
    assert communication(alpha, no_language, VOCAB).score == 0
    assert communication(alpha, make(), VOCAB).score is None


def test_dealbreakers_both_directions(small_set: Path) -> None:
    profiles = load_profile_set(small_set)
    alpha, delta, epsilon = (profiles.get(i) for i in ("alpha", "delta", "epsilon"))
    assert alpha is not None
    assert delta is not None
    assert epsilon is not None
    vocab = profiles.vocabulary
    assert dealbreakers_hit(alpha, delta, vocab) == (
        "delta has sector `tobacco`, a dealbreaker for alpha",
    )
    assert dealbreakers_hit(alpha, epsilon, vocab) == (
        "alpha is a business, a dealbreaker for epsilon",
    )


def test_score_pair_total_by_hand(alpha: Profile, beta: Profile) -> None:
    card = score_pair(alpha, beta, vocabulary=VOCAB)
    expected = (
        0.30 * 9 / 14 + 0.30 * 0.8 + 0.15 * 0.625 + 0.10 * (5 / 12) + 0.10 * 0.92 + 0.05 * 0.85
    )
    assert card.total == pytest.approx(100 * expected)
    assert sum(card.contributions().values()) == pytest.approx(card.total)


def test_unknown_criteria_are_left_out_and_renormalised(alpha: Profile, gamma: Profile) -> None:
    card = score_pair(alpha, gamma, vocabulary=VOCAB)
    assert card.unknown == ("goal_alignment", "reputation", "communication")
    # known: values 8/11 (w .3), complementarity 0 (w .3), market 1/3 (w .1)
    assert card.total == pytest.approx(100 * (0.3 * 8 / 11 + 0.1 / 3) / 0.7)
    assert card.used_weights()["reputation"] == 0
    assert sum(card.used_weights().values()) == pytest.approx(1)
