"""JSON output of an explanation (schema_version 2, kind partnerfit.explanation)."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.explain import Explanation
from partnerfit.render.common import (
    SCORES_SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    rounded,
    tool_info,
    unknowns_to_dict,
    weights_to_dict,
)
from partnerfit.render.rank.json import criteria_to_dict


def explanation_to_dict(e: Explanation) -> dict[str, Any]:
    """The explanation as plain, JSON-ready data."""
    return {
        "schema_version": SCORES_SCHEMA_VERSION,
        "kind": "partnerfit.explanation",
        "tool": tool_info(),
        "focal": {"id": e.focal_id, "name": e.focal_name},
        "candidate": {"id": e.candidate_id, "name": e.candidate_name},
        "method": "weighted-sum",
        "score": rounded(e.total),
        "score_interval": [rounded(e.interval[0]), rounded(e.interval[1])],
        "coverage": rounded(e.coverage),
        "sufficient_evidence": e.sufficient,
        "unknowns": unknowns_to_dict(e.unknowns),
        "unknown_costs": [
            {
                "criterion": c.criterion,
                "parts": list(c.parts),
                "counted": rounded(c.counted),
                "could_lose": rounded(c.could_lose),
                "could_gain": rounded(c.could_gain),
            }
            for c in e.unknown_costs
        ],
        "tier": e.tier,
        "rank": e.rank,
        "ranked_of": e.ranked_of,
        "excluded": e.excluded,
        "dealbreakers": list(e.dealbreakers),
        "unknown": list(e.unknown),
        "weights": weights_to_dict(e.weights),
        "criteria": criteria_to_dict(e.card),
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
