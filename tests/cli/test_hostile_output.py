"""Second hostile round, output: profile text is data in every command and format.

Each case of ``INJECTIONS`` (tests/hostile.py) is put in a profile set as the focal's and a
candidate's name and, for ``check``, as an unknown key that the finding quotes; every command
and format that shows that text is run, and the exact escaped form is asserted, along with the
format's own invariant: no control character reaches a terminal or CI log, a CSV record is one
line, JUnit XML parses, JSON round-trips the text unchanged with every control escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.hostile import INJECTIONS, Injection
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()
SMALL = Path(__file__).parent.parent / "data" / "small"
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
"""Anything but a newline that a terminal or CI log would act on."""


def _rename(path: Path, name_yaml: str) -> None:
    lines = path.read_text().splitlines()
    lines = [f"name: {name_yaml}" if line.startswith("name:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Per case: a copy of the small set with alpha and beta renamed, and a file for check."""
    root = tmp_path_factory.mktemp("injections")
    for case in INJECTIONS:
        directory = root / case.name
        shutil.copytree(SMALL, directory / "set")
        _rename(directory / "set" / "alpha.yaml", case.yaml())
        _rename(directory / "set" / "beta.yaml", case.yaml())
        (directory / "check").mkdir()
        (directory / "check" / "evil.yaml").write_text(f"id: evil\nname: Evil\n{case.yaml()}: 1\n")
    return root


def run(args: list[str]) -> str:
    """Run a command that must succeed (check: find the one error); its stdout."""
    result = runner.invoke(app, args)
    assert result.exit_code == (1 if args[0] == "check" else 0), (args, result.output[-2000:])
    assert "Traceback" not in result.output
    return result.stdout


def terminal_safe(out: str) -> None:
    found = RAW_CONTROL.search(out)
    assert found is None, f"raw control character {found.group()!r} in:\n{out!r}"


def csv_row(out: str, key: str, value: str) -> dict[str, str]:
    records = list(csv.DictReader(io.StringIO(out)))
    assert len(out.splitlines()) == len(records) + 1, "a cell split a record over lines"
    return next(r for r in records if r[key] == value)


Check = Callable[[Path, Injection], None]


def rank_table(d: Path, case: Injection) -> None:
    out = run(["rank", "alpha", "-p", str(d / "set")])
    terminal_safe(out)
    assert out.splitlines()[0].rstrip() == f"Partners for {case.terminal} (alpha)"


def rank_csv(d: Path, case: Injection) -> None:
    out = run(["rank", "alpha", "-p", str(d / "set"), "-f", "csv"])
    assert csv_row(out, "id", "beta")["name"] == case.csv


def rank_markdown(d: Path, case: Injection) -> None:
    out = run(["rank", "alpha", "-p", str(d / "set"), "-f", "markdown"])
    assert out.startswith(f"### Partners for {case.markdown} (`alpha`)\n"), out[:300]
    row = next(line for line in out.splitlines() if "(`beta`)" in line)
    assert f"| {case.markdown} (`beta`) |" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 13  # 12 cells: no pipe of the name ends one


def json_safe(out: str) -> Any:
    """The parsed output, after checking that no control character is raw in the text (JSON
    escapes C0 controls itself; DEL, C1 and bidirectional controls need ``json_text``)."""
    terminal_safe(out)
    return json.loads(out)


def rank_json(d: Path, case: Injection) -> None:
    data = json_safe(run(["rank", "alpha", "-p", str(d / "set"), "-f", "json"]))
    assert data["focal"]["name"] == case.text
    assert next(c for c in data["candidates"] if c["id"] == "beta")["name"] == case.text


def explain_table(d: Path, case: Injection) -> None:
    out = run(["explain", "alpha", "beta", "-p", str(d / "set")])
    terminal_safe(out)
    assert out.splitlines()[0].rstrip() == f"{case.terminal} (beta) for {case.terminal} (alpha)"


def explain_markdown(d: Path, case: Injection) -> None:
    out = run(["explain", "alpha", "beta", "-p", str(d / "set"), "-f", "markdown"])
    first = out.splitlines()[0]
    assert first == f"### {case.markdown} (`beta`) for {case.markdown} (`alpha`)"


def explain_json(d: Path, case: Injection) -> None:
    data = json_safe(run(["explain", "alpha", "beta", "-p", str(d / "set"), "-f", "json"]))
    assert (data["focal"]["name"], data["candidate"]["name"]) == (case.text, case.text)


def compare_csv(d: Path, case: Injection) -> None:
    out = run(["compare", "-p", str(d / "set"), "-F", "alpha", "-f", "csv"])
    assert csv_row(out, "candidate_id", "beta")["candidate_name"] == case.csv


def compare_jsonl(d: Path, case: Injection) -> None:
    out = run(["compare", "-p", str(d / "set"), "-F", "alpha", "-f", "jsonl"])
    records = [json_safe(line) for line in out.splitlines()]
    assert next(r for r in records if r["candidate_id"] == "beta")["candidate_name"] == case.text


def _finding(case: Injection) -> str:
    return f"unknown field `{case.terminal}`"


def check_text(d: Path, case: Injection) -> None:
    out = run(["check", str(d / "check")])
    terminal_safe(out)
    shown = (d / "check" / "evil.yaml").as_posix()
    assert f"{shown}:3:1: error unknown-field: {_finding(case)}\n" in out
    assert sum(": error " in line for line in out.splitlines()) == 1  # nothing forged


def check_github(d: Path, case: Injection) -> None:
    out = run(["check", str(d / "check"), "-f", "github"])
    terminal_safe(out)
    lines = out.splitlines()
    assert len(lines) == 2, lines  # one annotation, one summary
    assert lines[0].startswith("::error file=")
    assert f"::{_finding(case).replace('%', '%25')}%0Ahint: " in lines[0]


def check_junit(d: Path, case: Injection) -> None:
    root = ET.fromstring(run(["check", str(d / "check"), "-f", "junit"]).encode("utf-8"))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.text is not None
    assert _finding(case) in failure.text


def check_sarif(d: Path, case: Injection) -> None:
    data = json_safe(run(["check", str(d / "check"), "-f", "sarif"]))
    (result,) = data["runs"][0]["results"]
    assert result["message"]["text"].startswith(f"unknown field `{case.text}`")


def check_json(d: Path, case: Injection) -> None:
    data = json_safe(run(["check", str(d / "check"), "-f", "json"]))
    (finding,) = data["findings"]
    assert finding["message"] == f"unknown field `{case.text}`"


OUTPUTS: dict[str, Check] = {
    "rank-table": rank_table,
    "rank-csv": rank_csv,
    "rank-markdown": rank_markdown,
    "rank-json": rank_json,
    "explain-table": explain_table,
    "explain-markdown": explain_markdown,
    "explain-json": explain_json,
    "compare-csv": compare_csv,
    "compare-jsonl": compare_jsonl,
    "check-text": check_text,
    "check-github": check_github,
    "check-junit": check_junit,
    "check-sarif": check_sarif,
    "check-json": check_json,
}
"""Every command and format that shows a name or a quoted key."""


@pytest.mark.parametrize("output", sorted(OUTPUTS))
@pytest.mark.parametrize("case", INJECTIONS, ids=lambda c: c.name)
def test_injected_text_is_data(sets: Path, case: Injection, output: str) -> None:
    OUTPUTS[output](sets / case.name, case)


def test_the_second_corpus_of_injections_has_distinct_cases() -> None:
    assert len({c.name for c in INJECTIONS}) == len(INJECTIONS) >= 25
