"""Renderers of ``partnerfit review``: one module per format, resolved on first use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.render.common import RenderOptions
    from partnerfit.review.results import PartnershipReview, ReviewResult

ReviewRenderer: TypeAlias = "Callable[[ReviewResult, RenderOptions], str]"
ReviewExplainRenderer: TypeAlias = "Callable[[PartnershipReview, RenderOptions], str]"

REVIEW_FORMATS: LazyRegistry[ReviewRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.review.table:render_review_table",
        "json": "partnerfit.render.review.json:render_review_json",
        "csv": "partnerfit.render.review.csv:render_review_csv",
        "markdown": "partnerfit.render.review.markdown:render_review_markdown",
    }
)
"""``--format`` choices of ``partnerfit review``."""

REVIEW_EXPLAIN_FORMATS: LazyRegistry[ReviewExplainRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.review.table:render_review_explain_table",
        "json": "partnerfit.render.review.json:render_review_explain_json",
        "csv": "partnerfit.render.review.csv:render_review_explain_csv",
        "markdown": "partnerfit.render.review.markdown:render_review_explain_markdown",
    }
)
"""``--format`` choices of ``partnerfit review --explain ID``: one partnership in full."""

__all__ = ["REVIEW_EXPLAIN_FORMATS", "REVIEW_FORMATS", "ReviewExplainRenderer", "ReviewRenderer"]
