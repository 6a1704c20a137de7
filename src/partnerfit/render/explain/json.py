"""JSON output of an explanation (schema_version 1, kind partnerfit.explanation)."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import (
    SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    plain,
    rounded,
    tool_info,
    weights_to_dict,
)


def explanation_to_dict(e: Explanation) -> dict[str, Any]:
    """The explanation as plain, JSON-ready data."""
    results = {r.name: r for r in e.card.criteria}
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "partnerfit.explanation",
        "tool": tool_info(),
        "focal": {"id": e.focal_id, "name": e.focal_name},
        "candidate": {"id": e.candidate_id, "name": e.candidate_name},
        "method": "weighted-sum",
        "score": rounded(e.total),
        "tier": e.tier,
        "rank": e.rank,
        "ranked_of": e.ranked_of,
        "excluded": e.excluded,
        "dealbreakers": list(e.dealbreakers),
        "unknown": list(e.unknown),
        "weights": weights_to_dict(e.weights),
        "criteria": {
            c.name: {
                "score": rounded(c.score),
                "weight": rounded(c.weight),
                "used_weight": rounded(c.used_weight),
                "contribution": rounded(c.contribution),
                "summary": c.summary,
                "evidence": plain(results[c.name].evidence),
            }
            for c in e.criteria
        },
        "improvements": [
            {
                "side": i.change.side,
                "criterion": i.change.criterion,
                "action": i.change.action,
                "tag": i.change.tag,
                "value": i.change.value,
                "description": i.change.description,
                "points": rounded(i.points),
                "new_score": rounded(i.new_total),
            }
            for i in e.improvements
        ],
        "notes": list(e.notes),
    }


def render_explain_json(explanation: Explanation, options: RenderOptions) -> str:
    """Render an explanation as JSON."""
    del options
    return dump_json(explanation_to_dict(explanation))
