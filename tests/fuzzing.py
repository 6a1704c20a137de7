"""Mutations of valid profiles for fuzzing: every command must succeed or fail cleanly."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st
from tests.strategies import profile_data

TRAPS = [
    "NO",
    "yes",
    "off",
    "0755",
    "1:30",
    "2027-06-30",
    "1.10",
    "~",
    "",
    "!!python/object:os.system",
    "&a [*a]",
    "*undefined",
    "{",
    "[",
    "\t",
    "\x00",
    "\xff",
    "<<: 3",
    "? [a]",
    "!!binary AAAA",
    # second round: explicit tags the standard constructors crash on, and hostile text
    "!!bool maybe",
    "!!timestamp abc",
    '!!int ""',
    '!!float "_"',
    '!!binary "!!!"',
    "!!set {a, b}",
    "!!omap [a: 1]",
    '"\\e[2J\\e]8;;http://x\\e\\\\"',
    '"=HYPERLINK(\\"x\\")"',
    '"a\\rb\\nc"',
]


def _dump(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


@st.composite
def mutated_profile(draw: st.DrawFn) -> bytes:
    """A structurally valid profile, then one to three mutations of its data or its bytes."""
    data = draw(profile_data("fuzzed"))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["drop", "duplicate", "retype", "trap", "truncate", "flip", "unknown", "none"]
            )
        )
        keys = list(data)
        if kind == "drop" and keys:
            data.pop(draw(st.sampled_from(keys)))
        elif kind == "retype" and keys:
            key = draw(st.sampled_from(keys))
            data[key] = draw(
                st.one_of(
                    st.integers(),
                    st.floats(),
                    st.booleans(),
                    st.none(),
                    st.text(max_size=5),
                    st.lists(st.integers(), max_size=3),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                )
            )
        elif kind == "unknown":
            data[draw(st.text(min_size=1, max_size=8))] = draw(st.integers())
    return _mutate_bytes(draw, _dump(data))


def _mutate_bytes(draw: st.DrawFn, text: bytes) -> bytes:
    """Up to two mutations of the bytes: duplicate a line, inject a trap, truncate, flip a bit."""
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["duplicate", "trap", "truncate", "flip", "none"]))
        lines = text.split(b"\n")
        if kind == "duplicate" and len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = b"\n".join(lines)
        elif kind == "trap" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            trap = draw(st.sampled_from(TRAPS)).encode("utf-8", "surrogateescape")
            head, sep, _ = lines[i].partition(b": ")
            lines[i] = head + b": " + trap if sep else lines[i] + trap
            text = b"\n".join(lines)
        elif kind == "truncate" and text:
            text = text[: draw(st.integers(0, len(text)))]
        elif kind == "flip" and text:
            i = draw(st.integers(0, len(text) - 1))
            text = text[:i] + bytes([text[i] ^ (1 << draw(st.integers(0, 7)))]) + text[i + 1 :]
    return text


CRITERIA = [
    "value_alignment",
    "complementarity",
    "goal_alignment",
    "market_reach",
    "reputation",
    "communication",
]


@st.composite
def mutated_config(draw: st.DrawFn) -> bytes:
    """A valid partnerfit.yaml (weights, synonyms, tiers, limits), then mutations as above."""
    data: dict[str, Any] = {}
    if draw(st.booleans()):
        data["weights"] = draw(
            st.dictionaries(
                st.sampled_from(CRITERIA), st.floats(0, 10, allow_nan=False), min_size=1
            )
        )
    if draw(st.booleans()):
        data["synonyms"] = {"sustainability": ["green", "eco"], "funding": ["capital"]}
    if draw(st.booleans()):
        data["tiers"] = draw(
            st.dictionaries(st.sampled_from(["A", "B", "C", "Gold"]), st.integers(0, 100))
        )
    if draw(st.booleans()):
        data["limits"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "max_file_bytes": st.integers(1, 2_000_000),
                    "max_nodes": st.integers(1, 200_000),
                    "max_depth": st.integers(1, 200),
                },
            )
        )
    keys = list(data)
    if keys and draw(st.booleans()):
        key = draw(st.sampled_from(keys))
        data[key] = draw(
            st.one_of(
                st.integers(), st.text(max_size=5), st.none(), st.lists(st.integers(), max_size=2)
            )
        )
    if draw(st.booleans()):
        data[draw(st.text(min_size=1, max_size=8))] = 1
    return _mutate_bytes(draw, _dump(data))
