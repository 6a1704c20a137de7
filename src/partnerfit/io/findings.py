"""Findings: one problem in one file, at a position, as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from partnerfit.io.printable import printable


class Severity(StrEnum):
    """How bad a finding is; errors fail a check, warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem found in an input file, with its 1-based position where known."""

    file: str
    line: int | None
    column: int | None
    severity: Severity
    rule: str
    message: str
    hint: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    field: str | None = None

    def location(self) -> str:
        """``path:line:col`` (or less, where the position is unknown)."""
        parts = [printable(self.file)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """One line as a compiler would print it, plus the hint on the next line.

        The file's text is data: a newline or control character in it is escaped, so it can
        neither forge a line nor act on the terminal.
        """
        text = f"{self.location()}: {self.severity.value} {self.rule}: {printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order findings by file, then position, then rule."""
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)
