"""The review's health chart draws the least healthy partnerships, not thousands of bars."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from partnerfit.render.html.review import CHART_ROWS, health_chart, review_report
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
