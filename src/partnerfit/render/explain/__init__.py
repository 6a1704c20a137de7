"""The registry of explanation renderers: ``--format`` choices of ``partnerfit explain``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.decide.explain import Explanation
    from partnerfit.render.common import RenderOptions

ExplainRenderer: TypeAlias = "Callable[[Explanation, RenderOptions], str]"

EXPLAIN_FORMATS: LazyRegistry[ExplainRenderer] = formats("explain")

__all__ = ["EXPLAIN_FORMATS", "ExplainRenderer"]
