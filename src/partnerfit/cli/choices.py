"""Choices and defaults that command help shows, spelled out so that ``--help`` loads no numpy.

Each mirrors a constant of a core module that imports numpy; tests/cli/test_startup.py checks
that they agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partnerfit.model.schema import SchemaKind

METHOD_NAMES = ("weighted-sum", "weighted-product", "topsis")
"""The keys of ``partnerfit.scoring.card.METHODS``."""

DEFAULT_SPREAD = 0.2
"""``partnerfit.decide.robustness.DEFAULT_SPREAD``."""

MATCH_MODES = ("max-total", "stable")
"""``partnerfit.batch.match.MODES``."""

MATCH_SIDES = ("left", "right")
"""``partnerfit.batch.match.SIDES``."""

DEFAULT_IMPROVEMENTS = 3
"""``partnerfit.decide.explain.DEFAULT_IMPROVEMENTS``."""

SCHEMA_KINDS: tuple[SchemaKind, ...] = ("profile", "config", "judgements", "outcomes")
"""``partnerfit.model.schema.SCHEMA_KINDS`` (that module loads pydantic's schema generator)."""

GROUP_METHODS = ("aij", "aip")
"""``partnerfit.decide.weights.GROUP_METHODS``."""
