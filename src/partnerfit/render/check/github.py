"""GitHub Actions workflow commands: one annotation per finding, then a summary line."""

from __future__ import annotations

from partnerfit.check.result import CheckResult
from partnerfit.io.findings import Finding
from partnerfit.render.common import RenderOptions, terminal_text


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (also `:` and `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One ``::error …::message`` (or ``::warning``) line."""
    props: list[tuple[str, object]] = [("file", terminal_text(finding.file))]
    for name, value in (
        ("line", finding.line),
        ("col", finding.column),
        ("endLine", finding.end_line),
        ("endColumn", finding.end_column),
    ):
        if value is not None:
            props.append((name, value))
    props.append(("title", finding.rule))
    # the log shows ANSI colour and links: the file's text must not reach it as escapes
    message = terminal_text(finding.message)
    if finding.hint:
        message += f"\nhint: {terminal_text(finding.hint)}"
    joined = ",".join(f"{name}={escape_property(str(value))}" for name, value in props)
    return f"::{finding.severity.value} {joined}::{escape_data(message)}"


def render_check_github(result: CheckResult, options: RenderOptions) -> str:
    """Render a check result as GitHub Actions annotations plus a plain summary line."""
    del options
    lines = [annotation(f) for f in result.findings]
    # GitHub shows only the first 10 annotations of each kind per step: the summary counts all
    lines.append(f"partnerfit check: {result.summary()}")
    return "\n".join(lines) + "\n"
