"""io.processes: items computed in forked children, handed back in order, errors carried."""

from __future__ import annotations

import gc
import glob
import mmap
import os
import signal
import struct
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.tools import reallocation_faults

from partnerfit.errors import InvalidFilesError, PartnerfitError, UsageError
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.processes import AHEAD_BYTES, RemoteTraceback, can_fork, forked_in_order

pytestmark = pytest.mark.skipif(not can_fork(), reason="fork is used on Linux only")


def _live_children() -> set[str]:
    """This process's live children (Linux: /proc/PID/task/TID/children)."""
    found: set[str] = set()
    for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        with open(path) as listing:
            found.update(listing.read().split())
    return found


@pytest.fixture
def children() -> Callable[[], set[str]]:
    """The children started since the test began that still run (other tests may keep some of
    their own: a browser for the session)."""
    others = _live_children()
    return lambda: _live_children() - others


def _pieces(item: int) -> list[bytes]:
    return [f"{item}:{piece};".encode() for piece in range(item % 4)]


def test_the_pieces_come_in_the_order_of_the_items(children: Callable[[], set[str]]) -> None:
    got = list(forked_in_order(lambda item: iter(_pieces(item)), 25, 3))
    assert [bytes(piece) for piece in got] == [p for item in range(25) for p in _pieces(item)]
    assert not children()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(st.binary(max_size=40), max_size=5), max_size=12),
    st.integers(min_value=1, max_value=4),
)
def test_the_same_as_map_in_one_process(items: list[list[bytes]], processes: int) -> None:
    got = forked_in_order(lambda item: iter(items[item]), len(items), processes)
    assert [bytes(piece) for piece in got] == [piece for pieces in items for piece in pieces]
    assert gc.get_freeze_count() == 0  # what was set aside for the fork is put back


def test_pieces_larger_than_a_pipe_and_memoryviews_arrive_whole() -> None:
    big = bytes(range(256)) * (3 << 12)  # 3 MiB: many writes and reads each
    items = 2 * AHEAD_BYTES // len(big) + 3  # more than a child may hold ahead

    def work(item: int) -> Iterator[bytes | memoryview]:
        yield memoryview(big)[item:]
        yield big[: item + 1]

    got = [bytes(piece) for piece in forked_in_order(work, items, 2)]
    assert got == [piece for item in range(items) for piece in (big[item:], big[: item + 1])]


def test_done_is_called_after_each_items_pieces_in_order() -> None:
    events: list[object] = []
    for piece in forked_in_order(lambda item: iter(_pieces(item)), 9, 2, events.append):
        events.append(bytes(piece))
    expected: list[object] = []
    for item in range(9):
        expected += [*_pieces(item), item]
    assert events == expected


def test_an_error_in_a_child_is_raised_at_its_item(children: Callable[[], set[str]]) -> None:
    def work(item: int) -> Iterator[bytes]:
        if item == 5:
            raise UsageError("item five is bad")
        yield str(item).encode()

    got: list[bytes] = []

    def consume() -> None:
        got.extend(bytes(piece) for piece in forked_in_order(work, 9, 3))

    with pytest.raises(UsageError, match="item five is bad"):
        consume()
    assert got == [b"0", b"1", b"2", b"3", b"4"]
    assert not children()


def test_an_error_that_does_not_pickle_is_named() -> None:
    class Local(Exception):  # a local class cannot be pickled
        pass

    def work(item: int) -> Iterator[bytes]:
        raise Local(f"went wrong at {item}")
        yield b""

    with pytest.raises(RuntimeError, match="Local: went wrong at 0"):
        list(forked_in_order(work, 3, 2))


def test_one_of_our_errors_that_does_not_pickle_keeps_its_message_and_status() -> None:
    finding = Finding(
        file="a.yaml", line=3, column=1, severity=Severity.ERROR, rule="PF999", message="bad"
    )
    error = InvalidFilesError([finding])  # rebuilt from its args, it would fail

    def work(item: int) -> Iterator[bytes]:
        raise error
        yield str(item).encode()

    with pytest.raises(PartnerfitError) as raised:
        list(forked_in_order(work, 2, 2))
    assert str(raised.value) == str(error)
    assert raised.value.exit_code == error.exit_code


def test_a_child_that_dies_is_a_clear_error(children: Callable[[], set[str]]) -> None:
    def work(item: int) -> Iterator[bytes]:
        if item == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        yield b"x"

    with pytest.raises(PartnerfitError, match=r"was killed by SIGKILL .* before it finished"):
        list(forked_in_order(work, 6, 2))
    assert not children()


def test_stopping_early_stops_the_children(children: Callable[[], set[str]]) -> None:
    def work(item: int) -> Iterator[bytes]:
        yield b"y" * (1000 + item % 2)

    stream = forked_in_order(work, 1_000_000, 2)
    assert bytes(next(stream)) == b"y" * 1000
    assert len(children()) == 2
    stream.close()
    assert not children()
    assert gc.get_freeze_count() == 0


def test_no_items_and_more_processes_than_items() -> None:
    assert list(forked_in_order(lambda item: iter([b"z"] * item), 0, 4)) == []
    got = [bytes(p) for p in forked_in_order(lambda item: iter([b"z"] * item), 3, 8)]
    assert got == [b"z", b"z", b"z"]


def test_a_child_holds_at_most_its_budget_ahead() -> None:
    """While the parent reads nothing, a child makes no more than ``AHEAD_BYTES`` of pieces
    ahead (and what the pipe and the piece in hand hold), not its whole item."""
    made = mmap.mmap(-1, 8)  # shared with the children: how many pieces were made
    megabyte = 1 << 20

    def work(item: int) -> Iterator[bytes]:
        for _ in range(200 + item):
            made[:8] = struct.pack("<q", struct.unpack("<q", made[:8])[0] + 1)
            yield bytes(megabyte)

    stream = forked_in_order(work, 1, 1)
    assert len(next(stream)) == megabyte
    time.sleep(1.0)  # the child runs ahead as far as it may
    ahead = struct.unpack("<q", made[:8])[0]
    stream.close()
    assert 2 <= ahead <= AHEAD_BYTES // megabyte + 4  # + the pipe, the piece sent and in hand


def test_the_children_end_when_the_parent_is_killed() -> None:
    """A parent killed outright leaves no child behind: each ends at its next write."""
    pids_out, pids_in = os.pipe()
    parent = os.fork()
    if parent == 0:  # a parent of its own, to be killed
        try:
            stream = forked_in_order(lambda item: iter([b"p" * (1000 + item % 2)] * 10), 10**6, 2)
            next(stream)
            os.write(pids_in, " ".join(_live_children()).encode() + b"\n")
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(pids_in)
    with os.fdopen(pids_out) as listing:
        grandchildren = listing.readline().split()
    os.kill(parent, signal.SIGKILL)
    os.waitpid(parent, 0)
    assert len(grandchildren) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_running, grandchildren)):
        time.sleep(0.05)
    assert not [pid for pid in grandchildren if _running(pid)]


def _running(pid: str) -> bool:
    """Whether a process still runs (gone, or a zombie waiting for init, is not running)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_pieces_must_be_bytes_and_views_need_not_be_contiguous() -> None:
    strided = memoryview(bytes(range(100)))[::3]

    def work(item: int) -> Iterator[Any]:
        yield strided if item == 0 else f"text {item}"

    stream = forked_in_order(work, 2, 2)
    assert bytes(next(stream)) == bytes(range(100))[::3]
    with pytest.raises(TypeError, match="a piece must be bytes or a memoryview, not str"):
        next(stream)


def test_what_a_child_prints_does_not_reach_the_output(capfd: pytest.CaptureFixture[str]) -> None:
    def work(item: int) -> Iterator[bytes]:
        print(f"stray {item}")
        os.write(1, b"stray write\n")
        yield b"kept"

    assert [bytes(piece) for piece in forked_in_order(work, 3, 2)] == [b"kept"] * 3
    assert "stray" not in capfd.readouterr().out


def test_the_error_carries_the_childs_traceback() -> None:
    def work(item: int) -> Iterator[bytes]:
        yield b"x"
        if item == 1:
            raise ValueError("deep inside")

    with pytest.raises(ValueError, match="deep inside") as raised:
        list(forked_in_order(work, 3, 2))
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert 'raise ValueError("deep inside")' in str(cause)
    assert "in a worker process" in str(cause)


def _faults_reallocating() -> Iterator[bytes]:
    """The page faults of making and freeing a chunk's arrays again, after a first time."""
    yield str(reallocation_faults()).encode()


def test_a_child_keeps_freed_memory_for_its_next_arrays() -> None:
    """A worker makes the same few arrays of megabytes for every chunk: in a child they are
    made again in the pages freed, without a fault per page (glibc gave fresh pages: about
    1,500 faults for these four rounds of 10 MB)."""
    faults = int(b"".join(forked_in_order(lambda _: _faults_reallocating(), 1, 1)))
    assert faults < 100
