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

GroupMethod = Literal["aij", "aip"]
"""``partnerfit.decide.weights.GROUP_METHODS``."""

SchemaKind = Literal["profile", "config", "partnership", "judgements", "outcomes"]
"""``partnerfit.model.schema.SchemaKind``."""

METHOD_NAMES: tuple[Method, ...] = get_args(Method)
MATCH_MODES: tuple[MatchMode, ...] = get_args(MatchMode)
MATCH_SIDES: tuple[MatchSide, ...] = get_args(MatchSide)
GROUP_METHODS: tuple[GroupMethod, ...] = get_args(GroupMethod)
SCHEMA_KINDS: tuple[SchemaKind, ...] = get_args(SchemaKind)
"""``partnerfit.model.schema.SCHEMA_KINDS`` (that module loads pydantic's schema generator)."""

DEFAULT_SPREAD = 0.2
"""``partnerfit.decide.robustness.DEFAULT_SPREAD``."""
MIN_SPREAD = 1e-3
"""``partnerfit.decide.robustness.MIN_SPREAD``."""
MAX_SAMPLES = 1_000_000
"""``partnerfit.decide.robustness.MAX_SAMPLES``."""

DEFAULT_IMPROVEMENTS = 3
"""``partnerfit.decide.explain.DEFAULT_IMPROVEMENTS``."""
