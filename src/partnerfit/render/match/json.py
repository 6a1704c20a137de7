"""JSON output of a matching (schema_version 2, documented in docs/batch-and-matching.md)."""

from __future__ import annotations

from typing import Any

from partnerfit.batch.match import Matching
from partnerfit.render.common import (
    SCORES_SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    rounded,
    tool_info,
    weights_to_dict,
)


def matching_to_dict(matching: Matching) -> dict[str, Any]:
    """The matching as plain, JSON-ready data."""
    return {
        "schema_version": SCORES_SCHEMA_VERSION,
        "kind": "partnerfit.matching",
        "tool": tool_info(),
        "mode": matching.mode,
        "proposer": matching.proposer,
        "solver": matching.solver,
        "min_score": rounded(matching.min_score),
        "weights": weights_to_dict(matching.weights),
        "pairs": [
            {
                "left": {"id": p.left_id, "name": p.left_name},
                "right": {"id": p.right_id, "name": p.right_name},
                "left_score": rounded(p.left_score),
                "right_score": rounded(p.right_score),
                "fit": rounded(p.fit),
                "left_coverage": rounded(p.left_coverage),
                "right_coverage": rounded(p.right_coverage),
            }
            for p in matching.pairs
        ],
        "unmatched": [
            {
                "side": u.side,
                "id": u.id,
                "name": u.name,
                "capacity": u.capacity,
                "acceptable_partners": u.acceptable,
                "reason": u.reason,
            }
            for u in matching.unmatched
        ],
        "capacities": {side: dict(caps) for side, caps in matching.capacities.items()},
        "summary": {
            "left": len(matching.left_ids),
            "right": len(matching.right_ids),
            "acceptable_pairs": matching.acceptable_pairs,
            "pairs": len(matching.pairs),
            "unmatched": len(matching.unmatched),
            "total": rounded(matching.total),
        },
        "notes": list(matching.notes),
    }


def render_match_json(matching: Matching, options: RenderOptions) -> str:
    """Render a matching as JSON."""
    del options
    return dump_json(matching_to_dict(matching))
