"""SARIF 2.1.0 output of a check, for GitHub code scanning."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from partnerfit.check.result import CheckResult
from partnerfit.check.rules import RULES, Rule
from partnerfit.io.findings import Finding, Severity
from partnerfit.render.common import RenderOptions, dump_json, tool_info

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/partnerfit/partnerfit"
RULES_DOC = "docs/checking-in-ci.md"
"""The page with a heading per rule: each rule's ``helpUri`` is its anchor there."""
HELP_URI = f"{INFORMATION_URI}/blob/main/{RULES_DOC}"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def artifact_uri(path: str) -> str:
    """A stable URI for a file: a relative reference with forward slashes, else a file: URI.

    Percent-encoded (RFC 3986): a space, ``#``, ``?`` or ``%`` in a name stays in the path.
    """
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    encoded = quote(pure.as_posix(), safe="/")
    # a first segment with a colon would read as a URI scheme
    return "./" + encoded if ":" in encoded.split("/", 1)[0] else encoded


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "helpUri": f"{HELP_URI}#{rule.id}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": finding.line or 1}
    if finding.column is not None:
        region["startColumn"] = finding.column
    if finding.end_line is not None and finding.end_column is not None:
        region["endLine"] = finding.end_line
        region["endColumn"] = finding.end_column
    message = finding.message + (f" Hint: {finding.hint}" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.file)},
                    "region": region,
                }
            }
        ],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result


def check_to_sarif(result: CheckResult) -> dict[str, Any]:
    """The check result as a SARIF 2.1.0 log with one run."""
    rules = list(RULES.values())
    extra = sorted({f.rule for f in result.findings} - set(RULES))
    rules += [Rule(rule_id, Severity.ERROR, rule_id) for rule_id in extra]
    index = {rule.id: i for i, rule in enumerate(rules)}
    tool = tool_info()
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool["name"],
                        "version": tool["version"],
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "results": [_result(f, index) for f in result.findings],
                "invocations": [{"executionSuccessful": True}],
            }
        ],
    }


def render_check_sarif(result: CheckResult, options: RenderOptions) -> str:
    """Render a check result as SARIF 2.1.0."""
    del options
    return dump_json(check_to_sarif(result))
