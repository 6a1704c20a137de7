"""Renderers of ``partnerfit weights``: one module per format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.common import RenderOptions
from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.decide.weights import WeightsAnalysis

WeightsRenderer: TypeAlias = "Callable[[WeightsAnalysis, RenderOptions], str]"

WEIGHTS_FORMATS: LazyRegistry[WeightsRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.weights.table:render_weights_table",
        "json": "partnerfit.render.weights.json:render_weights_json",
        "markdown": "partnerfit.render.weights.markdown:render_weights_markdown",
    }
)

__all__ = ["WEIGHTS_FORMATS", "WeightsRenderer"]
