"""The ``--format`` registry of ``partnerfit match``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.batch.match import Matching
    from partnerfit.render.common import RenderOptions

MatchRenderer: TypeAlias = "Callable[[Matching, RenderOptions], str]"

MATCH_FORMATS: LazyRegistry[MatchRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.match.table:render_match_table",
        "json": "partnerfit.render.match.json:render_match_json",
        "csv": "partnerfit.render.match.csv:render_match_csv",
        "html": "partnerfit.render.match.html:render_match_html",
    }
)
