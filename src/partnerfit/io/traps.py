"""The YAML 1.1 traps: plain scalars read as something other than the text written.

``no`` becomes false, ``0755`` an octal number, ``1:30`` a base-60 number, ``1.10`` the
number 1.1, ``2027-06-30`` a date. Each becomes a finding with a hint to quote the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from partnerfit.io.loader import TAG
from partnerfit.io.tags import NotValid, construct

__all__ = ["Trap", "number_trap", "trap_for"]

_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_TRUE_FALSE = frozenset({"true", "false"})


@dataclass(frozen=True)
class Trap:
    """A YAML 1.1 surprise: a plain scalar read as something other than its text."""

    rule: str
    message: str
    hint: str
    node: yaml.Node
    silent: bool  # the value was changed even where the model accepts it


def trap_for(
    node: yaml.ScalarNode, tag: str, value: Any, *, at_root: bool, numbers: bool = False
) -> Trap | None:
    """The YAML 1.1 surprise a plain, non-string scalar holds, if any.

    A plain number is a surprise only where text is expected; profiles hold many numbers, so
    that case is looked up (``numbers=True``) only for a node that failed validation.
    """
    text = node.value
    keep = f'quote it to keep the text: "{text}"'
    if tag == TAG + "bool" and text.lower() not in _TRUE_FALSE:
        shown = str(value).lower()
        return Trap(
            "yaml-boolean",
            f"`{text}` is read as the boolean {shown} (YAML 1.1)",
            keep,
            node,
            silent=False,
        )
    if tag == TAG + "int":
        trap = _int_trap(node, value)
        if trap is not None:
            return trap
    if tag == TAG + "float" and _float_changes(text, value):
        return Trap(
            "yaml-float", f"`{text}` is read as the number {value!r}", keep, node, silent=False
        )
    if tag == TAG + "timestamp":
        return Trap(
            "yaml-date", f"`{text}` is read as a date, not as text", keep, node, silent=False
        )
    if tag == TAG + "null" and not at_root:
        message = "the value is empty (null)" if not text else f"`{text}` is read as null"
        return Trap("yaml-null", message, "give a value, or remove the key", node, silent=False)
    if numbers and (tag == TAG + "int" or tag == TAG + "float"):
        return Trap("yaml-number", f"`{text}` is read as a number", keep, node, silent=False)
    return None


def _int_trap(node: yaml.ScalarNode, value: Any) -> Trap | None:
    """A base-60 or octal reading of a plain integer; the model may accept it, so it is silent."""
    text = node.value
    if ":" in text:
        message = f"`{text}` is read as the base-60 number {value} (YAML 1.1)"
        return Trap(
            "yaml-sexagesimal", message, f'quote it to keep the text: "{text}"', node, silent=True
        )
    if _OCTAL.match(text) and text.strip("+-0_"):
        message = f"`{text}` is read as the octal number {value} (YAML 1.1)"
        hint = f'quote it to keep the text ("{text}"), or drop the leading zero'
        return Trap("yaml-octal", message, hint, node, silent=True)
    return None


def _float_changes(text: str, value: float) -> bool:
    cleaned = text.replace("_", "").lower().lstrip("+")
    return cleaned not in {repr(value), str(value)} and not cleaned.startswith((".", "-."))


def number_trap(node: yaml.Node | None) -> Trap | None:
    """The surprise a plain number holds where text was expected, looked up after the fact."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return None
    if node.tag not in (TAG + "int", TAG + "float"):
        return None
    try:
        value = construct(node)
    except NotValid:
        return None
    return trap_for(node, node.tag, value, at_root=False, numbers=True)
