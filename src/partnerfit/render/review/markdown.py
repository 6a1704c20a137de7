"""Markdown output of a review: a summary table, then each partnership's flags and goals."""

from __future__ import annotations

from collections.abc import Sequence

from partnerfit.model.partnership import Outcome
from partnerfit.render.common import RenderOptions, markdown_text
from partnerfit.render.review.table import (
    coverage_sentence,
    headline_parts,
    health_phrase,
    sparkline,
    summary_line,
)
from partnerfit.review.flags import amount
from partnerfit.review.health import STATUS_LABELS
from partnerfit.review.results import GoalProgress, PartnershipReview, ReviewResult


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


_SUMMARY_COLUMNS = (
    "#",
    "Partnership",
    "Stage",
    "Health",
    "Coverage",
    "Status",
    "Trend",
    "Fit",
    "Flags",
)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _goals(goals: Sequence[GoalProgress]) -> list[str]:
    lines = [
        _row(["Goal", "Latest", "Target", "Done", "Due", "Status", "Actuals", "Projected"]),
        _row(["--", "--:", "--:", "--:", "--:", "--", "--", "--:"]),
    ]
    for goal in goals:
        unit = "%" if goal.unit == "%" else None
        projection = goal.projection
        lines.append(
            _row(
                [
                    goal.id,
                    "–" if goal.latest is None else amount(goal.latest, unit),
                    "–" if goal.target is None else amount(goal.target, unit),
                    _percent(goal.progress),
                    _percent(goal.expected),
                    goal.status,
                    sparkline([v for _, v in goal.history]),
                    "–" if projection is None else amount(projection.value, unit),
                ]
            )
        )
    return lines


def _flags(item: PartnershipReview) -> list[str]:
    return [f"- **{f.code}**: {markdown_text(f.reason)}" for f in item.flags]


def _headline(item: PartnershipReview) -> str:
    health = health_phrase(item)
    return "; ".join([health[0].upper() + health[1:], *headline_parts(item)]) + "."


def render_review_markdown(result: ReviewResult, options: RenderOptions) -> str:
    """Render a review as GitHub-flavoured Markdown."""
    del options
    lines = [
        f"### Partnerships as of {result.as_of}",
        "",
        f"{summary_line(result)}.",
        "",
        _row(_SUMMARY_COLUMNS),
        _row(["--:", "--", "--", "--:", "--:", "--", "--:", "--:", "--:"]),
    ]
    for n, item in enumerate(result.partnerships, start=1):
        lines.append(
            _row(
                [
                    str(n),
                    f"{markdown_text(item.name)} (`{item.id}`)",
                    item.stage,
                    f"{item.health.score:.1f}" if item.health.rated else "–",
                    f"{item.health.coverage:.0%}",
                    STATUS_LABELS[item.health.status],
                    "–" if item.trend_delta is None else f"{item.trend_delta:+.1f}",
                    "–" if item.fit is None else f"{item.fit:.1f}",
                    str(len(item.flags)),
                ]
            )
        )
    for item in result.partnerships:
        lines += ["", f"#### {markdown_text(item.name)} (`{item.id}`)", "", _headline(item)]
        if item.flags:
            lines += ["", *_flags(item)]
        if item.goals:
            lines += ["", *_goals(item.goals)]
    return "\n".join(lines) + "\n"


def _components(item: PartnershipReview) -> list[str]:
    lines = [_row(["Component", "Score", "Weight", "Points", "Why"])]
    lines += [_row(["--", "--:", "--:", "--:", "--"])]
    for c in item.health.components:
        known = c.score is not None
        lines.append(
            _row(
                [
                    c.label,
                    f"{100 * c.score:.0f}" if c.score is not None else "?",
                    f"{100 * c.used_weight:.0f}%" if known else "–",
                    f"{c.points:.1f}" if known else "–",
                    markdown_text(c.detail),
                ]
            )
        )
    lines.append(_row(["**Health**", "", "100%", f"**{item.health.score:.1f}**", ""]))
    return [*lines, "", coverage_sentence(item)]


def _satisfaction(item: PartnershipReview) -> list[str]:
    fits = {f.partner_id: f.score for f in item.fits}
    low, high = item.satisfaction_scale
    lines = [_row(["Partner", "Fit", f"Satisfied ({low}–{high})", "Change", "Ratings"])]
    lines.append(_row(["--", "--:", "--:", "--:", "--"]))
    for s in item.satisfaction:
        fit = fits.get(s.partner)
        lines.append(
            _row(
                [
                    s.partner,
                    "–" if fit is None else f"{fit:.1f}",
                    "–" if s.latest is None else f"{s.latest:g}",
                    "–" if s.change is None else f"{s.change:+g}",
                    sparkline([v for _, v in s.history]),
                ]
            )
        )
    return lines


def _cadence(item: PartnershipReview) -> str:
    m = item.meetings
    last = (
        f"last {item.last_review}, {item.days_since_review} days ago"
        if item.last_review
        else f"none yet, {item.days_since_review} days since the start"
    )
    return (
        f"Meetings ({m.cadence}): {m.held} held, {m.expected:.1f} due since the start. "
        f"Reviews: {last}; due every "
        f"{item.review_interval_days:.0f} days{' (overdue)' if item.review_overdue else ''}."
    )


def _issues(item: PartnershipReview) -> list[str]:
    lines = [_row(["Issue", "Owner", "Raised", "State", "Days"])]
    lines.append(_row(["--", "--", "--", "--", "--:"]))
    for issue in item.issues:
        state = f"resolved {issue.resolved}" if issue.resolved else "open"
        if issue.past_escalation:
            state += ", past escalation"
        kind = "conflict: " if issue.conflict else ""
        lines.append(
            _row(
                [
                    f"`{issue.id}` {kind}{markdown_text(issue.summary)}",
                    issue.owner or "–",
                    str(issue.raised),
                    state,
                    str(issue.age_days),
                ]
            )
        )
    return lines


def _survey(item: PartnershipReview) -> list[str]:
    lines = [f"Collaboration survey of {item.survey_date}:", ""]
    lines += [_row(["Factor", "Mean", "Spread", "People", "Band"])]
    lines += [_row(["--", "--:", "--:", "--:", "--"])]
    for f in item.survey:
        lines.append(
            _row(
                [
                    markdown_text(f.factor),
                    f"{f.mean:.1f}",
                    f"{f.spread:.1f}",
                    str(f.respondents),
                    f.band,
                ]
            )
        )
    return lines


def _outcome(o: Outcome) -> str:
    parts = [p for p in (o.result, None if o.rating is None else f"rated {o.rating:g}") if p]
    when = f" ({o.recorded})" if o.recorded else ""
    note = f" {markdown_text(o.note)}" if o.note else ""
    return f"**Outcome**: {', '.join(parts)}{when}.{note}"


def render_review_explain_markdown(item: PartnershipReview, options: RenderOptions) -> str:
    """Render one partnership's review in full as Markdown."""
    del options
    lines = [f"### {markdown_text(item.name)} (`{item.id}`)", "", _headline(item), ""]
    lines += _components(item)
    lines += ["", "**Flags**", "", *(_flags(item) or ["none"])]
    lines += ["", *_satisfaction(item)]
    if item.goals:
        lines += ["", *_goals(item.goals)]
    lines += ["", _cadence(item)]
    if item.issues:
        lines += ["", *_issues(item)]
    if item.survey:
        lines += ["", *_survey(item)]
    if item.outcome is not None:
        lines += ["", _outcome(item.outcome)]
    return "\n".join(lines) + "\n"
