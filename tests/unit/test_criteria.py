"""Each criterion on the small fixture set, against values computed by hand.

Expected numbers changed with issue 10 where the formula changed (each test says so): value
alignment is the mean of both sides' views (Σmin/Σown), complementarity ⅔·weaker + ⅓·stronger,
an empty field is unknown (not 0), and an unknown part counts at the prior (0.25) instead of
being left out with the weights renormalised.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from partnerfit import Profile, Vocabulary, load_profile, load_profile_set, score_pair
from partnerfit.model.config import DEFAULT_PRIOR
from partnerfit.scoring.card import CriterionResult, dealbreakers_hit

VOCAB = Vocabulary.from_synonyms({"sustainability": ["green", "eco-friendly"]})
P = DEFAULT_PRIOR


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


def criterion(focal: Profile, candidate: Profile, name: str) -> CriterionResult:
    return score_pair(focal, candidate, vocabulary=VOCAB).criterion(name)


value_alignment = partial(criterion, name="value_alignment")
complementarity = partial(criterion, name="complementarity")
goal_alignment = partial(criterion, name="goal_alignment")
market_reach = partial(criterion, name="market_reach")
reputation = partial(criterion, name="reputation")
communication = partial(criterion, name="communication")


def test_value_alignment_is_the_mean_of_both_views(alpha: Profile, beta: Profile) -> None:
    # alpha {sustainability 5, transparency 3}; beta {sustainability 4, open-data 2}
    # Σmin = min(5, 4) = 4; alpha's view 4/8, beta's view 4/6 (changed: was 9/14)
    result = value_alignment(alpha, beta)
    assert result.score == pytest.approx((4 / 8 + 4 / 6) / 2)
    assert result.evidence.focal_view == pytest.approx(0.5)
    assert result.evidence.candidate_view == pytest.approx(4 / 6)
    assert [(s.tag, s.focal, s.candidate) for s in result.evidence.shared] == [
        ("sustainability", 5, 4)
    ]
    assert [(t.tag, t.weight) for t in result.evidence.focal_only] == [("transparency", 3)]
    assert [(t.tag, t.weight) for t in result.evidence.candidate_only] == [("open-data", 2)]


def test_value_alignment_maps_synonyms_and_plain_lists(alpha: Profile, gamma: Profile) -> None:
    # gamma's plain list [green] means {sustainability: 3}: views 3/8 and 3/3 (changed: 8/11)
    assert value_alignment(alpha, gamma).score == pytest.approx((3 / 8 + 1) / 2)


def test_value_alignment_counts_how_much_the_candidate_cares() -> None:
    # the case: the old formula gave both candidates 1.0
    focal = make(values={"x": 5, "y": 1})
    low = value_alignment(focal, make(values={"x": 1, "y": 1})).score
    high = value_alignment(focal, make(values={"x": 5, "y": 1})).score
    assert low == pytest.approx((2 / 6 + 2 / 2) / 2)
    assert high == pytest.approx(1.0)


def test_value_alignment_unknown_without_values(alpha: Profile) -> None:
    result = value_alignment(alpha, make())
    assert result.score is None
    assert result.value == pytest.approx(P)
    assert result.summary == "no values on the candidate side"


def test_complementarity_mutual_coverage(alpha: Profile, beta: Profile) -> None:
    # forward: funding p4 by level 5 (gain 1), marketing p2 by level 2 (gain .4): 4.8 / 6 = .8
    # backward: beta needs distribution p3, alpha has level 4: .8; ⅔·.8 + ⅓·.8 = .8
    result = complementarity(alpha, beta)
    ev = result.evidence
    assert ev.forward == pytest.approx(0.8)
    assert ev.backward == pytest.approx(0.8)
    assert result.score == pytest.approx(0.8)
    assert [(c.need, c.level) for c in ev.covered] == [("funding", 5), ("marketing", 2)]
    assert [c.need for c in ev.candidate_needs_covered] == ["distribution"]
    assert ev.open_needs == ()


def test_complementarity_weighs_the_weaker_direction_double() -> None:
    focal = make(
        strengths=[{"capability": "venue", "level": 5}],
        needs=[{"capability": "funding", "priority": 5}],
    )
    candidate = make(
        strengths=[{"capability": "funding", "level": 5}],
        needs=[{"capability": "legal", "priority": 1}, {"capability": "venue", "priority": 3}],
    )
    result = complementarity(focal, candidate)
    # forward 1; backward (3 * 1) / 4 = .75; ⅔·.75 + ⅓·1 (changed: was √.75)
    assert result.score == pytest.approx(2 / 3 * 0.75 + 1 / 3)
    assert [t.tag for t in result.evidence.candidate_needs_open] == ["legal"]


def test_one_unmet_need_no_longer_zeroes_complementarity() -> None:
    focal = make(
        strengths=[{"capability": "venue", "level": 5}],
        needs=[{"capability": "funding", "priority": 5}],
    )
    candidate = make(
        strengths=[{"capability": "funding", "level": 5}],
        needs=[{"capability": "legal", "priority": 1}],
    )
    # forward 1, backward 0: ⅓ (the geometric mean gave 0)
    assert complementarity(focal, candidate).score == pytest.approx(1 / 3)


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
    assert complementarity(focal, same).evidence.forward == 0
    assert complementarity(focal, same).evidence.supplementary == ("marketing",)
    # only the uplift from 4 to 5 counts: (2 * 1/5) / 4
    assert complementarity(focal, better).evidence.forward == pytest.approx(0.1)
    # the candidates declare no needs: backward is unknown and counts at the prior (changed)
    assert complementarity(focal, better).score == pytest.approx(2 / 3 * 0.1 + 1 / 3 * P)


def test_complementarity_unknown_when_nothing_to_compare(beta: Profile) -> None:
    result = complementarity(make(), make(strengths=[{"capability": "a", "level": 1}]))
    assert result.score is None
    # beta needs distribution, but the focal states no strengths: unknown (changed: was 0)
    assert complementarity(make(), beta).score is None


def test_goal_alignment_themes_and_metrics(alpha: Profile, beta: Profile) -> None:
    # themes {waste, climate} vs {climate}: 1/2; metrics waste_kg == waste-kg: 1
    result = goal_alignment(alpha, beta)
    assert result.score == pytest.approx(0.75 * 0.5 + 0.25 * 1.0)
    assert result.evidence.shared_metrics == ("waste-kg",)


def test_goal_alignment_themes_only_and_unknown(alpha: Profile) -> None:
    themed = make(goals=[{"statement": "s", "themes": ["climate"]}])
    # metrics unknown: counted at the prior (changed: was renormalised to 0.5)
    assert goal_alignment(alpha, themed).score == pytest.approx(0.75 * 0.5 + 0.25 * P)
    assert goal_alignment(alpha, themed).known == pytest.approx(0.75)
    assert goal_alignment(alpha, make()).score is None


def test_market_reach(alpha: Profile, beta: Profile, gamma: Profile) -> None:
    # regions {eu, uk} + {uk, us}: us is new, 1/3; audiences {families} + {students}: 1/2
    assert market_reach(alpha, beta).score == pytest.approx((1 / 3 + 1 / 2) / 2)
    # gamma has regions only: {fr} is new out of {eu, uk, fr}; audiences at the prior (changed)
    result = market_reach(alpha, gamma)
    assert result.score == pytest.approx((1 / 3 + P) / 2)
    assert result.evidence.new_regions == ("fr",)
    assert market_reach(alpha, alpha).score == 0


def test_reputation(beta: Profile, gamma: Profile) -> None:
    assert reputation(gamma, beta).score == pytest.approx(0.8 * 0.9 + 0.2 * 1.0)
    assert reputation(beta, gamma).score is None
    certified_only = make(reputation={"certifications": ["b-corp"]})
    # rating unknown, at the prior (changed: was renormalised to 0.5)
    assert reputation(beta, certified_only).score == pytest.approx(0.8 * P + 0.2 * 0.5)
    rated = make(reputation={"rating": 4.5})
    certified = make(reputation={"rating": 4.5, "certifications": ["b-corp"]})
    # the case: a certification used to lower reputation (0.9 -> 0.82)
    assert reputation(beta, rated).score == pytest.approx(0.8 * 0.9 + 0.2 * P)
    assert reputation(beta, certified).score == pytest.approx(0.8 * 0.9 + 0.2 * 0.5)


def test_communication(alpha: Profile, beta: Profile) -> None:
    # en shared: 1; weekly vs monthly is 2 steps of 4: .5
    assert communication(alpha, beta).score == pytest.approx(0.7 + 0.3 * 0.5)
    no_language = make(communication={"languages": ["es"]})
    # cadence unknown: at the prior (changed: was left out)
    assert communication(alpha, no_language).score == pytest.approx(0.3 * P)
    assert communication(alpha, make()).score is None


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
    # changed: value alignment is now 7/12 (was 9/14); everything is known
    expected = (
        0.30 * 7 / 12 + 0.30 * 0.8 + 0.15 * 0.625 + 0.10 * (5 / 12) + 0.10 * 0.92 + 0.05 * 0.85
    )
    assert card.coverage == pytest.approx(1.0)
    assert card.total == pytest.approx(100 * expected)
    assert card.interval == pytest.approx((card.total, card.total))
    assert sum(card.contributions().values()) == pytest.approx(card.total)


def test_unknown_criteria_count_at_the_prior(alpha: Profile, gamma: Profile) -> None:
    card = score_pair(alpha, gamma, vocabulary=VOCAB)
    # gamma states values and regions only (changed: complementarity is unknown, not 0)
    assert card.unknown == ("complementarity", "goal_alignment", "reputation", "communication")
    values, market = (3 / 8 + 1) / 2, (1 / 3 + P) / 2
    expected = 0.3 * values + 0.3 * P + 0.15 * P + 0.1 * market + 0.1 * P + 0.05 * P
    assert card.total == pytest.approx(100 * expected)
    assert card.coverage == pytest.approx(0.3 + 0.1 * 0.5)
    low = 0.3 * values + 0.1 * (1 / 3) / 2
    high = low + 0.3 + 0.15 + 0.1 * 0.5 + 0.1 + 0.05
    assert card.interval == pytest.approx((100 * low, 100 * high))
    assert not card.sufficient  # 35% known < 50%
