"""The ``--format`` registry of ``partnerfit rank``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.decide.ranking import Ranking
    from partnerfit.render.common import RenderOptions

RankRenderer: TypeAlias = "Callable[[Ranking, RenderOptions], str]"

RANK_FORMATS: LazyRegistry[RankRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.rank.table:render_rank_table",
        "json": "partnerfit.render.rank.json:render_rank_json",
        "csv": "partnerfit.render.rank.csv:render_rank_csv",
        "markdown": "partnerfit.render.rank.markdown:render_rank_markdown",
        "html": "partnerfit.render.rank.html:render_rank_html",
    }
)
