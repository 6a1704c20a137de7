"""The per-run path display (check, the loaders) agrees with ``io.paths.display_path``: it only
caches, and shows plainly relative paths as given only when asked to."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partnerfit.io.paths import PathDisplay, display_path


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cwd/real/a.yaml, a linked directory, a linked file, and a file outside the cwd."""
    cwd = tmp_path / "cwd"
    (cwd / "real" / "sub").mkdir(parents=True)
    (cwd / "real" / "a.yaml").write_text("id: a\n")
    (cwd / "real" / "sub" / "b.yaml").write_text("id: b\n")
    (cwd / "linked").symlink_to(cwd / "real", target_is_directory=True)
    (cwd / "real" / "link.yaml").symlink_to(cwd / "real" / "sub" / "b.yaml")
    (tmp_path / "outside.yaml").write_text("id: o\n")
    monkeypatch.chdir(cwd)
    return cwd


def test_absolute_and_dotted_paths_show_as_display_path(tree: Path) -> None:
    paths = [
        tree / "real" / "a.yaml",
        tree / "linked" / "a.yaml",
        tree / "linked" / "sub" / "b.yaml",
        tree / "real" / "link.yaml",
        tree / "real" / "sub" / ".." / "a.yaml",
        tree.parent / "outside.yaml",
        Path("real") / "sub" / ".." / "a.yaml",
        Path("..") / "outside.yaml",
    ]
    shown = PathDisplay()
    for path in paths * 2:  # the second round is served from the cache
        assert shown(path) == display_path(path), path
    resolved = PathDisplay(as_given=False)  # the loaders' display: every path as display_path
    plain = [Path("linked") / "a.yaml", Path("real") / "link.yaml", Path("real") / "a.yaml"]
    for path in (paths + plain) * 2:
        assert resolved(path) == display_path(path), path
    assert resolved(Path("linked") / "a.yaml") == os.path.join("real", "a.yaml")
    assert shown(tree / "linked" / "a.yaml") == os.path.join("real", "a.yaml")
    assert shown(tree / "real" / "link.yaml") == os.path.join("real", "sub", "b.yaml")
    assert shown(tree.parent / "outside.yaml") == str(tree.parent / "outside.yaml")


@pytest.mark.usefixtures("tree")
def test_plain_relative_paths_show_as_given() -> None:
    shown = PathDisplay()
    assert shown(Path("linked/a.yaml")) == "linked/a.yaml"
    assert shown(Path("./real//a.yaml")) == "real/a.yaml"
