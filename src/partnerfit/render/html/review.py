"""The HTML report of a partnership review (issue 13), drawn from the review's JSON data.

The partnerships that need attention come first, then each one's health, flags and a line chart
per goal with its target and the straight line to its deadline (for the first partnerships, up
to ``GOAL_CHARTS`` charts; every goal's values are in its table). It takes the dictionary of
``partnerfit review --format json`` (a whole review, or one partnership of it), so that the
review command registers it with a two-line adapter in ``render/review/html.py``:
``review_report(review_to_dict(result))`` and
``partnership_report(partnership_to_dict(item))``.
"""

from __future__ import annotations

from typing import Any

from partnerfit.render.html import charts
from partnerfit.render.html.page import render_page
from partnerfit.render.review.json import REVIEW_SCHEMA_VERSION
from partnerfit.review.health import STATUS_LABELS

STATUS_COLOURS = {"healthy": "#009E73", "watch": "#E69F00", "at-risk": "#D55E00"}
"""Okabe–Ito green, orange and vermilion; every bar also says its status in words. An unrated
partnership has no bar: its health rests on governance alone and must not look like a result."""
TREND_SIGNS = {"improving": "▲", "declining": "▼", "steady": "="}
SERIES = ("actual", "straight line to the target", "target", "projection")
LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
"""Okabe–Ito blue, orange, green and purple; each series also has its own dash pattern."""
CHART_ROWS = 60
"""Bars in the health chart: the least healthy; the table below it lists every partnership."""
GOAL_CHARTS = 150
"""Goal charts in the report of a whole review at most: the converter takes 40–100 ms to draw
one (a review of 200 partnerships with three goals each took half a minute, of 2,000 minutes),
so the goals of the first partnerships in the review's order, the most in need of attention,
are drawn, whole partnerships at a time; every goal's values are in its table."""
DATE_AXIS = {"format": "%b %Y", "labelAngle": 0, "labelOverlap": True}
"""Dates on a UTC scale (so the report does not depend on the machine's time zone)."""


_LABELS: dict[str, str] = {str(k): v for k, v in STATUS_LABELS.items()}  # JSON: plain strings


def _status_text(status: str) -> str:
    return _LABELS[status]


def needs_attention(partnerships: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At risk or on watch, or without evidence yet and flagged: the answer's list."""
    return [
        p
        for p in partnerships
        if p["health"]["status"] in ("at-risk", "watch")
        or (p["health"]["status"] == "unrated" and p["flags"])
    ]


def health_chart(partnerships: list[dict[str, Any]]) -> charts.Spec:
    """One bar per partnership: its health 0–100, coloured by status, worst first.

    The first ``CHART_ROWS`` of those with a health are drawn (the order is the review's, worst
    first): a chart of thousands of bars is tens of thousands of pixels tall and tells nothing
    the table does not.
    """
    rows: list[dict[str, Any]] = []
    for number, p in enumerate(partnerships, start=1):
        if p["health"]["status"] == "unrated":
            continue
        if len(rows) == CHART_ROWS:
            break
        trend = p["trend"]
        delta = trend["delta"]
        sign = TREND_SIGNS.get(trend["direction"] or "", "")
        change = f" · {sign}{abs(delta):.0f}" if delta is not None else ""
        rows.append(
            {
                "partnership": f"{number}. {p['name']}",
                "health": p["health"]["score"],
                "status": _status_text(p["health"]["status"]),
                "text": f"{p['health']['score']:.0f} {_status_text(p['health']['status'])}"
                + change,
            }
        )
    order = [row["partnership"] for row in rows]
    statuses = [_status_text(s) for s in STATUS_COLOURS]
    y = charts.rows_axis("partnership", order, label_limit=320)
    return charts.spec(
        {
            "width": 340,
            "data": {"values": rows},
            "layer": [
                {
                    "mark": {"type": "bar", "height": {"band": 0.7}},
                    "encoding": {
                        "y": y,
                        "x": {
                            "field": "health",
                            "type": "quantitative",
                            "scale": {"domain": [0, 100]},
                            "title": "health (0–100)",
                        },
                        "color": charts.by_name(
                            "status",
                            {"domain": statuses, "range": list(STATUS_COLOURS.values())},
                            title="Status",
                        ),
                    },
                },
                charts.end_labels(y, "health"),
            ],
        },
        description="Health of each partnership, worst first.",
    )


def goal_points(goal: dict[str, Any]) -> list[dict[str, Any]]:
    """The points of a goal's series: actuals, the line to the target, the target, projection."""
    points = [
        {"date": h["date"], "value": h["value"], "series": SERIES[0]}
        for h in goal["history"]
        if h["value"] is not None
    ]
    if goal["baseline"] is not None:
        points += [
            {"date": goal["start"], "value": goal["baseline"], "series": SERIES[1]},
            {"date": goal["deadline"], "value": goal["target"], "series": SERIES[1]},
        ]
    points += [
        {"date": goal["start"], "value": goal["target"], "series": SERIES[2]},
        {"date": goal["deadline"], "value": goal["target"], "series": SERIES[2]},
    ]
    projection = goal["projection"]
    if projection is not None and projection["value"] is not None and goal["history"]:
        last = goal["history"][-1]
        points += [
            {"date": last["date"], "value": last["value"], "series": SERIES[3]},
            {"date": goal["deadline"], "value": projection["value"], "series": SERIES[3]},
        ]
    return points


def _goal_layers(x: charts.Spec, y: charts.Spec) -> list[charts.Spec]:
    """The lines of every series, each with its colour and dashes, and a dot per actual value."""
    colour = charts.by_name(
        "series", {"domain": list(SERIES), "range": list(LINE_COLOURS)}, title=None
    )
    dashes = {"domain": list(SERIES), "range": [[1, 0], [6, 3], [2, 2], [1, 3]]}
    dash = charts.by_name("series", dashes, title=None)
    return [
        {
            "mark": {"type": "line", "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dash},
        },
        {
            # a fixed colour, so the legend stays one of lines with their dashes
            "transform": [{"filter": {"field": "series", "equal": SERIES[0]}}],
            "mark": {"type": "point", "filled": True, "size": 40, "color": LINE_COLOURS[0]},
            "encoding": {"x": x, "y": y},
        },
    ]


def goal_chart(goal: dict[str, Any]) -> charts.Spec | None:
    """A goal's actuals over time, its target, and the straight line from baseline to target."""
    if goal["target"] is None or goal["start"] is None or goal["deadline"] is None:
        return None
    x = {
        "field": "date",
        "type": "temporal",
        "scale": {"type": "utc"},
        "axis": DATE_AXIS,
        "title": None,
    }
    # the heading above the chart names the goal: the axis says the unit only
    y = {"field": "value", "type": "quantitative", "title": goal["unit"] or "value"}
    return charts.spec(
        {
            "width": 420,
            "height": 160,
            "data": {"values": goal_points(goal)},
            "layer": _goal_layers(x, y),
        },
        description=f"{goal['label']}: the actual values, the target and the line to it.",
    )


def _charts(partnership: dict[str, Any], limit: int | None = None) -> dict[str, Any] | None:
    """The goal charts of one partnership, by goal id (None where a goal cannot be drawn); None
    for the whole partnership when it would draw more than ``limit`` charts."""
    specs = {goal["id"]: goal_chart(goal) for goal in partnership["goals"]}
    if limit is not None and sum(spec is not None for spec in specs.values()) > limit:
        return None
    return {goal: None if spec is None else charts.to_svg(spec) for goal, spec in specs.items()}


def _goal_charts(partnerships: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The goal charts of the first partnerships, in the review's order, that fit in
    ``GOAL_CHARTS`` together (by partnership id); none for the partnerships after them."""
    found: dict[str, dict[str, Any]] = {}
    left = GOAL_CHARTS
    for partnership in partnerships:
        drawn = _charts(partnership, left)
        if drawn is None:
            break
        found[partnership["id"]] = drawn
        left -= sum(svg is not None for svg in drawn.values())
    return found


def review_report(data: dict[str, Any]) -> str:
    """A self-contained HTML report of a whole review (the JSON format's dictionary)."""
    partnerships = data["partnerships"]
    rated = _rated(partnerships)
    return render_page(
        "review.html.j2",
        title=f"Partnerships as of {data['as_of']}",
        data=data,
        partnerships=partnerships,
        health=charts.to_svg(health_chart(partnerships)) if rated else None,
        rated=rated,
        chart_rows=CHART_ROWS,
        goal_charts=_goal_charts(partnerships),
        goal_chart_limit=GOAL_CHARTS,
        signs=TREND_SIGNS,
        status_labels=STATUS_LABELS,
        attention=needs_attention(partnerships),
        schema_version=data["schema_version"],
    )


def _rated(partnerships: list[dict[str, Any]]) -> int:
    """How many partnerships have a health to draw (the unrated have none)."""
    return sum(p["health"]["status"] != "unrated" for p in partnerships)


def partnership_report(partnership: dict[str, Any]) -> str:
    """A self-contained HTML report of one partnership's review (``review --explain``)."""
    return render_page(
        "review.html.j2",
        title=f"{partnership['name']} as of {partnership['as_of']}",
        data=None,
        partnerships=[partnership],
        health=None,
        goal_charts={partnership["id"]: _charts(partnership)},
        goal_chart_limit=None,
        signs=TREND_SIGNS,
        status_labels=STATUS_LABELS,
        attention=[],
        schema_version=REVIEW_SCHEMA_VERSION,
    )
