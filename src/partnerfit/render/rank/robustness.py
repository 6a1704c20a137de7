"""Robustness of a ranking as data and sentences, shared by the rank renderers."""

from __future__ import annotations

from typing import Any

from partnerfit.decide.robustness import CandidateRobustness, FlipPoint, RobustnessReport
from partnerfit.render.common import rounded


def flip_to_dict(flip: FlipPoint) -> dict[str, Any]:
    """A flip point as JSON-ready data."""
    return {
        "criterion": flip.criterion,
        "weight": rounded(flip.weight),
        "flip_weight": rounded(flip.flip_weight),
        "change": rounded(flip.change),
        "overtaker": flip.overtaker_id,
        # already rounded outwards by the core, at the given weights' own scale
        "weight_override": flip.weight_override,
    }


def candidate_robustness_to_dict(entry: CandidateRobustness) -> dict[str, Any]:
    """One candidate's robustness as JSON-ready data."""
    return {
        "p_first": rounded(entry.p_first),
        "p_top_k": rounded(entry.p_top_k),
        "rank_p5": entry.rank_p5,
        "rank_p95": entry.rank_p95,
        "mean_rank": rounded(entry.mean_rank),
    }


def robustness_to_dict(report: RobustnessReport) -> dict[str, Any]:
    """The whole robustness report as JSON-ready data."""
    return {
        "scheme": report.scheme,
        "method": report.method,
        "samples": report.samples,
        "seed": report.seed,
        "spread": rounded(report.spread),
        "concentration": rounded(report.concentration),
        "top_k": report.top_k,
        "mean_kendall_tau": rounded(report.mean_kendall_tau),
        "leader": report.leader_id,
        "flip_point": flip_to_dict(report.flip_point) if report.flip_point else None,
        "flip_points": [flip_to_dict(f) for f in report.flip_points],
    }


def summary_sentence(report: RobustnessReport) -> str:
    """How the sampling was done and how well the rankings agree."""
    samples = "weight sample" if report.samples == 1 else "weight samples"
    how = (
        f"Robustness: {report.samples:,} {samples} (Dirichlet, spread {report.spread:g}, "
        f"seed {report.seed}); "
    )
    if len(report.candidates) < 2:  # τ is 1 by definition: no pair whose order could change
        return how + "fewer than two candidates ranked, so no order to compare."
    return how + f"mean Kendall τ with the baseline {report.mean_kendall_tau:.3f}."


def _percent(share: float) -> str:
    """A weight as a percentage to one decimal, or to two significant digits when it is below
    0.05 % (weights beside one near the largest float: "0.0% to 0.0%" would say nothing)."""
    if share == 0 or abs(share) >= 0.0005:
        return f"{100 * share:.1f}%"
    return f"{100 * share:.2g}%"


def flip_sentence(report: RobustnessReport) -> str:
    """The smallest single-weight change that puts another candidate first."""
    flip = report.flip_point
    if report.leader_id is None:
        return "Flip point: no candidate ranked."
    if flip is None:
        return f"Flip point: none; {report.leader_id} stays first whatever single weight changes."
    direction = "rises" if flip.change > 0 else "falls"
    text = (
        f"Flip point: {report.leader_id} stays first until the {flip.criterion} weight "
        f"{direction} from {_percent(flip.weight)} to {_percent(flip.flip_weight)}; "
        f"then {flip.overtaker_id} ranks first"
    )
    if flip.weight_override is not None:
        # the exact value (rounded outwards by the core), not a rounding that may not flip
        value = flip.weight_override
        # six decimals, or Python's shortest form where six would say too little (weights of
        # millionths, rounded finer by the core) or spell hundreds of digits
        plain = 1e-3 <= abs(value) < 1e15 or value == 0
        shown = f"{value:.6f}".rstrip("0").rstrip(".") if plain else repr(value)
        text += f" (--weight {flip.criterion}={shown})"
    return text + "."


def robustness_cells(report: RobustnessReport, candidate_id: str) -> list[str]:
    """A candidate's P(1st), P(top k) and 5–95% rank range, as table cells (blank if absent)."""
    found = report.get(candidate_id)
    if found is None:
        return ["", "", ""]
    return [f"{found.p_first:.0%}", f"{found.p_top_k:.0%}", f"{found.rank_p5}–{found.rank_p95}"]
