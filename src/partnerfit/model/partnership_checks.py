"""Cross-field consistency of a partnership file: what no single field can say is wrong.

Each problem is data with a path into the file, so that loading and ``partnerfit check`` report
it at its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from partnerfit.io.findings import Severity
from partnerfit.model.partnership import METRICS, Partnership, Review, metric_key

__all__ = ["Problem", "consistency_problems"]


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
    for i in range(len(p.goals)):
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
        yield from _goal_measure(p, i, goal_id)
        yield from _goal_dates(p, i, goal_id)
        yield from _goal_direction(p, i, goal_id)


def _goal_measure(p: Partnership, i: int, goal_id: str) -> Iterator[Problem]:
    goal = p.goals[i]
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


def _goal_dates(p: Partnership, i: int, goal_id: str) -> Iterator[Problem]:
    goal = p.goals[i]
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


def _goal_direction(p: Partnership, i: int, goal_id: str) -> Iterator[Problem]:
    goal = p.goals[i]
    if goal.target is None:
        return
    if goal.target == goal.baseline:
        yield Problem(
            ("goals", i, "target"),
            "goal-direction",
            _E,
            f"goal `{goal_id}` target equals its baseline ({goal.baseline:g})",
            "a target must differ from the baseline for progress to be measured",
        )
        return
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
        yield from _review_values(p, r, measured)
        yield from _issue_dates(review, r)


def _review_values(p: Partnership, r: int, measured: set[str]) -> Iterator[Problem]:
    scale = p.satisfaction_scale
    review = p.reviews[r]
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


def _issue_dates(review: Review, r: int) -> Iterator[Problem]:
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
                f"issue `{issue.id}` resolved {issue.resolved}, after this review ({review.date})",
                "record the resolution in the review that follows it",
            )


def _close(word: str, choices: list[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, [metric_key(c) for c in choices], n=1, cutoff=0.7)
    return close[0] if close else None
