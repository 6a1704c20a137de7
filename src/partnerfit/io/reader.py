"""Read one YAML file, bounded: bytes, text, events, nodes, data; never an exception.

Every problem (unreadable, too large, not UTF-8, binary, a syntax error, a tab, too deep,
too many nodes) becomes a finding at its position in the returned ``Document``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from partnerfit.io.discovery import LINK_LOOP, path_finding
from partnerfit.io.document import Document, Mark
from partnerfit.io.limits import Limits, first_too_deep, may_be_deep, may_be_large, scan_events
from partnerfit.io.loader import Loader
from partnerfit.io.walker import Budget, Walker

__all__ = ["open_document", "parse_document", "read_document"]

_DEPTH_HINT = "flatten the structure, or lower limits.max_depth in partnerfit.yaml"


def read_document(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    """Read and parse one YAML file into plain data; problems are findings, never exceptions."""
    doc, raw = open_document(path, display, limits)
    return doc if raw is None else parse_document(doc, raw)


def open_document(
    path: Path, display: str | None = None, limits: Limits | None = None
) -> tuple[Document, bytes | None]:
    """A document for the file, not yet parsed, and its bytes (None, with a finding, when it
    is not a regular file within the size limit or cannot be read)."""
    doc = Document(path=path, display=display or str(path), limits=limits or Limits())
    return doc, _read_bytes(doc)


def parse_document(doc: Document, raw: bytes) -> Document:
    """Parse the bytes ``open_document`` read into the document: the same bytes a caller may
    have hashed, so what is parsed is what was hashed."""
    text = _decode(doc, raw)
    if text is None:
        return doc
    if text.strip() == "" or all(
        line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        doc.finding("empty-file", "the file is empty", mark=Mark())
        return doc
    root = _compose(doc, text)
    if root is not None:
        _walk(doc, root)
    return doc


def _within_limits(doc: Document, text: str) -> bool:
    """False (and a finding) when the text nests too deep or holds too many nodes.

    Raises the parser's errors, which the caller turns into findings.
    """
    limits = doc.limits
    if not (may_be_deep(text, limits.max_depth) or may_be_large(text, limits.max_nodes)):
        return True
    violation = scan_events(text, limits)
    if violation is None:
        return True
    rule, mark = violation
    if rule == "too-deep":
        message = f"nesting deeper than {limits.max_depth} levels"
        hint = "flatten the structure, or raise limits.max_depth in partnerfit.yaml"
    else:
        message = f"more than {limits.max_nodes} YAML nodes"
        hint = "profiles are small; raise limits.max_nodes in partnerfit.yaml if needed"
    doc.finding(rule, message, hint=hint, mark=mark)
    return False


def _compose(doc: Document, text: str) -> yaml.Node | None:
    """The node tree of the text, or None with a finding saying why there is none."""
    try:
        if not _within_limits(doc, text):
            return None
        root: yaml.Node | None = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        _syntax_finding(doc, err, text)
        return None
    except yaml.reader.ReaderError as err:
        # libyaml refuses control characters before parsing; position is a character offset
        before = text[: err.position]
        column = err.position - (before.rfind("\n") + 1)
        code = err.character if isinstance(err.character, int) else ord(str(err.character))
        doc.finding(
            "control-character",
            f"control character U+{code:04X} is not allowed in YAML",
            hint="remove it, or write it as an escape inside a double-quoted string",
            mark=Mark(before.count("\n"), column),
        )
        return None
    except yaml.YAMLError as err:
        doc.finding("yaml-syntax", f"not valid YAML: {err}", mark=Mark())
        return None
    except RecursionError:
        doc.finding("too-deep", "nesting too deep for the YAML parser", mark=Mark())
        return None
    doc.root = root
    if root is None:
        doc.finding("empty-file", "the file is empty", mark=Mark())
    return root


def _walk(doc: Document, root: yaml.Node) -> None:
    """Build the plain data from the node tree, within the node budget and depth."""
    try:
        doc.data = Walker(doc).value(root, (), 0)
        doc.walked = True
    except Budget as err:
        doc.data = None
        doc.finding(err.rule, err.message, err.node, hint=err.hint)
    except RecursionError:
        doc.data = None
        doc.finding("too-deep", "nesting too deep to read", mark=Mark(), hint=_DEPTH_HINT)


def _not_regular(mode: int) -> str | None:
    """What a path that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "this is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "a device, not a regular file"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _read_bytes(doc: Document) -> bytes | None:
    limit = doc.limits.max_file_bytes
    try:
        what = _not_regular(doc.path.stat().st_mode)  # one system call for both questions
        if what is None:
            # non-blocking, then asked again: a file swapped for a FIFO since the stat would
            # otherwise wait for a writer forever
            descriptor = os.open(doc.path, _OPEN_FLAGS)
            try:
                status = os.fstat(descriptor)
                what = _not_regular(status.st_mode)
                raw = _read_at_most(descriptor, status.st_size, limit) if what is None else b""
            finally:
                os.close(descriptor)
        if what is not None:  # a named pipe or a device would block or never end
            doc.finding("not-a-file", what, mark=Mark())
            return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            doc.findings.append(path_finding(Path(doc.display), *LINK_LOOP))
            return None
        reason = err.strerror or type(err).__name__
        doc.finding("unreadable", f"cannot read the file: {reason}", mark=Mark())
        return None
    if len(raw) > limit:
        doc.finding(
            "file-too-large",
            f"the file is larger than {limit:,} bytes",
            hint="profiles are small; raise limits.max_file_bytes in partnerfit.yaml if needed",
            mark=Mark(),
        )
        return None
    return raw


def _read_at_most(descriptor: int, size: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes (one more tells a file too large), asked for in a buffer of
    the file's size rather than of the limit: a buffer of the limit for every small file costs
    more than parsing it. A file that grew since its size was taken is read on, still bounded."""
    chunks = []
    remaining = limit + 1
    request = min(size, limit) + 1
    while remaining > 0:
        chunk = os.read(descriptor, min(request, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
        # small: nearly always this read only meets the end of the file, and a large buffer
        # asked for and given back costs more than the file
        request = 1 << 16
    return b"".join(chunks)


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
        mark = first_too_deep(text[: getattr(mark, "index", len(text))], doc.limits) or mark
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
        mark = Mark()
    doc.finding(rule, message.replace("\t", "\\t"), mark=mark, hint=hint)


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


def _decode(doc: Document, raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.finding(
            "not-utf8", "the file is UTF-16, not UTF-8", hint="save the file as UTF-8", mark=Mark()
        )
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        doc.finding(
            "binary-file",
            "the file holds NUL bytes: it is binary, not a YAML text file",
            mark=Mark(line - 1, nul - (raw.rfind(b"\n", 0, nul) + 1)),
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
            mark=Mark(line, column),
        )
        return None
    return text.removeprefix("\ufeff")
