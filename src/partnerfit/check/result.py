"""The outcome of a check as data: each file's findings, the counts, and the exit status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from partnerfit.io.findings import Finding, Severity

__all__ = ["CheckResult", "FileKind", "FileReport", "count"]

FileKind = Literal["profile", "config", "partnership", "path"]


@dataclass(frozen=True)
class FileReport:
    """One checked file (or a path that could not be checked) and its findings."""

    path: str
    kind: FileKind
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def failed(self, strict: bool) -> bool:
        """True when this file fails the check (warnings count under --strict)."""
        return self.errors > 0 or (strict and self.warnings > 0)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check: every file in a stable order, and whether warnings fail it."""

    files: tuple[FileReport, ...]
    strict: bool = False
    config_source: str | None = None
    suppressed: int = 0
    """Warnings left out by --ignore, the config's ignore list or inline comments."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, ordered by file and position."""
        return tuple(f for report in self.files for f in report.findings)

    @property
    def errors(self) -> int:
        """Errors in all files."""
        return sum(r.errors for r in self.files)

    @property
    def warnings(self) -> int:
        """Warnings in all files."""
        return sum(r.warnings for r in self.files)

    @property
    def files_checked(self) -> int:
        """Files read (profiles and configs; not paths that were only reported)."""
        return sum(r.kind != "path" for r in self.files)

    @property
    def files_with_errors(self) -> int:
        """Files with at least one error."""
        return sum(r.errors > 0 for r in self.files)

    @property
    def failed(self) -> bool:
        """True when there is an error, or a warning under --strict."""
        return self.errors > 0 or (self.strict and self.warnings > 0)

    @property
    def exit_code(self) -> int:
        """0 when the check passes, 1 when it fails."""
        return 1 if self.failed else 0

    def summary(self) -> str:
        """One line: files checked, files with errors, errors and warnings."""
        return (
            f"{count(self.files_checked, 'file')} checked: "
            f"{count(self.files_with_errors, 'file')} with errors, "
            f"{count(self.errors, 'error')}, {count(self.warnings, 'warning')}"
            + (" (--strict: warnings fail)" if self.strict and self.warnings else "")
            + (f" ({count(self.suppressed, 'warning')} ignored)" if self.suppressed else "")
        )


def count(n: int, word: str) -> str:
    """``1 file``, ``2 files``, ``1,000 files``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"
