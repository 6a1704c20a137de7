"""JSON output of a ranking (schema_version 1, documented in docs/output-formats.md)."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.ranking import Exclusion, RankedCandidate, Ranking
from partnerfit.render.common import (
    SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    plain,
    rounded,
    tool_info,
    weights_to_dict,
)
from partnerfit.render.rank.robustness import candidate_robustness_to_dict, robustness_to_dict


def _candidate(entry: RankedCandidate, ranking: Ranking) -> dict[str, Any]:
    card = entry.card
    used = card.used_weights()
    contributions = card.contributions()
    data = {
        "rank": entry.rank,
        "id": card.candidate_id,
        "name": card.candidate_name,
        "score": rounded(entry.score),
        "tier": entry.tier,
        "reason": entry.reason,
        "unknown": list(card.unknown),
        "criteria": {
            r.name: {
                "score": rounded(r.score),
                "weight": rounded(card.weights.normalised[r.name]),
                "used_weight": rounded(used[r.name]),
                "contribution": rounded(contributions[r.name]),
                "summary": r.summary,
                "evidence": plain(r.evidence),
            }
            for r in card.criteria
        },
    }
    if ranking.robustness is not None:
        found = ranking.robustness.get(card.candidate_id)
        data["robustness"] = candidate_robustness_to_dict(found) if found else None
    return data


def _exclusion(entry: Exclusion) -> dict[str, Any]:
    return {"id": entry.candidate_id, "name": entry.name, "reasons": list(entry.reasons)}


def ranking_to_dict(ranking: Ranking) -> dict[str, Any]:
    """The ranking as plain, JSON-ready data."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "kind": "partnerfit.ranking",
        "tool": tool_info(),
        "focal": {"id": ranking.focal_id, "name": ranking.focal_name},
        "method": ranking.method,
        "weights": weights_to_dict(ranking.weights),
        "tiers": plain(dict(ranking.tiers)),
        "candidates": [_candidate(c, ranking) for c in ranking.ranked],
        "excluded": [_exclusion(e) for e in ranking.excluded],
        "unscored": [_exclusion(e) for e in ranking.unscored],
        "summary": {
            "considered": ranking.candidates_considered,
            "ranked": len(ranking.ranked),
            "excluded": len(ranking.excluded),
            "unscored": len(ranking.unscored),
            "below_min_score": ranking.below_min_score,
            "cut_by_top": ranking.cut_by_top,
        },
        "notes": list(ranking.notes),
    }
    if ranking.robustness is not None:
        data["robustness"] = robustness_to_dict(ranking.robustness)
    return data


def render_rank_json(ranking: Ranking, options: RenderOptions) -> str:
    """Render a ranking as JSON."""
    del options
    return dump_json(ranking_to_dict(ranking))
