"""A cache of per-file check results, keyed by the file's content, so unchanged files cost a hash.

A record holds what checking one profile file found: its findings and, when it is valid, the
profile (as JSON, validated again on the way out, which costs a fraction of parsing YAML). The
key is a SHA-256 of the tool version (and of its modules' names, sizes and times, for a
development checkout), the settings that change a file's findings (limits and synonyms of the
config), the file's name as shown, and its bytes: change any of them and the record is simply
not found. Checks across files (duplicate ids, unused dealbreakers) always run.

Records live in packs, one file per run that had something new, not one file per record:
creating ten thousand small files costs more than parsing them. A run reads the packs of its
group (the same settings and working directory), and writes its new records as one more pack;
past ``MAX_PACKS`` packs it writes one pack of every record still worth keeping instead and
removes the packs it read. A record is dropped then when this run saw its file with other
content, or when no run has used it for ``KEEP_DAYS`` days. Packs of other groups (another
version of partnerfit, other settings, another working directory) are removed whole once no
run has read or written them for ``KEEP_DAYS`` days: a run that reads its group's packs marks
them used (their modification time), and each run sweeps the directory for such packs and for
the temporary files of writers that died more than a day before.

Where: ``$PARTNERFIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/partnerfit``, else
``~/.cache/partnerfit``. Safe to share between runs at the same time: a pack is written to a
temporary file of its own and renamed into place (readers see a whole pack or none), a pack
removed under a reader is a miss, and a record that cannot be read or does not validate is a
miss, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from partnerfit._version import __version__
from partnerfit.io.findings import Finding, Severity
from partnerfit.model import Config, Profile

CACHE_ENV = "PARTNERFIT_CACHE_DIR"
LAYOUT = "v2"  # bump when the pack format changes
MAX_PACKS = 8
"""Packs a group may hold before a run merges them into one."""
KEEP_DAYS = 30
"""A record no run has used for this many days is dropped when packs are merged."""


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


@dataclass(frozen=True)
class CachedFile:
    """What checking one file found: its own findings, and the profile when it loaded."""

    findings: tuple[Finding, ...]
    profile: Profile | None


# name (a hash of the name as shown), day last used, findings JSON, profile JSON or b"null"
_Record = tuple[bytes, int, bytes, bytes]


class CheckCache:
    """Per-file check results on disk, by content hash (see the module docstring).

    ``get`` and ``put`` work in memory; ``save`` writes what is new at the end of a run.
    """

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
        self._salted = hashlib.sha256(self._salt)
        group = hashlib.sha256(self._salt)
        group.update(_working_directory().encode("utf-8", "surrogateescape"))
        self._group = group.hexdigest()[:32]
        self._today = int(time.time() // 86_400)
        self._packs: list[Path] | None = None
        self._records: dict[bytes, _Record] = {}
        self._new: dict[bytes, _Record] = {}
        self._used: set[bytes] = set()
        self._current: dict[str, bytes] = {}  # name checked -> key of its content now
        self._last: tuple[str, bytes, bytes, hashlib._Hash | None] = ("", b"", b"", None)
        self.hits = 0
        self.misses = 0

    def _key(self, shown: str, content: bytes) -> bytes:
        last_shown, last_content, key, _ = self._last
        if shown == last_shown and content is last_content:  # put after get: hashed once
            return key
        digest = self._salted.copy()
        digest.update(shown.encode("utf-8", "surrogateescape"))
        named = digest.copy()  # the name's hash on the way (``_name``), for put to keep
        digest.update(b"\0")
        digest.update(content)
        key = digest.hexdigest().encode()
        self._current[shown] = key
        self._last = (shown, content, key, named)
        return key

    def _name(self, shown: str) -> bytes:
        """What a record keeps of its file's name: enough to tell its other versions."""
        last_shown, _, _, named = self._last
        if shown == last_shown and named is not None:
            digest = named
        else:
            digest = self._salted.copy()
            digest.update(shown.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:32].encode()

    def get(self, shown: str, content: bytes) -> CachedFile | None:
        """The stored result for this file name and content, or None (also when unreadable)."""
        key = self._key(shown, content)
        record = self._new.get(key) or self._loaded().get(key)
        if record is None:
            self.misses += 1
            return None
        try:
            _, _, findings, profile = record
            items = [] if findings == b"[]" else json.loads(findings)
            if not isinstance(items, list):
                raise TypeError(items)
            found = CachedFile(
                findings=tuple(_finding(shown, item) for item in items),
                profile=None if profile == b"null" else Profile.model_validate_json(profile),
            )
        except (ValueError, KeyError, TypeError):
            self._records.pop(key, None)  # not carried into a merged pack
            self.misses += 1
            return None
        self._used.add(key)
        self.hits += 1
        return found

    def put(self, shown: str, content: bytes, result: CachedFile) -> None:
        """Keep a result, to be written by ``save``."""
        key = self._key(shown, content)
        try:
            findings = (
                json.dumps(
                    [_finding_data(f) for f in result.findings],
                    ensure_ascii=False,
                    separators=(",", ":"),
                ).encode()
                if result.findings
                else b"[]"
            )
            profile = (
                b"null"
                if result.profile is None
                else Profile.__pydantic_serializer__.to_json(result.profile)
            )
        except ValueError:  # text that UTF-8 cannot hold (a lone surrogate): not kept
            return
        self._new[key] = (self._name(shown), self._today, findings, profile)

    def save(self) -> None:
        """Write this run's new records as a pack, or merge the group's packs into one;
        a cache that cannot be written is skipped, never an error."""
        self._loaded()
        packs = self._packs or []
        _sweep(self.directory, self._group, time.time())
        if len(packs) < MAX_PACKS:
            if self._used:
                _mark_used(packs)
            if self._new:
                self._write(self._new)
            return
        current = {self._name(shown): key for shown, key in self._current.items()}
        kept = {
            key: record
            for key, record in self._records.items()
            if key in self._used
            # not a file this run saw with other content, nor one unused for KEEP_DAYS
            or (current.get(record[0], key) == key and record[1] >= self._today - KEEP_DAYS)
        }
        kept.update(self._new)
        if self._write(kept):
            for pack in packs:
                with contextlib.suppress(OSError):
                    pack.unlink()

    def _loaded(self) -> dict[bytes, _Record]:
        """The records of the group's packs, read on first use; a later pack wins."""
        if self._packs is None:
            self._packs = _group_packs(self.directory, self._group)
            for pack in self._packs:
                self._records.update(_read_pack(pack))
        return self._records

    def _write(self, records: dict[bytes, _Record]) -> bool:
        """One pack, written to a file of this process's own and renamed into place."""
        name = f"{self._group}-{time.time_ns():020d}-{os.getpid()}.pack"
        pack = self.directory / name
        temporary = self.directory / f"{name}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # line by line through a buffer: no copy of the whole pack in memory
            with open(os.open(temporary, _CREATE, 0o600), "wb") as handle:
                for key, (named, day, findings, profile) in records.items():
                    used = self._today if key in self._used else day
                    handle.write(b"%s\t%s\t%d\t%s\t%s\n" % (key, named, used, findings, profile))
            os.replace(temporary, pack)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return False
        return True


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _working_directory() -> str:
    try:
        return os.path.realpath(os.getcwd())
    except OSError:  # removed under us: a group of its own
        return ""


def _group_packs(directory: Path, group: str) -> list[Path]:
    """The group's packs, oldest first (their names carry the time they were written)."""
    try:
        names = [n for n in os.listdir(directory) if n.startswith(group) and n.endswith(".pack")]
    except OSError:
        return []
    return [directory / n for n in sorted(names)]


STALE_WRITE_SECONDS = 86_400
"""A temporary pack this old belongs to a writer that died; it is removed."""


def _sweep(directory: Path, group: str, now: float) -> None:
    """Remove other groups' packs no run has used for KEEP_DAYS days, and dead writers'
    temporary files; a file another run removes first, or cannot stat, is left alone."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.endswith(".pack") and not name.startswith(group):
            age = KEEP_DAYS * 86_400
        elif name.endswith(".pack.tmp"):
            age = STALE_WRITE_SECONDS
        else:
            continue
        path = directory / name
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < now - age:
                path.unlink()


def _mark_used(packs: list[Path]) -> None:
    """Set the packs' modification time to now: a group in use is not swept as stale."""
    for pack in packs:
        with contextlib.suppress(OSError):
            os.utime(pack)


def _read_pack(pack: Path) -> dict[bytes, _Record]:
    """A pack's records; a pack removed since it was listed, or a damaged line, is skipped."""
    try:
        data = pack.read_bytes()
    except OSError:
        return {}
    records: dict[bytes, _Record] = {}
    for line in data.split(b"\n"):
        fields = line.split(b"\t")
        if len(fields) != 5 or not fields[2].isdigit():
            continue
        key, named, day, findings, profile = fields
        records[key] = (named, int(day), findings, profile)
    return records


def _finding_data(finding: Finding) -> dict[str, Any]:
    data = asdict(finding)
    del data["file"]  # the name as shown now is put back on the way out
    data["severity"] = finding.severity.value
    return data


def _finding(shown: str, data: dict[str, Any]) -> Finding:
    return Finding(file=shown, **{**data, "severity": Severity(data["severity"])})
