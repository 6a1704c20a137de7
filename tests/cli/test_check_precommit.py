"""The pre-commit hook, run for real: ``pre-commit try-repo`` against a throwaway repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from tests.tools import installed_tool

ROOT = Path(__file__).parent.parent.parent


def test_hook_definition_is_a_python_hook_for_yaml_files() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "partnerfit-check"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["entry"] == "partnerfit check"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=test", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    exe = installed_tool("pre-commit")
    consumer = tmp_path / "consumer"
    (consumer / "profiles").mkdir(parents=True)
    (consumer / "profiles" / "good.yaml").write_text("id: good\nname: Good\n", encoding="utf-8")
    (consumer / "profiles" / "bad.yaml").write_text(
        "id: bad\nname: Bad\nregions: [NO]\n", encoding="utf-8"
    )
    _git(consumer, "init", "-q")
    _git(consumer, "add", ".")
    _git(consumer, "commit", "-qm", "profiles")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), NO_COLOR="1")
    done = subprocess.run(
        [str(exe), "try-repo", str(ROOT), "partnerfit-check", "--all-files", "--color", "never"],
        cwd=consumer,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    if "An unexpected error has occurred" in output:
        pytest.fail(
            "pre-commit could not set up the hook (it pip-installs this checkout, so it needs "
            f"the package index):\n{output}"
        )
    assert done.returncode == 1, output
    assert "partnerfit check" in output
    assert "Failed" in output
    assert "profiles/bad.yaml:3:11: error yaml-boolean: regions[0]: `NO` is read as" in output
    assert "1 file with errors" in output
    assert "good.yaml" not in output
