"""The health score: six components in 0..1, weighted, unknown ones left out and the rest
renormalised, times 100 (unlike the fit score, which counts unknown criteria at a prior:
docs/scoring.md). Its coverage is the nominal weight that is known; a health that rests on the
governance habits alone (no outcome component known) is *unrated*: silence never wins.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

HealthStatus = Literal["healthy", "watch", "at-risk", "unrated"]
HEALTH_STATUSES: tuple[HealthStatus, ...] = ("healthy", "watch", "at-risk", "unrated")

STATUS_LABELS: dict[HealthStatus, str] = {
    "healthy": "healthy",
    "watch": "watch",
    "at-risk": "at risk",
    "unrated": "no evidence yet",
}
"""How each status reads in words (tables, Markdown, HTML); machine formats keep the value."""

HEALTH_WEIGHTS: dict[str, float] = {
    "goals": 0.35,
    "satisfaction": 0.20,
    "collaboration": 0.15,
    "meetings": 0.10,
    "reviews": 0.10,
    "issues": 0.10,
}
"""Nominal weight of each component; they sum to 1."""

OUTCOME_COMPONENTS: tuple[str, ...] = ("goals", "satisfaction", "collaboration")
"""The components that say how the partnership is doing; the others are governance habits.
Without any of these known the health is not rated (status ``unrated``)."""

HEALTH_LABELS: dict[str, str] = {
    "goals": "Goal progress",
    "satisfaction": "Partner satisfaction",
    "collaboration": "Collaboration survey",
    "meetings": "Meetings held",
    "reviews": "Reviews on time",
    "issues": "Open issues",
}

HEALTHY_FROM = 70.0
"""Health at or above this is healthy."""
WATCH_FROM = 50.0
"""Health at or above this (and below HEALTHY_FROM) is watch; below it, at risk."""

ISSUE_COST = 0.25
"""What one open issue within its escalation window takes from the issues component."""
ESCALATED_ISSUE_COST = 0.5
"""What one open issue past its escalation window takes from the issues component."""


@dataclass(frozen=True)
class HealthComponent:
    """One component: its score in 0..1 (None when unknown), weights, points and the why."""

    name: str
    label: str
    score: float | None
    weight: float
    used_weight: float
    points: float
    detail: str


@dataclass(frozen=True)
class Health:
    """The health score 0..100, its status, its coverage 0..1 and every component.

    ``coverage`` is the nominal weight of the known components. When no outcome component is
    known, ``status`` is ``unrated`` and ``score`` rests on the governance habits alone.
    """

    score: float
    status: HealthStatus
    components: tuple[HealthComponent, ...]
    coverage: float

    @property
    def rated(self) -> bool:
        """False when no outcome component (goals, satisfaction, survey) is known."""
        return self.status != "unrated"


def health_status(score: float) -> Literal["healthy", "watch", "at-risk"]:
    """healthy at 70 and above, watch from 50, at risk below 50."""
    if score >= HEALTHY_FROM:
        return "healthy"
    if score >= WATCH_FROM:
        return "watch"
    return "at-risk"


def combine(scores: Mapping[str, float | None], details: Mapping[str, str]) -> Health:
    """100 · Σ wᵢ·sᵢ / Σ wᵢ over the known components, coverage Σ wᵢ, unrated without outcomes."""
    known = {name: HEALTH_WEIGHTS[name] for name, s in scores.items() if s is not None}
    total = sum(known.values())
    components = []
    value = 0.0
    for name, weight in HEALTH_WEIGHTS.items():
        score = scores.get(name)
        used = known[name] / total if name in known else 0.0
        points = 100 * used * score if score is not None else 0.0
        value += points
        components.append(
            HealthComponent(name, HEALTH_LABELS[name], score, weight, used, points, details[name])
        )
    value = min(100.0, max(0.0, value))  # float sums may stray past the bounds by an ulp
    coverage = min(1.0, total)  # the weights sum to 1 up to an ulp
    rated = any(name in known for name in OUTCOME_COMPONENTS)
    return Health(
        score=value,
        status=health_status(value) if rated else "unrated",
        components=tuple(components),
        coverage=coverage,
    )


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None for no values."""
    return sum(values) / len(values) if values else None


def spread(values: Sequence[float]) -> float:
    """Population standard deviation: how far these respondents disagree."""
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / len(values))


def rescale(value: float, low: float, high: float) -> float:
    """A rating on low..high as 0..1."""
    return (value - low) / (high - low)


def meetings_score(held: int, expected: float) -> float | None:
    """min(1, held / expected); None when no meeting was due yet."""
    if expected <= 0:
        return None
    return min(1.0, held / expected)


def reviews_score(days_since: int, interval: float) -> float:
    """1 while a review is not yet due, then falling linearly to 0 at twice the interval."""
    if days_since <= interval:
        return 1.0
    return max(0.0, 1.0 - (days_since - interval) / interval)


def issues_score(open_within: int, open_past: int) -> float:
    """1 − 0.25 per open issue − 0.5 per issue open past its escalation window, at least 0."""
    return max(0.0, 1.0 - ISSUE_COST * open_within - ESCALATED_ISSUE_COST * open_past)
