"""explain: hand-computed scores on tests/data/decide; suggested changes checked by re-scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerfit import ProfileSet, UsageError, explain, load_profile_set, score_pair
from partnerfit.decide.explain import Change, apply_change, candidate_changes
from partnerfit.model import CRITERIA
from partnerfit.model.config import DEFAULT_PRIOR

DECIDE = Path(__file__).parent.parent / "data" / "decide"


@pytest.fixture(scope="module")
def decide() -> ProfileSet:
    return load_profile_set(DECIDE)


# Changed with issue 10 (formulas in docs/scoring.md): value alignment is the mean of both
# sides' views, complementarity ⅔·weaker + ⅓·stronger, and unknown parts count at the prior P
# (beta states no certification, no side states a goal metric) instead of being left out.
P = DEFAULT_PRIOR
VALUES = (2 / 7 + 2 / 4) / 2  # Σmin = min(4, 2) = 2 of alpha's 7 and beta's 4
MUTUAL = 2 / 3 * (3 / 5) + 1 / 3 * (4 / 6)  # forward 4/6, backward 3/5
GOALS = 0.75 * 0.5 + 0.25 * P  # themes {education} / {education, food}; metrics unknown
REPUTATION = 0.8 * 4 / 5 + 0.2 * P  # rating 4; certifications unknown


def test_hand_computed_scores_for_beta(decide: ProfileSet) -> None:
    e = explain("alpha", "beta", decide)
    scores = {c.name: c.score for c in e.criteria}
    assert scores["value_alignment"] == pytest.approx(VALUES)
    assert scores["complementarity"] == pytest.approx(MUTUAL)
    assert scores["goal_alignment"] == pytest.approx(GOALS)
    assert scores["market_reach"] == pytest.approx((1 / 2 + 0) / 2)  # fr new; farmers shared
    assert scores["reputation"] == pytest.approx(REPUTATION)
    assert scores["communication"] == pytest.approx(0.7 * 1 + 0.3 * (1 - 2 / 4))
    contributions = {c.name: c.contribution for c in e.criteria}
    assert contributions["value_alignment"] == pytest.approx(30 * VALUES)
    assert contributions["communication"] == pytest.approx(5 * 0.85)
    expected = 100 * (0.3 * VALUES + 0.3 * MUTUAL + 0.15 * GOALS + 0.1 * 0.25 + 0.1 * REPUTATION)
    expected += 100 * 0.05 * 0.85
    assert e.total == pytest.approx(expected)
    assert e.total == pytest.approx(sum(contributions.values()))
    assert e.coverage == pytest.approx(1 - 0.15 * 0.25 - 0.1 * 0.2)
    assert e.interval == pytest.approx(
        (e.total - 100 * (0.15 * 0.25 + 0.1 * 0.2) * P, e.total + 100 * (0.0375 + 0.02) * (1 - P))
    )
    assert (e.tier, e.rank, e.ranked_of) == ("B", 1, 1)
    assert e.unknown == ()
    costs = {c.criterion: (c.parts, c.counted) for c in e.unknown_costs}
    assert costs == {
        "goal_alignment": (("metrics",), pytest.approx(15 * GOALS)),
        "reputation": (("certifications",), pytest.approx(10 * REPUTATION)),
    }
    assert not e.excluded


def test_best_changes_for_beta_are_hand_computed(decide: ProfileSet) -> None:
    e = explain("alpha", "beta", decide)
    found = [(i.change.description, round(i.points, 6)) for i in e.improvements]
    assert found == [
        # transparency 3 held: Σmin 5 of 7 and of 7 -> 5/7
        ("holding the value `transparency` (importance 3)", round(30 * (5 / 7 - VALUES), 6)),
        # sustainability 4 on both sides: Σmin 4 of 7 and of 6
        (
            "raising the value `sustainability` from importance 2 to 4",
            round(30 * ((4 / 7 + 4 / 6) / 2 - VALUES), 6),
        ),
        # food theme shared: theme Jaccard 1 instead of 1/2
        ("adopting the goal theme `food`", 15 * 0.75 * 0.5),
    ]
    e6 = explain("alpha", "beta", decide, limit=6)
    by_text = {i.change.description: i.points for i in e6.improvements}
    # logistics p2 covered: forward 1, backward 3/5 is now the weaker direction
    assert by_text["covering the need `logistics` (priority 2) at level 5"] == pytest.approx(
        30 * (2 / 3 * 0.6 + 1 / 3 - MUTUAL)
    )
    # their need training (p1) fully met: backward 1, forward 4/6 the weaker
    assert by_text[
        "you raising `training` from level 3 to 5 for their need (priority 1)"
    ] == pytest.approx(30 * (2 / 3 * 4 / 6 + 1 / 3 - MUTUAL))


def test_would_add_points_match_an_independent_rescore(decide: ProfileSet) -> None:
    """Apply each suggestion by hand (not through explain) and score the pair again."""
    focal, beta, delta = (decide.get(i) for i in ("alpha", "beta", "delta"))
    assert focal is not None
    assert beta is not None
    assert delta is not None
    vocab, weights = decide.vocabulary, explain("alpha", "beta", decide).weights
    before = score_pair(focal, delta, vocabulary=vocab, weights=weights).total
    # delta states only a region: everything else at the prior; audiences unknown too
    assert before == pytest.approx(100 * (0.95 * P + 0.025))
    e = explain("alpha", "delta", decide)
    top = e.improvements[0]
    assert top.change.description == "holding the value `sustainability` (importance 4)"
    edited = delta.model_copy(update={"values": {"sustainability": 4}})
    after = score_pair(focal, edited, vocabulary=vocab, weights=weights).total
    assert top.points == pytest.approx(after - before)
    assert top.new_total == pytest.approx(after)
    # views 4/7 and 4/4 instead of the prior on values
    assert after == pytest.approx(before + 30 * ((4 / 7 + 1) / 2 - P))
    beta_values = dict(beta.values) | {"transparency": 3}
    edited_beta = beta.model_copy(update={"values": beta_values})
    rescored = score_pair(focal, edited_beta, vocabulary=vocab, weights=weights).total
    first = explain("alpha", "beta", decide).improvements[0]
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


def test_unknown_criteria_are_named_and_costed(decide: ProfileSet) -> None:
    # changed with issue 10: unknowns count at the prior and explain says what they cost
    e = explain("alpha", "delta", decide)
    assert e.unknown == (
        "value_alignment",
        "complementarity",
        "goal_alignment",
        "reputation",
        "communication",
    )
    assert e.total == pytest.approx(100 * (0.95 * P + 0.025))
    assert e.coverage == pytest.approx(0.05)  # half of market reach (regions)
    assert not e.sufficient
    assert e.tier is None
    assert any(n.startswith("insufficient evidence: 5% of the weight is known") for n in e.notes)
    costs = {c.criterion: c for c in e.unknown_costs}
    assert costs["value_alignment"].could_lose == pytest.approx(30 * P)
    assert costs["value_alignment"].could_gain == pytest.approx(30 * (1 - P))
    assert costs["market_reach"].parts == ("audiences",)


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
    # backward coverage 1 instead of 3/5 (changed with issue 10: ⅔·weaker + ⅓·stronger)
    gain = 30 * (2 / 3 * 4 / 6 + 1 / 3 - MUTUAL)
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


def test_several_candidates_share_one_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerfit.decide.explain as module

    profiles = load_profile_set(Path(__file__).parent.parent.parent / "profiles")
    focal = profiles.profiles[0]
    members = [p.id for p in profiles.profiles[1:5]]
    # a candidate given as a profile unlike the set's member takes its place, ranked for it alone
    changed = profiles.profiles[5].model_copy(update={"name": "Renamed here"})
    alone = [module.explain(focal, c, profiles) for c in [*members, changed]]
    ranked: list[str] = []
    original = module.rank

    def counted(focal: object, profiles: ProfileSet, **options: object) -> object:
        ranked.append(str(len(profiles.profiles)))
        return original(focal, profiles, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "rank", counted)
    together = module.explain_each(focal, [*members, changed], profiles)
    assert ranked == [str(len(profiles.profiles))] * 2
    assert together == alone
    assert [e.candidate_id for e in together] == [*members, changed.id]
    assert together[-1].candidate_name == "Renamed here"
