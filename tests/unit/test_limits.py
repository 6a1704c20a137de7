"""The reading limits: each stops its attack at the documented place with a clean finding."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from partnerfit.model import Limits, Profile
from partnerfit.model.load import load_model


def _nested(depth: int) -> bytes:
    return b"id: x\nname: y\ndescription: " + b"[" * depth + b"]" * depth + b"\n"


def _rules(path: Path, limits: Limits) -> list[str]:
    return [f.rule for f in load_model(Profile, path, "p.yaml", limits).findings]


def test_the_deepest_allowed_nesting_is_read(tmp_path: Path) -> None:
    """At max_depth's ceiling the recursive walk still fits Python's default recursion limit."""
    path = tmp_path / "p.yaml"
    path.write_bytes(_nested(199))
    assert _rules(path, Limits(max_depth=200)) == ["schema"]
    path.write_bytes(_nested(201))
    assert _rules(path, Limits(max_depth=200)) == ["too-deep"]


def test_max_depth_is_capped() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 200"):
        Limits(max_depth=201)


@pytest.fixture
def shallow_stack() -> Iterator[None]:
    """A recursion limit low enough that the walker runs out of stack below max_depth."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(len(_frames()) + 150)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _frames() -> list[object]:
    frames = []
    frame = sys._getframe()
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back  # type: ignore[assignment]
    return frames


def test_running_out_of_stack_is_a_finding_not_a_crash(tmp_path: Path, shallow_stack: None) -> None:
    del shallow_stack
    path = tmp_path / "p.yaml"
    path.write_bytes(_nested(150))
    findings = load_model(Profile, path, "p.yaml", Limits(max_depth=200)).findings
    assert [(f.rule, f.message) for f in findings] == [("too-deep", "nesting too deep to read")]
