"""Untrusted text made safe to show: control characters escaped, never interpreted.

Profiles, file names and config files come from strangers. A name holding ``ESC [2J`` would
clear the reader's terminal, an OSC 8 sequence would plant a hyperlink, a bare CR would
overwrite the start of a line and a newline would forge an extra finding line. Every
character that a terminal, a CI log or a line-based tool acts on is written as a visible
escape instead (``\\x1b``, ``\\r``, ``\\n``, ``\\u202e``); ordinary text, including non-ASCII
letters, is unchanged.
"""

from __future__ import annotations

import re

__all__ = ["printable", "printable_lines", "without_surrogates"]

# C0 and C1 controls and DEL; bidirectional overrides and isolates ("Trojan Source"); the
# Unicode line and paragraph separators; lone surrogates (undecodable bytes of a file name)
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_CHARACTER = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One line of text with every control character written as a visible escape."""
    if _UNSAFE_CHARACTER.search(text) is None:  # the common case: nothing to copy
        return text
    return _UNSAFE_CHARACTER.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Like ``printable``, but the newlines that separate lines are kept."""
    if _UNSAFE_BUT_NEWLINE.search(text) is None:
        return text
    return _UNSAFE_BUT_NEWLINE.sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """A file name made encodable: bytes that are not UTF-8 written as ``\\xNN``, the rest kept."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_escape, text)
