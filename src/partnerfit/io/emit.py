"""YAML text written by libyaml where it writes what PyYAML's own emitter writes.

``partnerfit import`` writes a file per spreadsheet row: PyYAML's emitter, written in Python,
took 13.3 s for 10,000 profiles, about half of the whole command; libyaml's (``CSafeDumper``)
3.2 s for the same 10,000 documents, byte for byte the same. As far as fuzzing them against
each other found, they differ only in how they escape and fold strings that need double
quotes: a character outside the Basic Multilingual Plane (an emoji: libyaml writes
``\\U0001F331`` where PyYAML writes the character), a line break, a control character; and in
which keys they write as ``? key`` (an empty one, a long one). So libyaml writes a document
only when every string in it is printable and in that plane and every key short and not empty
(a fuzz of 30,000 such documents found no difference), PyYAML's
emitter every other one; either way the text is PyYAML's (a test compares them on any data).
"""

from __future__ import annotations

from typing import Any

__all__ = ["yaml_text"]

_LAST_BMP = "\uffff"
_SIMPLE_KEY_BYTES = 100


def _libyaml_writes_the_same(value: Any) -> bool:
    """Whether every string in ``value`` (keys too) is printable and in the Basic
    Multilingual Plane, where libyaml's emitter writes what PyYAML's does."""
    if isinstance(value, str):
        return value.isprintable() and (not value or max(value) <= _LAST_BMP)
    if isinstance(value, dict):
        return all(
            _simple_key(key) and _libyaml_writes_the_same(item) for key, item in value.items()
        )
    if isinstance(value, list | tuple):
        return all(_libyaml_writes_the_same(item) for item in value)
    return True  # numbers, booleans, None, dates: written by the same Python representer


def _simple_key(key: Any) -> bool:
    """A key both write as ``key: value``: PyYAML writes an empty key as ``? key``, and one
    whose text and tag (``!!str``) reach 128 characters; libyaml one of more than 128 bytes of
    UTF-8. Up to 100 bytes, both write any printable key as a simple one."""
    if not isinstance(key, str):
        return _libyaml_writes_the_same(key)
    return 0 < len(key.encode("utf-8")) <= _SIMPLE_KEY_BYTES and _libyaml_writes_the_same(key)


def yaml_text(data: Any, *, width: int) -> str:
    """``yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width)``, the same
    text, by libyaml when that is the same."""
    import yaml

    fast = getattr(yaml, "__with_libyaml__", False) and _libyaml_writes_the_same(data)
    dumper = yaml.CSafeDumper if fast else yaml.SafeDumper
    text: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=width)
    return text
