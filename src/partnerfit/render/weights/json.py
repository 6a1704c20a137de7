"""JSON output of ``partnerfit weights``: stable keys, rounded floats, a schema version."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.weights import PriorityResult, WeightsAnalysis
from partnerfit.render.common import SCHEMA_VERSION, RenderOptions, dump_json, plain, tool_info


def _priorities(result: PriorityResult) -> dict[str, Any]:
    adjustment = result.adjustment
    return {
        "weights": plain(dict(result.weights)),
        "lambda_max": plain(result.lambda_max),
        "ci": plain(result.ci),
        "cr": plain(result.cr),
        "random_index": result.random_index,
        "acceptable": result.acceptable,
        "judged": result.judged,
        "possible": result.possible,
        "method": result.method,
        "most_inconsistent": None
        if adjustment is None
        else {
            "more": adjustment.more,
            "less": adjustment.less,
            "given": plain(adjustment.given),
            "consistent": plain(adjustment.consistent),
            "nearest_scale": plain(adjustment.nearest_scale),
            "cr_after": plain(adjustment.cr_after),
        },
    }


def weights_to_dict(analysis: WeightsAnalysis) -> dict[str, Any]:
    """The analysis as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_info(),
        "kind": "partnerfit.weights",
        "source": analysis.source,
        "title": analysis.title,
        "criteria": list(analysis.criteria),
        "stakeholders": [
            {
                "name": person.name,
                "vote": plain(person.vote),
                "share": plain(person.share),
                "compatibility": plain(person.compatibility),
                **_priorities(person.result),
            }
            for person in analysis.stakeholders
        ],
        "group": {
            "method": analysis.group_method,
            "weights": plain(dict(analysis.group_weights)),
            "aij": _priorities(analysis.aij),
            "aip": {"weights": plain(dict(analysis.aip))},
            "consensus": plain(analysis.consensus),
            "consensus_words": analysis.consensus_words,
            "weights_source": analysis.describe_source(),
        },
        "warnings": list(analysis.warnings),
    }


def render_weights_json(analysis: WeightsAnalysis, options: RenderOptions) -> str:
    """Render the analysis as JSON."""
    del options
    return dump_json(weights_to_dict(analysis))
