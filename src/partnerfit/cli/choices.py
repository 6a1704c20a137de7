"""Choices and defaults that command help shows, spelled out so that ``--help`` loads no numpy.

Each choice is a ``Literal`` type that typer understands (help lists the values, completion
offers them) and that mypy checks; each mirrors a constant of a core module that imports
numpy, and tests/cli/test_startup.py checks that they agree.
"""

from __future__ import annotations

from typing import Literal, get_args

Method = Literal["weighted-sum", "weighted-product", "topsis"]
"""The keys of ``partnerfit.scoring.card.METHODS``."""

MatchMode = Literal["max-total", "stable"]
"""``partnerfit.batch.match.MODES``."""

MatchSide = Literal["left", "right"]
"""``partnerfit.batch.match.SIDES``."""

SchemaKind = Literal["profile", "config", "partnership"]
"""``partnerfit.model.schema.SchemaKind``."""

METHOD_NAMES: tuple[Method, ...] = get_args(Method)
MATCH_MODES: tuple[MatchMode, ...] = get_args(MatchMode)
MATCH_SIDES: tuple[MatchSide, ...] = get_args(MatchSide)
SCHEMA_KINDS: tuple[SchemaKind, ...] = get_args(SchemaKind)
"""``partnerfit.model.schema.SCHEMA_KINDS`` (that module loads pydantic's schema generator)."""

DEFAULT_SPREAD = 0.2
"""``partnerfit.decide.robustness.DEFAULT_SPREAD``."""

DEFAULT_IMPROVEMENTS = 3
"""``partnerfit.decide.explain.DEFAULT_IMPROVEMENTS``."""
