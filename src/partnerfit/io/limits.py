"""Bounds on the cost of reading one file, and cheap tests of a text against them.

The prefilters look at the raw text first (counting brackets, indents and separators); only
a text that might break a bound is scanned event by event, before any node is built.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from partnerfit.io.loader import Loader

__all__ = ["Limits", "first_too_deep", "may_be_deep", "may_be_large", "scan_events"]

MAX_FILE_BYTES_CEILING = 10_000_000
MAX_NODES_CEILING = 1_000_000
MAX_DEPTH_CEILING = 200


class Limits(BaseModel):
    """Bounds on the cost of reading one file, each with a ceiling."""

    # the models' strict configuration (partnerfit.model.base), written here because io
    # comes before the models: the config file's `limits:` section is validated with it
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # the ceilings keep a config from switching the defences off (max_nodes: 1000000000000
    # would let an alias bomb take gigabytes)
    # 10 MB: ten times the default, still read and parsed in about a second
    max_file_bytes: Annotated[int, Field(strict=True, ge=1, le=MAX_FILE_BYTES_CEILING)] = Field(
        default=1_000_000, description="Largest file read, in bytes (at most 10,000,000)."
    )
    # a million nodes: ten times the default, a few hundred MB at most once built
    max_nodes: Annotated[int, Field(strict=True, ge=1, le=MAX_NODES_CEILING)] = Field(
        default=100_000,
        description="Most YAML nodes visited per file, aliases expanded (at most 1,000,000).",
    )
    # 200 keeps the recursive walk well inside Python's default recursion limit (1000 frames)
    max_depth: Annotated[int, Field(strict=True, ge=1, le=MAX_DEPTH_CEILING)] = Field(
        default=50, description="Deepest nesting of mappings and lists (at most 200)."
    )


def may_be_deep(text: str, max_depth: int) -> bool:
    """A cheap upper bound on nesting; False means the composer is safe to call.

    Flow brackets each open at most one level, and a block level takes at least one character
    of a line's prefix of spaces and ``-?:`` indicators: the text may be too deep only when
    the brackets plus the longest such prefix reach ``max_depth``.
    """
    flow = text.count("[") + text.count("{")
    prefix = max_depth - flow  # the shortest line prefix that could reach max_depth
    if prefix <= 0:
        return True
    first_line, other_lines = _long_prefix(prefix)
    return first_line.match(text) is not None or other_lines.search(text) is not None


@functools.cache
def _long_prefix(length: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of a line prefix of at least ``length`` characters: on the first line, and
    on any other (led by its newline, a literal the regex engine looks for quickly)."""
    indent = rf"[ \-?:]{{{length}}}"
    return re.compile(indent), re.compile("\n" + indent)


def may_be_large(text: str, max_nodes: int) -> bool:
    """A cheap upper bound on the nodes written out (aliases not expanded): every node but the
    first follows a separator, so counting separators bounds them; False means few enough."""
    if 2 * len(text) + 2 <= max_nodes:  # no more separators than characters: few enough
        return False
    separators = sum(text.count(s) for s in (",", "\n", ":", "[", "{", "-", "?"))
    return 2 * separators + 2 > max_nodes


def scan_events(text: str, limits: Limits) -> tuple[str, Any] | None:
    """The first place nesting or the node count exceeds its limit, from the event stream:
    no recursion (libyaml's composer recurses and overflows the C stack on deep input) and
    no node objects (composing a million-item list costs seconds and hundreds of MB)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            nodes += 1
            if depth > limits.max_depth:
                return "too-deep", event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            nodes += 1
        if nodes > limits.max_nodes:
            return "node-budget", event.start_mark
    return None


def first_too_deep(text: str, limits: Limits) -> Any:
    """Where nesting first passes limits.max_depth in the text before libyaml's own limit."""
    try:
        violation = scan_events(text, limits)
    except yaml.YAMLError:
        return None
    return violation[1] if violation is not None and violation[0] == "too-deep" else None
