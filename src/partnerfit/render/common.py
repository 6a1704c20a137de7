"""Shared helpers for renderers: options, rich consoles, evidence as plain data, and the one
escaping function of each output family (terminal, CSV, Markdown, XML, JSON).

Every string a profile, config or file name supplies is data. The terminal family (table, text,
github) shows control characters as visible escapes (``printable``) and never parses rich
markup; CSV cells are neutralised against formula injection; Markdown escapes its syntax and
HTML; XML drops nothing but writes the characters XML 1.0 forbids as escapes; JSON writes
every control character as a ``\\u`` escape.
"""

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
from partnerfit.io.printable import printable, printable_lines
from partnerfit.model.base import CRITERIA

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA_VERSION = "1"
"""Version of the JSON output structures; bumped on any incompatible change."""

SCORES_SCHEMA_VERSION = "2"
"""Version of the scored outputs (rank, compare, match, explain): 2 added coverage and the
score interval, replaced ``used_weight`` and ``unscored`` (docs/scoring.md)."""

CRITERION_LABELS: dict[str, str] = {
    "value_alignment": "Values",
    "complementarity": "Compl.",
    "goal_alignment": "Goals",
    "market_reach": "Markets",
    "reputation": "Rep.",
    "communication": "Comms",
}

SCORE_COLUMNS: tuple[str, ...] = ("score", "tier", "coverage", "score_low", "score_high", *CRITERIA)
"""The score columns every scored CSV shares, in order (criteria in canonical order)."""

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
    """How to draw: colour (only on a terminal), the width of rich output, and whether the
    output's encoding has the box-drawing characters (ASCII boxes when it has not)."""

    color: bool = False
    width: int = 100
    unicode: bool = True


class _Buffer(io.StringIO):
    """A string buffer that tells rich the encoding of the real output (rich picks boxes by it)."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]  # StringIO's is None
        return self._encoding


def render_with_console(options: RenderOptions, draw: Callable[[Console], None]) -> str:
    """Draw with a rich console into a string, coloured only when asked; no markup is parsed."""
    from rich.console import Console  # rich loads only for the formats that draw with it

    class _DataConsole(Console):
        """Strings are data: never markup, and their control characters are escaped."""

        def render_str(self, text: str, **kwargs: Any) -> Any:
            kwargs["markup"] = False
            return super().render_str(printable_lines(text), **kwargs)

    buffer = _Buffer("utf-8" if options.unicode else "ascii")
    console = _DataConsole(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    draw(console)
    text = buffer.getvalue()
    if options.color:
        return text
    # rich pads wrapped text and table rows to the width: piped output has no trailing spaces
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


terminal_text = printable
"""One line of untrusted text for the terminal family (table, text, github): control
characters, newlines included, as visible escapes. Apply it to every profile-supplied string
put into a rich ``Text``; plain strings handed to rich are escaped by the console itself."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(text: str) -> str:
    """A text cell safe for spreadsheets (the OWASP CSV-injection rule) and line-based tools.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a CR (or their full-width forms) is
    prefixed with ``'`` so that no spreadsheet evaluates it as a formula; control characters,
    CR and newline included, are written as escapes so that one record is one line.
    """
    if starts_formula(text):
        text = "'" + text
    return printable(text)


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read the text as a formula (``csv_cell`` prefixes it)."""
    return text.startswith(_FORMULA_START)


_MARKDOWN_SPECIAL = re.compile(r"([\\*\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def markdown_text(text: str) -> str:
    """Untrusted text inline in Markdown (a table cell, a list item, a heading): data only.

    Markdown syntax is backslash-escaped (no emphasis, link, image or strike-through, no ``|``
    ending a cell), ``<`` and an ``&`` that starts an entity become entities (no HTML, no
    comment), and a line break cannot end the cell or item. Backticks are left: a code span only
    makes text more literal.
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", printable_lines(text))
    # `<` opens every tag and comment; `&` only matters where it starts an entity
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return text.replace("\n", "<br>")


def markdown_code(text: str) -> str:
    """An id or tag as inline code where it can be one (no backtick, no control), else as text."""
    if text and "`" not in text and printable(text) == text:
        return f"`{text}`"
    return markdown_text(text)


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: the characters it forbids (most controls, lone surrogates from
    undecodable file names) written as visible escapes; ElementTree escapes the markup."""
    if _XML_FORBIDDEN.search(text) is None:
        return text
    return _XML_FORBIDDEN.sub(lambda m: printable(m.group()), text)


def rounded(value: float | None, digits: int = 6) -> float | None:
    """A float rounded for stable machine output; None stays None, NaN becomes None."""
    if value is None or math.isnan(value):
        return None
    return round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def _as_is(value: Any) -> Any:
    return value


def _plain_handler(kind: type) -> Callable[[Any], Any]:
    """How ``plain`` spells a value of this type, in the order it checks: a dataclass as a dict
    of its fields, a dict with str keys, a list or tuple as a list, a float rounded, any other
    value as it is."""
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        return lambda value: {name: plain(getattr(value, name)) for name in names}
    if issubclass(kind, dict):
        return lambda value: {str(k): plain(v) for k, v in value.items()}
    if issubclass(kind, list | tuple):
        return lambda value: [plain(v) for v in value]
    if issubclass(kind, float):
        return rounded
    return _as_is


_PLAIN: dict[type, Callable[[Any], Any]] = {}
"""``_plain_handler`` of each type met, asked once per type: a ranking of thousands has
hundreds of thousands of evidence objects to spell (a chain of isinstance tests for each took
a quarter of the JSON of 7,199 candidates)."""


def plain(value: Any) -> Any:
    """Dataclasses, tuples and floats as JSON-ready data with rounded floats."""
    kind = type(value)
    handler = _PLAIN.get(kind)
    if handler is None:
        handler = _PLAIN[kind] = _plain_handler(kind)
    return handler(value)


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


# json.dumps escapes C0 controls only; DEL, C1 controls, bidirectional overrides, line
# separators and lone surrogates would otherwise reach a terminal or log raw
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_text(text: str) -> str:
    """JSON text with the characters ``json.dumps`` leaves raw written as ``\\uXXXX`` escapes.

    Outside strings JSON holds only ASCII, so every match is inside a string, where the escape
    decodes to the same character: the data is unchanged, only its spelling.
    """
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_json(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 kept (controls escaped), newline."""
    return json_text(indented_json(data)) + "\n"


def indented_json(data: Any) -> str:
    """``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)``, the same text.

    ``json`` writes indented text through nested generators, one resumption per level for each
    piece (its C encoder does not indent); one recursive pass appending to a list takes a
    fraction of that on the thousands of records of a large check or ranking. Most values are
    strings, floats and nulls inside a dict or list: those are written where they are met,
    without a call of their own, and each str key's ``"key": `` is spelled once (the JSON of a
    ranking of 7,199 candidates, 35 MB: 0.92–1.03 → 0.70–0.76 s).
    """
    pieces: list[str] = []
    write = pieces.append
    string, floating = _json_string, _json_float
    spelled: dict[str, str] = {}  # each str key's '"key": ' (only str keys: 1 == True)

    def container(item: Any, indent: str) -> None:
        is_object = isinstance(item, dict)
        if not item:
            write("{}" if is_object else "[]")
            return
        inner = indent + "  "
        between = ",\n" + inner
        write(("{\n" if is_object else "[\n") + inner)
        for position, member in enumerate(sorted(item.items()) if is_object else item):
            if position:
                write(between)
            if is_object:
                key, member = member
                write(spelled.get(key) or key_spelling(key))
            kind = type(member)
            if kind is str:
                write(string(member))
            elif kind is float:
                write(floating(member))
            elif member is None:
                write("null")
            else:
                value(member, inner)
        write("\n" + indent + ("}" if is_object else "]"))

    def key_spelling(key: Any) -> str:
        spelling = _json_key(key) + ": "
        if type(key) is str:
            spelled[key] = spelling
        return spelling

    def value(item: Any, indent: str) -> None:
        found = item if type(item) in _CONTAINERS else _json_scalar(item)
        if isinstance(found, str):
            write(found)
        else:
            container(found, indent)

    value(data, "")
    return "".join(pieces)


_CONTAINERS = frozenset({dict, list, tuple})


def _json_scalar(item: Any) -> str | list[Any] | dict[Any, Any]:
    """The JSON of a value that is not exactly a dict, list or tuple, tested in json's order
    (bool before int, a subclass as its base): its text, or a dict's or list's subclass as a
    plain one to write."""
    if isinstance(item, str):
        return _json_string(item)
    if item is None:
        return "null"
    if item is True:
        return "true"
    if item is False:
        return "false"
    if isinstance(item, int):
        return int.__repr__(item)
    if isinstance(item, float):
        return _json_float(item)
    if isinstance(item, list | tuple):
        return list(item)
    if isinstance(item, dict):
        return dict(item)
    raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")


_json_string: Callable[[str], str] = json.encoder.encode_basestring
"""A str as JSON with ensure_ascii=False: json's own function (its C version when built)."""


def _json_float(number: float) -> str:
    """A float as json writes it: its repr, or NaN and Infinity spelled as JavaScript does."""
    if number != number:
        return "NaN"
    if number in (math.inf, -math.inf):
        return "Infinity" if number > 0 else "-Infinity"
    return float.__repr__(number)


def _json_key(key: Any) -> str:
    """A mapping key as json writes it: str as is; float, bool, None and int as their JSON."""
    if isinstance(key, str):
        return _json_string(key)
    if isinstance(key, float):
        return _json_string(_json_float(key))
    if key is True or key is False or key is None:
        return _json_string(json.dumps(key))
    if isinstance(key, int):
        return _json_string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def json_line(data: Any) -> str:
    """One compact JSON record and a newline (JSON Lines), escaped as in dump_json."""
    return (
        json_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
        + "\n"
    )


def tool_info() -> dict[str, str]:
    """The tool block every machine format carries."""
    return {"name": "partnerfit", "version": __version__}


TIE_LEGEND = "a rank such as 2= is shared: equal scores tie, listed by id"
"""What a tied rank such as ``2=`` means, said wherever one is shown."""


def rank_label(rank: int | None, tied: bool | None) -> str:
    """A rank as people read it: ``2=`` when tied, ``2`` otherwise, empty when unranked."""
    if rank is None:
        return ""
    return f"{rank}=" if tied else str(rank)


def tied_cell(tied: bool | None) -> str:
    """The CSV ``tied`` cell: ``true``/``false`` for a ranked row, empty otherwise."""
    if tied is None:
        return ""
    return "true" if tied else "false"


def coverage_text(coverage: float | None) -> str:
    """Coverage (0..1) as a whole percentage, floored so that 99.6% never shows as 100%."""
    if coverage is None:
        return ""
    return f"{math.floor(100 * coverage + 1e-9):.0f}%"


def unknowns_to_dict(unknowns: Any) -> dict[str, Any]:
    """The ``unknowns`` block of the scored JSON formats: the prior and the minimum coverage."""
    return {"prior": rounded(unknowns.prior), "min_coverage": rounded(unknowns.min_coverage)}


def unknown_legend(unknowns: Any) -> str:
    """What ``?`` and coverage mean, for table captions and footers."""
    return (
        f"? = unknown, counted as {100 * unknowns.prior:.0f}; Cov = share of the weight "
        f"known, unranked below {100 * unknowns.min_coverage:.0f}%"
    )


def points(score: float | None) -> str:
    """A 0..1 criterion score as points out of 100, or ? when unknown."""
    return "?" if score is None else f"{100 * score:.0f}"


def markdown_row(cells: list[str]) -> str:
    """One row of a pipe table (cells already escaped)."""
    return "| " + " | ".join(cells) + " |"
