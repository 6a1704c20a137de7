"""JSON output of a ranking (schema_version 2, docs/output-formats.md and docs/scoring.md)."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.ranking import Exclusion, RankedCandidate, Ranking
from partnerfit.io.heap import fewer_collections
from partnerfit.render.common import (
    SCORES_SCHEMA_VERSION,
    RenderOptions,
    dump_json,
    plain,
    rounded,
    tool_info,
    unknowns_to_dict,
    weights_to_dict,
)
from partnerfit.render.rank.robustness import candidate_robustness_to_dict, robustness_to_dict
from partnerfit.scoring.card import ScoreCard


def criteria_to_dict(card: ScoreCard) -> dict[str, Any]:
    """Per criterion: score (null when nothing is known), as counted, known share, weight,
    contribution, parts, summary and evidence."""
    contributions = card.contributions()
    return {
        r.name: {
            "score": rounded(r.score),
            "counted": rounded(r.value),
            "known": rounded(r.known),
            "weight": rounded(card.weights.normalised[r.name]),
            "contribution": rounded(contributions[r.name]),
            "parts": plain(dict(r.parts)),
            "summary": r.summary,
            "evidence": plain(r.evidence),
        }
        for r in card.criteria
    }


def _candidate(entry: RankedCandidate, ranking: Ranking) -> dict[str, Any]:
    card = entry.card
    data = {
        "rank": entry.rank,
        "tied": entry.tied,
        "id": card.candidate_id,
        "name": card.candidate_name,
        "score": rounded(entry.score),
        "score_interval": [rounded(entry.interval[0]), rounded(entry.interval[1])],
        "coverage": rounded(entry.coverage),
        "tier": entry.tier,
        "reason": entry.reason,
        "unknown": list(card.unknown),
        "criteria": criteria_to_dict(card),
    }
    if ranking.robustness is not None:
        found = ranking.robustness.get(card.candidate_id)
        data["robustness"] = candidate_robustness_to_dict(found) if found else None
    return data


def _exclusion(entry: Exclusion) -> dict[str, Any]:
    return {"id": entry.candidate_id, "name": entry.name, "reasons": list(entry.reasons)}


def _insufficient(entry: Exclusion) -> dict[str, Any]:
    data = _exclusion(entry)
    card, interval = entry.card, entry.interval
    data["score"] = rounded(entry.score)
    data["score_interval"] = [rounded(v) for v in interval] if interval else None
    data["coverage"] = rounded(card.coverage) if card else None
    data["unknown"] = list(card.unknown) if card else []
    return data


def ranking_to_dict(ranking: Ranking) -> dict[str, Any]:
    """The ranking as plain, JSON-ready data.

    Built with fewer garbage collections (``io.heap``): called from Python, the records of
    7,199 candidates set off full collections that walked them and every loaded profile again,
    1.2 of its 2.1 s."""
    with fewer_collections():
        return _ranking_data(ranking)


def _ranking_data(ranking: Ranking) -> dict[str, Any]:
    data = {
        "schema_version": SCORES_SCHEMA_VERSION,
        "kind": "partnerfit.ranking",
        "tool": tool_info(),
        "focal": {"id": ranking.focal_id, "name": ranking.focal_name},
        "method": ranking.method,
        "weights": weights_to_dict(ranking.weights),
        "tiers": plain(dict(ranking.tiers)),
        "unknowns": unknowns_to_dict(ranking.unknowns),
        "candidates": [_candidate(c, ranking) for c in ranking.ranked],
        "excluded": [_exclusion(e) for e in ranking.excluded],
        "insufficient_evidence": [_insufficient(e) for e in ranking.insufficient],
        "summary": {
            "considered": ranking.candidates_considered,
            "ranked": len(ranking.ranked),
            "excluded": len(ranking.excluded),
            "insufficient_evidence": len(ranking.insufficient),
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
