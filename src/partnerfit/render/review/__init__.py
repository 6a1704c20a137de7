"""The ``--format`` registries of ``partnerfit review`` (all partnerships, and ``--explain ID``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.render.common import RenderOptions
    from partnerfit.review.results import PartnershipReview, ReviewResult

ReviewRenderer: TypeAlias = "Callable[[ReviewResult, RenderOptions], str]"
ReviewExplainRenderer: TypeAlias = "Callable[[PartnershipReview, RenderOptions], str]"

REVIEW_FORMATS: LazyRegistry[ReviewRenderer] = formats("review")
"""``--format`` choices of ``partnerfit review``."""

REVIEW_EXPLAIN_FORMATS: LazyRegistry[ReviewExplainRenderer] = formats("review-explain")
"""``--format`` choices of ``partnerfit review --explain ID``: one partnership in full."""

__all__ = ["REVIEW_EXPLAIN_FORMATS", "REVIEW_FORMATS", "ReviewExplainRenderer", "ReviewRenderer"]
