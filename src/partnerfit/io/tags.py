"""Explicitly tagged scalars: read through the standard constructors, never crashing them.

PyYAML's constructors trust the resolver's regular expressions, so an explicit tag on the wrong
text (`!!bool maybe`, `!!timestamp abc`, `!!int ""`) fails with whatever the constructor trips on
first (KeyError, IndexError, AttributeError). ``construct`` turns every such failure into
``NotValid`` with the sentence the finding shows.
"""

from __future__ import annotations

import binascii
from typing import Any

import yaml

from partnerfit.io.loader import SCALAR_CONSTRUCTORS, TAG

__all__ = ["NotValid", "construct", "is_base64", "not_valid", "tag_name"]

_SHOWN = 60  # characters of a value quoted in a message, as elsewhere


class NotValid(Exception):
    """An explicitly tagged scalar whose text its tag cannot read; ``str`` is the reason."""


def construct(node: yaml.ScalarNode) -> Any:
    """The value of a scalar with a standard tag; ``NotValid`` when the text does not fit it."""
    build = SCALAR_CONSTRUCTORS[node.tag]
    try:
        return build(node)
    except (ValueError, OverflowError) as err:
        if "limit" in str(err) and "digits" in str(err):
            raise NotValid(f"a number of {len(node.value):,} digits is too large") from None
        raise NotValid(not_valid(node)) from None
    except (yaml.YAMLError, LookupError, AttributeError, TypeError):
        raise NotValid(not_valid(node)) from None


def not_valid(node: yaml.ScalarNode) -> str:
    """'`maybe` is not a valid !!bool'."""
    text = node.value if len(node.value) <= _SHOWN else node.value[: _SHOWN - 1] + "…"
    shown = f"`{text}`" if node.value else "the empty value"
    return f"{shown} is not a valid {tag_name(node.tag)}"


def is_base64(text: str) -> bool:
    """True for strict base64 (PyYAML's own decoder skips any character it does not know)."""
    try:
        binascii.a2b_base64("".join(text.split()).encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        return False
    return True


def tag_name(tag: str) -> str:
    """A tag as written in YAML: ``!!set`` for the standard ``tag:yaml.org,2002:set``."""
    if tag.startswith(TAG):
        return "!!" + tag.removeprefix(TAG)
    return tag if len(tag) <= _SHOWN else tag[: _SHOWN - 1] + "…"
