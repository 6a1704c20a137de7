"""The terminal view of a review: partnerships needing attention first, flags, goal sparklines."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from partnerfit.model.partnership import Outcome
from partnerfit.render.common import RenderOptions, render_with_console, terminal_text
from partnerfit.render.tables import print_table
from partnerfit.review.flags import amount
from partnerfit.review.health import STATUS_LABELS, HealthStatus
from partnerfit.review.results import GoalProgress, PartnershipReview, ReviewResult

SPARKS = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 10
"""The sparkline shows the latest ten values (eight in a narrow terminal)."""
NARROW_SPARK_POINTS = 8

_STATUS_STYLES = {"healthy": "green", "watch": "yellow", "at-risk": "bold red", "unrated": "cyan"}
_GOAL_STYLES = {
    "achieved": "green",
    "on-track": "green",
    "behind": "yellow",
    "missed": "red",
    "no-data": "red",
    "not-started": "dim",
    "not-measurable": "dim",
}


def sparkline(values: Sequence[float], points: int = SPARK_POINTS) -> str:
    """One block per value, scaled from the lowest to the highest shown; flat series sit mid."""
    shown = list(values)[-points:]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    if high == low:
        return SPARKS[3] * len(shown)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / (high - low) * top)] for v in shown)


def _status(status: HealthStatus) -> Text:
    return Text(STATUS_LABELS[status], style=_STATUS_STYLES[status])


def summary_line(result: ReviewResult) -> str:
    """How many partnerships are at risk, on watch, healthy (and without evidence yet, if any)."""
    counts = result.status_counts()
    line = f"{counts['at-risk']} at risk, {counts['watch']} on watch, {counts['healthy']} healthy"
    if counts["unrated"]:
        line += f", {counts['unrated']} without evidence yet"
    return line


def health_cell(item: PartnershipReview) -> str:
    """The health in a summary row: none for an unrated one (its number is in --explain)."""
    return f"{item.health.score:.0f}" if item.health.rated else "–"


UNRATED_NOTE = (
    "no goal progress due, no satisfaction rating and no collaboration survey, so the health "
    "is not rated"
)
"""Why a partnership has no evidence yet, in the caption and below --explain's components."""


def _trend(item: PartnershipReview) -> Text:
    delta = item.trend_delta
    if delta is None:
        return Text("new", style="dim")
    arrow = {"improving": "▲", "declining": "▼"}.get(item.trend or "", "=")
    style = {"improving": "green", "declining": "red"}.get(item.trend or "", "")
    return Text(f"{arrow}{abs(delta):.0f}", style=style)


def _text(value: str) -> Text:
    """File content as a cell: cleaned, and a Text so that rich never reads it as markup."""
    return Text(terminal_text(value))


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _goals_cell(item: PartnershipReview) -> str:
    measurable = [g for g in item.goals if g.status != "not-measurable"]
    good = sum(g.status in ("achieved", "on-track") for g in measurable)
    return f"{good}/{len(measurable)}"


_NARROW = 72
"""Below this width the status goes under the health instead of in a column of its own, and
the coverage column is left out (each headline says it)."""


def _summary_table(result: ReviewResult, width: int) -> Table:
    narrow = width < _NARROW
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        caption="Health 0–100 (healthy ≥ 70, watch ≥ 50); "
        + ("" if narrow else "Cov: share of its weight known; ")
        + "Trend: change since the previous review; Fit: fit score at selection; Goals: "
        "achieved or on track / measurable"
        + ("; no evidence yet: " + UNRATED_NOTE if result.status_counts()["unrated"] else "")
        + ".",
        caption_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("Partnership", overflow="fold", ratio=1, min_width=14)
    table.add_column("Health", justify="right")
    if not narrow:  # a narrow terminal has the coverage in each partnership's headline only
        table.add_column("Cov", justify="right")
        table.add_column("Status", no_wrap=True)
    table.add_column("Trend", justify="right")
    table.add_column("Fit", justify="right")
    table.add_column("Goals", justify="right")
    table.add_column("Flags", justify="right")
    for n, item in enumerate(result.partnerships, start=1):
        table.add_row(
            str(n),
            Text.assemble(
                (terminal_text(item.name), "bold"), "\n", (f"{item.id} · {item.stage}", "dim")
            ),
            *(
                [
                    Text.assemble((health_cell(item), "bold"), "\n", _status(item.health.status)),
                ]
                if narrow
                else [
                    Text(health_cell(item), style="bold"),
                    f"{item.health.coverage:.0%}",
                    _status(item.health.status),
                ]
            ),
            _trend(item),
            "–" if item.fit is None else f"{item.fit:.0f}",
            _goals_cell(item),
            Text(str(len(item.flags)), style="bold red" if item.flags else "dim"),
        )
    return table


def _goal_table(goals: Sequence[GoalProgress], width: int) -> Table:
    # a narrow terminal loses the expected share (the status says it) and two sparkline points
    narrow = width < _NARROW
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Goal", overflow="fold", ratio=1, min_width=8)
    table.add_column("Now" if narrow else "Latest", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    if not narrow:
        table.add_column("Due", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Actuals", no_wrap=True)
    table.add_column("At end" if narrow else "Projected", justify="right", no_wrap=True)
    for goal in goals:
        unit = "%" if goal.unit == "%" else None
        projection = goal.projection
        table.add_row(
            _text(goal.id),
            "–" if goal.latest is None else amount(goal.latest, unit),
            "–" if goal.target is None else amount(goal.target, unit),
            _percent(goal.progress),
            *([] if narrow else [_percent(goal.expected)]),
            Text(goal.status.replace("-", " "), style=_GOAL_STYLES[goal.status]),
            sparkline(
                [v for _, v in goal.history], NARROW_SPARK_POINTS if narrow else SPARK_POINTS
            ),
            "–"
            if projection is None
            else Text(
                amount(projection.value, unit),
                style="green" if projection.reaches_target else "yellow",
            ),
        )
    return table


def _headline(item: PartnershipReview) -> Text:
    return Text("; ".join([health_phrase(item), *headline_parts(item)]))


def health_phrase(item: PartnershipReview) -> str:
    """The health, its status and coverage in words; an unrated one says what it rests on."""
    health, coverage = item.health, f"coverage {item.health.coverage:.0%}"
    if not health.rated:
        return f"no evidence yet: health {health.score:.1f} from governance alone, {coverage}"
    return f"health {health.score:.1f} ({STATUS_LABELS[health.status]}), {coverage}"


def headline_parts(item: PartnershipReview) -> list[str]:
    """What follows the health in a partnership's headline: trend, fit, stage, no reviews."""
    parts = []
    if item.trend_delta is not None and item.previous_review is not None:
        parts.append(f"{item.trend_delta:+.1f} since the review of {item.previous_review}")
    if item.fit is not None:
        parts.append(f"fit at selection {item.fit:.1f}")
    parts.append(f"stage {item.stage}")
    if not item.reviews_held:
        parts.append("no reviews yet")
    return parts


def _flags(item: PartnershipReview, console: Console) -> None:
    # a grid keeps wrapped reasons indented under their flag
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", ratio=1)
    for flag in item.flags:
        grid.add_row(
            Text("!", style="bold red"),
            Text.assemble((flag.code, "bold"), ": ", terminal_text(flag.reason)),
        )
    console.print(Padding(grid, (0, 0, 0, 2)))


def _title(item: PartnershipReview) -> Text:
    return Text.assemble((terminal_text(item.name), "bold"), " (", terminal_text(item.id), ")")


def _draw(result: ReviewResult, console: Console) -> None:
    console.print(Text(f"Partnerships as of {result.as_of}: {summary_line(result)}", style="bold"))
    print_table(console, _summary_table(result, console.width))
    for item in result.partnerships:
        console.print()
        console.print(_title(item))
        console.print(Padding(_headline(item), (0, 0, 0, 2), expand=False))
        _flags(item, console)
        if item.goals:
            indent = 2 if console.width >= _NARROW else 0
            console.print(Padding(_goal_table(item.goals, console.width), (0, 0, 0, indent)))
    console.print(Text("Break one down: partnerfit review --explain ID", style="dim"))


def _plain(text: str, options: RenderOptions) -> str:
    """Without colour (piped, NO_COLOR), no line ends in the padding rich adds."""
    if options.color:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def render_review_table(result: ReviewResult, options: RenderOptions) -> str:
    """Render a review for the terminal."""
    return _plain(render_with_console(options, lambda console: _draw(result, console)), options)


# --------------------------------------------------------------------------- one in full


def _health_table(item: PartnershipReview) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Component", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("Weight", justify="right")
    table.add_column("Points", justify="right")
    table.add_column("Why", overflow="fold", ratio=1)
    for c in item.health.components:
        weight = f"{100 * c.used_weight:.0f}%"
        if abs(c.used_weight - c.weight) > 1e-9:
            weight += f" of {100 * c.weight:.0f}%"
        table.add_row(
            c.label,
            "?" if c.score is None else f"{100 * c.score:.0f}",
            weight if c.score is not None else "–",
            f"{c.points:.1f}" if c.score is not None else "–",
            _text(c.detail),
        )
    table.add_row("Health", "", "100%", Text(f"{item.health.score:.1f}", style="bold"), "")
    return table


def coverage_sentence(item: PartnershipReview) -> str:
    """Below the components: the coverage, and for an unrated health why it has no status."""
    health = item.health
    known = f"Coverage {health.coverage:.0%}: the share of the nominal weight that is known."
    if health.rated:
        return known
    return (
        f"{known} No evidence yet: {UNRATED_NOTE}; the {health.score:.1f} above rests on "
        "the governance habits alone and is not healthy, watch or at risk."
    )


def _partners_table(item: PartnershipReview) -> Table:
    fits = {f.partner_id: f for f in item.fits}
    low, high = item.satisfaction_scale
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Partner", overflow="fold", ratio=1)
    table.add_column("Fit", justify="right")
    table.add_column(f"Satisfied\n{low}–{high}", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("Ratings", no_wrap=True)
    for s in item.satisfaction:
        fit = fits.get(s.partner)
        role = " (selected)" if s.partner == item.selected_by else ""
        table.add_row(
            _text(s.partner + role),
            "–" if fit is None or fit.score is None else f"{fit.score:.1f}",
            "–" if s.latest is None else f"{s.latest:g}",
            "–" if s.change is None else f"{s.change:+g}",
            sparkline([v for _, v in s.history]),
        )
    return table


def _issues_table(item: PartnershipReview) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Issue", overflow="fold", ratio=1)
    table.add_column("Raised", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Days", justify="right")
    for issue in item.issues:
        kind = "conflict: " if issue.conflict else ""
        state = f"resolved {issue.resolved}" if issue.resolved else "open"
        if issue.past_escalation:
            state += ", escalate"
        owner = f"\nowner {terminal_text(issue.owner)}" if issue.owner else ""
        table.add_row(
            Text.assemble(
                (terminal_text(issue.id), "bold"), "\n", kind + terminal_text(issue.summary), owner
            ),
            str(issue.raised),
            Text(state, style="red" if issue.past_escalation else ""),
            str(issue.age_days),
        )
    return table


def _survey_table(item: PartnershipReview) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Factor", overflow="fold", ratio=1)
    table.add_column("Mean", justify="right")
    table.add_column("Spread", justify="right")
    table.add_column("People", justify="right")
    table.add_column("Band", no_wrap=True)
    styles = {"strength": "green", "borderline": "yellow", "concern": "red"}
    for f in item.survey:
        table.add_row(
            _text(f.factor),
            f"{f.mean:.1f}",
            f"{f.spread:.1f}",
            str(f.respondents),
            Text(f.band, style=styles[f.band]),
        )
    return table


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))


def _goals_section(item: PartnershipReview, console: Console) -> None:
    _section(console, "Goals")
    console.print(_goal_table(item.goals, console.width))
    for goal in item.goals:
        owner = f" (owner {terminal_text(goal.owner)})" if goal.owner else ""
        deadline = f", due {goal.deadline}" if goal.deadline else ""
        console.print(
            Padding(
                Text(f"{terminal_text(goal.id)}: {terminal_text(goal.statement)}{owner}{deadline}"),
                (0, 0, 0, 2),
                expand=False,
            )
        )
    if item.goal_achievement_rate is not None:
        console.print(Text(f"Goal achievement rate: {item.goal_achievement_rate:.0%}"))


def _outcome_section(o: Outcome, console: Console) -> None:
    parts = [p for p in (o.result, None if o.rating is None else f"rated {o.rating:g}") if p]
    when = f" ({o.recorded})" if o.recorded else ""
    _section(console, "Outcome")
    console.print(Text(f"{', '.join(parts)}{when}"))
    if o.note:
        console.print(Padding(Text(terminal_text(o.note)), (0, 0, 0, 2), expand=False))


def _draw_one(item: PartnershipReview, console: Console) -> None:
    console.print(_title(item))
    console.print(_headline(item))
    span = f"{item.start} to {item.end}" if item.end else f"from {item.start}"
    console.print(Text(f"As of {item.as_of}; runs {span}; {item.reviews_held} reviews."))
    _section(
        console, "Health, component by component (unknown ones left out, weights renormalised)"
    )
    console.print(_health_table(item))
    console.print(Text(coverage_sentence(item)))
    _section(console, "Flags")
    if item.flags:
        _flags(item, console)
    else:
        console.print(Text("  none"))
    _section(console, "Partners: fit at selection and satisfaction")
    console.print(_partners_table(item))
    if item.goals:
        _goals_section(item, console)
    m = item.meetings
    _section(console, "Meetings and reviews")
    console.print(
        Text(f"Meetings ({m.cadence}): {m.held} held, {m.expected:.1f} due since the start")
    )
    last = (
        f"last {item.last_review}, {item.days_since_review} days ago"
        if item.last_review
        else f"none yet, {item.days_since_review} days since the start"
    )
    overdue = " (overdue)" if item.review_overdue else ""
    console.print(Text(f"Reviews: {last}; due every {item.review_interval_days:.0f} days{overdue}"))
    if item.issues:
        _section(console, "Issues")
        console.print(_issues_table(item))
    if item.survey:
        _section(
            console,
            f"Collaboration survey of {item.survey_date} "
            "(strength ≥ 4.0, borderline 3.0–3.9, concern < 3.0)",
        )
        console.print(_survey_table(item))
    if item.outcome is not None:
        _outcome_section(item.outcome, console)


def render_review_explain_table(item: PartnershipReview, options: RenderOptions) -> str:
    """Render one partnership's review in full for the terminal."""
    return _plain(render_with_console(options, lambda console: _draw_one(item, console)), options)
