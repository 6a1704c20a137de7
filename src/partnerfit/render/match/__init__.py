"""The ``--format`` registry of ``partnerfit match``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.batch.match import Matching
    from partnerfit.render.common import RenderOptions

MatchRenderer: TypeAlias = "Callable[[Matching, RenderOptions], str]"

MATCH_FORMATS: LazyRegistry[MatchRenderer] = formats("match")
