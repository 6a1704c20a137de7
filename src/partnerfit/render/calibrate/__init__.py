"""Renderers of ``partnerfit calibrate``: one module per format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.common import RenderOptions
from partnerfit.render.registry import LazyRegistry

if TYPE_CHECKING:
    from partnerfit.decide.calibrate import Calibration

CalibrateRenderer: TypeAlias = "Callable[[Calibration, RenderOptions], str]"

CALIBRATE_FORMATS: LazyRegistry[CalibrateRenderer] = LazyRegistry(
    {
        "table": "partnerfit.render.calibrate.table:render_calibrate_table",
        "json": "partnerfit.render.calibrate.json:render_calibrate_json",
        "markdown": "partnerfit.render.calibrate.markdown:render_calibrate_markdown",
    }
)

__all__ = ["CALIBRATE_FORMATS", "CalibrateRenderer"]
