"""The registry of explanation renderers: ``--format`` choices of ``partnerfit explain``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.decide.explain import Explanation
    from partnerfit.render.common import RenderOptions

ExplainRenderer: TypeAlias = "Callable[[Explanation, RenderOptions], str]"
SideBySideRenderer: TypeAlias = "Callable[[Sequence[Explanation], RenderOptions], str]"

EXPLAIN_FORMATS: LazyRegistry[ExplainRenderer] = formats("explain")
SIDE_BY_SIDE_FORMATS: LazyRegistry[SideBySideRenderer] = formats("explain-side-by-side")
"""``partnerfit explain FOCAL A B C``: a column per candidate, in the same format names."""

__all__ = ["EXPLAIN_FORMATS", "SIDE_BY_SIDE_FORMATS", "ExplainRenderer", "SideBySideRenderer"]
