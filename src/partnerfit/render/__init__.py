"""Renderers: every output format draws the same result object.

``RANK_FORMATS`` maps each ``--format`` name of ``partnerfit rank`` to its renderer. The
registries resolve a renderer on first use, so that importing them (for help text) is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from partnerfit.render.calibrate import CALIBRATE_FORMATS
from partnerfit.render.check_formats import CHECK_FORMATS, CheckRenderer
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare_formats import COMPARE_FORMATS, MATCH_FORMATS
from partnerfit.render.explain_formats import EXPLAIN_FORMATS
from partnerfit.render.registry import LazyRegistry
from partnerfit.render.weights import WEIGHTS_FORMATS

if TYPE_CHECKING:
    from partnerfit.ranking import Ranking
    from partnerfit.render.explain_json import explanation_to_dict
    from partnerfit.render.rank_json import ranking_to_dict

RankRenderer: TypeAlias = "Callable[[Ranking, RenderOptions], str]"

RANK_FORMATS: LazyRegistry[RankRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.rank_table:render_rank_table",
        "json": "partnerfit.render.rank_json:render_rank_json",
        "csv": "partnerfit.render.rank_csv:render_rank_csv",
        "markdown": "partnerfit.render.rank_markdown:render_rank_markdown",
    }
)


def __getattr__(name: str) -> Any:
    # the dict helpers import ranking and explain (and numpy): only when asked for
    if name == "explanation_to_dict":
        from partnerfit.render.explain_json import explanation_to_dict

        return explanation_to_dict
    if name == "ranking_to_dict":
        from partnerfit.render.rank_json import ranking_to_dict

        return ranking_to_dict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CALIBRATE_FORMATS",
    "CHECK_FORMATS",
    "COMPARE_FORMATS",
    "EXPLAIN_FORMATS",
    "MATCH_FORMATS",
    "RANK_FORMATS",
    "WEIGHTS_FORMATS",
    "CheckRenderer",
    "RankRenderer",
    "RenderOptions",
    "explanation_to_dict",
    "ranking_to_dict",
]
