"""Renderers: every output format draws the same result object.

``RANK_FORMATS`` maps each ``--format`` name of ``partnerfit rank`` to its renderer.
"""

from __future__ import annotations

from collections.abc import Callable

from partnerfit.ranking import Ranking
from partnerfit.render.check_formats import CHECK_FORMATS, CheckRenderer
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare_formats import COMPARE_FORMATS, MATCH_FORMATS
from partnerfit.render.explain_formats import EXPLAIN_FORMATS, explanation_to_dict
from partnerfit.render.rank_csv import render_rank_csv
from partnerfit.render.rank_json import ranking_to_dict, render_rank_json
from partnerfit.render.rank_markdown import render_rank_markdown
from partnerfit.render.rank_table import render_rank_table

RankRenderer = Callable[[Ranking, RenderOptions], str]

RANK_FORMATS: dict[str, RankRenderer] = {
    "table": render_rank_table,
    "json": render_rank_json,
    "csv": render_rank_csv,
    "markdown": render_rank_markdown,
}

__all__ = [
    "CHECK_FORMATS",
    "COMPARE_FORMATS",
    "EXPLAIN_FORMATS",
    "MATCH_FORMATS",
    "RANK_FORMATS",
    "CheckRenderer",
    "RankRenderer",
    "RenderOptions",
    "explanation_to_dict",
    "ranking_to_dict",
]
