"""A corpus of hostile and broken profile files, each with the finding it must produce.

Files are generated (some are megabytes, binary or not UTF-8), so the corpus lives as data here
rather than as fixtures on disk. Every command's tests run over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD = b"id: hostile\nname: Hostile\n"


def _bomb(levels: int) -> bytes:
    lines = [b'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]".encode())
    return b"\n".join(lines) + b"\n"


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its bytes, and the rule and message fragment it must be reported with."""

    name: str
    build: Callable[[], bytes]
    rule: str
    message: str
    line: int | None = None
    severity: str = "error"

    def write(self, directory: Path) -> Path:
        """Write the file as <name>.yaml in the directory."""
        path = directory / f"{self.name}.yaml"
        path.write_bytes(self.build())
        return path


CORPUS: tuple[Hostile, ...] = (
    Hostile("alias-bomb", lambda: _bomb(9), "node-budget", "YAML nodes once aliases are expanded"),
    Hostile(
        "recursive-alias", lambda: GOOD + b"regions: &r [a, *r]\n", "too-deep", "nesting deeper"
    ),
    Hostile(
        "deep-flow",
        lambda: b"id: x\nname: y\nregions: " + b"[" * 200_000,
        "too-deep",
        "nesting deeper than 50 levels",
        line=3,
    ),
    Hostile("deep-block", lambda: b"- " * 200_000 + b"x\n", "too-deep", "nesting deeper", line=1),
    Hostile(
        "huge-scalar",
        lambda: GOOD + b"description: " + b"x" * 2_000_000 + b"\n",
        "file-too-large",
        "larger than 1,000,000 bytes",
    ),
    Hostile(
        "million-items",
        lambda: GOOD + b"regions: [" + b"a," * 400_000 + b"a]\n",
        "node-budget",
        "more than 100000 YAML nodes",
    ),
    Hostile(
        "binary-png", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary-file", "NUL bytes"
    ),
    Hostile(
        "nul-bytes", lambda: GOOD + b"description: a\x00b\n", "binary-file", "NUL bytes", line=3
    ),
    Hostile(
        "invalid-utf8",
        lambda: GOOD + b"description: caf\xe9\n",
        "not-utf8",
        "not valid UTF-8 (byte 0xe9",
        line=3,
    ),
    Hostile("utf16", lambda: "id: x\nname: y\n".encode("utf-16"), "not-utf8", "UTF-16"),
    Hostile(
        "python-tag",
        lambda: GOOD + b"description: !!python/object/apply:os.system [ls]\n",
        "unsafe-tag",
        "is not allowed (it would run code",
        line=3,
    ),
    Hostile(
        "unknown-tag",
        lambda: GOOD + b"description: !secret xyz\n",
        "unknown-tag",
        "YAML tag !secret is not allowed",
        line=3,
    ),
    Hostile(
        "duplicate-key",
        lambda: GOOD + b"name: Again\n",
        "duplicate-key",
        "duplicate key `name` (first at line 2)",
        line=3,
    ),
    Hostile(
        "norway",
        lambda: GOOD + b"regions: [UK, NO]\n",
        "yaml-boolean",
        "`NO` is read as the boolean false",
        line=3,
    ),
    Hostile(
        "octal-string",
        lambda: GOOD + b"goals:\n  - statement: s\n    metric: 0755\n",
        "yaml-octal",
        "`0755` is read as the octal number 493",
        line=5,
    ),
    Hostile(
        "sexagesimal",
        lambda: GOOD + b"description: 1:30\n",
        "yaml-sexagesimal",
        "base-60 number 90",
        line=3,
    ),
    Hostile(
        "date-as-string",
        lambda: GOOD + b"description: 2027-06-30\n",
        "yaml-date",
        "is read as a date",
        line=3,
    ),
    Hostile(
        "float-version",
        lambda: GOOD + b"sectors: [1.10]\n",
        "yaml-float",
        "`1.10` is read as the number 1.1",
        line=3,
    ),
    Hostile("null-name", lambda: b"id: x\nname:\n", "yaml-null", "the value is empty", line=2),
    Hostile(
        "tab-indent",
        lambda: b"id: x\nname: y\nreputation:\n\trating: 4\n",
        "yaml-tab",
        "tab",
        line=4,
    ),
    Hostile("syntax-error", lambda: GOOD + b"regions: [UK, US\n", "yaml-syntax", "flow sequence"),
    Hostile(
        "two-documents",
        lambda: GOOD + b"---\n" + GOOD,
        "multiple-documents",
        "more than one YAML document",
        line=3,
    ),
    Hostile("empty", lambda: b"", "empty-file", "the file is empty"),
    Hostile("only-comments", lambda: b"# nothing here\n\n", "empty-file", "the file is empty"),
    Hostile(
        "top-level-list",
        lambda: b"- id: x\n- name: y\n",
        "not-a-mapping",
        "holds a list, not a mapping",
        line=1,
    ),
    Hostile(
        "top-level-scalar",
        lambda: b"just text\n",
        "not-a-mapping",
        "a single string, not a mapping",
        line=1,
    ),
    Hostile(
        "unknown-field",
        lambda: GOOD + b"valeus: [care]\n",
        "unknown-field",
        "unknown field `valeus`",
        line=3,
    ),
    Hostile(
        "missing-name",
        lambda: b"id: x\nkind: business\n",
        "missing-field",
        "missing required field `name`",
        line=1,
    ),
    Hostile(
        "out-of-range",
        lambda: GOOD + b"strengths:\n  - {capability: x, level: 6}\n",
        "schema",
        "strengths[0].level: Input should be less than or equal to 5",
        line=4,
    ),
    Hostile(
        "wrong-type",
        lambda: GOOD + b"needs:\n  - {capability: x, priority: high}\n",
        "schema",
        "needs[0].priority: Input should be a valid integer",
        line=4,
    ),
    Hostile(
        "bad-id",
        lambda: b"id: Not A Slug!\nname: y\n",
        "schema",
        "id: an id is a lowercase slug",
        line=1,
    ),
    Hostile(
        "huge-integer",
        lambda: GOOD + b"capacity: " + b"9" * 5000 + b"\n",
        "yaml-value",
        "a number of 5,000 digits is too large",
        line=3,
    ),
    Hostile(
        "nan-rating",
        lambda: GOOD + b"reputation: {rating: .nan}\n",
        "schema",
        "reputation.rating: Input should be a finite number",
        line=3,
    ),
    Hostile(
        "bad-merge",
        lambda: GOOD + b"reputation:\n  <<: 3\n",
        "invalid-merge",
        "`<<` must be followed by a mapping",
        line=4,
    ),
    Hostile(
        "complex-key",
        lambda: GOOD + b"? [a, b]\n: c\n",
        "invalid-key",
        "a list or mapping cannot be used as a key",
        line=3,
    ),
    Hostile(
        "control-char",
        lambda: GOOD + b"description: bell\x07\n",
        "control-character",
        "control character U+0007 is not allowed",
        line=3,
    ),
    Hostile(
        "giant-key",
        lambda: GOOD + b"k" * 100_000 + b": 1\n",
        "yaml-syntax",
        "could not find expected ':'",
    ),
)
"""Every hostile kind; the tests check each against every command."""


MARKUP_NAME = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"></svg>&amp;'
"""A profile name that is markup: every renderer must show it as these characters."""
MARKUP_PROFILE = f"""\
id: hostile-org
name: '{MARKUP_NAME}'
kind: business
sectors: [food]
regions: [EU]
values: {{sustainability: 5, transparency: 4}}
strengths:
  - {{capability: funding, level: 5}}
  - {{capability: marketing, level: 4}}
needs:
  - {{capability: distribution, priority: 3}}
goals:
  - statement: '<iframe src="https://example.com"></iframe><img src=x onerror=alert(2)>'
    themes: [waste]
communication: {{languages: [en], cadence: weekly}}
"""
"""A valid profile whose free text is markup, for the HTML reports' tests."""
