"""The registry of explanation renderers: ``--format`` choices of ``partnerfit explain``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.decide.explain import Explanation
    from partnerfit.render.common import RenderOptions

ExplainRenderer: TypeAlias = "Callable[[Explanation, RenderOptions], str]"

EXPLAIN_FORMATS: LazyRegistry[ExplainRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.explain.table:render_explain_table",
        "json": "partnerfit.render.explain.json:render_explain_json",
        "markdown": "partnerfit.render.explain.markdown:render_explain_markdown",
        "html": "partnerfit.render.explain.html:render_explain_html",
    }
)

__all__ = ["EXPLAIN_FORMATS", "ExplainRenderer"]
