"""The reading fast paths give exactly what the straightforward reading gives.

``may_be_deep`` looks for one line prefix long enough instead of measuring every line's, and
the walker reads a plain decimal integer without PyYAML's constructor: both are checked here
against the definitions they shortcut.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.io.document import Document
from partnerfit.io.limits import Limits, may_be_deep
from partnerfit.io.reader import parse_document

_PREFIX = re.compile(r"^[ \-?:]*", re.MULTILINE)


def deep_by_definition(text: str, max_depth: int) -> bool:
    """Flow brackets plus the longest line prefix of spaces and ``-?:`` reach max_depth."""
    flow = text.count("[") + text.count("{")
    block = max(len(prefix) for prefix in _PREFIX.findall(text))
    return block + flow + 1 > max_depth


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" -?:\n\r\tab[{", max_size=60), st.integers(1, 15))
def test_may_be_deep_is_its_definition(text: str, max_depth: int) -> None:
    assert may_be_deep(text, max_depth) == deep_by_definition(text, max_depth)


def test_may_be_deep_on_hand_made_texts() -> None:
    assert not may_be_deep("a:\n  b: 1\n", 3)  # prefix 2 + 0 + 1 = 3, not more
    assert may_be_deep("a:\n   b: 1\n", 3)  # prefix 3
    assert may_be_deep("- - - x\n", 6)  # the first line counts too: prefix 6
    assert not may_be_deep("- - - x\n", 7)
    assert may_be_deep("[[[", 3)  # flow alone
    assert may_be_deep("a: [x]\n  b\n", 3)  # one bracket and prefix 2


def read(text: str) -> Document:
    doc = Document(path=Path("p.yaml"), display="p.yaml", limits=Limits())
    return parse_document(doc, text.encode("utf-8"))


INTEGERS = [
    "0", "7", "10", "123456789012345678", "1234567890123456789", "9" * 30, "007", "0755",
    "+5", "-5", "1_000", "0x1F", "0o17", "0b101", "1:30", "190:20:30", "٣", "12a",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.integers(), st.sampled_from(INTEGERS), st.from_regex(r"[0-9]{1,25}", fullmatch=True)
    )
)
def test_integers_read_as_pyyaml_reads_them(number: Any) -> None:
    for text in (f"n: {number}\n", f"n: !!int {number}\n", f"n: [{number}]\n", f"{number}: x\n"):
        expected: Any
        try:
            expected = yaml.load(text, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError):
            expected = None  # a finding, checked below
        doc = read(text)
        if expected is None:
            assert doc.data is None or doc.findings, text
        else:
            assert doc.data == expected, text
            assert [type(v) for v in _leaves(doc.data)] == [type(v) for v in _leaves(expected)]


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in (k, *_leaves(v))]
    if isinstance(data, list):
        return [x for v in data for x in _leaves(v)]
    return [data]


def test_integer_traps_are_still_found() -> None:
    rules = {text: [t.rule for t in read(f"n: {text}\n").traps.values()] for text in INTEGERS}
    assert rules["0755"] == ["yaml-octal"]
    assert rules["007"] == ["yaml-octal"]
    assert rules["1:30"] == ["yaml-sexagesimal"]
    assert rules["7"] == rules["10"] == rules["0"] == rules["1_000"] == []
