"""Shared helpers for renderers: options, rich consoles, evidence as plain data."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partnerfit._version import __version__

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA_VERSION = "1"
"""Version of the JSON output structures; bumped on any incompatible change."""

CRITERION_LABELS: dict[str, str] = {
    "value_alignment": "Values",
    "complementarity": "Compl.",
    "goal_alignment": "Goals",
    "market_reach": "Markets",
    "reputation": "Rep.",
    "communication": "Comms",
}

SHORT_LABELS: dict[str, str] = {
    "value_alignment": "Val",
    "complementarity": "Cmp",
    "goal_alignment": "Goal",
    "market_reach": "Mkt",
    "reputation": "Rep",
    "communication": "Com",
}
"""Column headers where width is short (the terminal table); the caption spells them out."""


@dataclass(frozen=True)
class RenderOptions:
    """How to draw: colour (only on a terminal) and the width of rich output."""

    color: bool = False
    width: int = 100


def render_with_console(options: RenderOptions, draw: Callable[[Console], None]) -> str:
    """Draw with a rich console into a string, coloured only when asked."""
    from rich.console import Console  # rich loads only for the formats that draw with it

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    draw(console)
    return buffer.getvalue()


def rounded(value: float | None, digits: int = 6) -> float | None:
    """A float rounded for stable machine output; None stays None, NaN becomes None."""
    if value is None or math.isnan(value):
        return None
    return round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def plain(value: Any) -> Any:
    """Dataclasses, tuples and floats as JSON-ready data with rounded floats."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return rounded(value)
    return value


def weights_to_dict(weights: Any) -> dict[str, Any]:
    """The ``weights`` block every JSON format carries: where they came from, as given, as used."""
    return {
        "source": weights.source,
        "given": plain(dict(weights.given)),
        "normalised": plain(dict(weights.normalised)),
        "note": weights.note,
    }


def not_shown(below_min_score: int, cut_by_top: int) -> str | None:
    """The sentence saying how many candidates --min-score and --top hid, if any."""
    hidden = []
    if below_min_score:
        hidden.append(f"{below_min_score} below --min-score")
    if cut_by_top:
        hidden.append(f"{cut_by_top} beyond --top")
    return f"Not shown: {', '.join(hidden)}." if hidden else None


def dump_json(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 kept, trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def tool_info() -> dict[str, str]:
    """The tool block every machine format carries."""
    return {"name": "partnerfit", "version": __version__}


def points(score: float | None) -> str:
    """A 0..1 criterion score as points out of 100, or ? when unknown."""
    return "?" if score is None else f"{100 * score:.0f}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def md(text: str) -> str:
    """Text from a file as inert Markdown: control characters blanked, markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text))


def markdown_row(cells: list[str]) -> str:
    """One row of a pipe table (cells already escaped)."""
    return "| " + " | ".join(cells) + " |"


def strip_padding(text: str) -> str:
    """Rich pads every line to the table's width; piped output gets no trailing spaces."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
