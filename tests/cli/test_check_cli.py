"""``partnerfit check`` and ``partnerfit schema`` through the CLI: output formats, exit codes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.check.rules import RULES
from partnerfit.cli import app
from partnerfit.model.schema import json_schema
from partnerfit.render.check.github import escape_data, escape_property
from partnerfit.render.common import dump_json

CHECK = Path(__file__).parent.parent / "data" / "check"
INVALID = CHECK / "invalid"
runner = CliRunner()

TWO_FILES = [
    str(INVALID / "structural" / "bad-choice.yaml"),
    str(INVALID / "yaml" / "octal.yaml"),
]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root so that paths are shown relative to it."""
    monkeypatch.chdir(Path(__file__).parent.parent.parent)


def test_text_output_is_grouped_by_file_then_summarised() -> None:
    result = runner.invoke(app, ["check", *TWO_FILES])
    assert result.exit_code == 1
    assert result.stdout == (
        "tests/data/check/invalid/structural/bad-choice.yaml:3:7: error schema: kind: Input "
        "should be 'business', 'nonprofit', 'government', 'academic' or 'community' "
        "(got 'charity')\n"
        "tests/data/check/invalid/structural/bad-choice.yaml:5:12: error schema: "
        "communication.cadence: Input should be 'daily', 'weekly', 'biweekly', 'monthly' or "
        "'quarterly' (got 'weekley')\n"
        "  hint: did you mean `weekly`?\n"
        "\n"
        "tests/data/check/invalid/yaml/octal.yaml:3:11: warning yaml-octal: `010` is read as "
        "the octal number 8 (YAML 1.1)\n"
        '  hint: quote it to keep the text ("010"), or drop the leading zero\n'
        "\n"
        "2 files checked: 1 file with errors, 2 errors, 1 warning\n"
    )


def test_clean_set_exits_zero_with_only_the_summary() -> None:
    result = runner.invoke(app, ["check", str(CHECK / "valid")])
    assert result.exit_code == 0
    assert result.stdout == "6 files checked: 0 files with errors, 0 errors, 0 warnings\n"


def test_default_path_is_profiles_and_partnerships_and_bundled_set_passes() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0
    # 31 profiles, the config and 8 partnerships
    assert result.stdout == "40 files checked: 0 files with errors, 0 errors, 0 warnings\n"
    assert "partnerships/" not in result.stdout
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 0


def test_warnings_pass_unless_strict() -> None:
    octal = [str(INVALID / "yaml" / "octal.yaml")]
    assert runner.invoke(app, ["check", *octal]).exit_code == 0
    assert runner.invoke(app, ["check", "--strict", *octal]).exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/dir"], "error: path no/such/dir does not exist\n"),
        (
            ["check", "-f", "xml"],
            "error: unknown format `xml`; choose from text, json, github, sarif, junit\n",
        ),
        (["check", "-c", "missing.yaml"], "error: config file missing.yaml does not exist\n"),
        (
            ["schema", "report"],
            "error: unknown schema `report`; choose from profile, config, partnership\n",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_unknown_option_exits_2() -> None:
    assert runner.invoke(app, ["check", "--bogus"]).exit_code == 2


def test_json_output_has_every_finding_and_a_version() -> None:
    result = runner.invoke(app, ["check", "-f", "json", *TWO_FILES])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert result.stdout == dump_json(data)  # sorted keys, stable
    assert data["schema_version"] == "1"
    assert data["kind"] == "partnerfit.check"
    assert data["passed"] is False
    assert data["summary"] == {
        "files_checked": 2,
        "files_with_errors": 1,
        "errors": 2,
        "warnings": 1,
    }
    assert [f["path"] for f in data["files"]] == [
        "tests/data/check/invalid/structural/bad-choice.yaml",
        "tests/data/check/invalid/yaml/octal.yaml",
    ]
    assert data["findings"][1] == {
        "file": "tests/data/check/invalid/structural/bad-choice.yaml",
        "line": 5,
        "column": 12,
        "end": {"line": 5, "column": 19},
        "severity": "error",
        "rule": "schema",
        "message": "communication.cadence: Input should be 'daily', 'weekly', 'biweekly', "
        "'monthly' or 'quarterly' (got 'weekley')",
        "hint": "did you mean `weekly`?",
        "field": "communication.cadence",
    }


def test_github_annotations_escape_messages_and_properties() -> None:
    result = runner.invoke(app, ["check", "-f", "github", *TWO_FILES])
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "::error file=tests/data/check/invalid/structural/bad-choice.yaml,line=5,col=12,"
        "endLine=5,endColumn=19,title=schema::communication.cadence: Input should be 'daily', "
        "'weekly', 'biweekly', 'monthly' or 'quarterly' (got 'weekley')%0Ahint: did you mean "
        "`weekly`?"
    )
    assert lines[2].startswith("::warning file=tests/data/check/invalid/yaml/octal.yaml,line=3,")
    assert lines[-1] == "partnerfit check: 2 files checked: 1 file with errors, 2 errors, 1 warning"


def test_github_escaping_rules() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_format_is_chosen_on_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = runner.invoke(app, ["check", *TWO_FILES])
    assert result.stdout.startswith("::error file=")
    explicit = runner.invoke(app, ["check", "-f", "text", *TWO_FILES])
    assert explicit.stdout.startswith("tests/data/check/")


def test_sarif_has_the_required_fields_and_stable_rules() -> None:
    result = runner.invoke(app, ["check", "-f", "sarif", *TWO_FILES])
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "partnerfit"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    assert all(r["shortDescription"]["text"] and r["helpUri"] for r in rules)
    assert len(run["results"]) == 3
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["level"] in {"error", "warning", "note"}
        assert item["message"]["text"]
        (location,) = item["locations"]
        physical = location["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert set(physical["region"]) == {"startLine", "startColumn", "endLine", "endColumn"}
    assert run["results"][2]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "tests/data/check/invalid/yaml/octal.yaml"},
        "region": {"startLine": 3, "startColumn": 11, "endLine": 3, "endColumn": 14},
    }


def test_junit_is_one_case_per_file_with_failures_for_errors() -> None:
    result = runner.invoke(app, ["check", "-f", "junit", *TWO_FILES])
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    (suite,) = root
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "tests/data/check/invalid/structural/bad-choice.yaml",
        "tests/data/check/invalid/yaml/octal.yaml",
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message") == "2 error(s), 0 warning(s)"
    assert "5:12: error schema" in (failure.text or "")
    assert cases[1].find("failure") is None
    strict = ET.fromstring(
        runner.invoke(app, ["check", "-f", "junit", "--strict", *TWO_FILES]).stdout
    )
    assert strict[0].get("failures") == "2"


def test_junit_report_without_failures_when_all_pass() -> None:
    result = runner.invoke(app, ["check", "-f", "junit", str(CHECK / "valid")])
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("tests") == "6"
    assert root.get("failures") == "0"
    assert not list(root.iter("failure"))


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema("profile")
    target = tmp_path / "config.schema.json"
    written = runner.invoke(app, ["schema", "config", "--output", str(target)])
    assert written.exit_code == 0
    assert written.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == dump_json(json_schema("config"))


@pytest.mark.parametrize("command", ["check", "schema"])
def test_help_ends_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(rf"Examples?:\s+partnerfit {command}", result.stdout)
