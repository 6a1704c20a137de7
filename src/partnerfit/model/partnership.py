"""The partnership file (``kind: partnership``): partners, roles, governance, goals and reviews.

The models are frozen and strict like the profile's: unknown keys are errors, numbers must be
numbers. What a single field cannot say (a goal owner that is not a partner, reviews out of
order) is found by :func:`consistency_problems`, as data with a path into the file, so that
loading and ``partnerfit check`` report it at its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from partnerfit.io.findings import Severity
from partnerfit.model.base import Cadence, Slug, StrictModel, Tag, Text
from partnerfit.model.vocabulary import normalise_tag

__all__ = [
    "CADENCE_DAYS",
    "METRICS",
    "PARTNERSHIP_SCHEMA_VERSION",
    "STAGES",
    "SURVEY_FACTORS",
    "Direction",
    "Governance",
    "Issue",
    "MetricDefinition",
    "MetricInfo",
    "Outcome",
    "Partnership",
    "Problem",
    "Review",
    "Role",
    "SatisfactionScale",
    "SmartGoal",
    "SurveyResponse",
    "consistency_problems",
    "metric_key",
]

PARTNERSHIP_SCHEMA_VERSION = 1
"""The ``schema_version`` partnership files carry; bumped on any incompatible change."""

Stage = Literal["proposed", "onboarding", "active", "renewal", "closing", "ended"]
STAGES: tuple[Stage, ...] = ("proposed", "onboarding", "active", "renewal", "closing", "ended")
Direction = Literal["increase", "decrease"]

CADENCE_DAYS: dict[str, float] = {
    "daily": 1.0,
    "weekly": 7.0,
    "biweekly": 14.0,
    "monthly": 365.25 / 12,
    "quarterly": 365.25 / 4,
}
"""Days between meetings (or reviews) at each agreed cadence; months are calendar averages."""


@dataclass(frozen=True)
class MetricInfo:
    """A metric's display label, unit and the direction in which it improves."""

    label: str
    unit: str
    direction: Direction


METRICS: dict[str, MetricInfo] = {
    "contacts-made": MetricInfo("Contacts made", "contacts", "increase"),
    "follow-up-meetings-scheduled": MetricInfo(
        "Follow-up meetings scheduled", "meetings", "increase"
    ),
    "lead-generation-rate": MetricInfo("Lead generation rate", "%", "increase"),
    "campaign-engagement-rate": MetricInfo("Campaign engagement rate", "%", "increase"),
    "project-completion-time": MetricInfo("Project completion time", "days", "decrease"),
    "product-adoption-rate": MetricInfo("Product adoption rate", "%", "increase"),
    "referrals": MetricInfo("Referrals", "referrals", "increase"),
    "referral-conversion-rate": MetricInfo("Referral conversion rate", "%", "increase"),
    "communication-frequency": MetricInfo("Communication frequency", "contacts/month", "increase"),
    "partner-satisfaction-score": MetricInfo("Partner satisfaction score", "points", "increase"),
    "goal-achievement-rate": MetricInfo("Goal achievement rate", "%", "increase"),
}
"""The common partnership metrics, by normalised name; files may declare others."""

SURVEY_FACTORS: tuple[str, ...] = (
    "trust",
    "communication",
    "shared-vision",
    "clear-roles",
    "resources",
    "decision-making",
    "mutual-benefit",
    "leadership",
)
"""Collaboration factors the docs describe; a survey may rate any other named factor too."""


def metric_key(name: str) -> str:
    """The normalised name a metric is known by (case and separators folded)."""
    return normalise_tag(name)


Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
Number = Annotated[float, Field(strict=True)]
Rating = Annotated[float, Field(strict=True)]
SurveyRating = Annotated[int, Field(strict=True, ge=1, le=5)]
Count = Annotated[int, Field(strict=True, ge=0, le=100_000)]
Days = Annotated[int, Field(strict=True, ge=1, le=3_650)]


class MetricDefinition(StrictModel):
    """A custom metric declared in the file, beside the built-in ones."""

    name: Tag = Field(description="The metric's name, as goals and reviews write it.")
    label: Name | None = Field(default=None, description="How reports name it.")
    unit: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        default=None, description="Its unit (e.g. pupils, %, days)."
    )
    direction: Direction | None = Field(
        default=None, description="Which way is better; default: from each goal's target."
    )


class Role(StrictModel):
    """What one partner has committed to contribute."""

    partner: Slug = Field(description="The partner's profile id.")
    capabilities: tuple[Tag, ...] = Field(
        default=(), description="Capabilities it brings, as tags from the profiles' vocabulary."
    )
    resources: tuple[ShortText, ...] = Field(
        default=(), description="Resources committed (staff time, money, venues), as text."
    )
    responsibilities: tuple[ShortText, ...] = Field(
        default=(), description="What it is responsible for, as text."
    )


class Governance(StrictModel):
    """How the partnership decides, meets, reviews and escalates."""

    decision_rule: ShortText | None = Field(
        default=None, description="How decisions are made (e.g. consensus of the steering group)."
    )
    decision_owner: Slug | None = Field(
        default=None, description="The partner that owns decisions, if one does."
    )
    meeting_cadence: Cadence = Field(description="How often the partners agreed to meet.")
    review_cadence: Cadence = Field(
        default="quarterly", description="How often the partnership is reviewed."
    )
    escalation_path: tuple[ShortText, ...] = Field(
        default=(), description="Who a conflict goes to, in order."
    )
    escalation_days: Days = Field(
        default=30, description="Days an issue may stay open before it must be escalated."
    )


class SmartGoal(StrictModel):
    """A goal of the partnership: Specific, Measurable, Achievable, Relevant, Time-bound."""

    id: Slug | None = Field(default=None, description="Short id; default goal-1, goal-2, …")
    statement: ShortText = Field(description="The goal in one sentence.")
    metric: Tag | None = Field(default=None, description="What is measured (built-in or declared).")
    direction: Direction | None = Field(
        default=None, description="increase or decrease toward the target; default: the metric's."
    )
    baseline: Number = Field(default=0.0, description="The metric's value at the goal's start.")
    target: Number | None = Field(default=None, description="The value to reach.")
    start: dt.date | None = Field(default=None, description="Default: the partnership's start.")
    deadline: dt.date | None = Field(default=None, description="When the target is due.")
    owner: Slug | None = Field(default=None, description="The accountable partner's id.")


class Issue(StrictModel):
    """An issue or conflict, tracked by id from the review that raised it to its resolution."""

    id: Slug = Field(description="Short id; later reviews refer to the same issue by it.")
    summary: ShortText = Field(description="What the issue is.")
    raised: dt.date = Field(description="When it was raised.")
    owner: Slug | None = Field(default=None, description="The partner that owns resolving it.")
    resolved: dt.date | None = Field(default=None, description="When it was resolved.")
    conflict: bool = Field(default=False, description="True for a conflict between partners.")


class SurveyResponse(StrictModel):
    """One respondent's 1–5 ratings of collaboration factors."""

    respondent: Name = Field(description="Who answered (a name or a role).")
    partner: Slug | None = Field(default=None, description="The partner the respondent is from.")
    ratings: dict[Tag, SurveyRating] = Field(
        description="Factor -> rating 1 (strongly disagree) to 5 (strongly agree)."
    )


class Review(StrictModel):
    """A dated check-in: actuals, satisfaction, meetings, issues, survey and notes."""

    date: dt.date = Field(description="When the review took place.")
    actuals: dict[Tag, Number] = Field(
        default_factory=dict, description="Metric -> its actual value on this date."
    )
    satisfaction: dict[Slug, Rating] = Field(
        default_factory=dict, description="Partner id -> satisfaction on the stated scale."
    )
    meetings: Count | None = Field(
        default=None, description="Meetings held since the previous review (or the start)."
    )
    issues: tuple[Issue, ...] = Field(
        default=(), description="Issues raised, still open, or resolved since the last review."
    )
    survey: tuple[SurveyResponse, ...] = Field(
        default=(), description="Collaboration-health survey answers, if one was run."
    )
    notes: Text | None = Field(default=None, description="Free notes.")


class SatisfactionScale(StrictModel):
    """The scale partners rate their satisfaction on."""

    min: Annotated[int, Field(strict=True, ge=0, le=100)] = Field(default=1)
    max: Annotated[int, Field(strict=True, ge=1, le=100)] = Field(default=5)

    @model_validator(mode="after")
    def _ordered(self) -> SatisfactionScale:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        return self


class Outcome(StrictModel):
    """How the partnership turned out, as judged by the people who ran it (for calibration)."""

    result: Literal["success", "failure"] | None = Field(
        default=None, description="success or failure, as judged at the end or at a renewal."
    )
    rating: Annotated[float, Field(strict=True, ge=0, le=100)] | None = Field(
        default=None, description="A 0–100 rating of the outcome (100 = everything hoped for)."
    )
    recorded: dt.date | None = Field(default=None, description="When the outcome was judged.")
    note: Text | None = Field(default=None, description="Why, in a sentence or two.")

    @model_validator(mode="after")
    def _something(self) -> Outcome:
        if self.result is None and self.rating is None:
            raise ValueError("an outcome needs a result (success or failure), a rating, or both")
        return self


class Partnership(StrictModel):
    """One partnership between two or more organisations, over time."""

    kind: Literal["partnership"] = Field(description="Always `partnership`.")
    schema_version: Literal[1] = Field(description="Version of this file format: 1.")
    id: Slug = Field(description="Unique id among the partnerships; also the file name.")
    name: Name = Field(description="Display name.")
    description: Text | None = Field(default=None, description="What the partnership is for.")
    partners: tuple[Slug, ...] = Field(
        min_length=2, max_length=50, description="Profile ids of the partners (two or more)."
    )
    selected_by: Slug | None = Field(
        default=None,
        description="The partner that chose the others (the focal organisation of the fit score).",
    )
    start: dt.date = Field(description="When the partnership started.")
    end: dt.date | None = Field(default=None, description="When it ends or is up for renewal.")
    stage: Stage | None = Field(default=None, description="Default: derived from the dates.")
    satisfaction_scale: SatisfactionScale = Field(
        default_factory=SatisfactionScale, description="The satisfaction scale (default 1–5)."
    )
    roles: tuple[Role, ...] = Field(default=(), description="Each partner's contributions.")
    governance: Governance = Field(description="Decisions, meetings, reviews and escalation.")
    metrics: tuple[MetricDefinition, ...] = Field(
        default=(), description="Custom metrics beside the built-in ones."
    )
    goals: tuple[SmartGoal, ...] = Field(default=(), description="The shared SMART goals.")
    reviews: tuple[Review, ...] = Field(default=(), description="Check-ins, oldest first.")
    outcome: Outcome | None = Field(default=None, description="How it turned out, once known.")

    def goal_id(self, index: int) -> str:
        """The goal's id, or goal-N (1-based) when it has none."""
        return self.goals[index].id or f"goal-{index + 1}"

    def metric_info(self, name: str) -> MetricInfo | None:
        """What is known of a metric: declared in the file first, then built-in."""
        key = metric_key(name)
        for declared in self.metrics:
            if metric_key(declared.name) == key:
                builtin = METRICS.get(key)
                return MetricInfo(
                    declared.label or (builtin.label if builtin else declared.name),
                    declared.unit or (builtin.unit if builtin else ""),
                    declared.direction or (builtin.direction if builtin else "increase"),
                )
        return METRICS.get(key)

    def stated_direction(self, index: int) -> Direction | None:
        """A goal's direction as stated: on the goal, else its metric's (declared or built-in)."""
        goal = self.goals[index]
        if goal.direction is not None:
            return goal.direction
        if goal.metric is None:
            return None
        key = metric_key(goal.metric)
        declared = next((m for m in self.metrics if metric_key(m.name) == key), None)
        if declared is not None and declared.direction is not None:
            return declared.direction
        builtin = METRICS.get(key)
        return builtin.direction if builtin else None

    def goal_direction(self, index: int) -> Direction | None:
        """A goal's direction: as stated, else read from its target against its baseline."""
        stated = self.stated_direction(index)
        goal = self.goals[index]
        if stated is None and goal.target is not None and goal.target != goal.baseline:
            return "increase" if goal.target > goal.baseline else "decrease"
        return stated


# --------------------------------------------------------------------------- consistency


@dataclass(frozen=True)
class Problem:
    """Something one field cannot say is wrong: where (a path into the file), what, and how bad."""

    path: tuple[str | int, ...]
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    key: bool = False  # point at the key of the mapping entry rather than its value


def consistency_problems(p: Partnership) -> tuple[Problem, ...]:
    """Problems across the fields of one partnership file, grouped by kind."""
    return (
        *_partner_references(p),
        *_dates(p),
        *_goal_problems(p),
        *_review_problems(p),
    )


_E, _W = Severity.ERROR, Severity.WARNING


def _partner_references(p: Partnership) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, partner in enumerate(p.partners):
        if partner in seen:
            yield Problem(
                ("partners", i),
                "duplicate-partner",
                _E,
                f"partner `{partner}` is listed twice",
                "list each partner once",
            )
        seen.add(partner)

    found = [
        _not_partner(p, ("selected_by",), p.selected_by, "selected_by"),
        _not_partner(
            p, ("governance", "decision_owner"), p.governance.decision_owner, "decision owner"
        ),
    ]
    role_seen: set[str] = set()
    for i, role in enumerate(p.roles):
        found.append(_not_partner(p, ("roles", i, "partner"), role.partner, "role partner"))
        if role.partner in role_seen:
            found.append(
                Problem(
                    ("roles", i, "partner"),
                    "duplicate-role",
                    _E,
                    f"`{role.partner}` has two role entries",
                    "merge them into one entry per partner",
                )
            )
        role_seen.add(role.partner)
    for i, goal in enumerate(p.goals):
        found.append(_not_partner(p, ("goals", i, "owner"), goal.owner, "goal owner"))
    for r, review in enumerate(p.reviews):
        for partner in review.satisfaction:
            found.append(
                _not_partner(
                    p, ("reviews", r, "satisfaction", partner), partner, "satisfaction of", True
                )
            )
        for j, issue in enumerate(review.issues):
            found.append(
                _not_partner(p, ("reviews", r, "issues", j, "owner"), issue.owner, "issue owner")
            )
        for j, answer in enumerate(review.survey):
            found.append(
                _not_partner(
                    p, ("reviews", r, "survey", j, "partner"), answer.partner, "respondent partner"
                )
            )
    yield from (f for f in found if f is not None)


def _not_partner(
    p: Partnership,
    path: tuple[str | int, ...],
    partner: str | None,
    what: str,
    key: bool = False,
) -> Problem | None:
    if partner is None or partner in p.partners:
        return None
    return Problem(
        path,
        "not-a-partner",
        _E,
        f"{what} `{partner}` is not one of the partners ({', '.join(p.partners)})",
        "use a partner id from `partners`, or add the organisation there",
        key,
    )


def _dates(p: Partnership) -> Iterator[Problem]:
    if p.end is not None and p.end <= p.start:
        yield Problem(("end",), "date-order", _E, f"end {p.end} is not after start {p.start}", None)
    if p.outcome is not None and p.outcome.recorded is not None and p.outcome.recorded < p.start:
        yield Problem(
            ("outcome", "recorded"),
            "date-order",
            _E,
            f"outcome recorded {p.outcome.recorded}, before the start {p.start}",
        )


def _goal_problems(p: Partnership) -> Iterator[Problem]:
    ids: dict[str, int] = {}
    for i, goal in enumerate(p.goals):
        goal_id = p.goal_id(i)
        if goal_id in ids:
            yield Problem(
                ("goals", i, "id"),
                "duplicate-goal",
                _E,
                f"goal id `{goal_id}` is also used by goal {ids[goal_id] + 1}",
                "give each goal its own id",
            )
        ids.setdefault(goal_id, i)
        missing = [
            name
            for name, value in (
                ("metric", goal.metric),
                ("target", goal.target),
                ("deadline", goal.deadline),
            )
            if value is None
        ]
        if missing:
            yield Problem(
                ("goals", i),
                "not-smart",
                _W,
                f"goal `{goal_id}` is not measurable: it has no {' and no '.join(missing)}",
                "a SMART goal names a metric, a target and a deadline; "
                "until it does, its progress cannot be reported",
            )
        if goal.metric is not None and p.metric_info(goal.metric) is None:
            close = _close(metric_key(goal.metric), [*METRICS, *(m.name for m in p.metrics)])
            yield Problem(
                ("goals", i, "metric"),
                "undeclared-metric",
                _E,
                f"metric `{goal.metric}` is neither a built-in metric nor declared in `metrics`",
                f"did you mean `{close}`?"
                if close
                else "declare it under `metrics:` with its unit and direction",
            )
        start = goal.start or p.start
        if goal.start is not None and goal.start < p.start:
            yield Problem(
                ("goals", i, "start"),
                "date-order",
                _E,
                f"goal `{goal_id}` starts {goal.start}, before the partnership ({p.start})",
            )
        if goal.deadline is not None and goal.deadline <= start:
            yield Problem(
                ("goals", i, "deadline"),
                "date-order",
                _E,
                f"goal `{goal_id}` deadline {goal.deadline} is not after its start {start}",
            )
        if goal.target is not None:
            if goal.target == goal.baseline:
                yield Problem(
                    ("goals", i, "target"),
                    "goal-direction",
                    _E,
                    f"goal `{goal_id}` target equals its baseline ({goal.baseline:g})",
                    "a target must differ from the baseline for progress to be measured",
                )
            else:
                direction = p.stated_direction(i)
                wants_up = goal.target > goal.baseline
                if direction is not None and wants_up != (direction == "increase"):
                    yield Problem(
                        ("goals", i, "target"),
                        "goal-direction",
                        _E,
                        f"goal `{goal_id}` is to {direction} but its target {goal.target:g} is "
                        f"{'above' if wants_up else 'below'} its baseline {goal.baseline:g}",
                        "check the baseline and target, or state `direction:` for this goal",
                    )


def _review_problems(p: Partnership) -> Iterator[Problem]:
    scale = p.satisfaction_scale
    measured = {metric_key(g.metric) for g in p.goals if g.metric is not None}
    previous: dt.date | None = None
    for r, review in enumerate(p.reviews):
        if previous is not None and review.date <= previous:
            yield Problem(
                ("reviews", r, "date"),
                "review-order",
                _E,
                f"review dated {review.date} does not come after the previous one ({previous})",
                "list reviews oldest first, one per date",
            )
        previous = review.date if previous is None else max(previous, review.date)
        if review.date < p.start or (p.end is not None and review.date > p.end):
            span = f"{p.start} to {p.end}" if p.end else f"from {p.start}"
            yield Problem(
                ("reviews", r, "date"),
                "review-outside",
                _E,
                f"review dated {review.date} falls outside the partnership ({span})",
            )
        for metric in review.actuals:
            if metric_key(metric) not in measured:
                yield Problem(
                    ("reviews", r, "actuals", metric),
                    "orphan-actual",
                    _W,
                    f"an actual for `{metric}`, which no goal measures",
                    "add a goal for this metric, or check the spelling of the metric",
                    key=True,
                )
        for partner, rating in review.satisfaction.items():
            if not scale.min <= rating <= scale.max:
                yield Problem(
                    ("reviews", r, "satisfaction", partner),
                    "out-of-scale",
                    _E,
                    f"satisfaction {rating:g} of `{partner}` is outside the scale "
                    f"{scale.min}–{scale.max}",
                    "change the rating, or state `satisfaction_scale:` for this file",
                )
        for j, issue in enumerate(review.issues):
            if issue.raised > review.date:
                yield Problem(
                    ("reviews", r, "issues", j, "raised"),
                    "date-order",
                    _E,
                    f"issue `{issue.id}` raised {issue.raised}, after this review ({review.date})",
                )
            if issue.resolved is not None and issue.resolved < issue.raised:
                yield Problem(
                    ("reviews", r, "issues", j, "resolved"),
                    "date-order",
                    _E,
                    f"issue `{issue.id}` resolved {issue.resolved}, before it was raised "
                    f"({issue.raised})",
                )
            if issue.resolved is not None and issue.resolved > review.date:
                yield Problem(
                    ("reviews", r, "issues", j, "resolved"),
                    "date-order",
                    _E,
                    f"issue `{issue.id}` resolved {issue.resolved}, after this review "
                    f"({review.date})",
                    "record the resolution in the review that follows it",
                )


def _close(word: str, choices: list[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, [metric_key(c) for c in choices], n=1, cutoff=0.7)
    return close[0] if close else None
