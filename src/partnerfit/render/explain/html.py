"""The HTML report of an explanation: the score first, then each criterion, evidence and advice;
and of several candidates side by side: their scores in one chart, then a column each.

The numbers come from ``explanation_to_dict``, the data of the JSON format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerfit.decide.explain import Explanation
from partnerfit.model import CRITERIA
from partnerfit.render.common import RenderOptions
from partnerfit.render.explain import side_by_side
from partnerfit.render.explain.common import (
    CRITERION_TITLES,
    evidence_lines,
    headline,
    improvement_line,
)
from partnerfit.render.explain.json import explanation_to_dict
from partnerfit.render.html import charts
from partnerfit.render.html.page import render_page
from partnerfit.render.rank.html import contributions_chart

IMPROVEMENT_LABEL = 60
"""Characters of a change's description shown beside its bar (the table has all of it)."""


def criterion_rows(criteria: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each criterion as the report shows it: score (None when unknown), weights and points.

    ``used_weight`` is the weight after any renormalisation over the known criteria, where the
    JSON carries it, else the weight itself.
    """
    rows = []
    for name in CRITERIA:
        c = criteria[name]
        used = c.get("used_weight", c["weight"])
        rows.append(
            {
                "name": name,
                "title": CRITERION_TITLES[name],
                "score": c["score"],
                "weight": c["weight"],
                "used_weight": used,
                "points": c["contribution"],
                "possible": 100 * used,
                "summary": c["summary"],
            }
        )
    return rows


def _criterion_values(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's data: a criterion's score on 0–100 (None and a note when unknown), its points."""
    return [
        {
            "criterion": row["title"],
            "score": None if row["score"] is None else 100 * row["score"],
            "points": row["points"],
            "possible": row["possible"],
            "note": "" if row["score"] is not None else "unknown",
            "zero": 0,
        }
        for row in rows
    ]


def _scores_panel(y: charts.Spec, colour: charts.Spec) -> charts.Spec:
    """A lollipop per criterion from 0 to its score, and "unknown" written where it has none."""
    unknown = {
        "mark": {"type": "text", "align": "left", "dx": 4, "fontStyle": "italic"},
        "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "text": {"field": "note"}},
    }
    return {
        "width": 280,
        "title": "Score of each criterion (0–100)",
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.5},
                "encoding": {
                    "y": y,
                    "x": {"field": "zero", "type": "quantitative"},
                    "x2": {"field": "score"},
                    "color": colour,
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 90, "opacity": 1},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "scale": {"domain": [0, 100]},
                        "title": "score",
                    },
                    "color": colour,
                },
            },
            unknown,
        ],
    }


def _points_panel(y: charts.Spec, colour: charts.Spec) -> charts.Spec:
    """A bar per criterion of the points it adds, over a faint bar of the most it could add."""
    rows = {**y, "axis": None}  # the scores panel beside it names the rows
    return {
        "width": 280,
        "title": "Points added, of the most it could add",
        "layer": [
            {
                "mark": {"type": "bar", "opacity": 0.25, "height": {"band": 0.7}},
                "encoding": {
                    "y": rows,
                    "x": {"field": "possible", "type": "quantitative", "title": "points"},
                    "color": colour,
                },
            },
            {
                "mark": {"type": "bar", "height": {"band": 0.7}},
                "encoding": {
                    "y": rows,
                    "x": {"field": "points", "type": "quantitative"},
                    "color": colour,
                },
            },
        ],
    }


def criteria_chart(rows: list[dict[str, Any]]) -> charts.Spec:
    """The criteria side by side: each one's score (0–100), and the points it adds of its most."""
    titles = [row["title"] for row in rows]
    y = charts.rows_axis("criterion", titles)
    colour = charts.by_name("criterion", charts.colour_scale(titles), legend=None)
    panels = [_scores_panel(y, colour), _points_panel(y, colour)]
    return charts.spec(
        {"data": {"values": _criterion_values(rows)}, "hconcat": panels, "spacing": 24},
        description="Each criterion's score, and the points it adds to the total.",
    )


def improvements_chart(improvements: list[dict[str, Any]]) -> charts.Spec:
    """The suggested changes as bars of the points each would add."""
    rows = []
    for number, item in enumerate(improvements, start=1):
        text = item["description"]
        if len(text) > IMPROVEMENT_LABEL:
            text = text[: IMPROVEMENT_LABEL - 1] + "…"
        rows.append({"change": f"{number}. {text}", "points": item["points"]})
    order = [row["change"] for row in rows]
    return charts.spec(
        {
            "width": 300,
            "data": {"values": rows},
            "mark": {"type": "bar", "color": charts.PALETTE[2], "height": {"band": 0.7}},
            "encoding": {
                "y": {
                    "field": "change",
                    "type": "nominal",
                    "sort": order,
                    "title": None,
                    "axis": {"labelLimit": 420},
                },
                "x": {"field": "points", "type": "quantitative", "title": "points it would add"},
            },
        },
        description="Points each suggested change would add to the score.",
    )


def render_explain_html(explanation: Explanation, options: RenderOptions) -> str:
    """Render an explanation as a self-contained HTML report."""
    del options
    data = explanation_to_dict(explanation)
    evidence = {r.name: evidence_lines(r) for r in explanation.card.criteria}
    advice = [
        improvement_line(i.points, i.new_total, i.change.description)
        for i in explanation.improvements
    ]
    improvements = data["improvements"]
    rows = criterion_rows(data["criteria"])
    return render_page(
        "explain.html.j2",
        title=f"{explanation.candidate_name} for {explanation.focal_name}",
        data=data,
        headline=headline(explanation),
        criteria=CRITERIA,
        titles=CRITERION_TITLES,
        evidence=evidence,
        known_share=data.get("coverage")
        if data.get("coverage") is not None
        else sum(row["weight"] for row in rows if row["score"] is not None),
        advice=advice,
        rows=rows,
        criteria_chart=charts.to_svg(criteria_chart(rows)),
        improvements_chart=charts.to_svg(improvements_chart(improvements))
        if improvements
        else None,
    )


def _as_ranked(data: dict[str, Any]) -> dict[str, Any]:
    """An explanation's numbers in the shape of a ranked candidate, for the rank report's chart."""
    return {
        "rank": data["rank"],
        "name": data["candidate"]["name"],
        "score": data["score"],
        "tier": data["tier"],
        "criteria": data["criteria"],
        "coverage": data.get("coverage"),
        "score_interval": data.get("score_interval"),
    }


def render_side_by_side_html(explanations: Sequence[Explanation], options: RenderOptions) -> str:
    """Render several candidates' explanations side by side as a self-contained HTML report."""
    del options
    first = explanations[0]
    data = [explanation_to_dict(e) for e in explanations]
    scored = sorted(
        (_as_ranked(d) for d in data if d["score"] is not None and d["rank"] is not None),
        key=lambda c: c["rank"],
    )
    return render_page(
        "side_by_side.html.j2",
        title=f"Candidates for {first.focal_name}, side by side",
        focal={"id": first.focal_id, "name": first.focal_name},
        data=data,
        best=scored[0] if scored else None,
        rows=side_by_side.rows(explanations),
        legend=side_by_side.legend(explanations),
        weights=data[0]["weights"],
        criteria=CRITERIA,
        titles=CRITERION_TITLES,
        scores_chart=charts.to_svg(contributions_chart(scored)) if scored else None,
    )
