"""The CI files users paste: linted by their own tools, pinned to a tag that exists."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import yaml
from tests.test_readme import anchors
from tests.tools import installed_tool

from partnerfit.check.result import CheckResult
from partnerfit.check.rules import RULES
from partnerfit.render.check.sarif import HELP_URI, INFORMATION_URI, RULES_DOC, render_check_sarif
from partnerfit.render.common import RenderOptions
from partnerfit.scaffold.templates import RELEASE_TAG, precommit_yaml, workflow_yaml

ROOT = Path(__file__).resolve().parent.parent.parent
WORKFLOW = ROOT / "docs" / "partnerfit-workflow.yml"


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run a tool installed beside this interpreter (the test extra installs them)."""
    return subprocess.run(
        [str(installed_tool(name)), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_docs_workflow_is_what_init_writes() -> None:
    assert WORKFLOW.read_text(encoding="utf-8") == workflow_yaml()


def test_the_workflow_passes_zizmor() -> None:
    done = tool("zizmor", "--offline", "--no-progress", str(WORKFLOW))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_matches_the_github_workflow_schema() -> None:
    done = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_checks_with_annotations_and_sarif_and_keeps_a_report() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    check_steps = workflow["jobs"]["check"]["steps"]
    runs = " ".join(step.get("run", "") for step in check_steps)
    assert "partnerfit check profiles --format github" in runs
    assert "--format sarif > partnerfit.sarif" in runs
    uses = [step.get("uses", "") for step in check_steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"
    report = workflow["jobs"]["report"]["steps"]
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in report)
    installs = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "pip install" in step.get("run", "")
    ]
    assert installs
    assert all(f"git+{INFORMATION_URI}@{RELEASE_TAG}" in run for run in installs)


def test_the_pasted_pre_commit_config_is_valid_and_everywhere_the_same(tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(precommit_yaml(), encoding="utf-8")
    done = tool("pre-commit", "validate-config", str(config))
    assert done.returncode == 0, done.stdout + done.stderr
    done = tool("pre-commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
    for page in ("README.md", "docs/checking-in-ci.md"):
        assert f"```yaml\n{precommit_yaml()}```" in (ROOT / page).read_text(encoding="utf-8")


def test_the_rev_is_the_release_tag_of_this_version_with_the_hook() -> None:
    """The pasted rev names this version's release tag; the changelog has that release.

    Tags do not travel with every clone (CI checks out the branch alone), so the tag itself
    is exercised where it is made: the first-hour test tags its copy of this checkout and
    runs the real pre-commit against it.
    """
    rev = yaml.safe_load(precommit_yaml())["repos"][0]["rev"]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert rev == RELEASE_TAG == f"v{version}"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version}] - " in changelog
    assert f"/releases/tag/{rev}" in changelog
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "partnerfit-check"


def test_every_sarif_rule_links_to_its_heading_in_the_docs() -> None:
    sarif = json.loads(render_check_sarif(CheckResult((), strict=False), RenderOptions()))
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == set(RULES)
    page = ROOT / RULES_DOC
    found = anchors(page)
    for rule in rules:
        url, _, anchor = rule["helpUri"].partition("#")
        assert url == HELP_URI
        assert anchor == rule["id"]
        assert anchor in found, f"no heading for rule {anchor} in {RULES_DOC}"
