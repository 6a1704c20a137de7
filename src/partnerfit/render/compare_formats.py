"""The ``--format`` registries of ``partnerfit compare`` and ``partnerfit match``.

Compare renderers yield chunks of text, so that a long comparison streams to its output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.batch import Comparison
    from partnerfit.matching import Matching
    from partnerfit.render.common import RenderOptions

CompareRenderer: TypeAlias = "Callable[[Comparison, RenderOptions], Iterator[str]]"
MatchRenderer: TypeAlias = "Callable[[Matching, RenderOptions], str]"

COMPARE_FORMATS: LazyRegistry[CompareRenderer] = LazyRegistry(
    {
        "csv": "partnerfit.render.compare_csv:render_compare_csv",
        "jsonl": "partnerfit.render.compare_json:render_compare_jsonl",
        "json": "partnerfit.render.compare_json:render_compare_json",
        "matrix": "partnerfit.render.compare_csv:render_compare_matrix",
        "table": "partnerfit.render.compare_table:render_compare_table",
    }
)

MATCH_FORMATS: LazyRegistry[MatchRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.match_table:render_match_table",
        "json": "partnerfit.render.match_json:render_match_json",
        "csv": "partnerfit.render.match_csv:render_match_csv",
    }
)
