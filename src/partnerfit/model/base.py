"""Shared vocabulary of the models: criteria, cadences, constrained types and the strict base.

Models are frozen and strict: unknown keys are errors, numbers out of range are errors,
and integers must be integers (YAML gives them typed, so no string is coerced).
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Kind = Literal["business", "nonprofit", "government", "academic", "community"]
KINDS: tuple[str, ...] = get_args(Kind)
"""The kinds of organisation, in the order the models list them."""
Cadence = Literal["daily", "weekly", "biweekly", "monthly", "quarterly"]
CriterionName = Literal[
    "value_alignment",
    "complementarity",
    "goal_alignment",
    "market_reach",
    "reputation",
    "communication",
]

CRITERIA: tuple[str, ...] = get_args(CriterionName)
"""The fit criteria, in their canonical order."""

CADENCES: tuple[str, ...] = get_args(Cadence)

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100),
    Field(description="Lowercase slug: letters a-z, digits and single hyphens."),
]
# A tag needs one character that normalisation keeps: "-" or "_ _" would fold to nothing.
Tag = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=r"[^\s_\-]"),
]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Level = Annotated[int, Field(strict=True, ge=1, le=5)]

MODEL_CONFIG = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class StrictModel(BaseModel):
    """The base of every model: frozen, strict, no unknown keys, finite numbers."""

    model_config = MODEL_CONFIG
