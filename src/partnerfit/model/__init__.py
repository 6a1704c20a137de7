"""Models: pydantic schemas of profiles and the configuration, vocabulary, and loading them.

May import: ``partnerfit.io``, ``partnerfit.errors``. Never scoring, rendering or the CLI.
"""

from __future__ import annotations

from partnerfit.model.base import CADENCES, CRITERIA, Cadence, CriterionName, Kind
from partnerfit.model.config import DEFAULT_TIERS, DEFAULT_WEIGHTS, Config, Limits
from partnerfit.model.profile import (
    Communication,
    Dealbreakers,
    Goal,
    Need,
    Profile,
    Reputation,
    Strength,
)

__all__ = [
    "CADENCES",
    "CRITERIA",
    "DEFAULT_TIERS",
    "DEFAULT_WEIGHTS",
    "Cadence",
    "Communication",
    "Config",
    "CriterionName",
    "Dealbreakers",
    "Goal",
    "Kind",
    "Limits",
    "Need",
    "Profile",
    "Reputation",
    "Strength",
]
