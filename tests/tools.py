"""Helpers for the tests: tools of the test extra, found beside the interpreter running the
tests, a string that counts the comparisons made with it, and the page faults of making arrays
again."""

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


class CountedStr(str):
    """A str that counts, in ``CountedStr.compared``, the equality comparisons made with it:
    lookups by id that scan instead of index show as about n²/2 comparisons for n lookups."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountedStr.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def reallocation_faults() -> int:
    """The page faults of making and freeing a chunk's arrays (10 MB) four times, after a
    first time: under 100 where freed memory is kept, about 1,500 where glibc gives fresh
    pages."""
    import resource

    import numpy as np

    def chunk() -> None:
        arrays = [np.ones(size, dtype=np.uint8) for size in (1 << 20, 3 << 20, 6 << 20, 200_000)]
        del arrays

    chunk()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(4):
        chunk()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
