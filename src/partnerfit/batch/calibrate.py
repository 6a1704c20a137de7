"""Calibration over a profile set: past partnerships scored by the batch engine, then fitted.

The numbers live in ``partnerfit.decide.calibrate``; this module gets each partnership's criteria
from the engine (``score_matrix``), so that calibration scores pairs exactly as ``rank`` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from partnerfit.batch.engine import score_matrix
from partnerfit.decide.calibrate import (
    ADVISED_RECORDS,
    MIN_RECORDS,
    Calibration,
    FloatArray,
    OutcomeRecord,
    calibrate_arrays,
    fit_scores,
    suggest_tiers,
)
from partnerfit.errors import UsageError
from partnerfit.model import CRITERIA, Profile
from partnerfit.model.profileset import ProfileSet
from partnerfit.scoring.card import Weights

__all__ = ["calibrate", "pair_criteria"]


def calibrate(
    records: Sequence[OutcomeRecord],
    profiles: ProfileSet,
    current: Weights,
    *,
    source: str,
    max_change: float | None = None,
    success_at: float = 0.6,
) -> Calibration:
    """Fit the criterion weights to past partnerships' outcomes (profiles as at selection)."""
    if max_change is not None and not 0 < max_change <= 1:
        raise UsageError("--max-change must be within 0 < D <= 1")
    for record in records:
        for role, pid in (("focal", record.focal), ("partner", record.partner)):
            if profiles.get(pid) is None:
                raise UsageError(profiles.unknown_id(pid, role))
    if len(records) < MIN_RECORDS:
        raise UsageError(
            f"{len(records)} partnership{'s' if len(records) != 1 else ''} with an outcome: "
            f"calibration needs at least {MIN_RECORDS} to fit {len(CRITERIA)} weights "
            f"(and {ADVISED_RECORDS} or more to trust them)"
        )
    outcomes = np.array([r.outcome for r in records])
    if np.ptp(outcomes) == 0:
        raise UsageError("every partnership has the same outcome: there is nothing to learn from")
    criteria = pair_criteria(records, profiles, current)
    fit = calibrate_arrays(criteria, outcomes, current.vector(), max_change=max_change)
    before = fit_scores(criteria, fit.before)
    after = fit_scores(criteria, fit.after)
    warnings = []
    if len(records) < ADVISED_RECORDS:
        warnings.append(
            f"only {len(records)} partnerships: below {ADVISED_RECORDS} the fitted weights are "
            "fragile; read the cross-validated figure, not the in-sample one"
        )
    unscored = int(np.isnan(before).sum())
    if unscored:
        warnings.append(
            f"{unscored} partnership{'s' if unscored != 1 else ''} had no criterion with "
            "evidence and did not count"
        )
    labels = sorted(profiles.config.tiers, key=lambda t: -profiles.config.tiers[t])
    tiers = suggest_tiers(after, outcomes >= success_at, labels)
    return Calibration(
        source=source,
        records=tuple(records),
        criteria=CRITERIA,
        current=current,
        fit=fit,
        success_at=success_at,
        max_change=max_change,
        tiers_current=dict(profiles.config.tiers),
        tiers=tiers,
        scores_before=tuple(None if math.isnan(s) else float(s) for s in before.tolist()),
        scores_after=tuple(None if math.isnan(s) else float(s) for s in after.tolist()),
        warnings=tuple(warnings),
    )


def pair_criteria(
    records: Sequence[OutcomeRecord], profiles: ProfileSet, weights: Weights
) -> FloatArray:
    """The criteria (records × criteria, NaN unknown) of each partnership, from the batch engine."""
    focal_ids = sorted({r.focal for r in records})
    partner_ids = sorted({r.partner for r in records})
    focals: list[Profile] = [p for p in map(profiles.get, focal_ids) if p is not None]
    partners: list[Profile] = [p for p in map(profiles.get, partner_ids) if p is not None]
    criteria = score_matrix(
        focals, partners, profiles.vocabulary, weights, unknowns=profiles.config.unknowns
    ).criteria
    row = {pid: i for i, pid in enumerate(focal_ids)}
    col = {pid: j for j, pid in enumerate(partner_ids)}
    rows: FloatArray = np.array([criteria[row[r.focal], col[r.partner]] for r in records])
    return rows
