"""``CHECK_FORMATS`` maps each ``--format`` name of ``partnerfit check`` to its renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.check.result import CheckResult
    from partnerfit.render.common import RenderOptions

CheckRenderer: TypeAlias = "Callable[[CheckResult, RenderOptions], str]"

CHECK_FORMATS: LazyRegistry[CheckRenderer] = formats("check")


__all__ = ["CHECK_FORMATS", "CheckRenderer"]
