"""A cache of per-file check results, keyed by the file's content, so unchanged files cost a hash.

An entry holds what checking one profile file found: its findings and, when it is valid, the
profile (as JSON, validated again on the way out, which costs a fraction of parsing YAML). The
key is a SHA-256 of the tool version (and of its modules' names, sizes and times, for a
development checkout), the settings that change a file's findings (limits and
synonyms of the config), the file's name as shown, and its bytes: change any of them and the
entry is simply not found. Checks across files (duplicate ids, unused dealbreakers) always run.

Where: ``$PARTNERFIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/partnerfit``, else
``~/.cache/partnerfit``. Safe to share between runs at the same time: an entry is written to a
temporary file and renamed into place (readers see the old entry, the new one or none), and an
entry that cannot be read or does not validate is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from partnerfit._version import __version__
from partnerfit.io.findings import Finding, Severity
from partnerfit.model import Config, Profile

CACHE_ENV = "PARTNERFIT_CACHE_DIR"
LAYOUT = "v1"  # bump when the entry format changes


@functools.cache
def code_fingerprint() -> str:
    """A hash of the names, sizes and times of partnerfit's own modules.

    The version alone would not do for a checkout installed in development mode, where the
    rules change without a new version: any edit to the code makes every entry a miss.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        try:
            status = path.stat()
        except OSError:
            continue
        digest.update(
            f"{path.relative_to(package)}\0{status.st_size}\0{status.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()


def default_directory() -> Path:
    """The cache directory: $PARTNERFIT_CACHE_DIR, $XDG_CACHE_HOME/partnerfit, ~/.cache/..."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "partnerfit"


def regular_file_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, else None, without blocking.

    Opened without waiting (a FIFO named like a profile must not hang the check) and checked
    on the open descriptor, so a file swapped for something else after a stat is not read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        content = b"".join(chunks)
        return content if len(content) <= limit else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class CachedFile:
    """What checking one file found: its own findings, and the profile when it loaded."""

    findings: tuple[Finding, ...]
    profile: Profile | None


class CheckCache:
    """Per-file check results on disk, by content hash (see the module docstring)."""

    def __init__(self, directory: Path, config: Config) -> None:
        self.directory = directory / LAYOUT
        settings = json.dumps(
            {
                "version": __version__,
                "code": code_fingerprint(),
                "limits": config.limits.model_dump(mode="json"),
                "synonyms": config.synonyms,
            },
            sort_keys=True,
        )
        self._salt = hashlib.sha256(settings.encode()).digest()
        self.hits = 0
        self.misses = 0

    def _entry(self, shown: str, content: bytes) -> Path:
        digest = hashlib.sha256(self._salt)
        digest.update(shown.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(content)
        name = digest.hexdigest()
        return self.directory / name[:2] / f"{name[2:]}.json"

    def get(self, shown: str, content: bytes) -> CachedFile | None:
        """The stored result for this file name and content, or None (also when unreadable)."""
        try:
            data = json.loads(self._entry(shown, content).read_bytes())
            profile = data["profile"]
            found = CachedFile(
                findings=tuple(_finding(shown, item) for item in data["findings"]),
                profile=None if profile is None else Profile.model_validate(profile),
            )
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, shown: str, content: bytes, result: CachedFile) -> None:
        """Store a result; a cache that cannot be written is skipped, never an error."""
        entry = self._entry(shown, content)
        data = {
            "findings": [_finding_data(f) for f in result.findings],
            "profile": None if result.profile is None else result.profile.model_dump(mode="json"),
        }
        temporary: str | None = None
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=entry.parent, suffix=".tmp", delete=False
            ) as handle:
                temporary = handle.name
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, entry)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _finding_data(finding: Finding) -> dict[str, Any]:
    data = asdict(finding)
    del data["file"]  # the name as shown now is put back on the way out
    data["severity"] = finding.severity.value
    return data


def _finding(shown: str, data: dict[str, Any]) -> Finding:
    return Finding(file=shown, **{**data, "severity": Severity(data["severity"])})
