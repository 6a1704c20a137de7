"""Text from partnership files is untrusted: make it inert for each output format."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder text
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")
# inside a sentence or a table cell these are the characters Markdown would act on
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")


def clean(text: str) -> str:
    """One line of plain text: control and bidi characters become spaces or go."""
    out = _UNSAFE.sub(lambda m: " " if m.group() in "\t\n\r" else "", text)
    # unassigned and private-use code points draw as garbage in a terminal
    return "".join(ch for ch in out if unicodedata.category(ch) not in ("Cn", "Co", "Cs"))


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    text = clean(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown(text: str) -> str:
    """Inline Markdown showing the text literally: every special character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text))
