"""Atomic file output: write a temporary file beside the target, then rename it into place.

An interrupted or failed write leaves the old file (or no file) where the target was, never a
half-written one: ``os.replace`` is atomic on POSIX and Windows within one file system.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from partnerfit.errors import PartnerfitError, UsageError


def _mode_for(target: Path) -> int:
    """Keep the permissions of the file replaced; a new file gets the umask's default."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: Path | str, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` only when the block ends without error."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a directory")
    directory = target.parent
    if not directory.is_dir():
        raise UsageError(f"cannot write {target}: directory {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=directory
        )
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror}") from None
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
            raise PartnerfitError(f"could not write {target}: {err.strerror or err}") from None
        raise


def write_atomic(path: Path | str, chunks: Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write the chunks to ``path`` atomically."""
    with atomic_writer(path, encoding=encoding) as stream:
        for chunk in chunks:
            stream.write(chunk)
