"""The HTML report of a comparison: each focal's best partner, the heat-map, sortable pairs.

The numbers come from ``comparison_to_dict``, the data of the JSON format. A heat-map is read
cell by cell, so the report is for sets a person can read: at most ``HEATMAP_MAX_CANDIDATES``
columns (the candidates kept for at least one focal, so ``--top-k`` narrows it) and
``HEATMAP_MAX_FOCALS`` rows; larger comparisons belong in csv or jsonl.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from partnerfit.batch.engine import Comparison
from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA
from partnerfit.render.common import CRITERION_LABELS, RenderOptions
from partnerfit.render.compare.json import comparison_to_dict
from partnerfit.render.explain.common import CRITERION_TITLES
from partnerfit.render.html import charts
from partnerfit.render.html.page import render_page

HEATMAP_MAX_CANDIDATES = 60
HEATMAP_MAX_FOCALS = 120


def too_large(focals: int, columns: int | None) -> UsageError | None:
    """The refusal of a report of ``focals`` rows and ``columns`` candidates, or None when it
    fits; ``columns`` None when not known yet (before scoring): the rows alone are checked."""
    if focals <= HEATMAP_MAX_FOCALS and (columns is None or columns <= HEATMAP_MAX_CANDIDATES):
        return None
    sizes = f"{focals} focals" if columns is None else f"{focals} and {columns}"
    return UsageError(
        f"the html report shows at most {HEATMAP_MAX_FOCALS} focals and "
        f"{HEATMAP_MAX_CANDIDATES} candidates, not {sizes}: narrow it with --top-k or "
        "--focal, or use --format csv or jsonl"
    )


INKS = ("#000000", "#ffffff", "currentColor")
"""Text colours of heat-map cells: dark on light cells, light on dark, the page's elsewhere."""
SYMBOLS = {"excluded": "×", "unscored": "?", "self": "·"}
"""What a heat-map cell shows for a pair that has no score."""


def coverage(criteria: dict[str, float | None], weights: dict[str, float]) -> float:
    """The share of the weight whose criteria are known for a pair."""
    return float(sum(weights[name] for name, value in criteria.items() if value is not None))


def heatmap_cells(comparison: Comparison, columns: list[int]) -> list[dict[str, Any]]:
    """One record per shown cell: focal, candidate, score (or a symbol) and the ink to read it."""
    statuses = comparison.cell_statuses()
    scores = comparison.matrix()
    cells = []
    for row, focal in enumerate(comparison.focals):
        for column in columns:
            status = statuses[row][column]
            if status is None:
                continue
            candidate = comparison.candidates[column].id
            cell: dict[str, Any] = {"focal": focal.id, "candidate": candidate, "status": status}
            if status == "ranked":
                score = float(scores[row, column])
                # viridis is dark below the middle and light above it
                ink = "#000000" if score >= 55 else "#ffffff"
                cell.update(score=score, text=f"{score:.0f}", ink=ink)
            else:
                cell.update(score=None, text=SYMBOLS.get(status, "?"), ink="currentColor")
            cells.append(cell)
    return cells


def heatmap_chart(comparison: Comparison, columns: list[int]) -> charts.Spec:
    """Focals (rows) × candidates (columns), coloured by score on a colour-blind-safe scale."""
    cells = heatmap_cells(comparison, columns)
    x = {
        "field": "candidate",
        "type": "nominal",
        "sort": [comparison.candidates[c].id for c in columns],
        "title": "candidate",
        "axis": {"orient": "top", "labelAngle": -50, "labelLimit": 170},
    }
    y = {
        "field": "focal",
        "type": "nominal",
        "sort": [f.id for f in comparison.focals],
        "title": "focal",
        "axis": {"labelLimit": 170},
    }
    step = 24
    return charts.spec(
        {
            "data": {"values": cells},
            "width": {"step": step},
            "height": {"step": step},
            "layer": [
                {
                    "transform": [{"filter": {"field": "status", "equal": "ranked"}}],
                    "mark": {"type": "rect"},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "color": {
                            "field": "score",
                            "type": "quantitative",
                            "scale": {"scheme": "viridis", "domain": [0, 100]},
                            "title": "score",
                            "legend": {"direction": "horizontal", "gradientLength": 200},
                        },
                    },
                },
                {
                    "mark": {"type": "text", "fontSize": 10},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "text": {"field": "text"},
                        "color": {
                            "field": "ink",
                            "type": "nominal",
                            "scale": {"domain": list(INKS), "range": list(INKS)},
                            "legend": None,
                        },
                    },
                },
            ],
        },
        description="Score of each focal (rows) with each candidate (columns).",
    )


def render_compare_html(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
    """Render a comparison as a self-contained HTML report (one chunk)."""
    del options
    statuses = comparison.cell_statuses()
    columns = [
        j
        for j in range(len(comparison.candidates))
        if any(row[j] not in (None, "self") for row in statuses)
    ]
    refusal = too_large(len(comparison.focals), len(columns))
    if refusal is not None:
        raise refusal
    data = comparison_to_dict(comparison)
    weights = data["weights"]["normalised"]
    best = []
    for focal in data["focals"]:
        ranked = [p for p in focal["pairs"] if p["status"] == "ranked"]
        best.append({"focal": focal, "pair": ranked[0] if ranked else None})
        for pair in focal["pairs"]:
            given = pair.get("coverage")
            pair["coverage_shown"] = (
                given if given is not None else coverage(pair["criteria"], weights)
            )
    strongest = sorted(
        (b for b in best if b["pair"] is not None),
        key=lambda b: (-b["pair"]["score"], b["focal"]["id"]),
    )
    heatmap = charts.to_svg(heatmap_chart(comparison, columns)) if columns else None
    # built when called, not when first read: run from the registry, with fewer collections
    page = render_page(
        "compare.html.j2",
        title="Fit of every focal with every candidate",
        data=data,
        best=best,
        strongest=strongest[:3],
        heatmap=heatmap,
        criteria=CRITERIA,
        titles=CRITERION_TITLES,
        labels=CRITERION_LABELS,
    )
    return iter((page,))
