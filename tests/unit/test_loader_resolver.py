"""The loader's remembered tag resolution gives exactly PyYAML's safe-loader tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.io.loader import Loader

BUNDLED = Path(__file__).parent.parent.parent / "profiles"
REFERENCE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null", "", "0755", "0o17",
    "0x1F", "1:30", "190:20:30", "1.10", "1e3", ".inf", "-.INF", ".nan", "2027-06-30",
    "2001-12-14t21:59:43.10-05:00", "=", "<<", "-", "+1", "1_000", "0b101", "abc", "1.2.3",
]  # fmt: skip


def shape(node: yaml.Node) -> Any:
    """A node tree as (tag, value) data, positions left out."""
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [shape(n) for n in node.value])
    return (node.tag, [(shape(k), shape(v)) for k, v in node.value])


def composed(text: str, loader: Any) -> Any:
    try:
        return shape(yaml.compose(text, Loader=loader))
    except yaml.YAMLError as err:
        return type(err).__name__


def same_tags(text: str) -> None:
    expected = composed(text, REFERENCE)
    for _ in range(2):  # cold, then from the remembered answers
        assert composed(text, Loader) == expected


def test_yaml_11_traps_resolve_as_pyyaml_does() -> None:
    for text in TRICKY:
        same_tags(f"key: {text}\nlist: [{text}]\n{text or 'empty'}: 1\n")
        same_tags(f"quoted: '{text}'\nliteral: |\n  {text}\n")


def test_bundled_profiles_compose_identically() -> None:
    for path in sorted(BUNDLED.glob("*.yaml")):
        same_tags(path.read_text(encoding="utf-8"))


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(TRICKY),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(TRICKY), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None)
@given(documents, st.sampled_from([None, True, False]))
def test_dumped_documents_compose_identically(data: Any, flow: bool | None) -> None:
    same_tags(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))
