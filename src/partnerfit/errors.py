"""The exception family: every message is exactly what the user reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partnerfit.io.findings import Finding


class PartnerfitError(Exception):
    """Base of every error partnerfit reports to a user; ``str(err)`` is the message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(PartnerfitError):
    """A command was called wrongly (unknown id, bad option value): exit status 2."""

    exit_code = 2


class ProfileError(PartnerfitError):
    """One or more input files are invalid; carries the findings with file, line and field."""

    def __init__(self, findings: Sequence[Finding], message: str | None = None) -> None:
        self.findings = tuple(findings)
        if message is None:
            message = "\n".join(f.format() for f in self.findings)
        super().__init__(message)


class ConfigError(ProfileError):
    """The scoring configuration is invalid."""


class InvalidFilesError(ProfileError):
    """Files of a profile set are invalid; the message ends with how to go on anyway."""

    def __init__(
        self, findings: Sequence[Finding], remedy: str = "load with skip_invalid=True"
    ) -> None:
        count = len({f.file for f in findings})
        listed = "\n".join(f.format() for f in findings)
        message = (
            f"{listed}\n{count} invalid file{'s' if count != 1 else ''}: "
            f"fix {'them' if count != 1 else 'it'} or {remedy}"
        )
        super().__init__(findings, message)
        self.count = count

    def with_remedy(self, remedy: str) -> InvalidFilesError:
        """The same error, ending with another way to go on (a command names its flag)."""
        return InvalidFilesError(self.findings, remedy)
