"""Work spread over forked processes, with the results in the order asked for.

Threads (``io.threads``) overlap numpy's passes, but every Python step between two passes needs
the one interpreter lock. Formatting a chunk of the streamed ``compare`` takes about a hundred
such steps, and two threads formatted it only 1.1–1.3 times as fast as one here, while two
processes ran 1.9 times as fast. Forked children each have an interpreter of their own and
share what the parent holds (the loaded and encoded profiles) until one of them writes it.

Item ``i`` goes to child ``i mod processes``. A child hands each piece of its items, as it is
made, to a thread that writes it to the child's own pipe, and goes on: up to ``AHEAD_BYTES``
of pieces may wait to be sent. The parent reads the items in order. So a child works on while
the parent drains another one, and memory holds a few pieces per child, whatever the number of
items.
Nothing a child does depends on which child it is, so the output is that of ``map`` in one
process.

Only where fork is safe: on Linux (on macOS system libraries such as the Accelerate BLAS are not
fork-safe, and Windows has no fork). Elsewhere the callers use threads.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from partnerfit.errors import PartnerfitError

__all__ = ["AHEAD_BYTES", "can_fork", "forked_in_order"]

AHEAD_BYTES = 8 << 20
"""Bytes of pieces a child may have made and not yet sent (at least one piece, however large):
it works on while the parent reads the other children's items (streaming 3,000² to CSV, six
chunks of 1.4 MB ahead: 7.9–8.6 s; three: 9.4–10.1 s)."""

_PIPE_BYTES = 1 << 20
"""The pipes' capacity asked for (Linux's default 64 KiB means a switch every 64 KiB)."""

_LENGTH = struct.Struct("<q")
"""Before each piece: its length in bytes; ``_END`` after an item's pieces; ``_ERROR`` before
an error (pickled, with its length)."""

_END = -1
_ERROR = -2

Piece = bytes | memoryview | int | BaseException | None
"""What a child hands its sender thread: a piece, ``_END`` after each item's pieces, an error,
or None: no more."""


class _Ready:
    """A child's pieces on their way to its sender thread, at most ``budget`` bytes of them
    (one piece is always let in, whatever its size)."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held = 0
        self._pieces: deque[Piece] = deque()
        self._changed = threading.Condition()

    def put(self, piece: Piece) -> None:
        size = _size(piece)
        with self._changed:
            self._changed.wait_for(lambda: not self._pieces or self._held + size <= self._budget)
            self._pieces.append(piece)
            self._held += size
            self._changed.notify_all()

    def get(self) -> Piece:
        with self._changed:
            self._changed.wait_for(lambda: bool(self._pieces))
            piece = self._pieces.popleft()
            self._held -= _size(piece)
            self._changed.notify_all()
            return piece


def _size(piece: Piece) -> int:
    return memoryview(piece).nbytes if isinstance(piece, bytes | memoryview) else 0


_FORK_WARNING = r".*use of fork\(\) may lead to deadlocks"


def can_fork() -> bool:
    """Whether ``forked_in_order`` may run here (Linux, with ``os.fork``)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def forked_in_order(
    work: Callable[[int], Iterable[bytes | memoryview]],
    count: int,
    processes: int,
    done: Callable[[int], None] | None = None,
) -> Iterator[bytearray]:
    """The pieces of ``work(0)``, ``work(1)``, … ``work(count - 1)`` in order, each item
    computed in one of ``processes`` forked children; ``done(i)`` is called in the parent once
    item i's pieces are all handed over (before the next item's first).

    An error raised by ``work`` in a child is raised here, at its item: the error itself
    (pickled), or a ``PartnerfitError`` naming it when it does not pickle. A child that stops
    without a word (killed) is a ``PartnerfitError``. When the caller stops early, the children
    are stopped.
    """
    if count <= 0:
        return
    processes = max(1, min(processes, count))
    pipes = [os.pipe() for _ in range(processes)]
    children: list[int] = []
    try:
        for _, write_end in pipes:
            _widen(write_end)
        with _forking():
            for index in range(processes):
                pid = os.fork()
                if pid == 0:  # the child: never returns
                    _child(work, count, processes, index, pipes)
                children.append(pid)
        for _, write_end in pipes:
            os.close(write_end)
        pipes = [(read_end, -1) for read_end, _ in pipes]
        for item in range(count):
            read_end, pid = pipes[item % processes][0], children[item % processes]
            while (length := _length(read_end, pid)) != _END:
                if length == _ERROR:
                    raise _error(_read(read_end, _length(read_end, pid), pid))
                yield _read(read_end, length, pid)
            if done is not None:
                done(item)
    finally:
        for ends in pipes:
            for end in ends:
                if end >= 0:
                    with contextlib.suppress(OSError):
                        os.close(end)
        _reap(children)


def _widen(fd: int) -> None:
    """Ask for a pipe of ``_PIPE_BYTES`` (Linux's F_SETPIPE_SZ); keep the default if refused."""
    import fcntl

    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """What the parent holds when it forks.

    - The collector's tracked objects set aside (``gc.freeze``), so that a collection in a
      child does not write to every object's header and copy the page it is on; put back
      after (unless the caller had frozen objects itself: those would be put back too).
    - The output flushed first, so that nothing buffered is in a child's copy.
    - Python 3.12 and later warn that a fork with other threads running (a progress bar's) may
      deadlock in the child, when the child takes a lock such a thread held. A child here runs
      numpy and this package's formatting, takes no lock of theirs (no printing, logging or
      console), writes only to its pipe, and leaves with ``os._exit``.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    ours = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", _FORK_WARNING, DeprecationWarning)
            yield
    finally:
        if ours:
            gc.unfreeze()


def _child(
    work: Callable[[int], Iterable[bytes | memoryview]],
    count: int,
    processes: int,
    index: int,
    pipes: list[tuple[int, int]],
) -> None:  # runs in a forked child
    """Compute items ``index``, ``index + processes``, … and send each; never returns."""
    status = 1
    try:
        # the parent stops the children on Ctrl-C; they leave that to it
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        write_end = pipes[index][1]
        for ends in pipes:
            for end in ends:
                if end != write_end:
                    os.close(end)
        ready = _Ready(AHEAD_BYTES)
        sender = threading.Thread(target=_send_all, args=(ready, write_end), daemon=True)
        sender.start()
        try:
            for item in range(index, count, processes):
                for piece in work(item):
                    ready.put(piece)
                ready.put(_END)
        except BaseException as error:  # sent to the parent and raised there
            ready.put(error)
        else:
            status = 0
        ready.put(None)
        sender.join()
    finally:
        os._exit(status)  # no atexit handlers, no flushing of buffers copied from the parent


def _send_all(ready: _Ready, fd: int) -> None:
    """Write each item's pieces (or an error) to the pipe, until None. At a broken pipe (the
    parent is gone, even killed) the whole child ends at once: its main thread may be waiting to
    hand over a piece that nobody will take."""
    try:
        while (piece := ready.get()) is not None:
            if isinstance(piece, BaseException):
                _write(fd, _LENGTH.pack(_ERROR))
                _write_framed(fd, _pickled(piece))
                return
            if isinstance(piece, int):
                _write(fd, _LENGTH.pack(piece))
                continue
            _write_framed(fd, piece)
    except OSError:
        os._exit(1)


def _write_framed(fd: int, data: bytes | memoryview) -> None:
    _write(fd, _LENGTH.pack(memoryview(data).nbytes))
    _write(fd, data)


def _write(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data).cast("B")
    while view:
        view = view[os.write(fd, view) :]


def _pickled(error: BaseException) -> bytes:
    """The error, pickled; a ``PartnerfitError`` naming it when it does not pickle and back."""
    try:
        data = pickle.dumps(error)
        pickle.loads(data)
    except Exception:
        data = pickle.dumps(PartnerfitError(f"{type(error).__name__}: {error}"))
    return data


def _error(data: bytearray) -> BaseException:
    error = pickle.loads(data)
    if not isinstance(error, BaseException):
        return PartnerfitError(f"a worker process failed: {error!r}")
    return error


def _length(fd: int, pid: int) -> int:
    length: int = _LENGTH.unpack(_read(fd, _LENGTH.size, pid))[0]
    return length


def _read(fd: int, size: int, pid: int) -> bytearray:
    """Exactly ``size`` bytes from a child's pipe; a clear error when the child has stopped."""
    data = bytearray(size)
    view = memoryview(data)
    while view:
        got = os.readv(fd, [view])
        if got == 0:
            raise PartnerfitError(
                f"a worker process (pid {pid}) stopped before it finished its part of the output"
            )
        view = view[got:]
    return data


def _reap(children: list[int]) -> None:
    """Stop the children that still run and wait for every one."""
    for pid in children:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            finished, _ = os.waitpid(pid, os.WNOHANG)
            if finished == 0:
                os.kill(pid, signal.SIGKILL)
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
