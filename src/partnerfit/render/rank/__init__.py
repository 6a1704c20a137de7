"""The ``--format`` registry of ``partnerfit rank``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.decide.ranking import Ranking
    from partnerfit.render.common import RenderOptions

RankRenderer: TypeAlias = "Callable[[Ranking, RenderOptions], str]"

RANK_FORMATS: LazyRegistry[RankRenderer] = formats("rank")
