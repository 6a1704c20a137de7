"""What a review finds, as frozen data: every renderer draws these objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from partnerfit.model.partnership import Direction, Outcome
from partnerfit.review.health import HEALTH_STATUSES, Health, HealthStatus
from partnerfit.review.progress import GoalStatus, Projection

Trend = Literal["improving", "steady", "declining"]
Band = Literal["strength", "borderline", "concern"]

RECORD_SCHEMA_VERSION = "2"
"""Version of the flat records (``to_records``, CSV); bumped on any incompatible change.
"2": ``status`` may be ``unrated``, ``trend`` is empty beside an unrated point, and the
``coverage`` column follows ``health``."""

RECORD_COLUMNS: tuple[str, ...] = (
    "schema_version",
    "id",
    "name",
    "as_of",
    "stage",
    "partners",
    "selected_by",
    "health",
    "coverage",
    "status",
    "trend",
    "trend_delta",
    "fit_at_selection",
    "goals",
    "goals_achieved",
    "goals_on_track",
    "goals_behind",
    "goals_missed",
    "goal_achievement_rate",
    "satisfaction_mean",
    "satisfaction_scale",
    "meetings_held",
    "meetings_expected",
    "last_review",
    "days_since_review",
    "review_overdue",
    "open_issues",
    "oldest_open_issue_days",
    "flags",
    "outcome_result",
    "outcome_rating",
)
"""The keys of ``PartnershipReview.to_record()``, in order: the CSV columns."""


@dataclass(frozen=True)
class GoalProgress:
    """One goal as of the review date: where it stands, what was expected, where it is heading.

    ``latest`` is the last actual up to the deadline (a goal is judged at its deadline);
    ``history`` holds every actual up to the review date.
    """

    id: str
    statement: str
    metric: str | None
    label: str | None
    unit: str | None
    direction: Direction | None
    owner: str | None
    baseline: float
    target: float | None
    start: dt.date
    deadline: dt.date | None
    history: tuple[tuple[dt.date, float], ...]
    latest: float | None
    progress: float | None
    expected: float | None
    status: GoalStatus
    score: float | None
    projection: Projection | None


@dataclass(frozen=True)
class PartnerSatisfaction:
    """One partner's satisfaction: its ratings over the reviews, the latest and the change."""

    partner: str
    history: tuple[tuple[dt.date, float], ...]
    latest: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        """Latest minus previous rating, or None with fewer than two."""
        if self.latest is None or self.previous is None:
            return None
        return self.latest - self.previous


@dataclass(frozen=True)
class Meetings:
    """Meetings held against the agreed cadence, overall and in the latest review period."""

    cadence: str
    held: int
    expected: float
    latest_held: int | None
    latest_expected: float | None

    @property
    def ratio(self) -> float | None:
        """Held over expected, or None when none was due."""
        return self.held / self.expected if self.expected > 0 else None


@dataclass(frozen=True)
class IssueState:
    """An issue as of the review date (its latest mention)."""

    id: str
    summary: str
    owner: str | None
    raised: dt.date
    resolved: dt.date | None
    conflict: bool
    age_days: int
    past_escalation: bool

    @property
    def open(self) -> bool:
        """True while it has no resolution as of the review date."""
        return self.resolved is None


@dataclass(frozen=True)
class SurveyFactor:
    """One collaboration factor in the latest survey: mean, spread and band."""

    factor: str
    mean: float
    spread: float
    respondents: int
    band: Band


@dataclass(frozen=True)
class Flag:
    """A risk flag: a stable code, what it is about, and the reason in words."""

    code: str
    subject: str
    reason: str


@dataclass(frozen=True)
class Fit:
    """The fit score (0..100) of one partner for the organisation that selected it."""

    focal_id: str
    partner_id: str
    score: float | None
    dealbreakers: tuple[str, ...]


@dataclass(frozen=True)
class PartnershipReview:
    """One partnership reviewed as of a date."""

    id: str
    name: str
    source: str | None
    partners: tuple[str, ...]
    selected_by: str | None
    stage: str
    stage_stated: bool
    start: dt.date
    end: dt.date | None
    as_of: dt.date
    reviews_held: int
    last_review: dt.date | None
    days_since_review: int
    review_interval_days: float
    goals: tuple[GoalProgress, ...]
    satisfaction: tuple[PartnerSatisfaction, ...]
    satisfaction_scale: tuple[int, int]
    meetings: Meetings
    issues: tuple[IssueState, ...]
    survey_date: dt.date | None
    survey: tuple[SurveyFactor, ...]
    health: Health
    previous_health: float | None
    previous_review: dt.date | None
    previous_status: HealthStatus | None
    flags: tuple[Flag, ...]
    fits: tuple[Fit, ...]
    outcome: Outcome | None

    @property
    def review_overdue(self) -> bool:
        """True when the last review (or the start) is further back than the review cadence."""
        return self.days_since_review > self.review_interval_days

    @property
    def goal_achievement_rate(self) -> float | None:
        """Achieved goals over measurable goals, or None when no goal is measurable."""
        measurable = [g for g in self.goals if g.status != "not-measurable"]
        if not measurable:
            return None
        return sum(g.status == "achieved" for g in measurable) / len(measurable)

    @property
    def open_issues(self) -> tuple[IssueState, ...]:
        """Issues without a resolution as of the review date."""
        return tuple(i for i in self.issues if i.open)

    @property
    def trend_delta(self) -> float | None:
        """Health now minus health as of the previous review; None without one or beside unrated."""
        # a first outcome after a review without evidence is no change from the habits alone
        if self.previous_health is None or "unrated" in (self.health.status, self.previous_status):
            return None
        return self.health.score - self.previous_health

    @property
    def trend(self) -> Trend | None:
        """improving or declining by 5 points or more, else steady; None without a previous."""
        delta = self.trend_delta
        if delta is None:
            return None
        if delta >= TREND_STEP:
            return "improving"
        if delta <= -TREND_STEP:
            return "declining"
        return "steady"

    @property
    def fit(self) -> float | None:
        """Mean fit at selection over the selected partners with a known score."""
        known = [f.score for f in self.fits if f.score is not None]
        return sum(known) / len(known) if known else None

    def to_record(self) -> dict[str, Any]:
        """One flat row: the figures a spreadsheet or a calibration script needs."""
        counts = dict.fromkeys(("achieved", "on-track", "behind", "missed"), 0)
        for goal in self.goals:
            if goal.status in counts:
                counts[goal.status] += 1
        ratings = [s.latest for s in self.satisfaction if s.latest is not None]
        low, high = self.satisfaction_scale
        oldest = max((i.age_days for i in self.open_issues), default=None)
        return {
            "schema_version": RECORD_SCHEMA_VERSION,
            "id": self.id,
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "stage": self.stage,
            "partners": ";".join(self.partners),
            "selected_by": self.selected_by,
            "health": round(self.health.score, 1),
            "coverage": round(self.health.coverage, 3),
            "status": self.health.status,
            "trend": self.trend,
            "trend_delta": None if self.trend_delta is None else round(self.trend_delta, 1),
            "fit_at_selection": None if self.fit is None else round(self.fit, 1),
            "goals": len(self.goals),
            "goals_achieved": counts["achieved"],
            "goals_on_track": counts["on-track"],
            "goals_behind": counts["behind"],
            "goals_missed": counts["missed"],
            "goal_achievement_rate": _round(self.goal_achievement_rate, 3),
            "satisfaction_mean": _round(sum(ratings) / len(ratings), 2) if ratings else None,
            "satisfaction_scale": f"{low}-{high}",
            "meetings_held": self.meetings.held,
            "meetings_expected": round(self.meetings.expected, 1),
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "days_since_review": self.days_since_review,
            "review_overdue": self.review_overdue,
            "open_issues": len(self.open_issues),
            "oldest_open_issue_days": oldest,
            "flags": ";".join(f.code for f in self.flags),
            "outcome_result": self.outcome.result if self.outcome else None,
            "outcome_rating": self.outcome.rating if self.outcome else None,
        }


TREND_STEP = 5.0
"""Points of health change that count as improving or declining."""


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class ReviewResult:
    """Every partnership reviewed as of one date, those needing attention first."""

    as_of: dt.date
    partnerships: tuple[PartnershipReview, ...]
    profiles_source: str | None = None

    def get(self, partnership_id: str) -> PartnershipReview | None:
        """The review of one partnership by id, or None."""
        for item in self.partnerships:
            if item.id == partnership_id:
                return item
        return None

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per partnership, in the result's order."""
        return [item.to_record() for item in self.partnerships]

    def status_counts(self) -> dict[HealthStatus, int]:
        """How many partnerships are healthy, on watch, at risk and without evidence yet."""
        counts: dict[HealthStatus, int] = dict.fromkeys(HEALTH_STATUSES, 0)
        for item in self.partnerships:
            counts[item.health.status] += 1
        return counts


@dataclass(frozen=True)
class SelectionOutcome:
    """For judging selection: who chose whom, the fit then, the health now, the outcome."""

    partnership_id: str
    focal_id: str | None
    partner_ids: tuple[str, ...]
    fit: float | None
    fits: tuple[Fit, ...]
    health: float
    status: HealthStatus
    coverage: float
    result: Literal["success", "failure"] | None
    rating: float | None
