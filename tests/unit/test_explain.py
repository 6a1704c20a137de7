"""explain: hand-computed scores on tests/data/decide; suggested changes checked by re-scoring."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from partnerfit import ProfileSet, Strength, UsageError, explain, load_profile_set, score_pair
from partnerfit.decide.explain import Change, apply_change, candidate_changes
from partnerfit.model import CRITERIA

DECIDE = Path(__file__).parent.parent / "data" / "decide"


@pytest.fixture(scope="module")
def decide() -> ProfileSet:
    return load_profile_set(DECIDE)


def test_hand_computed_scores_for_beta(decide: ProfileSet) -> None:
    e = explain("alpha", "beta", decide)
    scores = {c.name: c.score for c in e.criteria}
    # values: shared sustainability 4 + 2 = 6 of all importance 4 + 3 + 2 + 2 = 11
    assert scores["value_alignment"] == pytest.approx(6 / 11)
    # forward: funding (4) fully covered, logistics (2) open -> 4/6; backward: training 3/5
    assert scores["complementarity"] == pytest.approx(math.sqrt(4 / 6 * 3 / 5))
    assert scores["goal_alignment"] == pytest.approx(1 / 2)  # {education} / {education, food}
    assert scores["market_reach"] == pytest.approx((1 / 2 + 0) / 2)  # fr new; farmers shared
    assert scores["reputation"] == pytest.approx(4 / 5)
    assert scores["communication"] == pytest.approx(0.7 * 1 + 0.3 * (1 - 2 / 4))
    contributions = {c.name: c.contribution for c in e.criteria}
    assert contributions["value_alignment"] == pytest.approx(30 * 6 / 11)
    assert contributions["communication"] == pytest.approx(5 * 0.85)
    expected = 100 * (0.3 * 6 / 11 + 0.3 * math.sqrt(0.4) + 0.15 * 0.5 + 0.1 * 0.25 + 0.1 * 0.8)
    expected += 100 * 0.05 * 0.85
    assert e.total == pytest.approx(expected)
    assert e.total == pytest.approx(sum(contributions.values()))
    assert (e.tier, e.rank, e.ranked_of) == ("B", 1, 2)
    assert e.unknown == ()
    assert not e.excluded


def test_best_changes_for_beta_are_hand_computed(decide: ProfileSet) -> None:
    e = explain("alpha", "beta", decide)
    found = [(i.change.description, round(i.points, 6)) for i in e.improvements]
    assert found == [
        # transparency 3 shared: (6 + 3 + 3) / 14 = 6/7 instead of 6/11 -> +30·24/77
        ("holding the value `transparency` (importance 3)", round(30 * 24 / 77, 6)),
        # food theme shared: goal Jaccard 1 instead of 1/2 -> +15·1/2
        ("adopting the goal theme `food`", 7.5),
        # their need training (p1) fully met: backward 1 instead of 3/5
        (
            "you raising `training` from level 3 to 5 for their need (priority 1)",
            round(30 * (math.sqrt(4 / 6) - math.sqrt(4 / 6 * 3 / 5)), 6),
        ),
    ]
    e6 = explain("alpha", "beta", decide, limit=6)
    by_text = {i.change.description: i.points for i in e6.improvements}
    # logistics p2 covered: forward 1, complementarity sqrt(3/5) instead of sqrt(4/6 * 3/5)
    assert by_text["covering the need `logistics` (priority 2) at level 5"] == pytest.approx(
        30 * (math.sqrt(3 / 5) - math.sqrt(0.4))
    )
    # sustainability 4 on both sides: 8/13 instead of 6/11
    assert by_text["raising the value `sustainability` from importance 2 to 4"] == pytest.approx(
        30 * (8 / 13 - 6 / 11)
    )


def test_would_add_points_match_an_independent_rescore(decide: ProfileSet) -> None:
    """Apply each suggestion by hand (not through explain) and score the pair again."""
    focal, beta, delta = (decide.get(i) for i in ("alpha", "beta", "delta"))
    assert focal is not None
    assert beta is not None
    assert delta is not None
    vocab, weights = decide.vocabulary, explain("alpha", "beta", decide).weights
    before = score_pair(focal, delta, vocabulary=vocab, weights=weights).total
    e = explain("alpha", "delta", decide)
    top = e.improvements[0]
    assert top.change.description == "covering the need `funding` (priority 4) at level 5"
    edited = delta.model_copy(update={"strengths": (Strength(capability="funding", level=5),)})
    after = score_pair(focal, edited, vocabulary=vocab, weights=weights).total
    assert before is not None
    assert after is not None
    assert top.points == pytest.approx(after - before)
    assert top.new_total == pytest.approx(after)
    # forward coverage 4/6; complementarity and market known, weights 0.3 and 0.1
    assert after == pytest.approx(100 * (0.3 * 4 / 6 + 0.1 * 0.5) / 0.4)
    beta_values = dict(beta.values) | {"transparency": 3}
    edited_beta = beta.model_copy(update={"values": beta_values})
    rescored = score_pair(focal, edited_beta, vocabulary=vocab, weights=weights).total
    first = explain("alpha", "beta", decide).improvements[0]
    assert rescored is not None
    assert first.new_total == pytest.approx(rescored)


def test_every_listed_improvement_is_a_real_gain(bundled: Path) -> None:
    profiles = load_profile_set(bundled)
    e = explain("greenleaf-coop", "harvest-hub-distribution", profiles)
    focal, cand = profiles.get("greenleaf-coop"), profiles.get("harvest-hub-distribution")
    assert focal is not None
    assert cand is not None
    assert len(e.improvements) == 3
    assert e.improvements[0].change.description.startswith("covering the need `funding`")
    for imp in e.improvements:
        edited = apply_change(focal, cand, imp.change, profiles.vocabulary)
        pair = (edited, cand) if imp.change.side == "focal" else (focal, edited)
        total = score_pair(*pair, vocabulary=profiles.vocabulary, weights=e.weights).total
        assert total is not None
        assert e.total is not None
        assert total - e.total == pytest.approx(imp.points)
        assert imp.points > 0
    points = [i.points for i in e.improvements]
    assert points == sorted(points, reverse=True)


def test_unknown_criteria_are_named_and_weights_renormalised(decide: ProfileSet) -> None:
    e = explain("alpha", "delta", decide)
    assert e.unknown == ("value_alignment", "goal_alignment", "reputation", "communication")
    used = {c.name: c.used_weight for c in e.criteria}
    assert used["complementarity"] == pytest.approx(0.75)
    assert used["market_reach"] == pytest.approx(0.25)
    assert e.total == pytest.approx(12.5)


def test_excluded_candidate_says_exactly_why_and_suggests_nothing(decide: ProfileSet) -> None:
    e = explain("alpha", "gamma", decide)
    assert e.excluded
    assert e.dealbreakers == ("gamma has sector `tobacco`, a dealbreaker for alpha",)
    assert e.improvements == ()
    assert e.tier is None
    assert e.rank is None


def test_focal_side_changes_are_offered(decide: ProfileSet) -> None:
    focal, beta = decide.get("alpha"), decide.get("beta")
    assert focal is not None
    assert beta is not None
    changes = candidate_changes(focal, beta, decide.vocabulary)
    focal_side = [c for c in changes if c.side == "focal"]
    assert focal_side == [
        Change(
            "focal",
            "complementarity",
            "strength",
            "training",
            5,
            "you raising `training` from level 3 to 5 for their need (priority 1)",
        )
    ]
    e = explain("alpha", "beta", decide, limit=10)
    by_text = {i.change.description: i.points for i in e.improvements}
    # backward coverage 1 instead of 3/5: complementarity sqrt(4/6) instead of sqrt(0.4)
    gain = 30 * (math.sqrt(4 / 6) - math.sqrt(0.4))
    assert by_text[focal_side[0].description] == pytest.approx(gain)


def test_limit_and_weights_from_ranking(decide: ProfileSet) -> None:
    assert len(explain("alpha", "beta", decide, limit=1).improvements) == 1
    assert explain("alpha", "beta", decide, limit=0).improvements == ()
    e = explain("alpha", "beta", decide, criteria_order=["goal_alignment", "value_alignment"])
    assert e.weights.source == "ranking-order-centroid"
    assert e.weights.normalised["goal_alignment"] == pytest.approx(0.75)
    assert sum(e.weights.normalised[c] for c in CRITERIA) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("focal", "candidate", "message"),
    [
        ("alpha", "alpha", "the focal organisation and the candidate are the same profile"),
        ("alpha", "bet", "no profile with id `bet` in the profile set (candidate); did you mean"),
        ("alfa", "beta", "no profile with id `alfa` in the profile set (focal); did you mean"),
    ],
)
def test_usage_errors(decide: ProfileSet, focal: str, candidate: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        explain(focal, candidate, decide)
