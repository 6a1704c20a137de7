"""Pydantic models of organisation profiles and the scoring configuration.

Models are frozen and strict: unknown keys are errors, numbers out of range are errors,
and integers must be integers (YAML gives them typed, so no string is coerced).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

CRITERIA: tuple[str, ...] = (
    "value_alignment",
    "complementarity",
    "goal_alignment",
    "market_reach",
    "reputation",
    "communication",
)
"""The fit criteria, in their canonical order."""

DEFAULT_WEIGHTS: dict[str, float] = {
    "value_alignment": 0.30,
    "complementarity": 0.30,
    "goal_alignment": 0.15,
    "market_reach": 0.10,
    "reputation": 0.10,
    "communication": 0.05,
}

DEFAULT_TIERS: dict[str, float] = {"A": 75.0, "B": 60.0, "C": 40.0}

CADENCES: tuple[str, ...] = ("daily", "weekly", "biweekly", "monthly", "quarterly")

Kind = Literal["business", "nonprofit", "government", "academic", "community"]
Cadence = Literal["daily", "weekly", "biweekly", "monthly", "quarterly"]
CriterionName = Literal[
    "value_alignment",
    "complementarity",
    "goal_alignment",
    "market_reach",
    "reputation",
    "communication",
]

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

WEIGHTS_SOURCE_PATTERN = r"^[^\[\]\x00-\x1f\x7f`|*<>\\]+$"
"""Plain text only: the source is shown in tables and Markdown, so no markup characters."""


def weights_source_text(text: str) -> str:
    """Text made fit for ``Config.weights_source``: markup characters become ``?``, cut to 300."""
    cleaned = re.sub(r"[\[\]\x00-\x1f\x7f`|*<>\\]", "?", text)
    return cleaned[:300] or "?"


_MODEL_CONFIG = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _Model(BaseModel):
    model_config = _MODEL_CONFIG


class Strength(_Model):
    """A capability the organisation brings to a partnership."""

    capability: Tag = Field(description="What it can do, as a tag (e.g. distribution).")
    level: Level = Field(description="How strong it is, 1 (basic) to 5 (outstanding).")
    note: Text | None = Field(default=None, description="Evidence for the level.")


class Need(_Model):
    """A capability the organisation looks for in a partner."""

    capability: Tag = Field(description="What it needs, as a tag (e.g. funding).")
    priority: Level = Field(description="How much it matters, 1 (nice to have) to 5 (vital).")
    note: Text | None = Field(default=None, description="Why it is needed.")


class Goal(_Model):
    """A SMART goal the organisation pursues."""

    statement: Annotated[str, StringConstraints(min_length=1, max_length=2_000)] = Field(
        description="The goal in one sentence."
    )
    metric: Tag | None = Field(default=None, description="What is measured, as a tag.")
    target: Annotated[float, Field(strict=True)] | None = Field(
        default=None, description="The value of the metric to reach."
    )
    deadline: dt.date | None = Field(default=None, description="When, as YYYY-MM-DD.")
    themes: tuple[Tag, ...] = Field(default=(), description="Themes of the goal, as tags.")


class Reputation(_Model):
    """How far the organisation can be trusted."""

    rating: Annotated[float, Field(strict=True, ge=0, le=5)] | None = Field(
        default=None, description="Rating from 0 to 5 (reviews, due diligence)."
    )
    certifications: tuple[Tag, ...] = Field(
        default=(), description="Certifications held (e.g. b-corp, iso-9001)."
    )


class Communication(_Model):
    """How the organisation works with partners day to day."""

    languages: tuple[Tag, ...] = Field(default=(), description="Working languages (ISO codes).")
    cadence: Cadence | None = Field(default=None, description="Preferred meeting cadence.")


class Dealbreakers(_Model):
    """Hard constraints: a candidate that hits one is excluded."""

    sectors: tuple[Tag, ...] = Field(default=(), description="Sectors it will not work with.")
    values: tuple[Tag, ...] = Field(default=(), description="Values it will not work with.")
    regions: tuple[Tag, ...] = Field(default=(), description="Regions it will not work in.")
    kinds: tuple[Kind, ...] = Field(default=(), description="Kinds of organisation it avoids.")

    def is_empty(self) -> bool:
        """True when no constraint is set."""
        return not (self.sectors or self.values or self.regions or self.kinds)


class Profile(_Model):
    """One organisation."""

    id: Slug = Field(description="Unique id within a profile set; also the file name.")
    name: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(
        description="Display name."
    )
    kind: Kind | None = Field(default=None, description="What sort of organisation it is.")
    description: Text | None = Field(default=None, description="A short description.")
    website: Annotated[str, StringConstraints(max_length=2_000)] | None = Field(
        default=None, description="Web address."
    )
    capacity: Annotated[int, Field(strict=True, ge=1, le=10_000)] | None = Field(
        default=None, description="How many partnerships it can take on at once (for match)."
    )
    sectors: tuple[Tag, ...] = Field(default=(), description="Sectors it works in.")
    regions: tuple[Tag, ...] = Field(default=(), description="Markets it serves.")
    audiences: tuple[Tag, ...] = Field(default=(), description="Audiences it reaches.")
    values: dict[Tag, Level] = Field(
        default_factory=dict,
        description="Value tag -> importance 1..5; a plain list means importance 3 each.",
    )
    strengths: tuple[Strength, ...] = Field(default=(), description="What it brings.")
    needs: tuple[Need, ...] = Field(default=(), description="What it looks for.")
    goals: tuple[Goal, ...] = Field(default=(), description="SMART goals.")
    reputation: Reputation | None = Field(default=None, description="Rating and certifications.")
    communication: Communication | None = Field(default=None, description="Languages and cadence.")
    dealbreakers: Dealbreakers = Field(
        default_factory=Dealbreakers, description="Hard constraints on partners."
    )

    @field_validator("values", mode="before")
    @classmethod
    def _plain_list_means_three(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for position, tag in enumerate(value):
                if not isinstance(tag, str):
                    raise ValueError(f"item {position} of the list is not a tag (a string)")
            return dict.fromkeys(value, 3)
        return value


class Limits(_Model):
    """Bounds on the cost of reading one file."""

    max_file_bytes: Annotated[int, Field(strict=True, ge=1)] = Field(
        default=1_000_000, description="Largest file read, in bytes."
    )
    max_nodes: Annotated[int, Field(strict=True, ge=1)] = Field(
        default=100_000, description="Most YAML nodes visited per file, aliases expanded."
    )
    # 200 keeps the recursive walk well inside Python's default recursion limit (1000 frames)
    max_depth: Annotated[int, Field(strict=True, ge=1, le=200)] = Field(
        default=50, description="Deepest nesting of mappings and lists."
    )


class Config(_Model):
    """The scoring configuration (partnerfit.yaml)."""

    weights: dict[CriterionName, Annotated[float, Field(strict=True, ge=0)]] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),  # type: ignore[arg-type]
        description="Criterion -> weight; normalised to sum 1. Unlisted criteria weigh 0.",
    )
    weights_source: (
        Annotated[
            str,
            StringConstraints(min_length=1, max_length=300, pattern=WEIGHTS_SOURCE_PATTERN),
        ]
        | None
    ) = Field(
        default=None,
        description="Where the weights came from (written by `partnerfit weights` and "
        "`partnerfit calibrate`); shown beside the weights in every output.",
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
