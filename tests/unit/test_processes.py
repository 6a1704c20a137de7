"""io.processes: items computed in forked children, handed back in order, errors carried."""

from __future__ import annotations

import gc
import glob
import os
import signal
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.errors import PartnerfitError, UsageError
from partnerfit.io.processes import AHEAD_BYTES, can_fork, forked_in_order

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

    with pytest.raises(PartnerfitError, match="Local: went wrong at 0"):
        list(forked_in_order(work, 3, 2))


def test_a_child_that_dies_is_a_clear_error(children: Callable[[], set[str]]) -> None:
    def work(item: int) -> Iterator[bytes]:
        if item == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        yield b"x"

    with pytest.raises(PartnerfitError, match="stopped before it finished"):
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
