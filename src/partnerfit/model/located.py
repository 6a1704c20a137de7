"""Validation errors located in the YAML: each pydantic error as a finding at its node.

Pydantic names a data path (``needs.0.capability``); the document's node index turns it into
a line and column, and the message says what was expected, with a "did you mean" for a near
miss and the YAML 1.1 trap behind a wrong type where there is one.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Mapping
from types import UnionType
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from partnerfit.io.document import MAX_SHOWN, DataPath, Document, field_path, position_index, short
from partnerfit.io.loader import SCALAR_CONSTRUCTORS
from partnerfit.io.tags import NotValid, construct
from partnerfit.io.traps import number_trap

__all__ = ["schema_findings"]

_NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_PATTERN_MESSAGES = {
    r"[^\s_\-]": "a tag needs a character other than spaces, hyphens and underscores",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "an id is a lowercase slug: letters a-z, digits, single hyphens",
}


def schema_findings(doc: Document, model: type[BaseModel], err: ValidationError) -> None:
    """Record each validation error as a finding at its node, in the reader's words."""
    index = position_index(doc)
    # a node with a refused tag is already reported; its schema error would only repeat it
    tagged = {(f.line, f.column) for f in doc.findings if f.rule in ("unsafe-tag", "unknown-tag")}
    for error in err.errors(include_url=False, include_context=True, include_input=True):
        loc = tuple(error["loc"])
        kind = error["type"]
        data_path: DataPath = loc
        key_error = bool(loc) and loc[-1] == "[key]"
        if key_error:
            data_path = (*loc[:-2], f"#key{_key_position(index, loc[:-2], error.get('input'))}")
        node = _node_for(index, data_path, kind)
        if node is not None and kind != "missing" and _start(node) in tagged:
            continue
        shown_path = tuple(p for p in loc if p != "[key]")
        if key_error:
            key_node = index.get(data_path, (None, None))[1]
            if isinstance(key_node, yaml.ScalarNode):
                shown_path = (*loc[:-2], key_node.value)
        where = field_path(shown_path)
        rule, message, hint = _describe_error(model, error, loc, where)
        trap = doc.traps.get(data_path) or number_trap(node)
        if trap is not None and (kind.endswith("_type") or kind == "literal_error"):
            rule, hint = trap.rule, trap.hint
            message = f"{where}: {trap.message}, but a {_expected(kind)} is expected here"
        doc.finding(rule, message, node, hint=hint, field_path=where)


def _key_position(
    index: Mapping[DataPath, tuple[yaml.Node | None, yaml.Node]], parent: DataPath, key: Any
) -> int | None:
    """Where a bad key sits in its mapping; pydantic names the key itself, not its position."""
    mapping = index.get(parent, (None, None))[1]
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for position, (key_node, _) in enumerate(mapping.value):
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        try:
            value = construct(key_node) if key_node.tag in SCALAR_CONSTRUCTORS else key_node.value
        except NotValid:
            continue
        if type(value) is type(key) and value == key:
            return position
    return None


def _start(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _expected(kind: str) -> str:
    for prefix, word in (
        ("string", "string"),
        ("int", "whole number"),
        ("float", "number"),
        ("date", "date"),
        ("literal", "value from a fixed list"),
        ("dict", "mapping"),
        ("tuple", "list"),
        ("list", "list"),
    ):
        if kind.startswith(prefix):
            return word
    return "different value"


def _node_for(
    index: Mapping[DataPath, tuple[yaml.Node | None, yaml.Node]], loc: DataPath, kind: str
) -> yaml.Node | None:
    if kind == "extra_forbidden" and loc in index:
        return index[loc][0] or index[loc][1]
    if kind == "missing":
        loc = loc[:-1]
    for end in range(len(loc), -1, -1):
        entry = index.get(loc[:end])
        if entry is not None:
            return entry[1]
    return None


def _describe_error(
    model: type[BaseModel], error: Any, loc: DataPath, field_path: str
) -> tuple[str, str, str | None]:
    kind: str = error["type"]
    if kind == "missing":
        return "missing-field", f"missing required field `{loc[-1]}`", None
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else None
        if hint is None and allowed:
            hint = "allowed here: " + ", ".join(allowed)
        return "unknown-field", f"unknown field `{short(name)}`", hint
    message = f"{field_path}: {error['msg'].removeprefix('Value error, ')}"
    pattern = str(error.get("ctx", {}).get("pattern", ""))
    if kind == "string_pattern_mismatch" and pattern in _PATTERN_MESSAGES:
        message = f"{field_path}: {_PATTERN_MESSAGES[pattern]}"
    shown = _shown_input(error.get("input"))
    if shown is not None:
        message += f" (got {shown})"
    hint = None
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        given = error.get("input")
        if isinstance(given, str):
            close = difflib.get_close_matches(given.casefold(), expected, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean `{close[0]}`?"
    given = error.get("input")
    hint = hint or _enumeration_hint(kind, loc, given, pattern)
    if kind in ("float_type", "int_type") and isinstance(given, str) and _NUMBER_TEXT.match(given):
        # YAML 1.1 reads 1e5 (no dot) and quoted numbers as text
        hint = "write the number unquoted, with a dot before any exponent (1.0e+5, not 1e5)"
    return "schema", message, hint


_LEVEL_FIELDS = {
    "level": "1 (basic) to 5 (outstanding)",
    "priority": "1 (nice to have) to 5 (vital)",
}


def _enumeration_hint(kind: str, loc: DataPath, given: Any, pattern: str) -> str | None:
    """For values from a fixed range or shape, the allowed values and the nearest one."""
    if (
        kind == "string_pattern_mismatch"
        and pattern.startswith("^[a-z0-9]")
        and isinstance(given, str)
    ):
        slug = re.sub(r"[^a-z0-9]+", "-", given.casefold()).strip("-")
        return f"did you mean `{slug}`?" if slug else None
    bounded = kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than")
    if bounded and loc and (loc[0] == "values" or loc[-1] in _LEVEL_FIELDS):
        what = _LEVEL_FIELDS.get(str(loc[-1]), "1 (minor) to 5 (essential)")
        if isinstance(given, int | float) and not isinstance(given, bool):
            nearest = min(5, max(1, round(given)))
            return f"a whole number from {what}; did you mean {nearest}?"
        return f"a whole number from {what}"
    if bounded and loc and loc[-1] == "rating":
        return "a rating from 0 to 5"
    if kind.startswith("date") and loc and loc[-1] == "deadline":
        return "write the date as YYYY-MM-DD, e.g. 2027-06-30"
    return None


def _shown_input(value: Any) -> str | None:
    if type(value) is int and abs(value) >= 10**MAX_SHOWN:
        return None  # a huge number: not worth showing, and repr fails past 4,300 digits
    if isinstance(value, bool | int | float) or value is None:
        return repr(value)
    if isinstance(value, str) and len(value) <= MAX_SHOWN:
        return repr(value)
    return None


def _fields_at(model: type[BaseModel], loc: DataPath) -> list[str]:
    """The field names allowed at a location, for "did you mean"."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin is typing.Union or isinstance(annotation, UnionType) or origin in (tuple, list):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
