"""JSON output of a check (schema_version 1, documented in docs/checking-in-ci.md)."""

from __future__ import annotations

from typing import Any

from partnerfit.check.result import CheckResult, FileReport
from partnerfit.io.findings import Finding
from partnerfit.render.common import SCHEMA_VERSION, RenderOptions, dump_json, tool_info


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as plain data; positions are 1-based, ``end`` is null when unknown."""
    end = None
    if finding.end_line is not None:
        end = {"line": finding.end_line, "column": finding.end_column}
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "end": end,
        "severity": finding.severity.value,
        "rule": finding.rule,
        "message": finding.message,
        "hint": finding.hint,
        "field": finding.field,
    }


def _file(report: FileReport, strict: bool) -> dict[str, Any]:
    return {
        "path": report.path,
        "kind": report.kind,
        "errors": report.errors,
        "warnings": report.warnings,
        "passed": not report.failed(strict),
    }


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    """The check result as plain, JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "partnerfit.check",
        "tool": tool_info(),
        "strict": result.strict,
        "passed": not result.failed,
        "config": result.config_source,
        "summary": {
            "files_checked": result.files_checked,
            "files_with_errors": result.files_with_errors,
            "errors": result.errors,
            "warnings": result.warnings,
        },
        "files": [_file(r, result.strict) for r in result.files],
        "findings": [finding_to_dict(f) for f in result.findings],
    }


def render_check_json(result: CheckResult, options: RenderOptions) -> str:
    """Render a check result as JSON."""
    del options
    return dump_json(check_to_dict(result))
