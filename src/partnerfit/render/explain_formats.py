"""The registry of explanation renderers: ``--format`` choices of ``partnerfit explain``."""

from __future__ import annotations

from collections.abc import Callable

from partnerfit.explain import Explanation
from partnerfit.render.common import RenderOptions
from partnerfit.render.explain_json import explanation_to_dict, render_explain_json
from partnerfit.render.explain_markdown import render_explain_markdown
from partnerfit.render.explain_table import render_explain_table

ExplainRenderer = Callable[[Explanation, RenderOptions], str]

EXPLAIN_FORMATS: dict[str, ExplainRenderer] = {
    "table": render_explain_table,
    "json": render_explain_json,
    "markdown": render_explain_markdown,
}

__all__ = ["EXPLAIN_FORMATS", "ExplainRenderer", "explanation_to_dict"]
