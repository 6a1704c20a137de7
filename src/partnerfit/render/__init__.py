"""Renderers: every output format draws the same result object.

``render/<command>/`` holds one module per format; ``render/registry.py`` declares every
command's formats in one mapping (``RANK_FORMATS`` and its siblings are views of it). The
registries resolve a renderer on first use, so that importing them (for help text) is cheap.

May import: ``partnerfit.decide``, ``partnerfit.batch``, ``partnerfit.review``,
``partnerfit.check``, ``partnerfit.scoring``, ``partnerfit.model``, ``partnerfit.io``,
``partnerfit.errors``; and rich. Never typer or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnerfit.render.check import CHECK_FORMATS, CheckRenderer
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare import COMPARE_FORMATS
from partnerfit.render.explain import EXPLAIN_FORMATS
from partnerfit.render.match import MATCH_FORMATS
from partnerfit.render.rank import RANK_FORMATS, RankRenderer
from partnerfit.render.review import REVIEW_EXPLAIN_FORMATS, REVIEW_FORMATS

if TYPE_CHECKING:
    from partnerfit.render.explain.json import explanation_to_dict
    from partnerfit.render.rank.json import ranking_to_dict


def __getattr__(name: str) -> Any:
    # the dict helpers import ranking and explain (and numpy): only when asked for
    if name == "explanation_to_dict":
        from partnerfit.render.explain.json import explanation_to_dict

        return explanation_to_dict
    if name == "ranking_to_dict":
        from partnerfit.render.rank.json import ranking_to_dict

        return ranking_to_dict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CHECK_FORMATS",
    "COMPARE_FORMATS",
    "EXPLAIN_FORMATS",
    "MATCH_FORMATS",
    "RANK_FORMATS",
    "REVIEW_EXPLAIN_FORMATS",
    "REVIEW_FORMATS",
    "CheckRenderer",
    "RankRenderer",
    "RenderOptions",
    "explanation_to_dict",
    "ranking_to_dict",
]
