"""``CHECK_FORMATS`` maps each ``--format`` name of ``partnerfit check`` to its renderer."""

from __future__ import annotations

from collections.abc import Callable

from partnerfit.check import CheckResult
from partnerfit.render.check_github import render_check_github
from partnerfit.render.check_json import check_to_dict, render_check_json
from partnerfit.render.check_junit import render_check_junit
from partnerfit.render.check_sarif import check_to_sarif, render_check_sarif
from partnerfit.render.check_text import render_check_text
from partnerfit.render.common import RenderOptions

CheckRenderer = Callable[[CheckResult, RenderOptions], str]

CHECK_FORMATS: dict[str, CheckRenderer] = {
    "text": render_check_text,
    "json": render_check_json,
    "github": render_check_github,
    "sarif": render_check_sarif,
    "junit": render_check_junit,
}

__all__ = ["CHECK_FORMATS", "CheckRenderer", "check_to_dict", "check_to_sarif"]
