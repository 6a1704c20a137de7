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
items. Nothing a child does depends on which child it is, so the output is that of ``map`` in
one process.

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
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from partnerfit.errors import PartnerfitError
from partnerfit.io.heap import keep_freed_memory

__all__ = ["AHEAD_BYTES", "RemoteTraceback", "can_fork", "forked_in_order"]

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

_FORK_WARNING = r".*use of fork\(\) may lead to deadlocks"


class _Marker:
    """The end of an item (``_END_OF_ITEM``), or of all the child's items (``_DONE``), in the
    queue to the sender thread."""


_END_OF_ITEM = _Marker()
_DONE = _Marker()


class _Failure:
    """An error raised by ``work`` in a child, pickled with its traceback as text."""

    def __init__(self, error: BaseException) -> None:
        text = "".join(traceback.format_exception(error))
        try:
            self.data = pickle.dumps((error, text))
            pickle.loads(self.data)
        except Exception:  # an error that does not pickle and back (a local class)
            self.data = pickle.dumps((_substitute(error), text))


def _substitute(error: BaseException) -> BaseException:
    """What the parent raises for an error that does not pickle: a user's error keeps its
    message and exit status; any other is named in a RuntimeError (an internal error)."""
    if isinstance(error, PartnerfitError):
        substitute = PartnerfitError(error.message)
        substitute.exit_code = error.exit_code
        return substitute
    return RuntimeError(f"{type(error).__name__}: {error}")


Piece = bytes | memoryview | _Marker | _Failure


class RemoteTraceback(Exception):
    """The traceback of an error raised in a child, as text: the raised error's cause, so that
    ``--debug`` shows where it happened."""

    def __str__(self) -> str:
        return f"\n\n(in a worker process)\n{self.args[0]}"


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
    (pickled), or when it does not pickle and back the same message in a ``PartnerfitError``
    (for one of ours) or a ``RuntimeError`` naming it; its cause a ``RemoteTraceback`` with the
    child's traceback. A child that stops without a word (killed)
    is a ``PartnerfitError`` that says how it ended. When the caller stops early, the children
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
                    raise _raised(_read(read_end, _length(read_end, pid), pid))
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


_STOPPING = {signal.SIGINT, signal.SIGTERM}
"""Signals held back while the parent forks: one arriving between the fork and the child's own
handlers would run the parent's handlers in the child (``io.atomic`` turns SIGTERM into an
exception that removes the output's temporary file)."""


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """What the parent holds when it forks.

    - SIGINT and SIGTERM held back (``_STOPPING``) until the children are made; the parent
      gets any that came meanwhile.
    - The collector's tracked objects set aside (``gc.freeze``), so that a collection in a
      child does not write to every object's header and copy the page it is on; put back
      after (unless the caller had frozen objects itself: those would be put back too).
    - The output flushed first, so that nothing buffered is in a child's copy.
    - Python 3.12 and later warn that a fork with other threads running (a progress bar's) may
      deadlock in the child, when the child takes a lock such a thread held. A child here runs
      numpy and this package's formatting, with streams of its own (``_child``): it takes no
      lock of theirs, and leaves with ``os._exit``.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    ours = gc.get_freeze_count() == 0
    gc.freeze()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", _FORK_WARNING, DeprecationWarning)
            yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
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
        keep_freed_memory()  # each piece's arrays again in the same pages, not fresh ones
        # the parent stops the children (Ctrl-C reaches them too); SIGTERM ends one plainly
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
        write_end = _keep_only(pipes[index][1])
        ready = _Ready(AHEAD_BYTES)
        sender = threading.Thread(target=_send_all, args=(ready, write_end), daemon=True)
        sender.start()
        try:
            for item in range(index, count, processes):
                for piece in work(item):
                    ready.put(_checked(piece))
                ready.put(_END_OF_ITEM)
        except BaseException as error:  # sent to the parent and raised there
            ready.put(_Failure(error))
        else:
            status = 0
        ready.put(_DONE)
        sender.join()
    finally:
        os._exit(status)  # no atexit handlers, no flushing of buffers copied from the parent


def _keep_only(write_end: int) -> int:
    """Close every descriptor but stdin, stderr and the child's own pipe (the other pipes, the
    output's temporary file, another stream's pipes), and point stdout at /dev/null, so that
    nothing a child prints can reach the output; fresh ``sys.stdout`` and ``sys.stderr``, whose
    locks no other thread can hold. Returns the pipe's descriptor."""
    kept = os.dup2(write_end, 3, inheritable=False) if write_end != 3 else 3
    os.closerange(4, os.sysconf("SC_OPEN_MAX"))
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, 1)
    os.close(nowhere)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 (lives as long as the child)
    sys.stderr = open(2, "w", closefd=False, errors="backslashreplace")  # noqa: SIM115
    return kept


def _checked(piece: object) -> bytes | memoryview:
    """A piece as bytes the pipe can take: bytes, or a memoryview laid out contiguously."""
    if isinstance(piece, bytes):
        return piece
    if isinstance(piece, memoryview):
        return piece if piece.c_contiguous else piece.tobytes()
    raise TypeError(f"a piece must be bytes or a memoryview, not {type(piece).__name__}")


def _send_all(ready: _Ready, fd: int) -> None:
    """Write each item's pieces (or an error) to the pipe, until ``_DONE``. Whatever stops it
    (a broken pipe: the parent is gone, even killed) ends the whole child there: its main thread
    may be waiting to hand over a piece that nobody would take."""
    try:
        while (piece := ready.get()) is not _DONE:
            if isinstance(piece, _Failure):
                _write(fd, _LENGTH.pack(_ERROR))
                _write_framed(fd, piece.data)
                return
            if isinstance(piece, _Marker):
                _write(fd, _LENGTH.pack(_END))
                continue
            _write_framed(fd, piece)
    except BaseException:
        os._exit(1)


def _write_framed(fd: int, data: bytes | memoryview) -> None:
    _write(fd, _LENGTH.pack(memoryview(data).nbytes))
    _write(fd, data)


def _write(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data).cast("B")
    while view:
        view = view[os.write(fd, view) :]


def _raised(data: bytearray) -> BaseException:
    """The child's error, its cause the child's traceback."""
    sent, text = pickle.loads(data)
    error = (
        sent
        if isinstance(sent, BaseException)
        else PartnerfitError(f"a worker process failed: {sent!r}")
    )
    error.__cause__ = RemoteTraceback(text)
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
                f"a worker process (pid {pid}) {_ending(pid)} before it finished its part of "
                "the output"
            )
        view = view[got:]
    return data


def _ending(pid: int) -> str:
    """How a child that closed its pipe ended ("was killed by SIGKILL", "exited with 1")."""
    try:
        _, status = os.waitpid(pid, 0)  # its pipe is closed: it has ended, or is ending
    except ChildProcessError:
        return "stopped"
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    return f"exited with status {code}"


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
