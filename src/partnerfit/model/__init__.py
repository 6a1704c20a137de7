"""Models: pydantic schemas of profiles and the configuration, their vocabulary, validating
read documents into them with located errors (``load``, ``located``), and assembling a
profile set (``sources``, ``profileset``).

May import: ``partnerfit.io``, ``partnerfit.errors``. Never scoring, deciding, rendering or
the CLI.
"""

from __future__ import annotations

from partnerfit.io.limits import Limits
from partnerfit.model.base import CADENCES, CRITERIA, Cadence, CriterionName, Kind
from partnerfit.model.config import DEFAULT_TIERS, DEFAULT_WEIGHTS, Config, Unknowns
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
    "Unknowns",
]
