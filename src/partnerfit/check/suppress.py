"""Suppressions, like ruff's ``noqa``: ``--ignore RULE``, ``ignore:`` in the config, and an
inline ``# partnerfit: ignore[rule]`` comment on the line a finding points at.

Only warnings can be suppressed: an error means the file cannot be used, and hiding it in
``check`` would only move the failure to ``rank``. A comment without a rule list
(``# partnerfit: ignore``) suppresses every warning on its line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from partnerfit.errors import UsageError
from partnerfit.io.findings import Finding, Severity

INLINE = re.compile(r"#\s*partnerfit:\s*ignore(?:\[(?P<rules>[^\]]*)\])?", re.IGNORECASE)


def parse_rules(
    values: Iterable[str], severities: Mapping[str, Severity], source: str = "--ignore"
) -> frozenset[str]:
    """Rule ids from repeated or comma-separated values; unknown ids and errors are refused."""
    rules: set[str] = set()
    warnings = sorted(rule for rule, severity in severities.items() if severity is Severity.WARNING)
    for value in values:
        for rule in (part.strip() for part in value.split(",")):
            if not rule:
                continue
            if rule not in severities:
                close = difflib.get_close_matches(rule, list(severities), n=1, cutoff=0.6)
                hint = f"; did you mean `{close[0]}`?" if close else ""
                raise UsageError(
                    f"{source}: unknown rule `{rule}`{hint}; rules that can be ignored: "
                    + ", ".join(warnings)
                )
            if severities[rule] is not Severity.WARNING:
                raise UsageError(
                    f"{source}: `{rule}` is an error and cannot be ignored; rules that can be "
                    "ignored: " + ", ".join(warnings)
                )
            rules.add(rule)
    return frozenset(rules)


def inline_rules(line: str) -> frozenset[str] | None:
    """The rules an inline comment ignores; empty means every rule; None: no such comment."""
    match = INLINE.search(line)
    if match is None:
        return None
    listed = match["rules"]
    if listed is None:
        return frozenset()
    return frozenset(rule.strip() for rule in listed.split(",") if rule.strip())


def is_suppressed(
    finding: Finding, ignored: frozenset[str], line_of: Callable[[str, int], str | None]
) -> bool:
    """Whether a warning is ignored everywhere or by a comment on its line."""
    if finding.severity is not Severity.WARNING:
        return False
    if finding.rule in ignored:
        return True
    if finding.line is None:
        return False
    text = line_of(finding.file, finding.line)
    if text is None or "partnerfit" not in text:
        return False
    rules = inline_rules(text)
    return rules is not None and (not rules or finding.rule in rules)


def suppress(
    findings: Sequence[Finding], ignored: frozenset[str], line_of: Callable[[str, int], str | None]
) -> tuple[tuple[Finding, ...], int]:
    """The findings left, and how many were suppressed."""
    kept = tuple(f for f in findings if not is_suppressed(f, ignored, line_of))
    return kept, len(findings) - len(kept)


class LineReader:
    """Lines of the files findings point at, each file read once (only files with warnings)."""

    def __init__(self, paths: Mapping[str, str] | None = None, max_bytes: int = 1_000_000) -> None:
        self.paths = dict(paths or {})
        self.max_bytes = max_bytes
        self.cache: dict[str, list[str] | None] = {}

    def __call__(self, display: str, line: int) -> str | None:
        """Line ``line`` (1-based) of the file shown as ``display``, or None."""
        if display not in self.cache:
            self.cache[display] = self._read(self.paths.get(display, display))
        lines = self.cache[display]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]

    def _read(self, path: str) -> list[str] | None:
        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            return None
        if len(data) > self.max_bytes:
            return None
        return data.decode("utf-8", "replace").splitlines()
