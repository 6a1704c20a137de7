"""The HTML report of a ranking: the answer first, then contributions, robustness and weights.

The numbers come from ``ranking_to_dict``, the data of the JSON format, so that the report and
``--format json`` of the same run agree by construction.
"""

from __future__ import annotations

from typing import Any

from partnerfit.decide.ranking import Ranking
from partnerfit.model import CRITERIA
from partnerfit.render.common import CRITERION_LABELS, RenderOptions, not_shown
from partnerfit.render.explain.common import CRITERION_TITLES
from partnerfit.render.html import charts
from partnerfit.render.html.page import render_page
from partnerfit.render.rank.json import ranking_to_dict
from partnerfit.render.rank.robustness import flip_sentence, summary_sentence

CHART_ROWS = 40
"""Most candidates a chart draws; the tables below it list every one."""


def coverage(candidate: dict[str, Any]) -> float:
    """The share of the weight whose criteria are known (the JSON's, when it carries one)."""
    given = candidate.get("coverage")
    if given is not None:
        return float(given)
    return float(sum(c["weight"] for c in candidate["criteria"].values() if c["score"] is not None))


def left_out(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Candidates not ranked, each with its status and reasons: dealbreakers, no evidence."""
    groups = (
        ("excluded", "excluded (dealbreaker)"),
        ("unscored", "not scored"),
        ("insufficient_evidence", "insufficient evidence"),
    )
    return [{**entry, "status": status} for key, status in groups for entry in data.get(key, [])]


def label(candidate: dict[str, Any]) -> str:
    """The chart label of a ranked candidate: its rank and name."""
    return f"{candidate['rank']}. {candidate['name']}"


def _bar_rows(shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row per candidate and criterion: the points it adds, in the criteria's order."""
    return [
        {
            "candidate": label(c),
            "criterion": CRITERION_TITLES[name],
            "order": index,
            "points": c["criteria"][name]["contribution"] or 0.0,
        }
        for c in shown
        for index, name in enumerate(CRITERIA)
    ]


def _interval_rows(shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The score interval of each candidate that has one."""
    return [
        {"candidate": label(c), "low": c["score_interval"][0], "high": c["score_interval"][1]}
        for c in shown
        if c.get("score_interval") and None not in c["score_interval"]
    ]


def _end_rows(shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each candidate's label past its bar or interval: score, tier and the share known."""
    return [
        {
            "candidate": label(c),
            "score": max(c["score"], (c.get("score_interval") or [0, 0])[1] or 0),
            "text": f"{c['score']:.1f}"
            + (f" · tier {c['tier']}" if c["tier"] else "")
            + f" · {coverage(c):.0%} known",
        }
        for c in shown
    ]


def _stacked_bars(shown: list[dict[str, Any]], y: charts.Spec) -> charts.Spec:
    """The layer of bars, each candidate's split into its criteria's points, stacked in order."""
    titles = [CRITERION_TITLES[name] for name in CRITERIA]
    return {
        "data": {"values": _bar_rows(shown)},
        "mark": {"type": "bar", "height": {"band": 0.75}},
        "encoding": {
            "y": y,
            "x": {
                "field": "points",
                "type": "quantitative",
                "stack": "zero",
                "scale": {"domain": [0, 100]},
                "title": "points of the total (0–100)",
            },
            "color": charts.by_name("criterion", charts.colour_scale(titles), title="Criterion"),
            "order": {"field": "order", "type": "quantitative"},
        },
    }


def contributions_chart(candidates: list[dict[str, Any]]) -> charts.Spec:
    """Stacked bars: each candidate's total split into the points of every criterion."""
    shown = candidates[:CHART_ROWS]
    y = charts.rows_axis("candidate", [label(c) for c in shown])
    intervals = {
        "data": {"values": _interval_rows(shown)},
        "mark": {"type": "rule", "strokeWidth": 1.5, "color": "currentColor"},
        "encoding": {
            "y": y,
            "x": {"field": "low", "type": "quantitative"},
            "x2": {"field": "high"},
        },
    }
    ends = {"data": {"values": _end_rows(shown)}, **charts.end_labels(y, "score")}
    return charts.spec(
        {"width": 420, "layer": [_stacked_bars(shown, y), intervals, ends]},
        description="Each candidate's total split into the points every criterion adds.",
    )


def intervals_chart(candidates: list[dict[str, Any]], last_rank: int) -> charts.Spec:
    """Rank intervals: a dot at the rank, a bar from the 5th to the 95th percentile rank."""
    rows = [
        {
            "candidate": label(c),
            "rank": c["rank"],
            "low": c["robustness"]["rank_p5"],
            "high": c["robustness"]["rank_p95"],
            "p_first": f"P(rank 1) {c['robustness']['p_first']:.0%}",
        }
        for c in candidates[:CHART_ROWS]
        if c.get("robustness")
    ]
    order = [row["candidate"] for row in rows]
    y = charts.rows_axis("candidate", order)
    x_scale = {"domain": [1, max(last_rank, 2)], "nice": False}
    x = {"type": "quantitative", "scale": x_scale, "title": "rank (1 = best)"}
    return charts.spec(
        {
            "width": 360,
            "data": {"values": rows},
            "layer": [
                {
                    "mark": {"type": "rule", "strokeWidth": 4, "color": charts.PALETTE[4]},
                    "encoding": {"y": y, "x": {"field": "low", **x}, "x2": {"field": "high"}},
                },
                {
                    "mark": {"type": "point", "filled": True, "size": 70},
                    "encoding": {
                        "y": y,
                        "x": {"field": "rank", **x},
                        "color": {"value": charts.PALETTE[0]},
                    },
                },
                {
                    "mark": {"type": "text", "align": "left", "dx": 10, "fontSize": 11},
                    "encoding": {"y": y, "x": {"value": 360}, "text": {"field": "p_first"}},
                },
            ],
        },
        description="Each candidate's rank, and the range of ranks over the weight samples.",
    )


def render_rank_html(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as a self-contained HTML report."""
    del options
    data = ranking_to_dict(ranking)
    candidates = data["candidates"]
    for candidate in candidates:
        candidate["coverage_shown"] = coverage(candidate)
    report = ranking.robustness
    robust = None
    if report is not None:
        last = max([c["robustness"]["rank_p95"] for c in candidates if c.get("robustness")] or [1])
        robust = {
            "summary": summary_sentence(report),
            "flip": flip_sentence(report),
            "top_k": report.top_k,
            "chart": charts.to_svg(intervals_chart(candidates, last)) if candidates else None,
        }
    return render_page(
        "rank.html.j2",
        title=f"Partners for {ranking.focal_name}",
        data=data,
        criteria=CRITERIA,
        titles=CRITERION_TITLES,
        labels=CRITERION_LABELS,
        chart_rows=CHART_ROWS,
        contributions=charts.to_svg(contributions_chart(candidates)) if candidates else None,
        robust=robust,
        left_out=left_out(data),
        intervals=any(c.get("score_interval") for c in candidates),
        hidden=not_shown(ranking.below_min_score, ranking.cut_by_top),
    )
