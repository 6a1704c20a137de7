"""The ``--format`` registry of ``partnerfit compare``.

Compare renderers yield chunks of text, so that a long comparison streams to its output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.batch.engine import Comparison
    from partnerfit.render.common import RenderOptions

CompareRenderer: TypeAlias = "Callable[[Comparison, RenderOptions], Iterator[str]]"
BlockRenderer: TypeAlias = "Callable[[Iterable[Comparison], RenderOptions], Iterator[str]]"

COMPARE_FORMATS: LazyRegistry[CompareRenderer] = LazyRegistry(
    {
        "csv": "partnerfit.render.compare.csv:render_compare_csv",
        "jsonl": "partnerfit.render.compare.json:render_compare_jsonl",
        "json": "partnerfit.render.compare.json:render_compare_json",
        "matrix": "partnerfit.render.compare.csv:render_compare_matrix",
        "table": "partnerfit.render.compare.table:render_compare_table",
    }
)

COMPARE_STREAMS: LazyRegistry[BlockRenderer] = LazyRegistry(
    {
        "csv": "partnerfit.render.compare.csv:render_compare_csv_fast",
        "jsonl": "partnerfit.render.compare.json:render_compare_jsonl_blocks",
        "matrix": "partnerfit.render.compare.csv:render_compare_matrix_blocks",
    }
)
"""The long formats, written a block of focals at a time: ``compare`` without ``--top-k``."""
