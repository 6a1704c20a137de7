"""A corpus of hostile and broken profile files, each with the finding it must produce.

Files are generated (some are megabytes, binary or not UTF-8), so the corpus lives as data here
rather than as fixtures on disk. Every command's tests run over it.
"""

from __future__ import annotations

import json
import random
import string
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
    # second round: explicit tags that the standard constructors crash on, or that are not data
    Hostile(
        "tag-bool",
        lambda: GOOD + b"description: !!bool maybe\n",
        "yaml-value",
        "description: `maybe` is not a valid !!bool",
        line=3,
    ),
    Hostile(
        "tag-timestamp",
        lambda: GOOD + b"description: !!timestamp abc\n",
        "yaml-value",
        "description: `abc` is not a valid !!timestamp",
        line=3,
    ),
    Hostile(
        "tag-int-empty",
        lambda: GOOD + b'capacity: !!int ""\n',
        "yaml-value",
        "capacity: the empty value is not a valid !!int",
        line=3,
    ),
    Hostile(
        "tag-float-underscore",
        lambda: GOOD + b'reputation: {rating: !!float "_"}\n',
        "yaml-value",
        "reputation.rating: `_` is not a valid !!float",
        line=3,
    ),
    Hostile(
        "tag-binary-bad",
        lambda: GOOD + b'description: !!binary "!!!"\n',
        "yaml-value",
        "description: `!!!` is not a valid !!binary",
        line=3,
    ),
    Hostile(
        "tag-binary",
        lambda: GOOD + b"description: !!binary aGVsbG8=\n",
        "yaml-value",
        "description: !!binary data is not allowed: profiles hold text",
        line=3,
    ),
    Hostile(
        "tag-set",
        lambda: GOOD + b"sectors: !!set {food, farming}\n",
        "unknown-tag",
        "YAML tag !!set is not allowed",
        line=3,
    ),
    Hostile(
        "tag-omap",
        lambda: GOOD + b"values: !!omap [care: 3]\n",
        "unknown-tag",
        "YAML tag !!omap is not allowed",
        line=3,
    ),
    Hostile(
        "tag-local-sequence",
        lambda: GOOD + b"regions: !foo [EU]\n",
        "unknown-tag",
        "YAML tag !foo is not allowed",
        line=3,
    ),
    Hostile(
        "tag-int-huge-hex",
        lambda: GOOD + b"capacity: !!int 0x" + b"f" * 4000 + b"\n",
        "schema",
        "capacity: Input should be less than or equal to 10000",
        line=3,
    ),
    # second round: keys that differ only in case or separators would be merged silently
    Hostile(
        "collide-case",
        lambda: GOOD + b"values:\n  Sustainability: 5\n  sustainability: 2\n",
        "tag-collision",
        "values: `sustainability` is the same tag as `Sustainability` (line 4)",
        line=5,
    ),
    Hostile(
        "collide-space",
        lambda: GOOD + b'values: {care: 3, "care ": 4}\n',
        "tag-collision",
        "values: `care ` is the same tag as `care` (line 3)",
        line=3,
    ),
    Hostile(
        "collide-separator",
        lambda: GOOD + b"values:\n  open_source: 3\n  open-source: 4\n",
        "tag-collision",
        "values: `open-source` is the same tag as `open_source` (line 4)",
        line=5,
    ),
    Hostile(
        "collide-list",
        lambda: GOOD + b"values: [Care, care]\n",
        "tag-collision",
        "values: `care` is the same tag as `Care` (line 3)",
        line=3,
    ),
)
"""Every hostile kind; the tests check each against every command."""

ACCEPTED_TAGS: tuple[tuple[str, bytes], ...] = (
    ("str-number", b"description: !!str 5\n"),
    ("str-date", b"description: !!str 2027-06-30\n"),
    ("str-yes", b"regions: [!!str NO, UK]\n"),
    ("int-hex", b"capacity: !!int 0x1F\n"),
    ("float-rating", b"reputation: {rating: !!float 4}\n"),
    ("null-optional", b"website: !!null\n"),
    ("map-and-seq", b"values: !!map {care: 3}\nsectors: !!seq [food]\n"),
)
"""Explicit tags that are harmless and give a valid value: accepted as if untagged."""


# --------------------------------------------------------------------------- second round
# Text that tries to act on whoever reads the output: a terminal, a CI log, a spreadsheet, a
# Markdown viewer, an XML or SARIF consumer. Each case puts the text where a profile author can
# (a name, a value tag, an unknown key that `check` quotes) and states exactly what every output
# family shows: ``terminal`` for table/text/github, ``csv`` for the CSV cell, ``markdown`` for the
# Markdown text. Those expectations are written out by hand, not computed by the code under test.


@dataclass(frozen=True)
class Injection:
    """Hostile text, and how the terminal, CSV and Markdown outputs must show it."""

    name: str
    text: str
    terminal: str
    csv: str
    markdown: str

    def yaml(self) -> str:
        """The text as a YAML double-quoted scalar (JSON escapes are YAML escapes)."""
        return json.dumps(self.text)


INJECTIONS: tuple[Injection, ...] = (
    Injection("rich-bold", "[bold]Evil[/]", "[bold]Evil[/]", "[bold]Evil[/]", r"\[bold\]Evil\[/\]"),
    Injection("rich-close", "[/] x", "[/] x", "[/] x", r"\[/\] x"),
    Injection(
        "rich-link",
        "[link=https://evil.example]Go[/link]",
        "[link=https://evil.example]Go[/link]",
        "[link=https://evil.example]Go[/link]",
        r"\[link=https://evil.example\]Go\[/link\]",
    ),
    Injection(
        "ansi-colour",
        "\x1b[31mRed\x1b[0m",
        r"\x1b[31mRed\x1b[0m",
        r"\x1b[31mRed\x1b[0m",
        r"\\x1b\[31mRed\\x1b\[0m",
    ),
    Injection(
        "clear-screen",
        "\x1b[2J\x1b[HX",
        r"\x1b[2J\x1b[HX",
        r"\x1b[2J\x1b[HX",
        r"\\x1b\[2J\\x1b\[HX",
    ),
    Injection(
        "osc8-link",
        "\x1b]8;;https://evil.example\x1b\\Go\x1b]8;;\x1b\\",
        r"\x1b]8;;https://evil.example\x1b\Go\x1b]8;;\x1b\ ".strip(),
        r"\x1b]8;;https://evil.example\x1b\Go\x1b]8;;\x1b\ ".strip(),
        r"\\x1b\]8;;https://evil.example\\x1b\\Go\\x1b\]8;;\\x1b\\",
    ),
    Injection(
        "osc-title",
        "\x1b]0;pwned\x07T",
        r"\x1b]0;pwned\x07T",
        r"\x1b]0;pwned\x07T",
        r"\\x1b\]0;pwned\\x07T",
    ),
    Injection("bell", "Ring\x07", r"Ring\x07", r"Ring\x07", r"Ring\\x07"),
    Injection("backspace", "ok\x08\x08no", r"ok\x08\x08no", r"ok\x08\x08no", r"ok\\x08\\x08no"),
    Injection("bare-cr", "Safe\rEvil", r"Safe\rEvil", r"Safe\rEvil", r"Safe\\rEvil"),
    Injection(
        "forged-line",
        "X\nprofiles/evil.yaml:1:1: error schema: forged",
        r"X\nprofiles/evil.yaml:1:1: error schema: forged",
        r"X\nprofiles/evil.yaml:1:1: error schema: forged",
        "X<br>profiles/evil.yaml:1:1: error schema: forged",
    ),
    Injection("c1-csi", "\x9b31mC1", r"\x9b31mC1", r"\x9b31mC1", r"\\x9b31mC1"),
    Injection("bidi-override", "abc\u202edcb", r"abc\u202edcb", r"abc\u202edcb", r"abc\\u202edcb"),
    Injection(
        "csv-formula",
        '=HYPERLINK("https://evil.example","x")',
        '=HYPERLINK("https://evil.example","x")',
        '\'=HYPERLINK("https://evil.example","x")',
        '=HYPERLINK("https://evil.example","x")',
    ),
    Injection("csv-plus", "+1+cmd", "+1+cmd", "'+1+cmd", "+1+cmd"),
    Injection("csv-minus", "-2+3", "-2+3", "'-2+3", "-2+3"),
    Injection("csv-at", "@SUM(A1:A9)", "@SUM(A1:A9)", "'@SUM(A1:A9)", "@SUM(A1:A9)"),
    Injection("csv-tab", "\t=1+2", r"\t=1+2", r"'\t=1+2", r"\\t=1+2"),
    Injection("csv-cr", "\r=1+2", r"\r=1+2", r"'\r=1+2", r"\\r=1+2"),
    Injection("csv-quote-comma", 'A "B", C', 'A "B", C', 'A "B", C', 'A "B", C'),
    Injection("md-pipe", "a | b", "a | b", "a | b", r"a \| b"),
    Injection(
        "md-html",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)>",
    ),
    Injection(
        "md-comment",
        "<!-- hidden -->",
        "<!-- hidden -->",
        "<!-- hidden -->",
        "&lt;!-- hidden -->",
    ),
    Injection(
        "md-link",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(1))",
        r"\[click\](javascript:alert(1))",
    ),
    Injection(
        "md-emphasis",
        "**loud** ~~gone~~",
        "**loud** ~~gone~~",
        "**loud** ~~gone~~",
        r"\*\*loud\*\* \~\~gone\~\~",
    ),
    Injection("nul-escape", "a\x00b", r"a\x00b", r"a\x00b", r"a\\x00b"),
    Injection(
        "xml-markup",
        "</failure><x/>&amp;",
        "</failure><x/>&amp;",
        "</failure><x/>&amp;",
        "&lt;/failure>&lt;x/>&amp;amp;",
    ),
    Injection(
        "workflow-command",
        "%0A::error::forged",
        "%0A::error::forged",
        "%0A::error::forged",
        "%0A::error::forged",
    ),
)
"""Hostile text in profiles: each case is shown as data in every output family."""


# --------------------------------------------------------------------------- bounded cost
# Inputs that are valid but large, for benchmarks/bench_hostile.py: the cost of handling them
# must grow linearly with their size.


def _words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # fixed seed: the same inputs in every run
    return ["".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(count)]


def large_profile(kilobytes: int, profile_id: str = "large") -> bytes:
    """A valid profile of about ``kilobytes`` KB: half sectors, half dealbreakers naming sectors
    that no profile has, each of which `check` warns about with a "did you mean"."""
    count = kilobytes * 1000 // 28
    sectors = ", ".join(_words(count, seed=1))
    unused = ", ".join(_words(count, seed=2))
    text = (
        f"id: {profile_id}\nname: Large\nsectors: [{sectors}]\n"
        f"dealbreakers:\n  sectors: [{unused}]\n"
    )
    return text.encode()


def large_pair_profile(kilobytes: int, profile_id: str, seed: int) -> bytes:
    """One side of a large pair for `explain`: values, strengths, needs and goals drawn from one
    shared pool of tags, so that the two sides overlap."""
    pool = _words(1_500, seed=3)
    count = kilobytes * 1000 // 90
    rng = random.Random(seed)
    tags = [rng.choice(pool) for _ in range(4 * count)]
    lines = [f"id: {profile_id}", f"name: {profile_id}", "values:"]
    lines += [f"  {t}: {1 + i % 5}" for i, t in enumerate(dict.fromkeys(tags[:count]))]
    lines += ["strengths:"]
    lines += [
        f"  - {{capability: {t}, level: {1 + i % 5}}}"
        for i, t in enumerate(tags[count : 2 * count])
    ]
    lines += ["needs:"]
    lines += [
        f"  - {{capability: {t}, priority: {1 + i % 5}}}"
        for i, t in enumerate(tags[2 * count : 3 * count])
    ]
    lines += ["goals:"]
    lines += [
        f"  - {{statement: goal {i}, themes: [{t}]}}" for i, t in enumerate(tags[3 * count :])
    ]
    return ("\n".join(lines) + "\n").encode()
