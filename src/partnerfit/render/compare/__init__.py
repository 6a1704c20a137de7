"""The ``--format`` registry of ``partnerfit compare``.

Compare renderers yield chunks of text, so that a long comparison streams to its output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeAlias

from partnerfit.render.registry import LazyRegistry, formats

if TYPE_CHECKING:
    from partnerfit.batch.engine import Comparison
    from partnerfit.render.common import RenderOptions

CompareRenderer: TypeAlias = "Callable[[Comparison, RenderOptions], Iterator[str]]"
BlockRenderer: TypeAlias = "Callable[[Iterable[Comparison], RenderOptions], Iterator[str]]"

COMPARE_FORMATS: LazyRegistry[CompareRenderer] = formats("compare")

COMPARE_STREAMS: LazyRegistry[BlockRenderer] = formats("compare-stream")
"""The long formats, written a block of focals at a time: ``compare`` without ``--top-k``."""
