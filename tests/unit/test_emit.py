"""io.emit.yaml_text: PyYAML's own text for any data, by libyaml where that is the same."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerfit.io import emit
from partnerfit.io.emit import yaml_text

# any string (emoji, line breaks, control characters), and printable text in the plane where
# libyaml is used, with the words, spaces and YAML punctuation that decide quoting and folding
anything = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=140)
printable = st.characters(codec="utf-8", exclude_categories=("Cs",), max_codepoint=0xFFFF).filter(
    str.isprintable
)
specials = st.sampled_from(
    [
        *("yes", "null", "~", "0x10", "1e3", "- a", "a: b", "#x", "x #y", " lead", "trail "),
        *("'s'", '"q"', "[a]", "{a}", "@x", "&x", "*x", "|", ">", "?", "---", "...", ""),
        *("é", "日本", "🌱 x", "k" * 100, "k" * 101, "0" * 122, "0" * 123, "é" * 50, "é" * 51),
    ]
)
words = st.lists(st.one_of(st.text(printable, min_size=1, max_size=12), specials), max_size=40)
texts = st.one_of(anything, st.text(printable, max_size=300), words.map(" ".join), specials)
keys = st.one_of(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), texts)
values = st.recursive(
    st.one_of(texts, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)


def pyyaml(data: Any, width: int) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=6), st.sampled_from([80, 100, 1_000]))
def test_the_text_is_pyyamls_own(data: dict[str, Any], width: int) -> None:
    assert yaml_text(data, width=width) == pyyaml(data, width)


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("GreenLeaf Co-op, Nairobi", True),
        ("Société Générale 日本", True),
        ("🌱 GreenLeaf", False),  # outside the plane: libyaml escapes it
        ("two\nlines", False),
        ("a\ttab", False),
        ("\x1b[31mred", False),
    ],
)
def test_libyaml_writes_only_where_it_writes_the_same(
    text: str, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[type] = []
    dump = yaml.dump

    def watched(data: Any, **options: Any) -> Any:
        used.append(options["Dumper"])
        return dump(data, **options)

    monkeypatch.setattr(yaml, "dump", watched)
    document = {"name": text, "values": [{"tag": "equity", "importance": 3}], "notes": [text]}
    assert yaml_text(document, width=100) == pyyaml(document, 100)
    assert used == [yaml.CSafeDumper if fast else yaml.SafeDumper]
    assert emit._libyaml_writes_the_same(document) is fast
