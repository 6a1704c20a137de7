"""JUnit XML output of a check: one test case per file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from partnerfit.check.result import CheckResult, FileReport
from partnerfit.render.common import RenderOptions, terminal_text, xml_text

SUITE = "partnerfit check"


def _testcase(report: FileReport, strict: bool) -> ET.Element:
    case = ET.Element(
        "testcase",
        {"classname": f"partnerfit.check.{report.kind}", "name": terminal_text(report.path)},
    )
    body = xml_text("\n".join(f.format() for f in report.findings))
    if report.failed(strict):
        counts = f"{report.errors} error(s), {report.warnings} warning(s)"
        failure = ET.SubElement(case, "failure", {"message": counts, "type": "partnerfit.check"})
        failure.text = body
    elif body:
        ET.SubElement(case, "system-out").text = body
    return case


def render_check_junit(result: CheckResult, options: RenderOptions) -> str:
    """Render a check result as JUnit XML (a valid report with no failures when all pass)."""
    del options
    failures = sum(r.failed(result.strict) for r in result.files)
    counts = {
        "name": SUITE,
        "tests": str(len(result.files)),
        "failures": str(failures),
        "errors": "0",
    }
    root = ET.Element("testsuites", counts)
    suite = ET.SubElement(root, "testsuite", {**counts, "skipped": "0"})
    for report in result.files:
        suite.append(_testcase(report, result.strict))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
