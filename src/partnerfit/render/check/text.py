"""Text output of a check: findings grouped by file, compiler style, then the summary."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from partnerfit.check.result import CheckResult
from partnerfit.io.findings import Finding, Severity
from partnerfit.render.common import RenderOptions, render_with_console, terminal_text

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def _line(finding: Finding) -> Text:
    text = Text()
    text.append(finding.location(), style="bold")
    text.append(": ")
    text.append(finding.severity.value, style=_STYLE[finding.severity])
    text.append(" ")
    text.append(finding.rule, style="cyan")
    text.append(f": {terminal_text(finding.message)}")
    if finding.hint:
        text.append("\n  hint: ", style="dim")
        text.append(terminal_text(finding.hint))
    return text


def render_check_text(result: CheckResult, options: RenderOptions) -> str:
    """Render a check result for people: one block per file with problems, then a summary."""

    def draw(console: Console) -> None:
        for report in result.files:
            if not report.findings:
                continue
            for finding in report.findings:
                console.print(_line(finding), soft_wrap=True)
            console.print()
        style = "bold red" if result.failed else "bold green"
        console.print(Text(result.summary(), style=style), soft_wrap=True)

    return render_with_console(options, draw)
