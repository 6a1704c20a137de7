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


def _advice_spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Record the writeback hand-overs, with a threshold of 10 characters."""
    from partnerfit.io import atomic

    monkeypatch.setattr(atomic, "WRITE_BEHIND_CHARACTERS", 10)
    calls: list[tuple[int, int, int]] = []

    def advise(fd: int, offset: int, length: int, advice: int) -> None:
        assert os.fstat(fd).st_size >= offset + length  # the range is written, not buffered
        calls.append((offset, length, advice))

    monkeypatch.setattr(os, "posix_fadvise", advise, raising=False)
    return calls


def test_a_large_output_is_handed_to_writeback_as_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _advice_spy(monkeypatch)
    target = tmp_path / "out.csv"
    write_atomic(target, ["é,b\n"] * 10)  # 4 characters, 5 bytes each
    assert target.read_text(encoding="utf-8") == "é,b\n" * 10
    dontneed = os.POSIX_FADV_DONTNEED
    # every third chunk passes 10 characters: the bytes since the last hand-over, in order
    assert calls == [(0, 15, dontneed), (15, 15, dontneed), (30, 15, dontneed)]


def test_writeback_refused_changes_nothing_but_the_timing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnerfit.io import atomic

    monkeypatch.setattr(atomic, "WRITE_BEHIND_CHARACTERS", 10)

    def refused(*_: int) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "posix_fadvise", refused, raising=False)
    target = tmp_path / "out.csv"
    write_atomic(target, ["abcd\n"] * 9)
    assert target.read_text() == "abcd\n" * 9
    assert os.listdir(tmp_path) == ["out.csv"]


def test_no_writeback_for_what_is_not_a_regular_file(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _advice_spy(monkeypatch)
    write_atomic("/dev/null", ["abcd\n"] * 9)  # written through, not replaced
    assert calls == []
