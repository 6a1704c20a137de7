"""Atomic file output: write a temporary file beside the target, then rename it into place.

An interrupted or failed write leaves the old file (or no file) where the target was, never a
half-written one: ``os.replace`` is atomic on POSIX and Windows within one file system. SIGTERM
while writing is turned into an exception (``Terminated``) so that the temporary file is removed
as on Ctrl-C. A symbolic link is written through (the file it names is replaced, the link
stays), and a target that is not a regular file (a FIFO, ``/dev/null``, a terminal) is written
straight into, never replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from partnerfit.errors import PartnerfitError, UsageError

__all__ = ["Terminated", "atomic_writer", "write_atomic"]


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while output was being written; raised so that clean-up runs."""


def _mode_for(target: Path) -> int:
    """Keep the permissions of the file replaced; a new file gets the umask's default."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While the block runs, SIGTERM raises ``Terminated`` (handlers live in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(_signum: int, _frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _cannot(target: Path, err: OSError) -> PartnerfitError:
    return PartnerfitError(f"could not write {target}: {err.strerror or err}")


def _existing(given: Path) -> os.stat_result | None:
    """What the target is now (through links), or None when there is nothing there yet."""
    try:
        return os.stat(given)
    except FileNotFoundError:
        return None
    except OSError as err:  # a symbolic-link loop, a component that is not a directory
        raise _cannot(given, err) from None


@contextlib.contextmanager
def atomic_writer(path: Path | str, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` only when the block ends without error."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    given = Path(path)
    existing = _existing(given)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise UsageError(f"cannot write {given}: it is a directory")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with _write_through(given, encoding) as stream:
            yield stream
        return
    directory = target.parent
    if not directory.is_dir():
        raise UsageError(f"cannot write {given}: directory {directory} does not exist")
    with _sigterm_raises():
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=directory
            )
        except OSError as err:  # a read-only directory, a full disk
            raise _cannot(given, err) from None
        try:
            with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, _mode_for(target))
            os.replace(temporary, target)
        except BaseException as err:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(err, OSError):
                raise _cannot(given, err) from None
            raise


@contextlib.contextmanager
def _write_through(target: Path, encoding: str) -> Iterator[TextIO]:
    """A FIFO or a device is written into as it is: there is nothing to replace atomically."""
    try:
        stream = open(target, "w", encoding=encoding, newline="")  # noqa: SIM115  (closed below)
    except OSError as err:  # a socket (ENXIO), a device refused
        raise _cannot(target, err) from None
    try:
        with stream:
            yield stream
    except OSError as err:
        raise _cannot(target, err) from None


def write_atomic(path: Path | str, chunks: Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write the chunks to ``path`` atomically."""
    with atomic_writer(path, encoding=encoding) as stream:
        behind = _WriteBehind(stream)
        for chunk in chunks:
            stream.write(chunk)
            behind.wrote(len(chunk))


WRITE_BEHIND_CHARACTERS = 64 << 20
"""How much ``write_atomic`` writes between two hand-overs to the kernel's writeback."""


class _WriteBehind:
    """Starts the disk writing a large output while the rest of it is produced.

    Every ``WRITE_BEHIND_CHARACTERS`` written, the stream is flushed and the range written since
    the last time is handed to ``posix_fadvise(POSIX_FADV_DONTNEED)``, which on Linux starts
    writing its dirty pages back without waiting for them and drops those already clean; the
    ``fsync`` before the rename then waits for the last stretch only (1.1 GB to a file here:
    0.40–0.48 s of fsync → 0.01–0.03 s, the writing itself no slower). Durability is the
    fsync's, as before. Only regular files, and only where the call exists; its refusal
    changes nothing but the timing.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending = 0
        self.handed = 0  # bytes of the file already handed over
        self.fd: int | None = None
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError, ValueError):  # a stream without a descriptor
                fd = stream.fileno()
                self.fd = fd if stat.S_ISREG(os.fstat(fd).st_mode) else None

    def wrote(self, characters: int) -> None:
        """Count what was written; hand the written range over every so often."""
        if self.fd is None:
            return
        self.pending += characters
        if self.pending < WRITE_BEHIND_CHARACTERS:
            return
        self.pending = 0
        self.stream.flush()
        end = os.lseek(self.fd, 0, os.SEEK_CUR)
        with contextlib.suppress(OSError):
            os.posix_fadvise(self.fd, self.handed, end - self.handed, os.POSIX_FADV_DONTNEED)
        self.handed = end
