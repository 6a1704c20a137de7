"""The ``--format`` registry of ``partnerfit calibrate``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.decide.calibrate import Calibration
    from partnerfit.render.common import RenderOptions

CalibrateRenderer: TypeAlias = "Callable[[Calibration, RenderOptions], str]"

CALIBRATE_FORMATS: LazyRegistry[CalibrateRenderer] = formats("calibrate")

__all__ = ["CALIBRATE_FORMATS", "CalibrateRenderer"]
