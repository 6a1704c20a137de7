"""Find the YAML files under the paths a user names: recursive, stable, loop-safe."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from partnerfit.io.findings import Finding, Severity

__all__ = [
    "CONFIG_FILE_NAMES",
    "LINK_LOOP",
    "YAML_SUFFIXES",
    "Discovery",
    "discover",
    "path_finding",
]

YAML_SUFFIXES = (".yaml", ".yml")
CONFIG_FILE_NAMES = ("partnerfit.yaml", "partnerfit.yml")


@dataclass(frozen=True)
class Discovery:
    """Files found under the given paths, and what was skipped and why."""

    files: tuple[Path, ...]
    findings: tuple[Finding, ...]
    ignored: tuple[str, ...]


def discover(paths: Iterable[Path], *, include_config: bool = True) -> Discovery:
    """YAML files under the paths, recursively, in a stable order, without following loops."""
    # keyed by the resolved path, so one file named twice (relative and absolute, or through a
    # link inside the tree) is read once; ordered by the path as given
    files: dict[Path, tuple[str, Path]] = {}
    findings: list[Finding] = []
    ignored: list[str] = []
    for root in paths:
        if root.is_file() or (root.exists() and not root.is_dir()):
            files.setdefault(root.resolve(), (os.path.normpath(root), root))
            continue
        try:
            real_root = root.resolve()
        except (RuntimeError, OSError):  # a symbolic-link loop named on the command line
            findings.append(path_finding(root, *LINK_LOOP))
            continue
        seen_dirs: set[Path] = set()
        for path, real in _walk(root, real_root, seen_dirs, findings, ignored):
            if path.name in CONFIG_FILE_NAMES and not include_config:
                continue
            files.setdefault(real, (os.path.normpath(path), path))
    ordered = tuple(path for _, path in sorted(files.values()))
    return Discovery(ordered, tuple(findings), tuple(sorted(ignored)))


def _walk(
    directory: Path,
    real_root: Path,
    seen: set[Path],
    findings: list[Finding],
    ignored: list[str],
) -> Iterator[tuple[Path, Path]]:
    """(path as found, resolved path) of each YAML file; one resolve per directory and link."""
    real = directory.resolve()
    if real in seen:
        ignored.append(f"{directory}: symbolic-link loop, not followed")
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as err:
        findings.append(path_finding(directory, "unreadable", f"cannot list: {err.strerror}"))
        return
    for entry in entries:
        path = Path(directory, entry.name)
        if entry.name.startswith("."):
            ignored.append(f"{path}: hidden, skipped")
            continue
        resolved = real / entry.name
        if entry.is_symlink():
            try:
                target = resolved = path.resolve()
            except (RuntimeError, OSError):  # RuntimeError before Python 3.13
                findings.append(path_finding(path, *LINK_LOOP))
                continue
            if not target.exists():
                findings.append(
                    path_finding(path, "broken-link", "symbolic link to a missing file")
                )
                continue
            if not target.is_relative_to(real_root):
                findings.append(
                    path_finding(
                        path,
                        "link-outside",
                        f"symbolic link leads outside {real_root.name}/, not followed",
                        Severity.WARNING,
                    )
                )
                continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # pragma: no cover - races with deletion
            continue
        if is_dir:
            if entry.name.endswith(YAML_SUFFIXES):
                ignored.append(f"{path}: a directory named like a YAML file, looked inside")
            yield from _walk(path, real_root, seen, findings, ignored)
        elif entry.name.endswith(YAML_SUFFIXES):
            yield path, resolved
        else:
            ignored.append(f"{path}: not a .yaml or .yml file, ignored")


LINK_LOOP = ("link-loop", "a symbolic-link loop, not followed")
"""The rule and message of a symbolic-link loop, wherever it is met."""


def path_finding(
    path: Path, rule: str, message: str, severity: Severity = Severity.ERROR
) -> Finding:
    """A finding about a path as a whole (no line): a loop, a broken link, an unreadable one."""
    return Finding(str(path), None, None, severity, rule, message)
