"""The ``--format`` registry of ``partnerfit weights``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.decide.weights import WeightsAnalysis
    from partnerfit.render.common import RenderOptions

WeightsRenderer: TypeAlias = "Callable[[WeightsAnalysis, RenderOptions], str]"

WEIGHTS_FORMATS: LazyRegistry[WeightsRenderer] = formats("weights")

__all__ = ["WEIGHTS_FORMATS", "WeightsRenderer"]
