"""Sentences shared by the table and Markdown output of ``partnerfit calibrate``."""

from __future__ import annotations

from partnerfit.decide.calibrate import Calibration, TierSuggestion


def correlation_sentence(c: Calibration) -> str:
    """Rank correlation of fit with outcome before and after, in sample and held out."""
    fit = c.fit
    return (
        f"Rank correlation of fit with outcome: current weights {fit.rho_before:.2f}; fitted "
        f"{fit.rho_after:.2f} in sample, {fit.rho_cv:.2f} leave-one-out."
    )


def success_sentence(c: Calibration) -> str:
    """What counts as a success for the tier suggestions."""
    return (
        f"A partnership counts as a success at an outcome of {100 * c.success_at:g} or more "
        "(success = 100, failure = 0)."
    )


def tier_cells(tier: TierSuggestion, current: float | None) -> list[str]:
    """Label, current threshold, suggested threshold, support and success share."""
    now = "" if current is None else f"{current:g}"
    if tier.threshold is None or tier.success_share is None:
        return [tier.label, now, "—", f"{100 * tier.target:.0f}%", "too few", ""]
    return [
        tier.label,
        now,
        threshold_text(tier.threshold),
        f"{100 * tier.target:.0f}%",
        str(tier.at_or_above),
        f"{100 * tier.success_share:.0f}%",
    ]


def threshold_text(value: float) -> str:
    """One decimal where the threshold sits on that grid, else three (never shown rounded up)."""
    on_grid = abs(value * 10 - round(value * 10)) < 1e-9
    return f"{value:.1f}" if on_grid else f"{value:.3f}"


TIER_HEADERS = ("Tier", "Now", "Suggested", "Wanted", "At or above", "Succeeded")
