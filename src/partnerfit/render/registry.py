"""Every command's output formats, declared once, with renderers imported on first use.

``RENDERERS`` maps command → ``--format`` name → ``"module:function"``. The names are known
without importing anything, so command help and choice checks cost nothing; a renderer's
module (and numpy, for the batch formats) loads only when it is used. Each command's
package (``render/rank/`` …) holds one module per format and exposes its view of this
registry (``RANK_FORMATS``) typed with its renderer's signature.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Iterator, Mapping
from typing import Any, Literal, TypeVar, cast

from partnerfit.io.heap import fewer_collections

R = TypeVar("R")

__all__ = [
    "RENDERERS",
    "CalibrateFormat",
    "CheckFormat",
    "CompareFormat",
    "CompareStreamFormat",
    "ExplainFormat",
    "LazyRegistry",
    "MatchFormat",
    "RankFormat",
    "ReviewFormat",
    "WeightsFormat",
    "collecting_less",
    "formats",
]

RankFormat = Literal["table", "json", "csv", "markdown", "html"]
CheckFormat = Literal["text", "json", "github", "sarif", "junit"]
ExplainFormat = Literal["table", "json", "markdown", "html"]
CompareFormat = Literal["csv", "jsonl", "json", "matrix", "coverage-matrix", "table", "html"]
CompareStreamFormat = Literal["csv", "jsonl", "matrix", "coverage-matrix"]
MatchFormat = Literal["table", "json", "csv", "html"]
ReviewFormat = Literal["table", "json", "csv", "markdown", "html"]
WeightsFormat = Literal["table", "json", "markdown"]
CalibrateFormat = Literal["table", "json", "markdown"]

_R = "partnerfit.render"

RENDERERS: dict[str, dict[str, str]] = {
    "rank": {
        "table": f"{_R}.rank.table:render_rank_table",
        "json": f"{_R}.rank.json:render_rank_json",
        "csv": f"{_R}.rank.csv:render_rank_csv",
        "markdown": f"{_R}.rank.markdown:render_rank_markdown",
        "html": f"{_R}.rank.html:render_rank_html",
    },
    "check": {
        "text": f"{_R}.check.text:render_check_text",
        "json": f"{_R}.check.json:render_check_json",
        "github": f"{_R}.check.github:render_check_github",
        "sarif": f"{_R}.check.sarif:render_check_sarif",
        "junit": f"{_R}.check.junit:render_check_junit",
    },
    "explain": {
        "table": f"{_R}.explain.table:render_explain_table",
        "json": f"{_R}.explain.json:render_explain_json",
        "markdown": f"{_R}.explain.markdown:render_explain_markdown",
        "html": f"{_R}.explain.html:render_explain_html",
    },
    "explain-side-by-side": {
        "table": f"{_R}.explain.side_by_side:render_side_by_side_table",
        "json": f"{_R}.explain.side_by_side:render_side_by_side_json",
        "markdown": f"{_R}.explain.side_by_side:render_side_by_side_markdown",
        "html": f"{_R}.explain.html:render_side_by_side_html",
    },
    # the long formats put their lines together in numpy (render.compare.fast), as the stream
    # does; the per-pair writers (render_compare_csv …) are the reference the tests hold them to
    "compare": {
        "csv": f"{_R}.compare.csv:render_compare_csv_fast_whole",
        "jsonl": f"{_R}.compare.json:render_compare_jsonl_fast_whole",
        "json": f"{_R}.compare.json:render_compare_json",
        "matrix": f"{_R}.compare.csv:render_compare_matrix_fast_whole",
        "coverage-matrix": f"{_R}.compare.csv:render_compare_coverage_matrix_fast_whole",
        "table": f"{_R}.compare.table:render_compare_table",
        "html": f"{_R}.compare.html:render_compare_html",
    },
    # compare without --top-k: the long formats, a block of focals at a time
    "compare-stream": {
        "csv": f"{_R}.compare.csv:render_compare_csv_fast",
        "jsonl": f"{_R}.compare.json:render_compare_jsonl_fast",
        "matrix": f"{_R}.compare.csv:render_compare_matrix_fast",
        "coverage-matrix": f"{_R}.compare.csv:render_compare_coverage_matrix_fast",
    },
    "match": {
        "table": f"{_R}.match.table:render_match_table",
        "json": f"{_R}.match.json:render_match_json",
        "csv": f"{_R}.match.csv:render_match_csv",
        "html": f"{_R}.match.html:render_match_html",
    },
    "review": {
        "table": f"{_R}.review.table:render_review_table",
        "json": f"{_R}.review.json:render_review_json",
        "csv": f"{_R}.review.csv:render_review_csv",
        "markdown": f"{_R}.review.markdown:render_review_markdown",
        "html": f"{_R}.review.html:render_review_html",
    },
    "review-explain": {
        "table": f"{_R}.review.table:render_review_explain_table",
        "json": f"{_R}.review.json:render_review_explain_json",
        "csv": f"{_R}.review.csv:render_review_explain_csv",
        "markdown": f"{_R}.review.markdown:render_review_explain_markdown",
        "html": f"{_R}.review.html:render_review_explain_html",
    },
    "weights": {
        "table": f"{_R}.weights.table:render_weights_table",
        "json": f"{_R}.weights.json:render_weights_json",
        "markdown": f"{_R}.weights.markdown:render_weights_markdown",
    },
    "calibrate": {
        "table": f"{_R}.calibrate.table:render_calibrate_table",
        "json": f"{_R}.calibrate.json:render_calibrate_json",
        "markdown": f"{_R}.calibrate.markdown:render_calibrate_markdown",
    },
}
"""Command → format name → renderer, in the order ``--help`` lists the formats.

The format names of each command are also its ``Literal`` type above (``RankFormat`` …),
which the CLI uses as the option's type; tests/unit/test_architecture.py holds them equal.
"""


def collecting_less(renderer: R) -> R:
    """``renderer`` run with the garbage collector kept out of the way (``io.heap``).

    A renderer builds the whole output's records or lines before it returns them: hundreds of
    thousands of lasting, acyclic dicts, lists and rich segments for a ranking of thousands,
    which the collections their numbers set off walk again and again (the JSON of a ranking of
    7,199 candidates 3.3 → 2.3 s, its HTML 3.3 → 2.0 s). A generator function is returned as it
    is: its work happens as it is read, after this has put the thresholds back, so only the
    long formats of ``compare``, which stream their lines, are generator functions (a test
    holds it) and the streaming ones keep the collector away themselves.
    """
    if not callable(renderer) or inspect.isgeneratorfunction(renderer):
        return renderer

    @functools.wraps(renderer)
    def rendering(*args: Any, **kwargs: Any) -> Any:
        with fewer_collections():
            return renderer(*args, **kwargs)

    return cast(R, rendering)


class LazyRegistry(Mapping[str, R]):
    """Format name → renderer, from ``"module:function"`` references resolved when looked up
    (each run with fewer garbage collections: ``collecting_less``)."""

    def __init__(self, references: Mapping[str, str]) -> None:
        self._references = dict(references)
        self._resolved: dict[str, R] = {}

    def __getitem__(self, name: str) -> R:
        try:
            return self._resolved[name]
        except KeyError:
            pass
        module_name, _, attribute = self._references[name].partition(":")
        renderer: R = collecting_less(getattr(importlib.import_module(module_name), attribute))
        self._resolved[name] = renderer
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(self._references)

    def __len__(self) -> int:
        return len(self._references)

    def __contains__(self, name: object) -> bool:
        return name in self._references

    def __repr__(self) -> str:
        return f"LazyRegistry({self._references!r})"


_VIEWS: dict[str, LazyRegistry[Any]] = {}


def formats(command: str) -> LazyRegistry[Any]:
    """One command's formats: the same registry object on every call."""
    view = _VIEWS.get(command)
    if view is None:
        view = _VIEWS[command] = LazyRegistry(RENDERERS[command])
    return view
