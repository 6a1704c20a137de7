"""JSON output of ``partnerfit calibrate``: stable keys, rounded floats, a schema version."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.calibrate import Calibration
from partnerfit.render.common import SCHEMA_VERSION, RenderOptions, dump_json, plain, tool_info


def calibration_to_dict(c: Calibration) -> dict[str, Any]:
    """The calibration as JSON-ready data."""
    fit = c.fit
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_info(),
        "kind": "partnerfit.calibration",
        "source": c.source,
        "partnerships": len(c.records),
        "used": fit.used,
        "max_change": c.max_change,
        "weights": {
            "current": plain(c.weights_before),
            "current_source": c.current.source,
            "fitted": plain(c.weights_after),
            "fitted_source": c.describe_source(),
        },
        "rank_correlation": {
            "current": plain(fit.rho_before),
            "fitted_in_sample": plain(fit.rho_after),
            "fitted_leave_one_out": plain(fit.rho_cv),
        },
        "q2": {"current": plain(fit.q2_before), "fitted": plain(fit.q2_after)},
        "improved": fit.improved,
        "verdict": c.verdict,
        "success_at": plain(100 * c.success_at),
        "tiers": [
            {
                "label": t.label,
                "current": plain(c.tiers_current.get(t.label)),
                "suggested": plain(t.threshold),
                "wanted_success_share": plain(t.target),
                "at_or_above": t.at_or_above,
                "success_share": plain(t.success_share),
            }
            for t in c.tiers
        ],
        "records": [
            {
                "focal": r.focal,
                "partner": r.partner,
                "outcome": r.label,
                "fit_current": plain(before),
                "fit_fitted": plain(after),
            }
            for r, before, after in zip(c.records, c.scores_before, c.scores_after, strict=True)
        ],
        "warnings": list(c.warnings),
    }


def render_calibrate_json(c: Calibration, options: RenderOptions) -> str:
    """Render the calibration as JSON."""
    del options
    return dump_json(calibration_to_dict(c))
