"""Risk flags: each a stable code and the reason in words, in a fixed order of kinds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from partnerfit.review.results import (
    Flag,
    GoalProgress,
    IssueState,
    Meetings,
    PartnerSatisfaction,
    SurveyFactor,
)

FLAG_CODES: tuple[str, ...] = (
    "goal-missed",
    "goal-behind",
    "goal-no-data",
    "satisfaction-low",
    "satisfaction-falling",
    "satisfaction-lopsided",
    "meetings-missed",
    "review-overdue",
    "issue-escalation",
    "survey-concern",
    "role-not-strength",
)
"""Every flag code, in the order flags are listed."""

FALLING = 0.125
"""A fall of an eighth of the satisfaction scale (0.5 on 1–5) between two reviews is a flag."""
LOW = 0.25
"""A rating in the bottom quarter of the scale (2 or less on 1–5) is a flag."""
LOPSIDED = 0.375
"""Partners' latest ratings this far apart (1.5 on 1–5) are a flag."""
MEETINGS_SHORT = 0.75
"""Fewer than three quarters of the meetings due in the latest review period is a flag."""


def risk_flags(
    *,
    goals: Sequence[GoalProgress],
    satisfaction: Sequence[PartnerSatisfaction],
    scale: tuple[int, int],
    meetings: Meetings,
    days_since_review: int,
    review_interval: float,
    last_review: dt.date | None,
    review_cadence: str,
    issues: Sequence[IssueState],
    escalation_days: int,
    survey: Sequence[SurveyFactor],
    roles: Mapping[str, Sequence[str]],
    strengths: Mapping[str, frozenset[str]] | None,
    canonical: Callable[[str], str],
) -> tuple[Flag, ...]:
    """Every risk flag of one partnership, in the order of ``FLAG_CODES``."""
    flags = [
        *_goal_flags(goals),
        *_satisfaction_flags(satisfaction, scale),
        *_meeting_flags(meetings),
    ]
    if days_since_review > review_interval:
        since = f"the last review ({last_review})" if last_review else "the start, with no review"
        flags.append(
            Flag(
                "review-overdue",
                "reviews",
                f"{days_since_review} days since {since}; {review_cadence} reviews are due "
                f"every {review_interval:.0f} days",
            )
        )
    for issue in issues:
        if issue.past_escalation:
            what = "conflict" if issue.conflict else "issue"
            owner = f", owner {issue.owner}" if issue.owner else ""
            flags.append(
                Flag(
                    "issue-escalation",
                    issue.id,
                    f"{what} `{issue.id}` open {issue.age_days} days (raised {issue.raised}"
                    f"{owner}), past the {escalation_days}-day escalation window",
                )
            )
    concerns = [f for f in survey if f.band == "concern"]
    if concerns:
        listed = ", ".join(f"{f.factor} {f.mean:.1f}" for f in concerns)
        flags.append(
            Flag(
                "survey-concern",
                "survey",
                f"collaboration survey: {listed} (of 5; below 3.0 is a concern)",
            )
        )
    if strengths is not None:
        for partner, capabilities in roles.items():
            held = strengths.get(partner)
            if held is None:
                continue
            missing = [c for c in capabilities if canonical(c) not in held]
            if missing:
                listed = ", ".join(f"`{c}`" for c in missing)
                flags.append(
                    Flag(
                        "role-not-strength",
                        partner,
                        f"{partner} is to deliver {listed}, which its profile does not list as "
                        f"{'a strength' if len(missing) == 1 else 'strengths'}",
                    )
                )
    order = {code: i for i, code in enumerate(FLAG_CODES)}
    return tuple(sorted(flags, key=lambda f: order[f.code]))


def amount(value: float, unit: str | None = None) -> str:
    """A metric value as people read it: thousands separated, % glued, other units after."""
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}".removesuffix(".0")
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def _goal_flags(goals: Sequence[GoalProgress]) -> list[Flag]:
    flags = []
    for goal in goals:
        if goal.target is None or goal.deadline is None:
            continue
        target = amount(goal.target, goal.unit)
        if goal.status == "missed":
            reached = "nothing reported" if goal.latest is None else amount(goal.latest, goal.unit)
            flags.append(
                Flag(
                    "goal-missed",
                    goal.id,
                    f"goal `{goal.id}` missed its deadline {goal.deadline}: {reached}, "
                    f"target {target}",
                )
            )
        elif (
            goal.status == "behind"
            and goal.progress is not None
            and goal.expected is not None
            and (goal.projection is None or not goal.projection.reaches_target)
        ):
            # behind the straight line but on a trend that reaches the target is not a risk
            text = (
                f"goal `{goal.id}` is behind: {goal.progress:.0%} of the way, "
                f"{goal.expected:.0%} expected by now"
            )
            if goal.projection is not None:
                text += (
                    f"; on its trend {amount(goal.projection.value, goal.unit)} by "
                    f"{goal.deadline} (target {target})"
                )
            flags.append(Flag("goal-behind", goal.id, text))
        elif goal.status == "no-data" and goal.expected is not None:
            flags.append(
                Flag(
                    "goal-no-data",
                    goal.id,
                    f"goal `{goal.id}` has no actual reported, with {goal.expected:.0%} of its "
                    "time gone",
                )
            )
    return flags


def _satisfaction_flags(
    satisfaction: Sequence[PartnerSatisfaction], scale: tuple[int, int]
) -> list[Flag]:
    low, high = scale
    span = high - low
    flags = []
    for rating in satisfaction:
        if rating.latest is not None and rating.latest <= low + LOW * span:
            flags.append(
                Flag(
                    "satisfaction-low",
                    rating.partner,
                    f"{rating.partner} rates its satisfaction {rating.latest:g} on {low}–{high}",
                )
            )
    for rating in satisfaction:
        change = rating.change
        if change is not None and change <= -FALLING * span:
            flags.append(
                Flag(
                    "satisfaction-falling",
                    rating.partner,
                    f"satisfaction of {rating.partner} fell from {rating.previous:g} to "
                    f"{rating.latest:g} since the previous review",
                )
            )
    latest = [(r.latest, r.partner) for r in satisfaction if r.latest is not None]
    if len(latest) >= 2:
        (lowest, who_low), (highest, who_high) = min(latest), max(latest)
        if highest - lowest >= LOPSIDED * span:
            flags.append(
                Flag(
                    "satisfaction-lopsided",
                    "satisfaction",
                    f"satisfaction is lopsided: {who_high} {highest:g}, {who_low} {lowest:g} "
                    f"on {low}–{high}",
                )
            )
    return flags


def _meeting_flags(meetings: Meetings) -> list[Flag]:
    held, due = meetings.latest_held, meetings.latest_expected
    if held is None or due is None or due <= 0 or held >= MEETINGS_SHORT * due:
        return []
    return [
        Flag(
            "meetings-missed",
            "meetings",
            f"{held} meeting{'s' if held != 1 else ''} in the latest review period, "
            f"{due:.1f} due at the agreed {meetings.cadence} cadence",
        )
    ]
