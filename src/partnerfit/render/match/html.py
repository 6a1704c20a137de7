"""The HTML report of a matching: the pairs first, both directions' scores, then the unmatched.

The numbers come from ``matching_to_dict``, the data of the JSON format.
"""

from __future__ import annotations

from typing import Any

from partnerfit.batch.match import Matching
from partnerfit.model import CRITERIA
from partnerfit.render.common import RenderOptions
from partnerfit.render.explain.common import CRITERION_TITLES
from partnerfit.render.html import charts
from partnerfit.render.html.page import render_page
from partnerfit.render.match.json import matching_to_dict

CHART_ROWS = 60
"""Most pairs the chart draws; the table lists every one."""
DIRECTIONS = ("left's score for right", "right's score for left")


def pair_label(pair: dict[str, Any], number: int) -> str:
    """The chart label of a pair: its number and both names."""
    return f"{number}. {pair['left']['name']} ↔ {pair['right']['name']}"


def pairs_chart(pairs: list[dict[str, Any]]) -> charts.Spec:
    """Each pair's two directional scores (a dot each, joined by a line) and its fit (a tick)."""
    shown = pairs[:CHART_ROWS]
    labels = [pair_label(p, n) for n, p in enumerate(shown, start=1)]
    spans = [
        {
            "pair": label,
            "low": min(p["left_score"], p["right_score"]),
            "high": max(p["left_score"], p["right_score"]),
            "fit": p["fit"],
        }
        for label, p in zip(labels, shown, strict=True)
    ]
    dots = [
        {"pair": label, "direction": direction, "score": p[key]}
        for label, p in zip(labels, shown, strict=True)
        for direction, key in zip(DIRECTIONS, ("left_score", "right_score"), strict=True)
    ]
    y = charts.rows_axis("pair", labels, label_limit=360)
    x = {"type": "quantitative", "scale": {"domain": [0, 100]}, "title": "score (0–100)"}
    return charts.spec(
        {
            "width": 320,
            "layer": [
                {
                    "data": {"values": spans},
                    "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.5},
                    "encoding": {"y": y, "x": {"field": "low", **x}, "x2": {"field": "high"}},
                },
                {
                    "data": {"values": spans},
                    "mark": {"type": "tick", "thickness": 2, "size": 14},
                    "encoding": {
                        "y": y,
                        "x": {"field": "fit", **x},
                        "color": {"value": "currentColor"},
                    },
                },
                {
                    "data": {"values": dots},
                    "mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
                    "encoding": {
                        "y": y,
                        "x": {"field": "score", **x},
                        "color": {
                            "field": "direction",
                            "type": "nominal",
                            "scale": charts.colour_scale(DIRECTIONS),
                            "title": None,
                        },
                        "shape": {
                            "field": "direction",
                            "type": "nominal",
                            "scale": {"domain": list(DIRECTIONS), "range": ["circle", "square"]},
                            "title": None,
                        },
                    },
                },
            ],
        },
        description="Both directions' scores of each matched pair, and their mean, the fit.",
    )


def render_match_html(matching: Matching, options: RenderOptions) -> str:
    """Render a matching as a self-contained HTML report."""
    del options
    data = matching_to_dict(matching)
    pairs = data["pairs"]
    mode = matching.mode + (f", {matching.proposer} side proposing" if matching.proposer else "")
    return render_page(
        "match.html.j2",
        title="Matched partners",
        data=data,
        mode=mode,
        chart_rows=CHART_ROWS,
        criteria=CRITERIA,
        titles=CRITERION_TITLES,
        pairs_chart=charts.to_svg(pairs_chart(pairs)) if pairs else None,
    )
