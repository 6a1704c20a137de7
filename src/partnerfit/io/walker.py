"""The walk from a composed node tree to plain data, with the YAML checks on the way.

One pass counts nodes against the budget (alias bombs), bounds depth, refuses unknown and
unsafe tags, reports duplicate keys and bad merges, and records the YAML 1.1 traps.
"""

from __future__ import annotations

from typing import Any

import yaml

from partnerfit.io.document import DataPath, Document, field_path, short
from partnerfit.io.loader import MERGE, SCALAR_CONSTRUCTORS, TAG
from partnerfit.io.tags import NotValid, construct, is_base64, not_valid, tag_name
from partnerfit.io.traps import trap_for

__all__ = ["Budget", "Walker"]

_STR = TAG + "str"
_BINARY = TAG + "binary"
_INT = TAG + "int"
_SHORT_INT = 18  # digits: far below int()'s limit on the digits of a string
_SEQ = TAG + "seq"
_MAP = TAG + "map"
_NO_KEY = object()  # the root has no key in its parent


class Budget(Exception):
    """Raised inside the walk when the node budget or depth limit is spent."""

    def __init__(self, rule: str, message: str, hint: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.rule, self.message, self.hint, self.node = rule, message, hint, node


class Walker:
    """Construct plain Python data from a node tree, recording the YAML traps on the way.

    Plain string scalars, nearly every node of a profile, take a fast path; data paths are
    built only for collections and for scalars that turn out to be traps.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.budget = doc.limits.max_nodes
        self.max_depth = doc.limits.max_depth

    def spend(self, count: int, node: yaml.Node) -> None:
        self.budget -= count
        if self.budget < 0:
            raise Budget(
                "node-budget",
                f"more than {self.doc.limits.max_nodes} YAML nodes once aliases are expanded",
                "this looks like an alias bomb (billion laughs); remove the repeated aliases, "
                "or raise limits.max_nodes in partnerfit.yaml",
                node,
            )

    def descend(self, depth: int, node: yaml.Node) -> None:
        if depth > self.max_depth:
            raise Budget(
                "too-deep",
                f"nesting deeper than {self.max_depth} levels",
                "flatten the structure, or raise limits.max_depth in partnerfit.yaml",
                node,
            )

    def value(self, node: yaml.Node, path: DataPath, depth: int) -> Any:
        self.spend(1, node)
        return self.node(node, path[:-1], path[-1] if path else _NO_KEY, depth)

    def node(self, node: yaml.Node, parent: DataPath, key: Any, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, parent, key)
        path = parent if key is _NO_KEY else (*parent, key)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ)
            return self.sequence(node, path, depth)
        if isinstance(node, yaml.MappingNode):
            self.check_tag(node, _MAP)
            return self.mapping(node, path, depth)
        return None  # pragma: no cover - the composer makes only these three kinds

    def sequence(self, node: yaml.SequenceNode, path: DataPath, depth: int) -> list[Any]:
        items = node.value
        if not items:
            return []
        self.spend(len(items), node)
        self.descend(depth + 1, items[0])
        out: list[Any] = []
        for i, item in enumerate(items):
            if item.tag == _STR and type(item) is yaml.ScalarNode:
                out.append(item.value)
            else:
                out.append(self.node(item, path, i, depth + 1))
        return out

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.unknown_tag(node)

    def unknown_tag(self, node: yaml.Node) -> None:
        unsafe = "python" in node.tag
        self.doc.finding(
            "unsafe-tag" if unsafe else "unknown-tag",
            f"YAML tag {tag_name(node.tag)} is not allowed"
            + (" (it would run code in an unsafe loader; it is never run here)" if unsafe else ""),
            node,
            hint="remove the tag; profiles hold plain strings, numbers, lists and mappings",
        )

    def scalar(self, node: yaml.ScalarNode, parent: DataPath, key: Any) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _INT and not node.style:
            text = node.value
            # a plain decimal integer, as most numbers in a profile are: PyYAML's constructor
            # reads it as int(text), and it is no trap (no base-60 colon, no octal zero)
            if len(text) <= _SHORT_INT and text.isascii() and text.isdigit() and text[0] != "0":
                return int(text)
        if tag not in SCALAR_CONSTRUCTORS:
            self.unknown_tag(node)
            return node.value
        if tag == _BINARY:
            where = field_path(parent if key is _NO_KEY else (*parent, _path_key(key)))
            self.doc.finding(
                "yaml-value",
                f"{where}: !!binary data is not allowed: profiles hold text"
                if is_base64(node.value)
                else f"{where}: {not_valid(node)}",
                node,
                hint="remove the tag and write the text itself",
            )
            return None
        try:
            value = construct(node)
        except NotValid as err:
            where = field_path(parent if key is _NO_KEY else (*parent, _path_key(key)))
            self.doc.finding(
                "yaml-value",
                f"{where}: {err}",
                node,
                hint="remove the tag, or write a value it can read",
            )
            return None
        if not node.style:  # plain: None from PyYAML, "" from libyaml
            trap = trap_for(node, tag, value, at_root=key is _NO_KEY)
            if trap is not None:
                self.doc.traps[parent if key is _NO_KEY else (*parent, key)] = trap
        return value

    def mapping(self, node: yaml.MappingNode, path: DataPath, depth: int) -> dict[Any, Any]:
        pairs = node.value
        if not pairs:
            return {}
        self.spend(2 * len(pairs), node)
        self.descend(depth + 1, pairs[0][0])
        merged: dict[Any, Any] = {}
        explicit: dict[Any, Any] = {}
        # keyed by type too: 1 and true are equal in Python but different YAML keys
        first_seen: dict[tuple[type, Any], yaml.Node] = {}
        for position, (key_node, value_node) in enumerate(pairs):
            key_tag = key_node.tag
            if key_tag == _STR and type(key_node) is yaml.ScalarNode:
                key = key_node.value
            elif key_tag == MERGE:
                for source in self.merge_sources(value_node, path, depth):
                    for k, v in source.items():
                        merged.setdefault(k, v)
                continue
            else:
                key = self.node(key_node, path, f"#key{position}", depth + 1)
                if isinstance(key, list | dict):
                    self.doc.finding(
                        "invalid-key", "a list or mapping cannot be used as a key", key_node
                    )
                    continue
            seen_key = (type(key), key)
            if seen_key in first_seen:
                first = first_seen[seen_key]
                self.doc.finding(
                    "duplicate-key",
                    f"duplicate key `{short(str(key))}` (first at line "
                    f"{first.start_mark.line + 1}); YAML would silently keep only the last value",
                    key_node,
                    hint="remove one of the two entries or merge them",
                    field_path=field_path((*path, str(key))),
                )
            else:
                first_seen[seen_key] = key_node
            if value_node.tag == _STR and type(value_node) is yaml.ScalarNode:
                explicit[key] = value_node.value
            else:
                explicit[key] = self.node(value_node, path, _path_key(key), depth + 1)
        if not merged:
            return explicit
        merged.update(explicit)
        return merged

    def merge_sources(self, node: yaml.Node, path: DataPath, depth: int) -> list[dict[Any, Any]]:
        if isinstance(node, yaml.MappingNode):
            return [self.mapping(node, path, depth + 1)]
        if isinstance(node, yaml.SequenceNode) and all(
            isinstance(n, yaml.MappingNode) for n in node.value
        ):
            return [self.mapping(n, path, depth + 1) for n in node.value]
        self.doc.finding(
            "invalid-merge", "`<<` must be followed by a mapping or a list of mappings", node
        )
        return []


def _path_key(key: Any) -> str | int:
    return key if isinstance(key, str) else str(key)
