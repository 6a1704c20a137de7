"""One parsed YAML file as data: its values, its node tree for positions, and its findings.

Source locations live here: a finding is placed at a node or a mark, and ``node_at`` finds
the node behind a data path, building the index only for files that need a position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from partnerfit.io.findings import Finding, Severity
from partnerfit.io.limits import Limits
from partnerfit.io.loader import MERGE
from partnerfit.io.traps import Trap

__all__ = [
    "MAX_SHOWN",
    "DataPath",
    "Document",
    "Mark",
    "field_path",
    "node_at",
    "position_index",
    "short",
]

DataPath = tuple[str | int, ...]
"""Where a value sits in the data: mapping keys and list positions from the root."""

MAX_SHOWN = 60
"""Longest text quoted back in a message; longer text is cut with an ellipsis."""


@dataclass(frozen=True)
class Mark:
    """A 0-based position without a node (the start of a file, a byte offset's line)."""

    line: int = 0
    column: int = 0


@dataclass
class Document:
    """One parsed YAML file: plain data, the node tree for positions, and what went wrong."""

    path: Path
    display: str
    data: Any = None
    root: yaml.Node | None = None
    findings: list[Finding] = field(default_factory=list)
    traps: dict[DataPath, Trap] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    walked: bool = False
    positions: dict[DataPath, tuple[yaml.Node | None, yaml.Node]] | None = None

    @property
    def ok(self) -> bool:
        """True when reading gave no error (warnings allowed)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def finding(
        self,
        rule: str,
        message: str,
        node: yaml.Node | None = None,
        *,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        field_path: str | None = None,
        mark: Any = None,
    ) -> Finding:
        """Record a finding at a node (or a mark), and return it."""
        line = column = end_line = end_column = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            end_line, end_column = node.end_mark.line + 1, node.end_mark.column + 1
        elif mark is not None:
            line, column = mark.line + 1, mark.column + 1
        found = Finding(
            file=self.display,
            line=line,
            column=column,
            severity=severity,
            rule=rule,
            message=message,
            hint=hint,
            end_line=end_line,
            end_column=end_column,
            field=field_path,
        )
        self.findings.append(found)
        return found


def node_at(doc: Document, path: Sequence[str | int], *, key: bool = False) -> yaml.Node | None:
    """The node at a data path (its key node with ``key=True``), or None; for any file."""
    if doc.positions is None:
        doc.positions = position_index(doc)
    entry = doc.positions.get(tuple(path))
    if entry is None:
        return None
    return (entry[0] or entry[1]) if key else entry[1]


def position_index(doc: Document) -> dict[DataPath, tuple[yaml.Node | None, yaml.Node]]:
    """Map each data path to its (key node, value node); built only for files with errors."""
    index: dict[DataPath, tuple[yaml.Node | None, yaml.Node]] = {}
    if doc.root is None:
        return index
    budget = [doc.limits.max_nodes]
    stack: list[tuple[DataPath, yaml.Node | None, yaml.Node, int]] = [((), None, doc.root, 0)]
    while stack:
        path, key_node, node, depth = stack.pop()
        budget[0] -= 1
        if budget[0] < 0 or depth > doc.limits.max_depth:
            break
        index.setdefault(path, (key_node, node))
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append(((*path, i), None, item, depth + 1))
        elif isinstance(node, yaml.MappingNode):
            for i, (k, v) in enumerate(node.value):
                if k.tag == MERGE:
                    continue
                key = k.value if isinstance(k, yaml.ScalarNode) else str(i)
                stack.append(((*path, key), k, v, depth + 1))
                # pydantic names a bad dict key by its position: ('values', 0, '[key]')
                index.setdefault((*path, f"#key{i}"), (k, k))
    return index


def short(text: str) -> str:
    """Text as quoted in a message: cut to ``MAX_SHOWN`` characters."""
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def field_path(path: DataPath) -> str:
    """A data path as a reader writes it: ``needs[0].capability``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(document)"
