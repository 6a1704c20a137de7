"""YAML files -> positioned nodes -> validated models, with the YAML traps and cost bounds.

Reading one file never raises for bad input: problems come back as findings. The composed
node tree (libyaml when present) is walked once by our own constructor, which counts nodes
against a budget (alias bombs), bounds depth, flags duplicate keys and YAML 1.1 coercions.
Positions for schema errors are looked up only for files that have errors.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Any, ClassVar, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from partnerfit.io.findings import Finding, Severity
from partnerfit.model.config import WEIGHTS_SOURCE_PATTERN, Config, Limits
from partnerfit.model.vocabulary import normalise_tag

__all__ = [
    "CONFIG_FILE_NAMES",
    "YAML_SUFFIXES",
    "Discovery",
    "Document",
    "LoadedFile",
    "discover",
    "field_path",
    "load_config",
    "load_model",
    "node_at",
    "read_document",
]

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 50_000  # entries; short scalars only, so a few MB at most
_RESOLVED_MAX_TEXT = 40


class _Loader(_SafeLoader):  # type: ignore[misc]  # PyYAML's loaders are untyped
    """The safe loader with the standard YAML 1.1 tag resolution, remembered per scalar text.

    The composer asks the (Python) resolver for every node's tag; the same short scalars (keys,
    numbers, tags) recur in every profile, so their answers are kept. The resolvers are copied
    here, so that resolvers other code adds to PyYAML's loaders cannot change ours, and there
    are no path resolvers, so the per-node descend and ascend steps have nothing to do.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[Any]]] = {
        first: list(rules) for first, rules in _SafeLoader.yaml_implicit_resolvers.items()
    }
    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(value) <= _RESOLVED_MAX_TEXT and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[key] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


YAML_SUFFIXES = (".yaml", ".yml")
CONFIG_FILE_NAMES = ("partnerfit.yaml", "partnerfit.yml")

Path_ = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_BLOCK_PREFIX = re.compile(r"^[ \-?:]*", re.MULTILINE)
_TRUE_FALSE = frozenset({"true", "false"})
_MAX_SHOWN_INPUT = 60
_NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_PATTERN_MESSAGES = {
    WEIGHTS_SOURCE_PATTERN: "plain text only: no brackets, backticks, pipes, asterisks, angle "
    "brackets, backslashes or control characters",
    r"[^\s_\-]": "a tag needs a character other than spaces, hyphens and underscores",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "an id is a lowercase slug: letters a-z, digits, single hyphens",
}
_constructor = yaml.constructor.SafeConstructor()
_SCALAR_CONSTRUCTORS: dict[str, Any] = {
    _TAG + "null": _constructor.construct_yaml_null,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
    _TAG + "timestamp": _constructor.construct_yaml_timestamp,
    _TAG + "binary": _constructor.construct_yaml_binary,
}


@dataclass(frozen=True)
class _Trap:
    rule: str
    message: str
    hint: str
    node: yaml.Node
    silent: bool  # the value was changed even where the model accepts it


@dataclass
class Document:
    """One parsed YAML file: plain data, the node tree for positions, and what went wrong."""

    path: Path
    display: str
    data: Any = None
    root: yaml.Node | None = None
    findings: list[Finding] = field(default_factory=list)
    traps: dict[Path_, _Trap] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    walked: bool = False
    positions: dict[Path_, tuple[yaml.Node | None, yaml.Node]] | None = None

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


class _Budget(Exception):
    """Raised inside the walk when the node budget or depth limit is spent."""

    def __init__(self, rule: str, message: str, hint: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.rule, self.message, self.hint, self.node = rule, message, hint, node


def node_at(doc: Document, path: Sequence[str | int], *, key: bool = False) -> yaml.Node | None:
    """The node at a data path (its key node with ``key=True``), or None; for any file."""
    if doc.positions is None:
        doc.positions = _position_index(doc)
    entry = doc.positions.get(tuple(path))
    if entry is None:
        return None
    return (entry[0] or entry[1]) if key else entry[1]


def _position_index(doc: Document) -> dict[Path_, tuple[yaml.Node | None, yaml.Node]]:
    """Map each data path to its (key node, value node); only built for files with errors."""
    index: dict[Path_, tuple[yaml.Node | None, yaml.Node]] = {}
    if doc.root is None:
        return index
    budget = [doc.limits.max_nodes]
    stack: list[tuple[Path_, yaml.Node | None, yaml.Node, int]] = [((), None, doc.root, 0)]
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
                if k.tag == _MERGE:
                    continue
                key = k.value if isinstance(k, yaml.ScalarNode) else str(i)
                stack.append(((*path, key), k, v, depth + 1))
                # pydantic names a bad dict key by its position: ('values', 0, '[key]')
                index.setdefault((*path, f"#key{i}"), (k, k))
    return index


_STR = _TAG + "str"
_SEQ = _TAG + "seq"
_MAP = _TAG + "map"
_NO_KEY = object()  # the root has no key in its parent


class _Walker:
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
            raise _Budget(
                "node-budget",
                f"more than {self.doc.limits.max_nodes} YAML nodes once aliases are expanded",
                "this looks like an alias bomb (billion laughs); remove the repeated aliases, "
                "or raise limits.max_nodes in partnerfit.yaml",
                node,
            )

    def descend(self, depth: int, node: yaml.Node) -> None:
        if depth > self.max_depth:
            raise _Budget(
                "too-deep",
                f"nesting deeper than {self.max_depth} levels",
                "flatten the structure, or raise limits.max_depth in partnerfit.yaml",
                node,
            )

    def value(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.spend(1, node)
        return self.node(node, path[:-1], path[-1] if path else _NO_KEY, depth)

    def node(self, node: yaml.Node, parent: Path_, key: Any, depth: int) -> Any:
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

    def sequence(self, node: yaml.SequenceNode, path: Path_, depth: int) -> list[Any]:
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
            f"YAML tag {_short(node.tag)} is not allowed"
            + (" (it would run code in an unsafe loader; it is never run here)" if unsafe else ""),
            node,
            hint="remove the tag; profiles hold plain strings, numbers, lists and mappings",
        )

    def scalar(self, node: yaml.ScalarNode, parent: Path_, key: Any) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        build = _SCALAR_CONSTRUCTORS.get(tag)
        if build is None:
            self.unknown_tag(node)
            return node.value
        try:
            value = build(node)
        except (ValueError, yaml.YAMLError, OverflowError) as err:
            reason = str(err)
            if "limit" in reason and "digits" in reason:
                reason = f"a number of {len(node.value):,} digits is too large"
            self.doc.finding("yaml-value", f"cannot read {_short(node.value)!s}: {reason}", node)
            return None
        if not node.style:  # plain: None from PyYAML, "" from libyaml
            trap = _trap_for(node, tag, value, at_root=key is _NO_KEY)
            if trap is not None:
                self.doc.traps[parent if key is _NO_KEY else (*parent, key)] = trap
        return value

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
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
            elif key_tag == _MERGE:
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
                    f"duplicate key `{_short(str(key))}` (first at line "
                    f"{first.start_mark.line + 1}); YAML would silently keep only the last value",
                    key_node,
                    hint="remove one of the two entries or merge them",
                    field_path=_field_path((*path, str(key))),
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

    def merge_sources(self, node: yaml.Node, path: Path_, depth: int) -> list[dict[Any, Any]]:
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


def _trap_for(
    node: yaml.ScalarNode, tag: str, value: Any, *, at_root: bool, numbers: bool = False
) -> _Trap | None:
    """The YAML 1.1 surprise a plain, non-string scalar holds, if any.

    A plain number is a surprise only where text is expected; profiles hold many numbers, so
    that case is looked up (``numbers=True``) only for a node that failed validation.
    """
    text = node.value
    quoted = f'"{text}"'
    if tag == _TAG + "bool":
        if text.lower() in _TRUE_FALSE:
            return None
        return _Trap(
            "yaml-boolean",
            f"`{text}` is read as the boolean {str(value).lower()} (YAML 1.1)",
            f"quote it to keep the text: {quoted}",
            node,
            silent=False,
        )
    if tag == _TAG + "int" and ":" in text:
        return _Trap(
            "yaml-sexagesimal",
            f"`{text}` is read as the base-60 number {value} (YAML 1.1)",
            f"quote it to keep the text: {quoted}",
            node,
            silent=True,
        )
    if tag == _TAG + "int" and _OCTAL.match(text) and text.strip("+-0_"):
        return _Trap(
            "yaml-octal",
            f"`{text}` is read as the octal number {value} (YAML 1.1)",
            f"quote it to keep the text ({quoted}), or drop the leading zero",
            node,
            silent=True,
        )
    if tag == _TAG + "float" and _float_changes(text, value):
        return _Trap(
            "yaml-float",
            f"`{text}` is read as the number {value!r}",
            f"quote it to keep the text: {quoted}",
            node,
            silent=False,
        )
    if tag == _TAG + "timestamp":
        return _Trap(
            "yaml-date",
            f"`{text}` is read as a date, not as text",
            f"quote it to keep the text: {quoted}",
            node,
            silent=False,
        )
    if tag == _TAG + "null":
        if at_root:
            return None
        return _Trap(
            "yaml-null",
            "the value is empty (null)" if not text else f"`{text}` is read as null",
            "give a value, or remove the key",
            node,
            silent=False,
        )
    if numbers and (tag == _TAG + "int" or tag == _TAG + "float"):
        return _Trap(
            "yaml-number",
            f"`{text}` is read as a number",
            f"quote it to keep the text: {quoted}",
            node,
            silent=False,
        )
    return None


def _path_key(key: Any) -> str | int:
    return key if isinstance(key, str) else str(key)


def _float_changes(text: str, value: float) -> bool:
    cleaned = text.replace("_", "").lower().lstrip("+")
    return cleaned not in {repr(value), str(value)} and not cleaned.startswith((".", "-."))


def _short(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN_INPUT else text[: _MAX_SHOWN_INPUT - 1] + "…"


def field_path(path: Sequence[str | int]) -> str:
    """A data path as users read it: ``stakeholders[0].judgements[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(document)"


_field_path = field_path


def _may_be_deep(text: str, max_depth: int) -> bool:
    """A cheap upper bound on nesting; False means the composer is safe to call."""
    flow = text.count("[") + text.count("{")
    if flow > max_depth:
        return True
    block = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return block + flow + 1 > max_depth


def _may_be_large(text: str, max_nodes: int) -> bool:
    """A cheap upper bound on the nodes written out (aliases not expanded): every node but the
    first follows a separator, so counting separators bounds them; False means few enough."""
    separators = sum(text.count(s) for s in (",", "\n", ":", "[", "{", "-", "?"))
    return 2 * separators + 2 > max_nodes


def _scan_events(text: str, limits: Limits) -> tuple[str, Any] | None:
    """The first place nesting or the node count exceeds its limit, from the event stream:
    no recursion (libyaml's composer recurses and overflows the C stack on deep input) and
    no node objects (composing a million-item list costs seconds and hundreds of MB)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            nodes += 1
            if depth > limits.max_depth:
                return "too-deep", event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            nodes += 1
        if nodes > limits.max_nodes:
            return "node-budget", event.start_mark
    return None


def _decode(doc: Document, raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.finding(
            "not-utf8", "the file is UTF-16, not UTF-8", hint="save the file as UTF-8", mark=_Mark()
        )
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        doc.finding(
            "binary-file",
            "the file holds NUL bytes: it is binary, not a YAML text file",
            mark=_Mark(line - 1, nul - (raw.rfind(b"\n", 0, nul) + 1)),
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start)
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1)
        doc.finding(
            "not-utf8",
            f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
            hint="save the file as UTF-8",
            mark=_Mark(line, column),
        )
        return None
    return text.removeprefix("\ufeff")


_DEPTH_HINT = "flatten the structure, or lower limits.max_depth in partnerfit.yaml"


@dataclass(frozen=True)
class _Mark:
    line: int = 0
    column: int = 0


def read_document(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    """Read and parse one YAML file into plain data; problems are findings, never exceptions."""
    doc = Document(path=path, display=display or str(path), limits=limits or Limits())
    raw = _read_bytes(doc)
    if raw is None:
        return doc
    text = _decode(doc, raw)
    if text is None:
        return doc
    if text.strip() == "" or all(
        line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        doc.finding("empty-file", "the file is empty", mark=_Mark())
        return doc
    try:
        limits = doc.limits
        if _may_be_deep(text, limits.max_depth) or _may_be_large(text, limits.max_nodes):
            violation = _scan_events(text, limits)
            if violation is not None:
                rule, mark = violation
                if rule == "too-deep":
                    message = f"nesting deeper than {limits.max_depth} levels"
                    hint = "flatten the structure, or raise limits.max_depth in partnerfit.yaml"
                else:
                    message = f"more than {limits.max_nodes} YAML nodes"
                    hint = "profiles are small; raise limits.max_nodes in partnerfit.yaml if needed"
                doc.finding(rule, message, hint=hint, mark=mark)
                return doc
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        _syntax_finding(doc, err, text)
        return doc
    except yaml.reader.ReaderError as err:
        # libyaml refuses control characters before parsing; position is a character offset
        before = text[: err.position]
        column = err.position - (before.rfind("\n") + 1)
        code = err.character if isinstance(err.character, int) else ord(str(err.character))
        doc.finding(
            "control-character",
            f"control character U+{code:04X} is not allowed in YAML",
            hint="remove it, or write it as an escape inside a double-quoted string",
            mark=_Mark(before.count("\n"), column),
        )
        return doc
    except yaml.YAMLError as err:
        doc.finding("yaml-syntax", f"not valid YAML: {err}", mark=_Mark())
        return doc
    except RecursionError:
        doc.finding("too-deep", "nesting too deep for the YAML parser", mark=_Mark())
        return doc
    doc.root = root
    if root is None:
        doc.finding("empty-file", "the file is empty", mark=_Mark())
        return doc
    try:
        doc.data = _Walker(doc).value(root, (), 0)
        doc.walked = True
    except _Budget as err:
        doc.data = None
        doc.finding(err.rule, err.message, err.node, hint=err.hint)
    except RecursionError:
        doc.data = None
        doc.finding("too-deep", "nesting too deep to read", mark=_Mark(), hint=_DEPTH_HINT)
    return doc


def _read_bytes(doc: Document) -> bytes | None:
    limit = doc.limits.max_file_bytes
    try:
        mode = doc.path.stat().st_mode  # one system call for both questions
        if stat.S_ISDIR(mode):
            doc.finding("not-a-file", "this is a directory, not a file", mark=_Mark())
            return None
        if not stat.S_ISREG(mode):
            # a named pipe or device would block or never end
            doc.finding("not-a-file", "not a regular file (a pipe or a device)", mark=_Mark())
            return None
        with doc.path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        doc.finding("unreadable", f"cannot read the file: {reason}", mark=_Mark())
        return None
    if len(raw) > limit:
        doc.finding(
            "file-too-large",
            f"the file is larger than {limit:,} bytes",
            hint="profiles are small; raise limits.max_file_bytes in partnerfit.yaml if needed",
            mark=_Mark(),
        )
        return None
    return raw


def _syntax_finding(doc: Document, err: yaml.MarkedYAMLError, text: str) -> None:
    mark: Any = err.problem_mark or err.context_mark
    problem = err.problem or "syntax error"
    context = err.context or ""
    rule, hint = "yaml-syntax", None
    several = "expected a single document" in f"{context} {problem}"
    if "maximum nesting depth" in problem:
        # libyaml >= 0.2.6 (PyYAML >= 6.0.4) stops at 1000 levels while scanning ahead, before
        # the depth prefilter has seen a single event
        rule, hint = (
            "too-deep",
            "flatten the structure, or raise limits.max_depth in partnerfit.yaml",
        )
        problem, context = f"nesting deeper than {doc.limits.max_depth} levels", ""
        mark = _first_too_deep(text[: getattr(mark, "index", len(text))], doc.limits) or mark
    elif "tab" in problem or "\t" in problem or _tab_at(text, mark):
        rule, hint = "yaml-tab", "YAML forbids tabs for indentation; indent with spaces"
        problem = f"{problem} (a tab)" if "tab" not in problem else problem
    elif several:
        rule, hint = "multiple-documents", "put one organisation per file"
    message = problem
    if context and not several:
        message = f"{context}, {problem}"
    elif several:
        message = "the file holds more than one YAML document (a second `---`)"
    if err.problem_mark is None and err.context_mark is None:
        mark = _Mark()
    doc.finding(rule, message.replace("\t", "\\t"), mark=mark, hint=hint)


def _first_too_deep(text: str, limits: Limits) -> Any:
    """Where nesting first passes limits.max_depth in the text before libyaml's own limit."""
    try:
        violation = _scan_events(text, limits)
    except yaml.YAMLError:
        return None
    return violation[1] if violation is not None and violation[0] == "too-deep" else None


def _tab_at(text: str, mark: Any) -> bool:
    """True when the syntax error sits on a tab, or in a line indented with a tab."""
    if mark is None:
        return False
    lines = text.split("\n", mark.line + 1)
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indent or line[mark.column : mark.column + 1] == "\t"


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class LoadedFile(Generic[ModelT]):
    """A file read and validated: the model when it is valid, and every finding."""

    path: Path
    display: str
    model: ModelT | None
    findings: tuple[Finding, ...]
    document: Document

    @property
    def ok(self) -> bool:
        """True when there is a model and no error."""
        return self.model is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )


def load_model(
    model: type[ModelT],
    path: Path,
    display: str | None = None,
    limits: Limits | None = None,
) -> LoadedFile[ModelT]:
    """Read one file and validate it against ``model``; never raises for bad input."""
    doc = read_document(path, display, limits)
    return validate_document(model, doc)


def validate_document(model: type[ModelT], doc: Document) -> LoadedFile[ModelT]:
    """Validate a parsed document against a model, mapping errors to YAML positions."""
    instance: ModelT | None = None
    if doc.walked:
        if not isinstance(doc.data, dict):
            doc.finding(
                "not-a-mapping",
                f"the file holds {_describe(doc.data)}, not a mapping of fields",
                doc.root,
                hint=f"start with `{next(iter(model.model_fields))}: …`",
            )
        else:
            try:
                instance = model.model_validate(doc.data)
            except ValidationError as err:
                _schema_findings(doc, model, err)
    covered = {f.field for f in doc.findings}
    for path, trap in sorted(doc.traps.items(), key=lambda item: _trap_order(item[1])):
        if trap.silent and _field_path(path) not in covered:
            doc.finding(
                trap.rule,
                trap.message,
                trap.node,
                hint=trap.hint,
                severity=Severity.WARNING,
                field_path=_field_path(path),
            )
    findings = tuple(sorted(doc.findings, key=Finding.sort_key))
    if any(f.severity is Severity.ERROR for f in findings):
        instance = None
    return LoadedFile(doc.path, doc.display, instance, findings, doc)


def _trap_order(trap: _Trap) -> tuple[int, int]:
    return (trap.node.start_mark.line, trap.node.start_mark.column)


def _describe(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a single string"
    return f"a single {type(data).__name__} value"


def _schema_findings(doc: Document, model: type[BaseModel], err: ValidationError) -> None:
    index = _position_index(doc)
    # a node with a refused tag is already reported; its schema error would only repeat it
    tagged = {(f.line, f.column) for f in doc.findings if f.rule in ("unsafe-tag", "unknown-tag")}
    for error in err.errors(include_url=False, include_context=True, include_input=True):
        loc = tuple(error["loc"])
        kind = error["type"]
        data_path: Path_ = loc
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
        field_path = _field_path(shown_path)
        rule, message, hint = _describe_error(model, error, loc, field_path)
        trap = doc.traps.get(data_path) or _number_trap(node)
        if trap is not None and (kind.endswith("_type") or kind == "literal_error"):
            rule, hint = trap.rule, trap.hint
            message = f"{field_path}: {trap.message}, but a {_expected(kind)} is expected here"
        doc.finding(rule, message, node, hint=hint, field_path=field_path)


def _number_trap(node: yaml.Node | None) -> _Trap | None:
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return None
    build = _SCALAR_CONSTRUCTORS.get(node.tag)
    if node.tag not in (_TAG + "int", _TAG + "float") or build is None:
        return None
    return _trap_for(node, node.tag, build(node), at_root=False, numbers=True)


def _key_position(
    index: Mapping[Path_, tuple[yaml.Node | None, yaml.Node]], parent: Path_, key: Any
) -> int | None:
    """Where a bad key sits in its mapping; pydantic names the key itself, not its position."""
    mapping = index.get(parent, (None, None))[1]
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for position, (key_node, _) in enumerate(mapping.value):
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        build = _SCALAR_CONSTRUCTORS.get(key_node.tag)
        try:
            value = build(key_node) if build is not None else key_node.value
        except (ValueError, yaml.YAMLError, OverflowError):
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
    index: Mapping[Path_, tuple[yaml.Node | None, yaml.Node]], loc: Path_, kind: str
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
    model: type[BaseModel], error: Any, loc: Path_, field_path: str
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
        return "unknown-field", f"unknown field `{_short(name)}`", hint
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
    if kind in ("float_type", "int_type") and isinstance(given, str) and _NUMBER_TEXT.match(given):
        # YAML 1.1 reads 1e5 (no dot) and quoted numbers as text
        hint = "write the number unquoted, with a dot before any exponent (1.0e+5, not 1e5)"
    return "schema", message, hint


def _shown_input(value: Any) -> str | None:
    if isinstance(value, bool | int | float) or value is None:
        return repr(value)
    if isinstance(value, str) and len(value) <= _MAX_SHOWN_INPUT:
        return repr(value)
    return None


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
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


def load_config(path: Path, display: str | None = None) -> LoadedFile[Config]:
    """Read and validate a scoring configuration, including synonym conflicts."""
    loaded = load_model(Config, path, display)
    if loaded.model is None:
        return loaded
    doc = loaded.document
    index = _position_index(doc)
    owner: dict[str, str] = {}
    for canonical, words in loaded.model.synonyms.items():
        target = normalise_tag(canonical)
        for i, word in enumerate(words):
            folded = normalise_tag(word)
            if folded in owner and owner[folded] != target:
                entry = index.get(("synonyms", canonical, i))
                doc.finding(
                    "synonym-conflict",
                    f"`{word}` is a synonym of both `{owner[folded]}` and `{target}`",
                    entry[1] if entry else None,
                    hint="a word can mean only one canonical tag; remove it from one group",
                    field_path=_field_path(("synonyms", canonical, i)),
                )
            owner.setdefault(folded, target)
    for canonical in loaded.model.synonyms:
        target = normalise_tag(canonical)
        if owner.get(target, target) != target:
            entry = index.get(("synonyms", canonical))
            doc.finding(
                "synonym-conflict",
                f"`{canonical}` is a canonical tag and also a synonym of `{owner[target]}`",
                entry[0] if entry else None,
                hint="a word can mean only one canonical tag; merge the two groups",
                field_path=_field_path(("synonyms", canonical)),
            )
    return validate_document(Config, doc) if not doc.ok else loaded


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Discovery:
    """Files found under the given paths, and what was skipped and why."""

    files: tuple[Path, ...]
    findings: tuple[Finding, ...]
    ignored: tuple[str, ...]


def discover(paths: Iterable[Path], *, include_config: bool = True) -> Discovery:
    """YAML files under the paths, recursively, in a stable order, without following loops."""
    # keyed by the resolved path, so one file named twice (relative and absolute, or through a
    # link inside the tree) is read once; ordered by the path as given
    files: dict[Path, tuple[str, Path]] = {}
    findings: list[Finding] = []
    ignored: list[str] = []
    for root in paths:
        if root.is_file() or (root.exists() and not root.is_dir()):
            files.setdefault(root.resolve(), (os.path.normpath(root), root))
            continue
        real_root = root.resolve()
        seen_dirs: set[Path] = set()
        for path, real in _walk(root, real_root, seen_dirs, findings, ignored):
            if path.name in CONFIG_FILE_NAMES and not include_config:
                continue
            files.setdefault(real, (os.path.normpath(path), path))
    ordered = tuple(path for _, path in sorted(files.values()))
    return Discovery(ordered, tuple(findings), tuple(sorted(ignored)))


def _walk(
    directory: Path,
    real_root: Path,
    seen: set[Path],
    findings: list[Finding],
    ignored: list[str],
) -> Iterator[tuple[Path, Path]]:
    """(path as found, resolved path) of each YAML file; one resolve per directory and link."""
    real = directory.resolve()
    if real in seen:
        ignored.append(f"{directory}: symbolic-link loop, not followed")
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as err:
        findings.append(_path_finding(directory, "unreadable", f"cannot list: {err.strerror}"))
        return
    for entry in entries:
        path = Path(directory, entry.name)
        if entry.name.startswith("."):
            ignored.append(f"{path}: hidden, skipped")
            continue
        resolved = real / entry.name
        if entry.is_symlink():
            target = resolved = path.resolve()
            if not target.exists():
                findings.append(
                    _path_finding(path, "broken-link", "symbolic link to a missing file")
                )
                continue
            if not target.is_relative_to(real_root):
                findings.append(
                    _path_finding(
                        path,
                        "link-outside",
                        f"symbolic link leads outside {real_root.name}/, not followed",
                        Severity.WARNING,
                    )
                )
                continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # pragma: no cover - races with deletion
            continue
        if is_dir:
            if entry.name.endswith(YAML_SUFFIXES):
                ignored.append(f"{path}: a directory named like a YAML file, looked inside")
            yield from _walk(path, real_root, seen, findings, ignored)
        elif entry.name.endswith(YAML_SUFFIXES):
            yield path, resolved
        else:
            ignored.append(f"{path}: not a .yaml or .yml file, ignored")


def _path_finding(
    path: Path, rule: str, message: str, severity: Severity = Severity.ERROR
) -> Finding:
    return Finding(str(path), None, None, severity, rule, message)


def format_findings(findings: Sequence[Finding]) -> str:
    """Findings as lines, one per finding, hints indented below."""
    return "\n".join(f.format() for f in findings)
