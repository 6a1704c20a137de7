"""HTML output of a review: the self-contained report of ``render/html/review.py``."""

from __future__ import annotations

from partnerfit.render.common import RenderOptions
from partnerfit.render.html.review import partnership_report, review_report
from partnerfit.render.review.json import partnership_to_dict, review_to_dict
from partnerfit.review.results import PartnershipReview, ReviewResult


def render_review_html(result: ReviewResult, options: RenderOptions) -> str:
    """Render a whole review as an HTML report: the partnerships that need attention first."""
    del options
    return review_report(review_to_dict(result))


def render_review_explain_html(item: PartnershipReview, options: RenderOptions) -> str:
    """Render one partnership's review (``review --explain ID``) as an HTML report."""
    del options
    return partnership_report(partnership_to_dict(item))
