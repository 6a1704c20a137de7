"""Review partnerships as of a date: goals, satisfaction, meetings, issues, survey, health, flags.

Everything here works on validated models; nothing reads files or prints. Reviews dated after
``as_of`` are not looked at, so reviewing as of an earlier date shows the partnership as it
stood then (the trend compares with the health as of the previous review this way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from partnerfit.model.partnership import (
    CADENCE_DAYS,
    SURVEY_FACTORS,
    Partnership,
    Review,
    metric_key,
)
from partnerfit.model.profile import Profile
from partnerfit.model.profileset import ProfileSet
from partnerfit.model.vocabulary import normalise_tag
from partnerfit.review.flags import risk_flags
from partnerfit.review.health import (
    Health,
    combine,
    issues_score,
    mean,
    meetings_score,
    rescale,
    reviews_score,
    spread,
)
from partnerfit.review.progress import (
    expected_share,
    goal_score,
    goal_status,
    progress_share,
    project,
)
from partnerfit.review.results import (
    Band,
    Fit,
    Flag,
    GoalProgress,
    IssueState,
    Meetings,
    PartnerSatisfaction,
    PartnershipReview,
    ReviewResult,
    SurveyFactor,
)
from partnerfit.scoring.card import resolve_weights, score_cards

ONBOARDING_DAYS = 90
"""A partnership is onboarding for its first 90 days, and up for renewal in its last 90."""


def review_partnership(
    partnership: Partnership,
    as_of: dt.date,
    *,
    profiles: ProfileSet | None = None,
    source: str | None = None,
    fits: tuple[Fit, ...] | None = None,
) -> PartnershipReview:
    """Review one partnership as of a date, with the fit at selection when profiles are given
    (``fits``: already worked out, as ``review_set`` does for a whole set at once)."""
    requested = as_of
    if partnership.end is not None and as_of > partnership.end:
        requested, as_of = (
            as_of,
            partnership.end,
        )  # an ended partnership is judged as it stood at its end
    reviews = tuple(r for r in partnership.reviews if r.date <= as_of)
    state = _State(partnership, as_of, reviews)
    previous_date = reviews[-2].date if len(reviews) >= 2 else None
    previous = (
        _State(partnership, previous_date, reviews[:-1]).health()
        if previous_date is not None
        else None
    )
    goals = state.goals
    health = state.health()
    issues = state.issues
    flags = _flags(state, profiles)
    stage, stated = _stage(partnership, requested)
    return PartnershipReview(
        id=partnership.id,
        name=partnership.name,
        source=source,
        partners=partnership.partners,
        selected_by=partnership.selected_by,
        stage=stage,
        stage_stated=stated,
        start=partnership.start,
        end=partnership.end,
        as_of=as_of,
        reviews_held=len(reviews),
        last_review=reviews[-1].date if reviews else None,
        days_since_review=state.days_since,
        review_interval_days=state.review_interval,
        goals=goals,
        satisfaction=state.satisfaction,
        satisfaction_scale=state.scale,
        meetings=state.meetings,
        issues=issues,
        survey_date=state.survey_date,
        survey=state.survey,
        health=health,
        previous_health=previous.score if previous is not None else None,
        previous_review=previous_date,
        previous_status=previous.status if previous is not None else None,
        flags=flags,
        fits=fits_at_selection(partnership, profiles) if fits is None else fits,
        outcome=partnership.outcome,
    )


def _flags(state: _State, profiles: ProfileSet | None) -> tuple[Flag, ...]:
    """The risk flags of one partnership's figures as of the review date."""
    partnership, reviews = state.p, state.reviews
    owners = {role.partner: role for role in partnership.roles}
    return risk_flags(
        goals=state.goals,
        satisfaction=state.satisfaction,
        scale=state.scale,
        meetings=state.meetings,
        days_since_review=state.days_since,
        review_interval=state.review_interval,
        last_review=reviews[-1].date if reviews else None,
        review_cadence=partnership.governance.review_cadence,
        issues=state.issues,
        escalation_days=partnership.governance.escalation_days,
        survey=state.survey,
        roles={p: owners[p].capabilities for p in owners},
        strengths=_strengths(partnership, profiles),
        canonical=profiles.vocabulary.canonical if profiles is not None else normalise_tag,
    )


def attention_order(item: PartnershipReview) -> tuple[int, float, int, str]:
    """At risk, unrated and flagged, watch and healthy, unrated: least healthy, most flags first."""
    # an unrated partnership with a flag (a review overdue, say) needs someone to act, as one
    # at risk does; one without a flag is only young, so it waits below the rated ones
    status = item.health.status
    if status == "at-risk":
        group = 0
    elif status == "unrated":
        group = 1 if item.flags else 3
    else:
        group = 2
    return (group, round(item.health.score, 6), -len(item.flags), item.id)


def review_set(
    partnerships: Sequence[Partnership],
    as_of: dt.date,
    *,
    profiles: ProfileSet | None = None,
    sources: dict[str, str] | None = None,
    profiles_source: str | None = None,
) -> ReviewResult:
    """Review every partnership as of a date, those needing attention first."""
    reviewed = [
        review_partnership(p, as_of, profiles=profiles, source=(sources or {}).get(p.id), fits=f)
        for p, f in zip(partnerships, _fits_of(partnerships, profiles), strict=True)
    ]
    return ReviewResult(
        as_of=as_of,
        partnerships=tuple(sorted(reviewed, key=attention_order)),
        profiles_source=profiles_source,
    )


def fits_at_selection(partnership: Partnership, profiles: ProfileSet | None) -> tuple[Fit, ...]:
    """The fit score of each selected partner for the partner that selected it (scoring's API)."""
    return _fits_of([partnership], profiles)[0]


def _selections(partnership: Partnership, profiles: ProfileSet) -> list[tuple[Profile, Profile]]:
    """(the partner that selected, a partner it selected) for each fit at selection to show."""
    focal = profiles.get(partnership.selected_by) if partnership.selected_by else None
    if focal is None:
        return []
    found = (profiles.get(partner_id) for partner_id in partnership.partners)
    return [(focal, c) for c in found if c is not None and c.id != focal.id]


def _fits_of(
    partnerships: Sequence[Partnership], profiles: ProfileSet | None
) -> list[tuple[Fit, ...]]:
    """``fits_at_selection`` of each partnership, every partner one focal selected anywhere in
    the set scored in one block for it: the same cards as a pair at a time (a test holds
    ``card_block`` to ``score_pair``), without a block's fixed cost for every pair of every
    partnership (a third of reviewing 2,000 partnerships)."""
    if profiles is None:
        return [() for _ in partnerships]
    chosen = [_selections(p, profiles) for p in partnerships]
    by_focal: dict[str, list[tuple[Profile, Profile]]] = {}  # focal id → its (focal, partner)s
    for pair in (pair for pairs in chosen for pair in pairs):
        by_focal.setdefault(pair[0].id, []).append(pair)
    weights = resolve_weights(profiles.config)
    scored: dict[tuple[str, str], Fit] = {}
    for focal_id, pairs in by_focal.items():
        candidates = {candidate.id: candidate for _, candidate in pairs}  # each partner once
        cards = score_cards(
            pairs[0][0],
            list(candidates.values()),
            vocabulary=profiles.vocabulary,
            weights=weights,
            unknowns=profiles.config.unknowns,
        )
        for card in cards:
            key = (focal_id, card.candidate_id)
            scored[key] = Fit(focal_id, card.candidate_id, card.total, card.dealbreakers)
    return [tuple(scored[(f.id, c.id)] for f, c in pairs) for pairs in chosen]


def _strengths(
    partnership: Partnership, profiles: ProfileSet | None
) -> dict[str, frozenset[str]] | None:
    if profiles is None:
        return None
    found: dict[str, Profile] = {}
    for partner in partnership.partners:
        profile = profiles.get(partner)
        if profile is not None:
            found[partner] = profile
    return {
        partner: profiles.vocabulary.tag_set(s.capability for s in profile.strengths)
        for partner, profile in found.items()
    }


def _stage(partnership: Partnership, as_of: dt.date) -> tuple[str, bool]:
    if partnership.stage is not None:
        return partnership.stage, True
    if as_of < partnership.start:
        return "proposed", False
    end = partnership.end
    if end is not None and as_of > end:
        return "ended", False
    if (as_of - partnership.start).days < ONBOARDING_DAYS:
        return "onboarding", False
    if end is not None and (end - as_of).days <= ONBOARDING_DAYS:
        return "renewal", False
    return "active", False


class _State:
    """The figures of one partnership as of one date (reviews already cut at that date)."""

    def __init__(self, partnership: Partnership, as_of: dt.date, reviews: Sequence[Review]):
        self.p = partnership
        self.as_of = as_of
        self.reviews = tuple(reviews)
        scale = partnership.satisfaction_scale
        self.scale = (scale.min, scale.max)
        self.review_interval = CADENCE_DAYS[partnership.governance.review_cadence]
        last = self.reviews[-1].date if self.reviews else partnership.start
        self.days_since = max(0, (as_of - last).days)
        self.goals = tuple(self._goal(i) for i in range(len(partnership.goals)))
        self.satisfaction = self._satisfaction()
        self.meetings = self._meetings()
        self.issues = self._issues()
        self.survey_date, self.survey = self._survey()

    def _goal(self, index: int) -> GoalProgress:
        p, goal = self.p, self.p.goals[index]
        start = goal.start or p.start
        info = p.metric_info(goal.metric) if goal.metric else None
        key = metric_key(goal.metric) if goal.metric else None
        history = tuple(
            (review.date, value)
            for review in self.reviews
            for metric, value in review.actuals.items()
            if metric_key(metric) == key and review.date >= start
        )
        unmeasured = GoalProgress(
            id=p.goal_id(index),
            statement=goal.statement,
            metric=goal.metric,
            label=info.label if info else None,
            unit=info.unit if info else None,
            direction=p.goal_direction(index),
            owner=goal.owner,
            baseline=goal.baseline,
            target=goal.target,
            start=start,
            deadline=goal.deadline,
            history=history,
            latest=history[-1][1] if history else None,
            progress=None,
            expected=None,
            status="not-measurable",
            score=None,
            projection=None,
        )
        if (
            goal.metric is None
            or goal.target is None
            or goal.deadline is None
            or goal.target == goal.baseline  # refused in files; no progress can be measured
        ):
            return unmeasured
        return self._judge(unmeasured, goal.target, goal.deadline)

    def _judge(self, goal: GoalProgress, target: float, deadline: dt.date) -> GoalProgress:
        """A measurable goal with its progress, time elapsed, status, score and projection."""
        baseline, start = goal.baseline, goal.start
        expected = expected_share(start, deadline, self.as_of)
        # a goal is judged at its deadline: later actuals show in its history only
        due = [(day, value) for day, value in goal.history if day <= deadline]
        latest = due[-1][1] if due else None
        progress = None if latest is None else progress_share(baseline, target, latest)
        # no actual reported counts as no progress once some is expected: it must be shown
        score = goal_score(0.0 if progress is None else progress, expected)
        # the trend of the actuals up to the deadline; the baseline counts as a point only
        # while fewer than two actuals exist, so that a first jump does not tilt the line
        trend = list(due)
        if len(trend) < 2:
            trend.insert(0, (start, baseline))
        return replace(
            goal,
            latest=latest,
            progress=progress,
            expected=expected,
            status=goal_status(progress, expected, past_deadline=self.as_of >= deadline),
            score=score,
            projection=project(trend, deadline, target, increase=target > baseline),
        )

    def _satisfaction(self) -> tuple[PartnerSatisfaction, ...]:
        out = []
        for partner in self.p.partners:
            history = tuple(
                (r.date, r.satisfaction[partner]) for r in self.reviews if partner in r.satisfaction
            )
            out.append(
                PartnerSatisfaction(
                    partner,
                    history,
                    history[-1][1] if history else None,
                    history[-2][1] if len(history) >= 2 else None,
                )
            )
        return tuple(out)

    def _meetings(self) -> Meetings:
        cadence = self.p.governance.meeting_cadence
        every = CADENCE_DAYS[cadence]
        held, expected = 0, 0.0
        latest_held: int | None = None
        latest_expected: float | None = None
        before = self.p.start
        for review in self.reviews:
            due = (review.date - before).days / every
            if review.meetings is not None:
                held += review.meetings
                expected += due
                latest_held, latest_expected = review.meetings, due
            before = review.date
        return Meetings(cadence, held, expected, latest_held, latest_expected)

    def _issues(self) -> tuple[IssueState, ...]:
        latest: dict[str, tuple[Review, int]] = {}
        for review in self.reviews:
            for j, issue in enumerate(review.issues):
                latest[issue.id] = (review, j)
        window = self.p.governance.escalation_days
        out = []
        for review, j in latest.values():
            issue = review.issues[j]
            resolved = issue.resolved if issue.resolved and issue.resolved <= self.as_of else None
            age = ((resolved or self.as_of) - issue.raised).days
            out.append(
                IssueState(
                    id=issue.id,
                    summary=issue.summary,
                    owner=issue.owner,
                    raised=issue.raised,
                    resolved=resolved,
                    conflict=issue.conflict,
                    age_days=age,
                    past_escalation=resolved is None and age > window,
                )
            )
        return tuple(sorted(out, key=lambda i: (i.resolved is not None, i.raised, i.id)))

    def _survey(self) -> tuple[dt.date | None, tuple[SurveyFactor, ...]]:
        surveyed = [r for r in self.reviews if r.survey]
        if not surveyed:
            return None, ()
        last = surveyed[-1]
        ratings: dict[str, list[float]] = {}
        for answer in last.survey:
            for factor, rating in answer.ratings.items():
                ratings.setdefault(normalise_tag(factor), []).append(float(rating))
        order = {name: i for i, name in enumerate(SURVEY_FACTORS)}
        factors = []
        for factor in sorted(ratings, key=lambda f: (order.get(f, len(order)), f)):
            values = ratings[factor]
            average = sum(values) / len(values)
            factors.append(
                SurveyFactor(factor, average, spread(values), len(values), survey_band(average))
            )
        return last.date, tuple(factors)

    def health(self) -> Health:
        measured = [g.score for g in self.goals if g.score is not None]
        goals = mean(measured)
        low, high = self.scale
        latest = [s.latest for s in self.satisfaction if s.latest is not None]
        satisfaction = mean([rescale(v, low, high) for v in latest])
        collaboration = mean([rescale(f.mean, 1, 5) for f in self.survey])
        meetings = meetings_score(self.meetings.held, self.meetings.expected)
        reviews = reviews_score(self.days_since, self.review_interval)
        open_issues = [i for i in self.issues if i.open]
        past = sum(i.past_escalation for i in open_issues)
        # before the first review nobody has said whether there are issues
        issues = issues_score(len(open_issues) - past, past) if self.reviews else None
        details = {
            "goals": f"{len(measured)} goal{'s' if len(measured) != 1 else ''} with progress due"
            if measured
            else "no measurable goal is due yet",
            "satisfaction": f"mean of {len(latest)} partner rating{'s' if len(latest) != 1 else ''}"
            f" on {low}–{high}"
            if latest
            else "no satisfaction rated yet",
            "collaboration": f"mean of {len(self.survey)} factors, survey of {self.survey_date}"
            if self.survey
            else "no collaboration survey yet",
            "meetings": f"{self.meetings.held} held of {self.meetings.expected:.1f} due "
            f"({self.meetings.cadence})"
            if meetings is not None
            else "no meetings recorded yet",
            "reviews": f"{self.days_since} days since the "
            f"{'last review' if self.reviews else 'start, no review yet'}; due every "
            f"{self.review_interval:.0f}",
            "issues": f"{len(open_issues)} open, {past} past the "
            f"{self.p.governance.escalation_days}-day escalation window"
            if self.reviews
            else "no review yet",
        }
        return combine(
            {
                "goals": goals,
                "satisfaction": satisfaction,
                "collaboration": collaboration,
                "meetings": meetings,
                "reviews": reviews,
                "issues": issues,
            },
            details,
        )


def survey_band(average: float) -> Band:
    """4.0 and above a strength, 3.0 up to 4.0 borderline, below 3.0 a concern."""
    if average >= 4.0:
        return "strength"
    if average >= 3.0:
        return "borderline"
    return "concern"
