"""JSON output of a review (schema_version 2): one object per partnership, everything shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partnerfit.render.common import RenderOptions, dump_json, rounded, tool_info
from partnerfit.review.results import GoalProgress, PartnershipReview, ReviewResult

REVIEW_SCHEMA_VERSION = "2"
"""Of ``review`` and ``review-explain`` JSON. "2": ``health.status`` may be ``unrated``,
``health.coverage`` and ``trend.previous_status`` added, ``summary.unrated`` counted, and
``trend.direction``/``delta`` are null beside an unrated point (docs/partnerships.md)."""


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _goal(goal: GoalProgress) -> dict[str, Any]:
    projection = goal.projection
    return {
        "id": goal.id,
        "statement": goal.statement,
        "metric": goal.metric,
        "label": goal.label,
        "unit": goal.unit,
        "direction": goal.direction,
        "owner": goal.owner,
        "baseline": rounded(goal.baseline),
        "target": rounded(goal.target),
        "start": _date(goal.start),
        "deadline": _date(goal.deadline),
        "latest": rounded(goal.latest),
        "progress": rounded(goal.progress),
        "expected": rounded(goal.expected),
        "status": goal.status,
        "score": rounded(goal.score),
        "projection": None
        if projection is None
        else {
            "value": rounded(projection.value),
            "slope_per_day": rounded(projection.slope_per_day),
            "points": projection.points,
            "reaches_target": projection.reaches_target,
        },
        "history": [{"date": _date(day), "value": rounded(value)} for day, value in goal.history],
    }


def _health(item: PartnershipReview) -> dict[str, Any]:
    return {
        "score": rounded(item.health.score),
        "status": item.health.status,
        "coverage": rounded(item.health.coverage),
        "components": [
            {
                "name": c.name,
                "label": c.label,
                "score": rounded(c.score),
                "weight": rounded(c.weight),
                "used_weight": rounded(c.used_weight),
                "points": rounded(c.points),
                "detail": c.detail,
            }
            for c in item.health.components
        ],
    }


def _fit_at_selection(item: PartnershipReview) -> dict[str, Any]:
    return {
        "mean": rounded(item.fit),
        "partners": [
            {
                "focal": f.focal_id,
                "partner": f.partner_id,
                "score": rounded(f.score),
                "dealbreakers": list(f.dealbreakers),
            }
            for f in item.fits
        ],
    }


def _satisfaction(item: PartnershipReview) -> dict[str, Any]:
    low, high = item.satisfaction_scale
    return {
        "scale": {"min": low, "max": high},
        "partners": [
            {
                "partner": s.partner,
                "latest": rounded(s.latest),
                "previous": rounded(s.previous),
                "change": rounded(s.change),
                "history": [{"date": _date(d), "value": rounded(v)} for d, v in s.history],
            }
            for s in item.satisfaction
        ],
    }


def _issues(item: PartnershipReview) -> list[dict[str, Any]]:
    return [
        {
            "id": i.id,
            "summary": i.summary,
            "owner": i.owner,
            "raised": _date(i.raised),
            "resolved": _date(i.resolved),
            "conflict": i.conflict,
            "open": i.open,
            "age_days": i.age_days,
            "past_escalation": i.past_escalation,
        }
        for i in item.issues
    ]


def _survey(item: PartnershipReview) -> dict[str, Any]:
    return {
        "date": _date(item.survey_date),
        "factors": [
            {
                "factor": f.factor,
                "mean": rounded(f.mean),
                "spread": rounded(f.spread),
                "respondents": f.respondents,
                "band": f.band,
            }
            for f in item.survey
        ],
    }


def _outcome(item: PartnershipReview) -> dict[str, Any] | None:
    outcome = item.outcome
    if outcome is None:
        return None
    return {
        "result": outcome.result,
        "rating": rounded(outcome.rating),
        "recorded": _date(outcome.recorded),
        "note": outcome.note,
    }


def partnership_to_dict(item: PartnershipReview) -> dict[str, Any]:
    """One reviewed partnership as JSON-ready data."""
    return {
        "id": item.id,
        "name": item.name,
        "source": item.source,
        "partners": list(item.partners),
        "selected_by": item.selected_by,
        "stage": item.stage,
        "stage_stated": item.stage_stated,
        "start": _date(item.start),
        "end": _date(item.end),
        "as_of": _date(item.as_of),
        "health": _health(item),
        "trend": {
            "direction": item.trend,
            "delta": rounded(item.trend_delta),
            "previous_health": rounded(item.previous_health),
            "previous_review": _date(item.previous_review),
            "previous_status": item.previous_status,
        },
        "flags": [{"code": f.code, "subject": f.subject, "reason": f.reason} for f in item.flags],
        "fit_at_selection": _fit_at_selection(item),
        "goals": [_goal(g) for g in item.goals],
        "goal_achievement_rate": rounded(item.goal_achievement_rate),
        "satisfaction": _satisfaction(item),
        "meetings": {
            "cadence": item.meetings.cadence,
            "held": item.meetings.held,
            "expected": rounded(item.meetings.expected),
            "latest_held": item.meetings.latest_held,
            "latest_expected": rounded(item.meetings.latest_expected),
        },
        "reviews": {
            "held": item.reviews_held,
            "last": _date(item.last_review),
            "days_since": item.days_since_review,
            "interval_days": rounded(item.review_interval_days),
            "overdue": item.review_overdue,
        },
        "issues": _issues(item),
        "survey": _survey(item),
        "outcome": _outcome(item),
    }


def review_to_dict(result: ReviewResult) -> dict[str, Any]:
    """A whole review as JSON-ready data, partnerships in attention order."""
    return {
        "schema_version": REVIEW_SCHEMA_VERSION,
        "tool": tool_info(),
        "kind": "review",
        "as_of": _date(result.as_of),
        "profiles": result.profiles_source,
        "summary": dict(result.status_counts()),
        "partnerships": [partnership_to_dict(item) for item in result.partnerships],
    }


def render_review_json(result: ReviewResult, options: RenderOptions) -> str:
    """Render a review as JSON."""
    del options
    return dump_json(review_to_dict(result))


def render_review_explain_json(item: PartnershipReview, options: RenderOptions) -> str:
    """Render one partnership's review as JSON (the same object as in the full review)."""
    del options
    return dump_json(
        {
            "schema_version": REVIEW_SCHEMA_VERSION,
            "tool": tool_info(),
            "kind": "review-explain",
            "partnership": partnership_to_dict(item),
        }
    )
