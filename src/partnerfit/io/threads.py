"""Work spread over the cores this process may use, with results in the order asked for.

numpy's sorts, products and elementwise passes release the interpreter, so threads overlap one
piece of array work with the next; the order of the results, and so every output, does not
depend on how many threads ran.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["ahead", "in_order", "one_blas_thread", "usable_cores"]

Item = TypeVar("Item")
Result = TypeVar("Result")


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the platform has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without affinity (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def in_order(
    work: Callable[[Item], Result], items: Iterable[Item], threads: int, slack: int = 0
) -> Iterator[Result]:
    """``map(work, items)`` on ``threads`` threads, at most ``threads + slack`` items ahead of
    the caller (so memory holds that many results, whatever the number of items); plain
    ``map`` on one thread.

    ``slack`` lets the threads run on while the caller is busy with one result for longer than
    they take over one item (the robustness tally's periodic selection); each item it adds
    holds one more result in memory."""
    if threads <= 1:
        yield from map(work, items)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= threads + slack:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class _BlasLimit:
    """numpy's BLAS held at one thread while anyone asks (counted, so that streams whose lives
    overlap restore the original only when the last one ends)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.limiter: Any = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self.lock:
            if self.users == 0:
                from threadpoolctl import threadpool_limits

                self.limiter = threadpool_limits(limits=1, user_api="blas")
            self.users += 1
        try:
            yield
        finally:
            with self.lock:
                self.users -= 1
                if self.users == 0:
                    self.limiter.restore_original_limits()
                    self.limiter = None


_BLAS = _BlasLimit()


def one_blas_thread() -> contextlib.AbstractContextManager[None]:
    """numpy's BLAS on one thread while inside, for every thread of the process (restored when
    the last user leaves): for work that keeps every core busy with threads of its own, where
    BLAS's threads would only spin against them. A suspended stream keeps the limit."""
    return _BLAS.held()


def ahead(items: Iterable[Item], depth: int = 1) -> Iterator[Item]:
    """``items``, produced on a thread of their own at most ``depth`` ahead of the caller (so
    that the next one is made while the caller works on this one); an error raised making
    them is raised here. Stopping early stops the thread after the item it is making. Plain
    iteration on one core."""
    if usable_cores() <= 1:
        yield from items
        return
    made: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(more: bool, value: Any) -> bool:
        while not stop.is_set():
            try:
                made.put((more, value), timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def make() -> None:
        try:
            for item in items:
                if not hand_over(True, item):
                    return
        except BaseException as error:  # handed to the caller, raised there
            hand_over(False, error)
        else:
            hand_over(False, None)

    thread = threading.Thread(target=make, name="partnerfit-ahead", daemon=True)
    thread.start()
    try:
        while True:
            more, value = made.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()
        thread.join()
