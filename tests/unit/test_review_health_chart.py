"""The review's charts draw the partnerships most in need of attention, not thousands of them."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from partnerfit.render.html import charts
from partnerfit.render.html import review as review_html
from partnerfit.render.html.review import (
    CHART_ROWS,
    goal_chart,
    health_chart,
    partnership_report,
    review_report,
)
from partnerfit.render.review.json import review_to_dict
from partnerfit.review import review_partnerships

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def bundled() -> dict[str, Any]:
    result = review_partnerships(
        ROOT / "partnerships", as_of=dt.date(2026, 6, 30), profiles=ROOT / "profiles"
    )
    return review_to_dict(result)


def _many(data: dict[str, Any], count: int) -> dict[str, Any]:
    """``count`` copies of the bundled partnerships with a health, without goals (no charts)."""
    rated = [p for p in data["partnerships"] if p["health"]["status"] != "unrated"]
    assert rated
    many = copy.deepcopy(data)
    many["partnerships"] = []
    for n in range(count):
        p = copy.deepcopy(rated[n % len(rated)])
        p["id"], p["name"], p["goals"] = f"p{n:04d}", f"Partnership {n:04d}", []
        many["partnerships"].append(p)
    return many


def test_the_chart_draws_the_first_rows_in_the_reviews_order(bundled: dict[str, Any]) -> None:
    data = _many(bundled, CHART_ROWS + 25)
    names = [row["partnership"] for row in health_chart(data["partnerships"])["data"]["values"]]
    assert names == [f"{n}. Partnership {n - 1:04d}" for n in range(1, CHART_ROWS + 1)]


def test_a_review_of_more_partnerships_says_the_chart_shows_part(
    bundled: dict[str, Any],
) -> None:
    few = review_report(_many(bundled, CHART_ROWS))
    assert "least healthy" not in few
    html = review_report(_many(bundled, CHART_ROWS + 1))
    assert f"The chart shows the {CHART_ROWS} least healthy of {CHART_ROWS + 1};" in html
    assert html.count('<tr data-id="p') == CHART_ROWS + 1
    assert f"{CHART_ROWS}. Partnership {CHART_ROWS - 1:04d}" in html
    assert f"{CHART_ROWS + 1}. Partnership {CHART_ROWS:04d}" not in html


def _with_goals(data: dict[str, Any], count: int) -> tuple[dict[str, Any], int]:
    """``count`` copies of the bundled partnership with the most goals that can be drawn, and
    how many that is."""
    drawable = {
        p["id"]: sum(goal_chart(g) is not None for g in p["goals"]) for p in data["partnerships"]
    }
    best = max(data["partnerships"], key=lambda p: drawable[p["id"]])
    many = copy.deepcopy(data)
    many["partnerships"] = []
    for n in range(count):
        p = copy.deepcopy(best)
        p["id"], p["name"] = f"p{n:04d}", f"Partnership {n:04d}"
        many["partnerships"].append(p)
    return many, drawable[best["id"]]


def test_goal_charts_stop_at_their_limit_whole_partnerships_at_a_time(
    bundled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, per = _with_goals(bundled, 6)
    assert per >= 2  # a partnership of the bundled set with several goals to draw
    monkeypatch.setattr(review_html, "GOAL_CHARTS", 2 * per + 1)  # two and a bit
    drawn: list[str] = []
    to_svg = charts.to_svg

    def counted(chart: charts.Spec) -> Any:
        drawn.append(chart["description"])
        return to_svg(chart)

    monkeypatch.setattr(charts, "to_svg", counted)
    html = review_report(data)
    goal_charts = [d for d in drawn if "the actual values" in d]
    assert len(goal_charts) == 2 * per  # the third partnership's would pass the limit
    sections = html.split('<section class="partnership"')[1:]
    assert len(sections) == 6
    note = "Goal charts are drawn for the first 2 partnerships of this review"
    assert [note in section for section in sections] == [False, False, True, True, True, True]
    assert all(
        section.count('class="goal-table"') == len(data["partnerships"][0]["goals"])
        for section in sections
    )


def test_a_first_partnership_past_the_limit_leaves_every_chart_out(
    bundled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, per = _with_goals(bundled, 3)
    monkeypatch.setattr(review_html, "GOAL_CHARTS", per - 1)
    html = review_report(data)
    sections = html.split('<section class="partnership"')[1:]
    note = "No goal chart is drawn: the first partnership of this review has more goals than"
    assert all(note in section for section in sections)
    assert all("<svg" not in section for section in sections)


def test_one_partnerships_report_draws_every_goal(
    bundled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, per = _with_goals(bundled, 1)
    monkeypatch.setattr(review_html, "GOAL_CHARTS", 0)  # the limit is the whole review's
    html = partnership_report(data["partnerships"][0])
    assert "Goal charts are drawn for the first" not in html
    assert html.count("<svg") == per
