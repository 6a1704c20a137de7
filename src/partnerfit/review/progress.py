"""Goal progress, the share expected by a date, goal status and the projection to the deadline.

Each formula is a small function over numbers and dates, written once; docs/partnerships.md
states them with their properties.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

GoalStatus = Literal[
    "achieved", "on-track", "behind", "missed", "not-started", "no-data", "not-measurable"
]
GOAL_STATUSES: tuple[GoalStatus, ...] = (
    "achieved",
    "on-track",
    "behind",
    "missed",
    "not-started",
    "no-data",
    "not-measurable",
)

ON_TRACK_TOLERANCE = 0.05
"""A goal within 5 points of the share expected by now is on track, not behind."""


def progress_share(baseline: float, target: float, actual: float) -> float:
    """(actual − baseline) / (target − baseline): 0 at the baseline, 1 at the target."""
    return (actual - baseline) / (target - baseline)


def expected_share(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """The share of the way expected by ``as_of`` on a straight line, clamped to 0..1."""
    span = (deadline - start).days
    elapsed = (as_of - start).days
    if span <= 0:  # refused in files (deadline after start); kept total for the API
        return 1.0 if elapsed >= 0 else 0.0
    return min(1.0, max(0.0, elapsed / span))


def goal_score(progress: float, expected: float) -> float | None:
    """min(1, clamp(progress, 0, 1) / expected); 1 once achieved; None before any is expected."""
    done = min(1.0, max(0.0, progress))
    if done >= 1.0:
        return 1.0
    if expected <= 0.0:
        return None
    return min(1.0, done / expected)


def goal_status(progress: float | None, expected: float, *, past_deadline: bool) -> GoalStatus:
    """achieved, missed, on-track, behind, not-started or no-data, from progress and time."""
    if progress is not None and progress >= 1.0:
        return "achieved"
    if past_deadline:
        return "missed"
    if progress is None:
        return "not-started" if expected <= 0.0 else "no-data"
    if expected <= 0.0 or progress >= expected - ON_TRACK_TOLERANCE:
        return "on-track"
    return "behind"


@dataclass(frozen=True)
class Projection:
    """The value a straight-line trend through the actuals reaches at the deadline."""

    value: float
    slope_per_day: float
    points: int
    reaches_target: bool


def project(
    points: Sequence[tuple[dt.date, float]],
    deadline: dt.date,
    target: float,
    *,
    increase: bool,
) -> Projection | None:
    """Least-squares line through (date, value) points, read at the deadline; None below 2 dates."""
    if len({day for day, _ in points}) < 2:
        return None
    origin = min(day for day, _ in points)
    xs = [float((day - origin).days) for day, _ in points]
    ys = [value for _, value in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    value = mean_y + slope * ((deadline - origin).days - mean_x)
    if not (math.isfinite(slope) and math.isfinite(value)):
        return None  # values near the float limit: no trend worth drawing
    reaches = value >= target if increase else value <= target
    return Projection(value=value, slope_per_day=slope, points=n, reaches_target=reaches)
