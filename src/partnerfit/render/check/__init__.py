"""``CHECK_FORMATS`` maps each ``--format`` name of ``partnerfit check`` to its renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.check.run import CheckResult
    from partnerfit.render.common import RenderOptions

CheckRenderer: TypeAlias = "Callable[[CheckResult, RenderOptions], str]"

CHECK_FORMATS: LazyRegistry[CheckRenderer] = LazyRegistry(
    {
        "text": "partnerfit.render.check.text:render_check_text",
        "json": "partnerfit.render.check.json:render_check_json",
        "github": "partnerfit.render.check.github:render_check_github",
        "sarif": "partnerfit.render.check.sarif:render_check_sarif",
        "junit": "partnerfit.render.check.junit:render_check_junit",
    }
)


__all__ = ["CHECK_FORMATS", "CheckRenderer"]
