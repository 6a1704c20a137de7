"""Tools of the test extra, found beside the interpreter running the tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def installed_tool(name: str) -> Path:
    """A console script of the test extra, beside this interpreter (activated or not).

    Missing is a failure, not a skip: CI installs the test extra, so a tool that is not there
    means the environment is wrong, and a skipped test would hide it.
    """
    bin_dir = Path(sys.executable).parent
    for candidate in (bin_dir / name, bin_dir / f"{name}.exe"):
        if candidate.is_file():
            return candidate
    pytest.fail(
        f"{name} is not installed beside {sys.executable}: "
        "install the test extra (python -m pip install -e '.[test]')"
    )
