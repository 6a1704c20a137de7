"""Pydantic model of the scoring configuration (partnerfit.yaml) and its reading limits."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from partnerfit.io.limits import Limits
from partnerfit.model.base import (
    CriterionName,
    StrictModel,
    Tag,
)

DEFAULT_WEIGHTS: dict[str, float] = {
    "value_alignment": 0.30,
    "complementarity": 0.30,
    "goal_alignment": 0.15,
    "market_reach": 0.10,
    "reputation": 0.10,
    "communication": 0.05,
}

DEFAULT_TIERS: dict[str, float] = {"A": 75.0, "B": 60.0, "C": 40.0}


DEFAULT_PRIOR = 0.25
DEFAULT_MIN_COVERAGE = 0.5


class Unknowns(StrictModel):
    """How criteria the profiles leave unstated count (docs/scoring.md)."""

    prior: Annotated[float, Field(strict=True, ge=0, le=0.5)] = Field(
        default=DEFAULT_PRIOR,
        description="What an unknown part of a criterion counts as, 0..0.5 (never above the "
        "middle, so that saying nothing never beats a fair statement).",
    )
    min_coverage: Annotated[float, Field(strict=True, ge=0, le=1)] = Field(
        default=DEFAULT_MIN_COVERAGE,
        description="Share of the weight that must be known for a rank and a tier (0..1); "
        "below it a candidate is listed as insufficient evidence.",
    )


class Config(StrictModel):
    """The scoring configuration (partnerfit.yaml)."""

    weights: dict[CriterionName, Annotated[float, Field(strict=True, ge=0)]] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),  # type: ignore[arg-type]
        description="Criterion -> weight; normalised to sum 1. Unlisted criteria weigh 0.",
    )
    synonyms: dict[Tag, tuple[Tag, ...]] = Field(
        default_factory=dict, description="Canonical tag -> words that mean the same."
    )
    tiers: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=40)],
        Annotated[float, Field(strict=True)],
    ] = Field(
        default_factory=lambda: dict(DEFAULT_TIERS),
        description="Tier label -> minimum score (0..100).",
    )
    limits: Limits = Field(default_factory=Limits, description="Bounds on reading files.")
    ignore: tuple[Annotated[str, StringConstraints(min_length=1, max_length=100)], ...] = Field(
        default=(),
        description="Warning rules `partnerfit check` leaves out (e.g. tag-spelling).",
    )
    unknowns: Unknowns = Field(default_factory=Unknowns, description="How unstated criteria count.")

    @field_validator("weights")
    @classmethod
    def _some_weight(cls, value: dict[str, float]) -> dict[str, float]:
        if not any(weight > 0 for weight in value.values()):
            raise ValueError("all weights are zero: give at least one criterion a positive weight")
        return value

    @field_validator("tiers")
    @classmethod
    def _tiers_in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for label, threshold in value.items():
            if not 0 <= threshold <= 100:
                raise ValueError(f"tier {label!r} threshold {threshold} is not within 0..100")
        return value
