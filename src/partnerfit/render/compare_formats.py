"""The ``--format`` registries of ``partnerfit compare`` and ``partnerfit match``.

Compare renderers yield chunks of text, so that a long comparison streams to its output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from partnerfit.batch import Comparison
from partnerfit.matching import Matching
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare_csv import render_compare_csv, render_compare_matrix
from partnerfit.render.compare_json import render_compare_json, render_compare_jsonl
from partnerfit.render.compare_table import render_compare_table
from partnerfit.render.match_csv import render_match_csv
from partnerfit.render.match_json import render_match_json
from partnerfit.render.match_table import render_match_table

CompareRenderer = Callable[[Comparison, RenderOptions], Iterator[str]]
MatchRenderer = Callable[[Matching, RenderOptions], str]

COMPARE_FORMATS: dict[str, CompareRenderer] = {
    "csv": render_compare_csv,
    "jsonl": render_compare_jsonl,
    "json": render_compare_json,
    "matrix": render_compare_matrix,
    "table": render_compare_table,
}

MATCH_FORMATS: dict[str, MatchRenderer] = {
    "table": render_match_table,
    "json": render_match_json,
    "csv": render_match_csv,
}
