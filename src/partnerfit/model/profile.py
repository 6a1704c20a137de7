"""Pydantic models of organisation profiles.

Models are frozen and strict: unknown keys are errors, numbers out of range are errors,
and integers must be integers (YAML gives them typed, so no string is coerced).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from partnerfit.model.base import (
    Cadence,
    Kind,
    Level,
    Slug,
    StrictModel,
    Tag,
    Text,
)


class Strength(StrictModel):
    """A capability the organisation brings to a partnership."""

    capability: Tag = Field(description="What it can do, as a tag (e.g. distribution).")
    level: Level = Field(description="How strong it is, 1 (basic) to 5 (outstanding).")
    note: Text | None = Field(default=None, description="Evidence for the level.")


class Need(StrictModel):
    """A capability the organisation looks for in a partner."""

    capability: Tag = Field(description="What it needs, as a tag (e.g. funding).")
    priority: Level = Field(description="How much it matters, 1 (nice to have) to 5 (vital).")
    note: Text | None = Field(default=None, description="Why it is needed.")


class Goal(StrictModel):
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


class Reputation(StrictModel):
    """How far the organisation can be trusted."""

    rating: Annotated[float, Field(strict=True, ge=0, le=5)] | None = Field(
        default=None, description="Rating from 0 to 5 (reviews, due diligence)."
    )
    certifications: tuple[Tag, ...] = Field(
        default=(), description="Certifications held (e.g. b-corp, iso-9001)."
    )


class Communication(StrictModel):
    """How the organisation works with partners day to day."""

    languages: tuple[Tag, ...] = Field(default=(), description="Working languages (ISO codes).")
    cadence: Cadence | None = Field(default=None, description="Preferred meeting cadence.")


class Dealbreakers(StrictModel):
    """Hard constraints: a candidate that hits one is excluded."""

    sectors: tuple[Tag, ...] = Field(default=(), description="Sectors it will not work with.")
    values: tuple[Tag, ...] = Field(default=(), description="Values it will not work with.")
    regions: tuple[Tag, ...] = Field(default=(), description="Regions it will not work in.")
    kinds: tuple[Kind, ...] = Field(default=(), description="Kinds of organisation it avoids.")

    def is_empty(self) -> bool:
        """True when no constraint is set."""
        return not (self.sectors or self.values or self.regions or self.kinds)


class Profile(StrictModel):
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
