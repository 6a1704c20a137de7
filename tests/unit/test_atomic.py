"""Atomic output: the old file survives any failure, and no temporary file is left behind."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from partnerfit.errors import UsageError
from partnerfit.io.atomic import atomic_writer, write_atomic


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, ["a,b\n", "1,2\n"])
    assert target.read_text() == "a,b\n1,2\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_failure_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def chunks() -> Iterator[str]:
        yield "new, half written\n"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        write_atomic(target, chunks())
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_interrupt_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def interrupted() -> None:
        with atomic_writer(target) as stream:
            stream.write("partial")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_replacing_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, ["new\n"])
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.csv", ["x"])


def test_directory_target_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="it is a directory"):
        write_atomic(tmp_path, ["x"])
