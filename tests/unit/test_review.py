"""The review core: progress, projection, health and flags computed by hand for small cases,
and the properties the formulas promise (bounds, monotonicity) checked with hypothesis."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.decide.ranking import rank
from partnerfit.model.partnership import Partnership
from partnerfit.model.partnership_set import load_partnership
from partnerfit.model.profileset import load_profile_set
from partnerfit.review import (
    partnership_outcomes,
    review_partnership,
    review_partnerships,
    review_set,
)
from partnerfit.review.engine import survey_band
from partnerfit.review.health import (
    HEALTH_WEIGHTS,
    OUTCOME_COMPONENTS,
    issues_score,
    reviews_score,
)
from partnerfit.review.progress import expected_share, goal_score, goal_status, project
from partnerfit.review.results import RECORD_COLUMNS

ROOT = Path(__file__).parent.parent.parent
SMALL = ROOT / "tests" / "data" / "partnerships" / "valid" / "small.yaml"
D = dt.date


def small() -> Partnership:
    loaded = load_partnership(SMALL)
    assert loaded.model is not None
    return loaded.model


def pair(**changes: Any) -> Partnership:
    """A two-partner partnership with one referrals goal, changed as asked."""
    data: dict[str, Any] = {
        "kind": "partnership",
        "schema_version": 1,
        "id": "pair",
        "name": "Pair",
        "partners": ["alpha", "beta"],
        "start": D(2025, 1, 1),
        "governance": {"meeting_cadence": "monthly"},
        "goals": [
            {
                "id": "referrals",
                "statement": "Refer 100",
                "metric": "referrals",
                "target": 100.0,
                "deadline": D(2025, 12, 31),
            }
        ],
    }
    data.update(changes)
    return Partnership.model_validate(data)


# --------------------------------------------------------------------------- by hand


def test_small_partnership_as_of_its_second_review_by_hand() -> None:
    result = review_partnership(small(), D(2025, 7, 1))
    (goal,) = result.goals
    # 181 of the 364 days from 2025-01-01 to 2025-12-31 have passed; 50 of 100 referrals made
    assert goal.expected == pytest.approx(181 / 364)
    assert goal.progress == pytest.approx(0.5)
    assert goal.status == "on-track"
    assert goal.score == 1.0  # progress 0.5 is ahead of the 0.497 expected: capped at 1
    # the line through the two actuals (day 90, 20) and (day 181, 50), read at day 364
    assert goal.projection is not None
    assert goal.projection.slope_per_day == pytest.approx(30 / 91)
    assert goal.projection.value == pytest.approx(50 + 30 / 91 * 183)
    assert round(goal.projection.value, 2) == 110.33
    assert goal.projection.reaches_target
    # satisfaction 4 and 4 on 1–5 -> 0.75; 6 meetings held of 181 / 30.4375 = 5.95 due -> 1
    components = {c.name: c for c in result.health.components}
    assert components["satisfaction"].score == pytest.approx(0.75)
    assert components["meetings"].score == 1.0
    assert components["reviews"].score == 1.0
    assert components["issues"].score == 1.0
    assert components["collaboration"].score is None
    assert components["collaboration"].used_weight == 0.0
    # known weights 0.35 + 0.20 + 0.10 + 0.10 + 0.10 = 0.85
    assert result.health.score == pytest.approx(100 * (0.35 * 1 + 0.20 * 0.75 + 0.30) / 0.85)
    assert round(result.health.score, 2) == 94.12
    assert sum(c.points for c in result.health.components) == pytest.approx(result.health.score)
    assert sum(c.used_weight for c in result.health.components) == pytest.approx(1.0)
    assert result.health.status == "healthy"
    # as of the first review: progress 0.2 of 90/364 expected; satisfaction (0.75 + 0.5) / 2
    previous = 100 * (0.35 * (0.2 / (90 / 364)) + 0.20 * 0.625 + 0.30) / 0.85
    assert result.previous_health == pytest.approx(previous)
    assert round(previous, 2) == 83.31
    assert result.trend == "improving"
    assert result.flags == ()
    assert result.stage == "active"
    assert result.goal_achievement_rate == 0.0


def test_overdue_review_costs_linearly_and_is_flagged() -> None:
    result = review_partnership(small(), D(2025, 10, 15))
    assert result.days_since_review == 106
    components = {c.name: c for c in result.health.components}
    assert components["reviews"].score == pytest.approx(1 - (106 - 365.25 / 4) / (365.25 / 4))
    # 50 of 100 referrals with 287 / 364 = 79% of the time gone: behind the straight line,
    # but the trend of the actuals reaches 110 by the deadline, so that is not flagged
    assert result.goals[0].status == "behind"
    assert [f.code for f in result.flags] == ["review-overdue"]
    assert result.flags[0].reason == (
        "106 days since the last review (2025-07-01); quarterly reviews are due every 91 days"
    )


def test_progress_formulas_by_hand() -> None:
    assert expected_share(D(2025, 1, 1), D(2025, 1, 11), D(2025, 1, 6)) == 0.5
    assert expected_share(D(2025, 1, 1), D(2025, 1, 11), D(2024, 12, 1)) == 0.0
    assert expected_share(D(2025, 1, 1), D(2025, 1, 11), D(2026, 1, 1)) == 1.0
    assert goal_score(0.3, 0.6) == pytest.approx(0.5)
    assert goal_score(-0.2, 0.6) == 0.0
    assert goal_score(1.3, 0.0) == 1.0
    assert goal_score(0.3, 0.0) is None
    assert goal_status(0.56, 0.6, past_deadline=False) == "on-track"  # within 5 points
    assert goal_status(0.54, 0.6, past_deadline=False) == "behind"
    assert goal_status(0.9, 1.0, past_deadline=True) == "missed"
    assert goal_status(1.0, 1.0, past_deadline=True) == "achieved"
    assert goal_status(None, 0.0, past_deadline=False) == "not-started"
    assert goal_status(None, 0.2, past_deadline=False) == "no-data"


def test_projection_is_the_least_squares_line_by_hand() -> None:
    points = [(D(2025, 1, 1), 0.0), (D(2025, 4, 1), 20.0), (D(2025, 7, 1), 50.0)]
    found = project(points, D(2025, 12, 31), 100.0, increase=True)
    # x = 0, 90, 181 days; y = 0, 20, 50; read at day 364
    sxy = Fraction(0 * 0 + 90 * 20 + 181 * 50) - Fraction(271 * 70, 3)
    sxx = Fraction(0 + 90**2 + 181**2) - Fraction(271**2, 3)
    slope = sxy / sxx
    value = Fraction(70, 3) + slope * (364 - Fraction(271, 3))
    assert found is not None
    assert found.slope_per_day == pytest.approx(float(slope))
    assert found.value == pytest.approx(float(value))
    assert round(found.value, 2) == 98.96
    assert not found.reaches_target


def test_projection_of_exact_lines_and_of_a_decrease() -> None:
    line = [(D(2025, 1, 1), 10.0), (D(2025, 1, 11), 30.0), (D(2025, 1, 21), 50.0)]
    up = project(line, D(2025, 1, 31), 70.0, increase=True)
    assert up is not None
    assert up.value == pytest.approx(70.0)
    assert up.slope_per_day == pytest.approx(2.0)
    assert up.reaches_target
    down = project(
        [(D(2025, 1, 1), 45.0), (D(2025, 1, 31), 40.0)], D(2025, 3, 2), 15.0, increase=False
    )
    assert down is not None
    assert down.value == pytest.approx(35.0)
    assert not down.reaches_target
    assert project([(D(2025, 1, 1), 1.0)], D(2025, 3, 2), 5.0, increase=True) is None


def test_decrease_goal_progress_and_missed_flag() -> None:
    p = pair(
        goals=[
            {
                "id": "setup-time",
                "statement": "Set schools up faster",
                "metric": "project_completion_time",
                "baseline": 45.0,
                "target": 15.0,
                "deadline": D(2025, 6, 30),
            }
        ],
        reviews=[
            {"date": D(2025, 3, 1), "actuals": {"project_completion_time": 35.0}},
            {"date": D(2025, 6, 30), "actuals": {"project_completion_time": 25.0}},
        ],
    )
    result = review_partnership(p, D(2025, 7, 1))
    (goal,) = result.goals
    assert goal.direction == "decrease"
    assert goal.progress == pytest.approx((25 - 45) / (15 - 45))  # two thirds
    assert goal.status == "missed"
    assert goal.score == pytest.approx(2 / 3)
    assert result.flags[0].reason == (
        "goal `setup-time` missed its deadline 2025-06-30: 25 days, target 15 days"
    )


def test_behind_on_the_line_is_flagged_only_when_the_trend_falls_short() -> None:
    # 40 of 100 at 50% of the time, and 10 more in the last quarter: 60 by the deadline
    slow = pair(
        reviews=[
            {"date": D(2025, 4, 1), "actuals": {"referrals": 30.0}},
            {"date": D(2025, 7, 1), "actuals": {"referrals": 40.0}},
        ]
    )
    result = review_partnership(slow, D(2025, 7, 1))
    (goal,) = result.goals
    assert goal.status == "behind"
    assert goal.projection is not None
    assert goal.projection.value == pytest.approx(40 + 10 / 91 * 183)
    assert [f.reason for f in result.flags] == [
        "goal `referrals` is behind: 40% of the way, 50% expected by now; on its trend 60.1 "
        "referrals by 2025-12-31 (target 100 referrals)"
    ]
    # 44 of 100 (behind the line by more than 5 points) but 42 of them in the last month
    fast = pair(
        reviews=[
            {"date": D(2025, 6, 1), "actuals": {"referrals": 2.0}},
            {"date": D(2025, 7, 1), "actuals": {"referrals": 44.0}},
        ]
    )
    result = review_partnership(fast, D(2025, 7, 1))
    assert result.goals[0].status == "behind"
    assert result.goals[0].projection is not None
    assert result.goals[0].projection.reaches_target
    assert result.flags == ()


def test_actuals_after_the_deadline_do_not_bend_the_projection() -> None:
    late = pair(
        reviews=[
            {"date": D(2025, 6, 1), "actuals": {"referrals": 40.0}},
            {"date": D(2025, 12, 1), "actuals": {"referrals": 70.0}},
            {"date": D(2026, 3, 1), "actuals": {"referrals": 100.0}},
        ]
    )
    (goal,) = review_partnership(late, D(2026, 3, 1)).goals
    # judged at its deadline: 70 by then; the target came two months late
    assert (goal.status, goal.latest, goal.progress) == ("missed", 70.0, 0.7)
    assert [v for _, v in goal.history] == [40.0, 70.0, 100.0]
    assert goal.projection is not None
    assert goal.projection.points == 2
    assert goal.projection.value == pytest.approx(70 + 30 / 183 * 30)


def test_issues_are_tracked_by_id_until_resolved() -> None:
    issue = {"id": "late-data", "summary": "Data late", "raised": D(2025, 2, 1)}
    p = pair(
        governance={"meeting_cadence": "monthly", "escalation_days": 30},
        reviews=[
            {"date": D(2025, 3, 1), "issues": [issue]},
            {"date": D(2025, 5, 1)},  # not mentioned: still open
            {"date": D(2025, 6, 1), "issues": [{**issue, "resolved": D(2025, 5, 20)}]},
        ],
    )
    open_then = review_partnership(p, D(2025, 5, 1))
    (state,) = open_then.issues
    assert state.open
    assert state.age_days == 89
    assert state.past_escalation
    components = {c.name: c for c in open_then.health.components}
    assert components["issues"].score == 0.5
    assert "issue-escalation" in [f.code for f in open_then.flags]
    closed = review_partnership(p, D(2025, 6, 1))
    assert closed.open_issues == ()
    assert closed.issues[0].age_days == 108
    assert {c.name: c.score for c in closed.health.components}["issues"] == 1.0
    assert issues_score(2, 1) == 0.0
    assert issues_score(1, 0) == 0.75


def test_satisfaction_flags_low_falling_and_lopsided() -> None:
    p = pair(
        reviews=[
            {"date": D(2025, 3, 1), "satisfaction": {"alpha": 4.0, "beta": 4.0}},
            {"date": D(2025, 5, 1), "satisfaction": {"alpha": 4.5, "beta": 2.0}},
        ]
    )
    reasons = [f.reason for f in review_partnership(p, D(2025, 5, 1)).flags]
    assert reasons == [
        "goal `referrals` has no actual reported, with 33% of its time gone",
        "beta rates its satisfaction 2 on 1–5",
        "satisfaction of beta fell from 4 to 2 since the previous review",
        "satisfaction is lopsided: alpha 4.5, beta 2 on 1–5",
    ]


def test_meetings_short_in_the_latest_period_are_flagged() -> None:
    p = pair(
        reviews=[{"date": D(2025, 4, 1), "meetings": 3}, {"date": D(2025, 7, 1), "meetings": 2}]
    )
    result = review_partnership(p, D(2025, 7, 1))
    assert result.meetings.held == 5
    assert result.meetings.expected == pytest.approx(181 / (365.25 / 12))
    assert [f.reason for f in result.flags if f.code == "meetings-missed"] == [
        "2 meetings in the latest review period, 3.0 due at the agreed monthly cadence"
    ]


def test_survey_factors_bands_and_spread() -> None:
    answers = [
        {"respondent": "A", "ratings": {"trust": 4, "Resources": 3, "clear_roles": 2}},
        {"respondent": "B", "ratings": {"trust": 4, "resources": 2, "clear-roles": 4}},
    ]
    result = review_partnership(
        pair(reviews=[{"date": D(2025, 3, 1), "survey": answers}]), D(2025, 3, 1)
    )
    factors = {f.factor: f for f in result.survey}
    assert list(factors) == ["trust", "clear-roles", "resources"]
    assert (factors["trust"].mean, factors["trust"].spread, factors["trust"].band) == (
        4.0,
        0.0,
        "strength",
    )
    assert (factors["clear-roles"].mean, factors["clear-roles"].spread) == (3.0, 1.0)
    assert factors["clear-roles"].band == "borderline"
    assert factors["resources"].band == "concern"
    assert survey_band(3.99) == "borderline"
    assert survey_band(2.99) == "concern"
    components = {c.name: c.score for c in result.health.components}
    assert components["collaboration"] == pytest.approx(((4 + 3 + 2.5) / 3 - 1) / 4)


def test_stage_is_derived_from_the_dates_unless_stated() -> None:
    p = pair(end=D(2026, 1, 1))
    assert review_partnership(p, D(2024, 12, 1)).stage == "proposed"
    assert review_partnership(p, D(2025, 2, 1)).stage == "onboarding"
    assert review_partnership(p, D(2025, 6, 1)).stage == "active"
    assert review_partnership(p, D(2025, 11, 1)).stage == "renewal"
    ended = review_partnership(p, D(2026, 6, 1))
    assert ended.stage == "ended"
    assert ended.as_of == D(2026, 1, 1)  # judged as it stood at its end
    assert review_partnership(pair(stage="closing"), D(2025, 6, 1)).stage == "closing"


def test_reviews_score_bounds() -> None:
    assert reviews_score(90, 91.3125) == 1.0
    assert reviews_score(183, 91.5) == 0.0
    assert reviews_score(500, 91.5) == 0.0


# --------------------------------------------------------------------------- with profiles


def test_fit_at_selection_is_the_rank_score_and_roles_are_checked() -> None:
    profiles = load_profile_set(ROOT / "profiles")
    result = review_partnerships(ROOT / "partnerships", as_of=D(2026, 11, 15), profiles=profiles)
    for item in result.partnerships:
        assert item.selected_by is not None
        ranking = rank(item.selected_by, profiles)
        scores = {c.candidate_id: c.score for c in ranking.ranked}
        for fit in item.fits:
            assert fit.score == pytest.approx(scores[fit.partner_id], abs=0.05)
    youth = result.get("youth-code-futures")
    assert youth is not None
    assert [f.reason for f in youth.flags if f.code == "role-not-strength"] == [
        "codebridge-mentors is to deliver `data-analytics`, which its profile does not list "
        "as a strength"
    ]
    health = [item.health.score for item in result.partnerships]
    assert health == sorted(health)  # those needing attention first


def test_fit_at_selection_counts_unknowns_at_the_configured_prior(tmp_path: Path) -> None:
    # the fit at selection is rank's score under the set's own config, unknowns policy included
    config = tmp_path / "partnerfit.yaml"
    config.write_text(
        (ROOT / "profiles" / "partnerfit.yaml").read_text(encoding="utf-8")
        + "\nunknowns: {prior: 0.0, min_coverage: 0.0}\n",
        encoding="utf-8",
    )
    default = review_partnerships(
        ROOT / "partnerships", as_of=D(2026, 11, 15), profiles=load_profile_set(ROOT / "profiles")
    )
    profiles = load_profile_set(ROOT / "profiles", config_path=config)
    result = review_partnerships(ROOT / "partnerships", as_of=D(2026, 11, 15), profiles=profiles)
    changed = 0
    for item in result.partnerships:
        before = default.get(item.id)
        assert item.selected_by is not None
        assert before is not None
        scores = {c.candidate_id: c.score for c in rank(item.selected_by, profiles).ranked}
        old = {f.partner_id: f.score for f in before.fits}
        for fit in item.fits:
            assert fit.score == pytest.approx(scores[fit.partner_id], abs=1e-9)
            changed += fit.score != pytest.approx(old[fit.partner_id], abs=1e-9)
    assert changed > 0  # some partner leaves a field unstated, so the prior matters


def test_partnership_outcomes_pairs_fit_health_and_outcome() -> None:
    outcomes = partnership_outcomes(
        ROOT / "partnerships", as_of=D(2026, 11, 15), profiles=ROOT / "profiles"
    )
    by_id = {o.partnership_id: o for o in outcomes}
    pilot = by_id["brightpath-oakridge-pilot"]
    assert pilot.focal_id == "oakridge-school-district"
    assert pilot.partner_ids == ("brightpath-learning",)
    assert pilot.fit is not None
    assert 0 <= pilot.fit <= 100
    assert (pilot.result, pilot.rating, pilot.status) == ("failure", 15.0, "at-risk")
    assert [o.partnership_id for o in outcomes] == sorted(by_id)


def test_records_are_flat_and_versioned() -> None:
    result = review_partnerships(SMALL, as_of=D(2025, 7, 1), profiles=None)
    (record,) = result.to_records()
    assert record["schema_version"] == "2"
    assert record["health"] == 94.1
    assert record["goals_on_track"] == 1
    assert record["outcome_result"] == "success"
    assert all(not isinstance(v, dict | list | tuple) for v in record.values())
    assert tuple(record) == RECORD_COLUMNS


# --------------------------------------------------------------------------- no evidence yet


def test_a_new_partnership_has_no_evidence_yet_by_hand() -> None:
    # `partnerfit new partnership x --partner a --partner b`: no goal, no review, nothing rated
    p = pair(goals=[])
    today = review_partnership(p, D(2025, 1, 1))
    # only "reviews on time" is known (0 days since the start): 10% of the nominal weight
    assert today.health.coverage == pytest.approx(0.10)
    assert today.health.score == 100.0  # 1.0 · 0.10 / 0.10, from the governance habit alone
    assert today.health.status == "unrated"
    assert not today.health.rated
    assert today.flags == ()
    # 2025-09-01 is past twice the 91.3-day review interval: reviews on time 0, still unrated
    later = review_partnership(p, D(2025, 9, 1))
    assert later.health.score == 0.0
    assert (later.health.status, later.health.coverage) == ("unrated", pytest.approx(0.10))
    assert [f.code for f in later.flags] == ["review-overdue"]  # flags still apply
    assert later.to_record()["status"] == "unrated"
    assert later.to_record()["coverage"] == 0.1


def test_only_meetings_and_reviews_recorded_is_still_unrated_by_hand() -> None:
    p = pair(goals=[], reviews=[{"date": D(2025, 3, 1), "meetings": 1}])
    result = review_partnership(p, D(2025, 3, 1))
    components = {c.name: c for c in result.health.components}
    # 1 meeting held of 59 / 30.4375 = 1.94 due; the review is today; no issue open
    assert components["meetings"].score == pytest.approx(30.4375 / 59)
    assert components["reviews"].score == 1.0
    assert components["issues"].score == 1.0
    assert result.health.coverage == pytest.approx(0.30)
    expected = 100 * (0.10 * 30.4375 / 59 + 0.10 + 0.10) / 0.30
    assert result.health.score == pytest.approx(expected)
    assert round(result.health.score, 1) == 83.9  # would have been "healthy"
    assert result.health.status == "unrated"


def test_one_satisfaction_rating_is_rated_normally_by_hand() -> None:
    p = pair(
        goals=[],
        reviews=[
            {"date": D(2025, 3, 1), "meetings": 1},
            {"date": D(2025, 4, 1), "meetings": 1, "satisfaction": {"alpha": 2}},
        ],
    )
    result = review_partnership(p, D(2025, 4, 1))
    components = {c.name: c for c in result.health.components}
    # alpha's 2 on 1–5 is 0.25; 2 meetings of 90 / 30.4375 = 2.96 due; review and issues 1
    assert components["satisfaction"].score == pytest.approx(0.25)
    assert components["meetings"].score == pytest.approx(2 * 30.4375 / 90)
    assert result.health.coverage == pytest.approx(0.50)
    expected = 100 * (0.20 * 0.25 + 0.10 * 2 * 30.4375 / 90 + 0.20) / 0.50
    assert result.health.score == pytest.approx(expected)
    assert round(result.health.score, 1) == 63.5
    assert result.health.status == "watch"
    # the previous review was unrated: a first rating is not a change, so no trend
    assert result.previous_status == "unrated"
    assert result.previous_health == pytest.approx(100 * (0.10 * 30.4375 / 59 + 0.20) / 0.30)
    assert (result.trend_delta, result.trend) == (None, None)


def test_unrated_partnerships_are_ordered_by_whether_they_need_attention() -> None:
    as_of = D(2025, 9, 1)
    flagged = pair(id="flagged", goals=[])  # unrated, its first review overdue
    young = pair(id="young", goals=[], start=D(2025, 8, 1))  # unrated, nothing due yet
    rated = pair(reviews=[{"date": D(2025, 8, 1), "actuals": {"referrals": 100}, "meetings": 7}])
    failing = pair(id="failing", reviews=[{"date": D(2025, 8, 1), "meetings": 0}])
    watch = pair(
        id="watch",
        reviews=[{"date": D(2025, 8, 1), "actuals": {"referrals": 10}, "meetings": 7}],
    )
    result = review_set([young, rated, watch, flagged, failing], as_of)
    statuses = [(r.id, r.health.status) for r in result.partnerships]
    assert statuses == [
        ("failing", "at-risk"),
        ("flagged", "unrated"),
        ("watch", "watch"),
        ("pair", "healthy"),
        ("young", "unrated"),
    ]
    assert result.status_counts() == {"healthy": 1, "watch": 1, "at-risk": 1, "unrated": 2}


# --------------------------------------------------------------------------- properties

ratings = st.floats(min_value=1, max_value=5, allow_nan=False)
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def partnerships(draw: st.DrawFn) -> tuple[Partnership, dt.date]:
    """A random two-partner partnership with one to three goals and up to five reviews."""
    start = D(2025, 1, 1)
    goals = []
    for i in range(draw(st.integers(1, 3))):
        baseline = draw(values)
        target = draw(values.filter(lambda t, b=baseline: abs(t - b) > 1e-3))
        goals.append(
            {
                "id": f"g{i}",
                "statement": "A goal",
                "metric": f"m{i}",
                "baseline": baseline,
                "target": target,
                "deadline": start + dt.timedelta(days=draw(st.integers(30, 800))),
            }
        )
    days = sorted(set(draw(st.lists(st.integers(0, 900), max_size=5))))
    reviews = []
    for day in days:
        review_: dict[str, Any] = {"date": start + dt.timedelta(days=day)}
        review_["actuals"] = {
            f"m{i}": draw(values) for i in range(len(goals)) if draw(st.booleans())
        }
        review_["satisfaction"] = draw(
            st.fixed_dictionaries({}, optional={"a": ratings, "b": ratings})
        )
        review_["meetings"] = draw(st.none() | st.integers(0, 20))
        reviews.append(review_)
    p = Partnership.model_validate(
        {
            "kind": "partnership",
            "schema_version": 1,
            "id": "p",
            "name": "P",
            "partners": ["a", "b"],
            "start": start,
            "governance": {"meeting_cadence": draw(st.sampled_from(["weekly", "monthly"]))},
            "metrics": [{"name": f"m{i}"} for i in range(len(goals))],
            "goals": goals,
            "reviews": reviews,
        }
    )
    return p, start + dt.timedelta(days=draw(st.integers(0, 1000)))


def _with_reviews(p: Partnership, reviews: list[dict[str, Any]]) -> Partnership:
    return Partnership.model_validate({**p.model_dump(), "reviews": reviews})


@settings(max_examples=150, deadline=None)
@given(partnerships())
def test_health_is_bounded_and_its_points_add_up(case: tuple[Partnership, dt.date]) -> None:
    p, as_of = case
    result = review_partnership(p, as_of)
    assert 0.0 <= result.health.score <= 100.0
    assert sum(c.points for c in result.health.components) == pytest.approx(
        result.health.score, abs=1e-9
    )
    for component in result.health.components:
        assert component.score is None or 0.0 <= component.score <= 1.0
    for goal in result.goals:
        assert goal.score is None or 0.0 <= goal.score <= 1.0


@settings(max_examples=150, deadline=None)
@given(partnerships(), st.floats(min_value=0, max_value=1e5, allow_nan=False))
def test_health_never_falls_when_actuals_move_toward_the_targets(
    case: tuple[Partnership, dt.date], step: float
) -> None:
    p, as_of = case
    toward = {
        f"m{i}": step if (g.target or 0) > g.baseline else -step for i, g in enumerate(p.goals)
    }
    better = _with_reviews(
        p,
        [
            {**r.model_dump(), "actuals": {m: v + toward[m] for m, v in r.actuals.items()}}
            for r in p.reviews
        ],
    )
    before = review_partnership(p, as_of).health.score
    after = review_partnership(better, as_of).health.score
    assert after >= before - 1e-9


@settings(max_examples=150, deadline=None)
@given(partnerships(), st.floats(min_value=0, max_value=4, allow_nan=False))
def test_health_never_falls_when_satisfaction_rises(
    case: tuple[Partnership, dt.date], step: float
) -> None:
    p, as_of = case
    happier = _with_reviews(
        p,
        [
            {
                **r.model_dump(),
                "satisfaction": {k: min(5.0, v + step) for k, v in r.satisfaction.items()},
            }
            for r in p.reviews
        ],
    )
    before = review_partnership(p, as_of).health.score
    after = review_partnership(happier, as_of).health.score
    assert after >= before - 1e-9


@st.composite
def sparse_partnerships(draw: st.DrawFn) -> tuple[Partnership, dt.date]:
    """A random partnership, often without its goals or ratings: outcome evidence left out."""
    p, as_of = draw(partnerships())
    data = p.model_dump()
    if draw(st.booleans()):
        data["goals"] = []
    if draw(st.booleans()):
        data["reviews"] = [{**r, "satisfaction": {}} for r in data["reviews"]]
    return Partnership.model_validate(data), as_of


@settings(max_examples=200, deadline=None)
@given(sparse_partnerships())
def test_coverage_is_the_known_weight_and_no_outcome_is_never_rated(
    case: tuple[Partnership, dt.date],
) -> None:
    p, as_of = case
    result = review_partnership(p, as_of)
    health = result.health
    known = {c.name for c in health.components if c.score is not None}
    assert 0.0 <= health.coverage <= 1.0
    assert health.coverage == pytest.approx(sum(HEALTH_WEIGHTS[name] for name in known))
    if known.isdisjoint(OUTCOME_COMPONENTS):
        assert health.status not in ("healthy", "watch", "at-risk")
        assert health.status == "unrated"
        assert result.trend_delta is None
    else:
        assert health.status in ("healthy", "watch", "at-risk")
    if result.previous_status == "unrated":
        assert result.trend is None


def test_values_near_the_float_limit_do_not_break_the_review() -> None:
    p = pair(
        reviews=[
            {"date": D(2025, 3, 1), "actuals": {"referrals": -1e307}},
            {"date": D(2025, 6, 1), "actuals": {"referrals": 1e307}},
        ]
    )
    result = review_partnership(p, D(2025, 6, 1))
    assert 0.0 <= result.health.score <= 100.0
    assert result.goals[0].status == "achieved"
    assert result.goals[0].projection is None
